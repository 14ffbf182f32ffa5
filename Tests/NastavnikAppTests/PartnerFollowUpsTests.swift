import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 18, item 1 follow-ups: a partner's mentor is the partner's by the organization, not by
/// the category; the selection finds an application filled in the partner's organization; the
/// program's curators hear of mentors put forward until they decide on them.
@Suite("Партнёры программы: адресаты опросов, анкета наставника в отборе, уведомление куратора")
struct PartnerFollowUpsTests {
    typealias World = ProgramPartnersTests.World

    static func partnered(_ app: Application) async throws -> World {
        let w = try await ProgramPartnersTests.world(app)
        #expect(try await w.schoolCurator.post(w.programPath + "/partners", form: ["partnerID": w.college.id!.uuidString]).status == .seeOther)
        return w
    }

    /// The partnered world and a college student with an account, put forward to the program by the college.
    static func nominatedStudent(_ app: Application) async throws -> (World, User, Mentor) {
        let w = try await partnered(app)
        let account = try await Fixtures.person(app, login: "student.sokolov", role: .mentor, organization: w.college, lastName: "Соколов")
        let student = try await ProgramPartnersTests.studentMentor(app, college: w.college, lastName: "Соколов", firstName: "Артём", userID: account.id)
        #expect(try await w.collegeCurator.post(w.partnerPath + "/nominations", form: ["mentor-\(student.id!)": "1"]).status == .seeOther)
        return (w, account, student)
    }

    @Test("«Партнёрам» — это наставники организаций-партнёров программы (студент колледжа-партнёра тоже) и внесённые школой представители предприятий; свой ученик-наставник — нет; анкета доходит до студента колледжа")
    func partnerAudienceByOrganization() async throws {
        try await withTestApp { app in
            let (w, account, student) = try await Self.nominatedStudent(app)
            try await MentorSelection(programID: w.program.id!, mentorID: student.id!, decision: .selected).create(on: app.db)
            let engineer = try await PairingFixtures.mentor(app, organization: w.school, lastName: "Инженерова", forms: [.collegeStudentPupil],
                                                            selectedIn: w.program)
            engineer.origin = .employer
            engineer.contour = .external
            try await engineer.save(on: app.db)
            let pupil = try await PairingFixtures.mentor(app, organization: w.school, lastName: "Ученикова", forms: [.collegeStudentPupil],
                                                         selectedIn: w.program)
            pupil.origin = .student
            try await pupil.save(on: app.db)

            let people = try await ProgramPeople.load(w.program, on: app.db)
            let byID = Dictionary(uniqueKeysWithValues: people.mentors.map { ($0.id, $0) })
            #expect(byID[student.id!]?.isPartner == true, "студент колледжа-партнёра — партнёрский, хотя он «обучающийся»")
            #expect(byID[engineer.id!]?.isPartner == true, "представитель предприятия, внесённый в базу школы, — тоже от партнёра")
            #expect(byID[pupil.id!]?.isPartner == false, "свой ученик-наставник — не партнёр")
            let more = try await ProgramPeople(people: [], partnerOrganizationIDs: people.partnerOrganizationIDs)
                .adding(["mentor-\(student.id!)", "mentor-\(pupil.id!)"], on: app.db)
            #expect(more.mentors.filter(\.isPartner).map(\.id) == [student.id!])

            // The survey reaches the partner college's student, whose role is in the college, not in the school.
            let sent = try await w.schoolCurator.post(w.programPath + "/surveys", form: ["source": "template:satisfaction-mentor", "audience": "partners"])
            #expect(sent.status == .seeOther)
            let assignments = try await QuestionnaireAssignment.query(on: app.db).filter(\.$user.$id == account.id!).all()
            #expect(assignments.count == 1 && assignments.first?.audience == "partners")
        }
    }

    @Test("Анкета наставника, заполненная в колледже-партнёре, видна куратору школы в отборе")
    func applicationInPartnerOrganization() async throws {
        try await withTestApp { app in
            let (w, account, student) = try await Self.nominatedStudent(app)
            let template = QuestionnaireTemplate.mentorApplication
            let questionnaire = Questionnaire(organizationID: w.college.id!, title: template.title, purpose: "отбор",
                                              templateKey: template.key, audience: .mentor, isAnonymous: false, createdByID: account.id!)
            try await questionnaire.save(on: app.db)
            let version = try QuestionnaireVersion(questionnaireID: questionnaire.id!, number: 1, definition: template.definition)
            try await version.save(on: app.db)
            let readiness = try #require(template.definition.questions.first { $0.key == .mentorReadiness })
            let motivation = try #require(template.definition.questions.first { $0.key == .mentorMotivation })
            let answer = try Answer(organizationID: w.college.id!, questionnaireID: questionnaire.id!, versionID: version.id!,
                                    sheet: AnswerSheet(values: [readiness.id: .scale(5), motivation.id: .text("Хочу помогать школьникам")]))
            answer.$respondent.id = account.id
            answer.submittedAt = Date()
            try await answer.save(on: app.db)
            _ = try await SelectionService.add([student.id!], to: w.program, on: app.db)

            let board = try await SelectionBoard.load(program: w.program, on: app.db)
            let row = try #require(board.inSelection.first { $0.mentorID == student.id })
            #expect(row.application?.questionnaireID == questionnaire.id)
            #expect(row.application?.selfAssessedReadiness == 5)
            let card = try await w.schoolCurator.get(w.programPath + "/selection/\(student.id!)")
            #expect(card.text.contains("готовность по самооценке: 5 из 5"))
            // The answers stay with the partner: no link the school's curator would open into a 404.
            #expect(!card.text.contains("/questionnaires/\(questionnaire.id!)/results") && card.text.contains("в организации-партнёре"))
            // Asked from any organization, the mentor's own one counts: where the partner sent the questionnaire.
            let other = try await SelectionBoard.applications(of: [student], organizationID: w.third.id!, on: app.db)
            #expect(other[account.id!]?.questionnaireID == questionnaire.id, "своя организация наставника учитывается всегда")
        }
    }

    @Test("Куратор программы получает уведомление, когда партнёр выдвигает наставников, и видит строку на главной, пока не решит по ним")
    func curatorsHearOfNominations() async throws {
        try await withTestApp { app in
            let w = try await Self.partnered(app)
            var mentors: [Mentor] = []
            for (last, first) in [("Соколов", "Артём"), ("Лебедева", "Мария"), ("Ким", "Денис")] {
                mentors.append(try await ProgramPartnersTests.studentMentor(app, college: w.college, lastName: last, firstName: first))
            }
            let home = try await w.schoolCurator.get("/")
            #expect(!home.text.contains("предложены партнёром"))
            let ticks = Dictionary(uniqueKeysWithValues: mentors.map { ("mentor-\($0.id!)", "1") })
            #expect(try await w.collegeCurator.post(w.partnerPath + "/nominations", form: ticks).status == .seeOther)

            let schoolCurator = try #require(try await User.query(on: app.db).filter(\.$login == "shkola.kurator").first())
            let notes = try await AppNotification.query(on: app.db).filter(\.$kind == .partnerNominated).all()
            #expect(notes.count == 1, "только куратору школы, не колледжу и не гимназии")
            let note = try #require(notes.first)
            #expect(note.userID == schoolCurator.id)
            #expect(note.title.contains("Студенты — школьникам"))
            #expect(note.body.contains("«ППК» предложила") && note.body.contains("3 кандидатуры наставников"), "\(note.body)")
            #expect(!note.body.contains("Соколов"), "в уведомлении нет имён")
            #expect(note.link == w.programPath + "/selection")

            let withTask = try await w.schoolCurator.get("/")
            #expect(withTask.text.contains("<strong class=\"task-count\">3</strong> наставника предложены партнёром и ждут решения об отборе"))
            #expect(withTask.text.contains(w.programPath + "/selection"))

            // One more later: a second notification, with the singular.
            let fourth = try await ProgramPartnersTests.studentMentor(app, college: w.college, lastName: "Орлова", firstName: "Вера")
            #expect(try await w.collegeCurator.post(w.partnerPath + "/nominations", form: ["mentor-\(fourth.id!)": "1"]).status == .seeOther)
            #expect(try await AppNotification.query(on: app.db).filter(\.$kind == .partnerNominated).all().contains { $0.body.contains("1 кандидатуру наставника") })
            // Putting the same mentor forward again writes nothing.
            #expect(try await w.collegeCurator.post(w.partnerPath + "/nominations", form: ["mentor-\(fourth.id!)": "1"]).status == .seeOther)
            #expect(try await AppNotification.query(on: app.db).filter(\.$kind == .partnerNominated).count() == 2)

            // Added to the selection, still undecided: the line stays; decided — it goes.
            #expect(try await w.schoolCurator.post(w.programPath + "/selection", form: ["all": "1"]).status == .seeOther)
            #expect(try await w.schoolCurator.get("/").text.contains("<strong class=\"task-count\">4</strong> наставника предложены партнёром"))
            for (index, mentor) in (mentors + [fourth]).enumerated() {
                let decision = index == 0 ? "notNow" : "selected"
                var form = ["decision": decision]
                if decision == "notNow" { form["reason"] = "Не прошёл собеседование" }
                #expect(try await w.schoolCurator.post(w.programPath + "/selection/\(mentor.id!)/decision", form: form).status == .seeOther)
            }
            #expect(!(try await w.schoolCurator.get("/")).text.contains("предложен партнёром"))
            #expect(!(try await w.schoolCurator.get("/")).text.contains("предложены партнёром"))
        }
    }
}
