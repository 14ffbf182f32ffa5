import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Организации-партнёры в программе")
struct ProgramPartnersTests {
    /// A school with a «студент – ученик» program, a college of the same municipality, a third
    /// school elsewhere in the region; a curator signed in at each.
    struct World {
        let school: Organization
        let college: Organization
        let third: Organization
        let program: Program
        let schoolCurator: Browser
        let collegeCurator: Browser
        let thirdCurator: Browser
        var programPath: String { "/orgs/\(school.id!)/programs/\(program.id!)" }
        var partnerPath: String { "/orgs/\(college.id!)/partner-programs/\(program.id!)" }
    }

    static func world(_ app: Application) async throws -> World {
        let territory = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 5")
        let college = Organization(municipalityID: territory.municipality.id!, regionID: territory.region.id!,
                                   name: "КГБ ПОУ «Приморский политехнический колледж»", shortName: "ППК", kind: .college)
        try await college.create(on: app.db)
        let third = try await Fixtures.territory(app, organizationName: "МБОУ Гимназия № 2").organization
        try await Fixtures.person(app, login: "shkola.kurator", role: .curator, organization: territory.organization, lastName: "Куратова")
        try await Fixtures.person(app, login: "kolledzh.kurator", role: .curator, organization: college, lastName: "Колледжева")
        try await Fixtures.person(app, login: "gimnaziya.kurator", role: .curator, organization: third, lastName: "Гимназистова")
        let program = try await PairingFixtures.program(app, organization: territory.organization, forms: [.collegeStudentPupil], name: "Студенты — школьникам")
        var browsers: [Browser] = []
        for login in ["shkola.kurator", "kolledzh.kurator", "gimnaziya.kurator"] {
            let browser = Browser(app)
            try await browser.signIn(login)
            browsers.append(browser)
        }
        return World(school: territory.organization, college: college, third: third, program: program,
                     schoolCurator: browsers[0], collegeCurator: browsers[1], thirdCurator: browsers[2])
    }

    static func studentMentor(_ app: Application, college: Organization, lastName: String, firstName: String, userID: UUID? = nil) async throws -> Mentor {
        let mentor = try await PairingFixtures.mentor(app, organization: college, lastName: lastName, firstName: firstName,
                                                      competencies: "низкая успеваемость, математика", forms: [.collegeStudentPupil], userID: userID)
        mentor.origin = .student
        mentor.status = .candidate
        mentor.workplace = "ППК, группа ТМ-21"
        try await mentor.save(on: app.db)
        return mentor
    }

    @Test("Школа называет колледж партнёром, колледж выдвигает трёх студентов, куратор школы отбирает, обучает и подбирает пары; колледж видит пары и встречи своих, но не карточку ребёнка; третья организация не видит ничего")
    func collegeStudentsMentorSchoolPupils() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            // The school's curator finds the college by name (the same municipality first) and names it twice: one row.
            let search = try await w.schoolCurator.get(w.programPath + "/partners?q=" + "колледж".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(search.status == .ok && search.text.contains("Приморский политехнический колледж") && search.text.contains("тот же муниципалитет"))
            #expect(!search.text.contains("МБОУ СОШ № 5</td>"))
            for _ in 0..<2 {
                #expect(try await w.schoolCurator.post(w.programPath + "/partners", form: ["partnerID": w.college.id!.uuidString]).status == .seeOther)
            }
            #expect(try await ProgramPartner.query(on: app.db).count() == 1)
            // The program's own organization is not its partner.
            #expect(try await w.schoolCurator.post(w.programPath + "/partners", form: ["partnerID": w.school.id!.uuidString]).status == .seeOther)
            #expect(try await ProgramPartner.query(on: app.db).count() == 1)
            #expect(try await w.schoolCurator.get(w.programPath).text.contains("Приморский политехнический колледж» (на платформе)"))

            // The college's base: three student mentors of the form, one with an account; one of another form is not offered.
            let account = try await Fixtures.person(app, login: "student.sokolov", role: .mentor, organization: w.college, lastName: "Соколов")
            let sokolov = try await Self.studentMentor(app, college: w.college, lastName: "Соколов", firstName: "Артём", userID: account.id)
            let lebedeva = try await Self.studentMentor(app, college: w.college, lastName: "Лебедева", firstName: "Мария")
            let kim = try await Self.studentMentor(app, college: w.college, lastName: "Ким", firstName: "Денис")
            try await PairingFixtures.mentor(app, organization: w.college, lastName: "Другаяформа", forms: [.studentStudent])

            let list = try await w.collegeCurator.get("/orgs/\(w.college.id!)/partner-programs")
            #expect(list.status == .ok && list.text.contains("Студенты — школьникам") && list.text.contains("МБОУ СОШ № 5"))
            let before = try await w.collegeCurator.get(w.partnerPath)
            #expect(before.text.contains("Соколов Артём") && before.text.contains("Ким Денис") && !before.text.contains("Другаяформа"))
            let ticks = Dictionary(uniqueKeysWithValues: [sokolov, lebedeva, kim].map { ("mentor-\($0.id!)", "1") })
            let nominated = try await w.collegeCurator.post(w.partnerPath + "/nominations", form: ticks)
            #expect(nominated.status == .seeOther)
            #expect(try await PartnerNomination.query(on: app.db).count() == 3)
            #expect(try await w.collegeCurator.get(w.partnerPath).text.contains("Выдвинуты 3 наставника"))
            // Another organization's mentor cannot be put forward by editing the form.
            let schoolMentor = try await PairingFixtures.mentor(app, organization: w.school, lastName: "Школьная", forms: [.collegeStudentPupil])
            #expect(try await w.collegeCurator.post(w.partnerPath + "/nominations", form: ["mentor-\(schoolMentor.id!)": "1"]).status == .notFound)
            // Withdrawn and put forward again while in no pair.
            #expect(try await w.collegeCurator.post(w.partnerPath + "/nominations/\(kim.id!)/withdraw").status == .seeOther)
            #expect(try await PartnerNomination.query(on: app.db).count() == 2)
            #expect(try await w.collegeCurator.post(w.partnerPath + "/nominations", form: ["mentor-\(kim.id!)": "1"]).status == .seeOther)

            // A third organization sees nothing of it, under its own address or the college's.
            #expect(try await w.thirdCurator.get("/orgs/\(w.third.id!)/partner-programs/\(w.program.id!)").status == .notFound)
            #expect(try await w.thirdCurator.get(w.partnerPath).status == .notFound)
            #expect(!(try await w.thirdCurator.get("/orgs/\(w.third.id!)/partner-programs")).text.contains("Студенты — школьникам"))
            #expect(try await w.thirdCurator.post("/orgs/\(w.third.id!)/partner-programs/\(w.program.id!)/nominations", form: ["mentor-\(kim.id!)": "1"]).status == .notFound)
            // Nor may the college choose for the school: the school's program page is not the college's.
            #expect(try await w.collegeCurator.get(w.programPath + "/selection").status == .notFound)

            // The school's curator selects the three as its own candidates; their cards stay the college's.
            let selection = try await w.schoolCurator.get(w.programPath + "/selection")
            #expect(selection.text.contains("Соколов") && selection.text.contains("Лебедева") && selection.text.contains("Ким"))
            #expect(try await w.schoolCurator.post(w.programPath + "/selection", form: ["all": "1"]).status == .seeOther)
            for mentor in [sokolov, lebedeva, kim] {
                #expect(try await w.schoolCurator.get(w.programPath + "/selection/\(mentor.id!)").text.contains("\(mentor === lebedeva ? "выдвинута" : "выдвинут") организацией-партнёром «ППК»"))
                #expect(try await w.schoolCurator.post(w.programPath + "/selection/\(mentor.id!)/decision", form: ["decision": "selected"]).status == .seeOther)
            }
            #expect(try await MentorSelection.query(on: app.db).filter(\.$decision == .selected).count() == 3)
            #expect(try await w.schoolCurator.get("/orgs/\(w.school.id!)/mentors/\(sokolov.id!)").status == .notFound)
            // Training: one primary session makes them trained.
            let training = w.programPath + "/training"
            #expect(try await w.schoolCurator.post(training + "/rule", form: ["primarySessionsRequired": "1"]).status == .seeOther)
            #expect(try await w.schoolCurator.post(training + "/sessions", form: [
                "kind": "primary", "topic": "Роль наставника", "heldOn": "2026-09-10", "format": "seminar", "trainerName": "Куратова Н. П."]).status == .seeOther)
            let session = try #require(try await TrainingSession.query(on: app.db).first())
            #expect(try await w.schoolCurator.post(training + "/attendance", pairs: [sokolov, lebedeva, kim].map { ("attended[]", "\(session.id!):\($0.id!)") }).status == .seeOther)
            #expect(try await Mentor.query(on: app.db).filter(\.$id ~~ [sokolov.id!, lebedeva.id!, kim.id!]).filter(\.$status == .trained).count() == 3)

            // Matching by questionnaires: three pupils, three partner mentors.
            let pupil = try await PairingFixtures.mentee(app, organization: w.school, lastName: "Петров", firstName: "Илья", form: .collegeStudentPupil, className: "8Б")
            try await PairingFixtures.mentee(app, organization: w.school, lastName: "Белова", form: .collegeStudentPupil, className: "8А")
            try await PairingFixtures.mentee(app, organization: w.school, lastName: "Громов", form: .collegeStudentPupil, className: "9А")
            let candidates = try await PairingCandidates.load(program: w.program, on: app.db)
            #expect(Set(candidates.mentors.map(\.id)) == Set([sokolov.id, lebedeva.id, kim.id]))
            let run = try await w.schoolCurator.post(w.programPath + "/pairs/match", form: PairingTests.weights)
            #expect(run.status == .seeOther)
            #expect(try await Pairing.query(on: app.db).filter(\.$status == .draft).count() == 3)
            #expect(try await w.schoolCurator.get(w.programPath + "/pairs/proposal").text.contains("Соколов"))
            // In a draft a nomination stays: the curator's plan is not undone behind their back.
            let refused = try await w.collegeCurator.post(w.partnerPath + "/nominations/\(sokolov.id!)/withdraw")
            #expect(refused.status == .seeOther)
            #expect(try await PartnerNomination.query(on: app.db).count() == 3)
            #expect(try await w.schoolCurator.post(w.programPath + "/pairs/proposal/send").status == .seeOther)

            // The student mentor answers in their own account; the guardian's paper is recorded by the school's curator.
            let mentorBrowser = Browser(app)
            try await mentorBrowser.signIn("student.sokolov")
            let pairing = try #require(try await Pairing.query(on: app.db).filter(\.$mentor.$id == sokolov.id!).with(\.$members).first())
            let member = try #require(pairing.members.first)
            #expect(pairing.organizationID == w.school.id && pairing.$mentor.id == sokolov.id)
            #expect(try await mentorBrowser.get("/me/pairs").text.contains("Студенты — школьникам"))
            #expect(try await mentorBrowser.post("/me/pairs/\(member.id!)/answer", form: ["answer": "accepted"]).status == .seeOther)
            #expect(try await w.schoolCurator.post(w.programPath + "/pairs/members/\(member.id!)/answer", form: ["side": "mentee", "answer": "accepted"]).status == .seeOther)
            #expect(try await Pairing.find(pairing.id, on: app.db)?.status == .formed)

            // The mentor works in the pair's space as any mentor.
            let space = "/pairs/\(pairing.id!)"
            #expect(try await mentorBrowser.get(space).status == .ok)
            let yesterday = CalendarDay.today().adding(days: -1)
            #expect(try await mentorBrowser.post(space + "/meetings", form: [
                "kind": "acquaintance", "status": "held", "on": yesterday.iso, "startsAt": "15:00", "format": "inPerson", "place": "каб. 12",
                "summary": "Познакомились, договорились о правилах"]).status == .seeOther)

            // The college sees its mentor's pair and meetings, with the pupil's initials and class only.
            let menteeName = try #require(try await Mentee.find(member.$mentee.id, on: app.db))
            let partnerView = try await w.collegeCurator.get(w.partnerPath)
            #expect(partnerView.text.contains("Соколов Артём") && partnerView.text.contains("Сформирована") && partnerView.text.contains("Встреча-знакомство"))
            #expect(partnerView.text.contains(ProgramPartners.initials(menteeName)) && partnerView.text.contains(menteeName.className ?? "—"))
            #expect(!partnerView.text.contains(menteeName.fullName) && !partnerView.text.contains(menteeName.lastName))
            #expect(try await w.collegeCurator.get("/orgs/\(w.school.id!)/mentees/\(menteeName.id!)").status == .notFound)
            #expect(try await w.collegeCurator.get(space).status == .notFound)
            #expect(try await w.thirdCurator.get(space).status == .notFound)
            // In a pair a nomination can no longer be withdrawn.
            #expect(try await w.collegeCurator.post(w.partnerPath + "/nominations/\(sokolov.id!)/withdraw").status == .seeOther)
            #expect(try await PartnerNomination.query(on: app.db).filter(\.$mentor.$id == sokolov.id!).count() == 1)
            // Nor can the school stop naming the college while its student works in a pair.
            #expect(try await w.schoolCurator.post(w.programPath + "/partners/remove", form: ["partnerID": w.college.id!.uuidString]).status == .seeOther)
            #expect(try await ProgramPartner.query(on: app.db).count() == 1)
            #expect(try await PartnerNomination.query(on: app.db).count() == 3)
            _ = pupil
        }
    }

    @Test("Показатели: студент колледжа считается вовлечённым в колледже, ребёнок — в школе; наставник предприятия — по типу его организации")
    func indicatorsCountByOrganizations() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let enterprise = Organization(municipalityID: w.school.$municipality.id, regionID: w.school.regionID,
                                          name: "АО «Дальприбор»", shortName: "Дальприбор", kind: .enterprise)
            try await enterprise.create(on: app.db)
            w.program.forms = [.collegeStudentPupil, .employerPupil]
            try await w.program.save(on: app.db)
            let student = try await Self.studentMentor(app, college: w.college, lastName: "Соколов", firstName: "Артём")
            // An engineer whose card says «представитель партнёра»: an enterprise's mentor all the same.
            let engineer = try await PairingFixtures.mentor(app, organization: enterprise, lastName: "Инженеров", forms: [.employerPupil])
            engineer.origin = .partner
            try await engineer.save(on: app.db)
            for (mentor, partner) in [(student, w.college), (engineer, enterprise)] {
                try await ProgramPartner(programID: w.program.id!, organizationID: partner.id!, addedByName: "Куратова").create(on: app.db)
                try await PartnerNomination(programID: w.program.id!, organizationID: partner.id!, mentorID: mentor.id!, nominatedByName: "Колледжева").create(on: app.db)
            }
            for (index, mentor) in [student, engineer].enumerated() {
                let mentee = try await PairingFixtures.mentee(app, organization: w.school, lastName: "Ученик\(index)", form: index == 0 ? .collegeStudentPupil : .employerPupil)
                let pairing = try Pairing(program: w.program, mentorID: mentor.id!, form: mentee.form, scheme: .curatorProposal, status: .formed, createdByName: "")
                pairing.formedAt = Date(timeIntervalSince1970: 1_790_000_000) // October 2026
                try await pairing.create(on: app.db)
                let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: w.program.id!, score: 80, explanation: [], position: 0)
                member.menteeAnswer = .accepted
                member.mentorAnswer = .accepted
                try await member.create(on: app.db)
            }
            let year = AcademicYear(startYear: 2026)
            let school = IndicatorQueries.byOrganization(try await IndicatorQueries.counts(.organization(w.school.id!), year: year, on: app.db))[w.school.id!]
            let college = IndicatorQueries.byOrganization(try await IndicatorQueries.counts(.organization(w.college.id!), year: year, on: app.db))[w.college.id!]
            #expect(school?.involvedMentees == 2)
            #expect(school?.involvedStudentMentors == 0)
            #expect(school?.enterpriseMentors == 1)
            #expect(college?.involvedStudentMentors == 1)
            // The region adds both up once.
            let region = IndicatorQueries.byOrganization(try await IndicatorQueries.counts(.region(w.school.regionID), year: year, on: app.db))
                .values.reduce(IndicatorCounts(), +)
            #expect(region.involvedStudents == 3 && region.enterpriseMentors == 1)
        }
    }
    @Test("Выдвижение в четырёх вкладках разом записывает каждого наставника один раз, а отзыв кандидатуры и предложение пары в одну секунду не проходят оба")
    func parallelNominationsAndWithdrawals() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            try await ProgramPartner(programID: w.program.id!, organizationID: w.college.id!, addedByName: "Куратова").create(on: app.db)
            var mentors: [Mentor] = []
            for (last, first) in [("Соколов", "Артём"), ("Лебедева", "Мария"), ("Ким", "Денис")] {
                mentors.append(try await Self.studentMentor(app, college: w.college, lastName: last, firstName: first))
            }
            var mentees: [Mentee] = []
            for last in ["Петров", "Белова", "Громов"] {
                mentees.append(try await PairingFixtures.mentee(app, organization: w.school, lastName: last, form: .collegeStudentPupil, className: "8Б"))
            }
            let ticks = Dictionary(uniqueKeysWithValues: mentors.map { ("mentor-\($0.id!)", "1") })
            try await withLiveServer(app) { server in
                let college = w.collegeCurator.tab(live: server)
                _ = try await college.get(w.partnerPath)
                let tabs = (0..<4).map { _ in college.tab() }
                let answers = try await inParallel(4) { i in try await tabs[i].post(w.partnerPath + "/nominations", form: ticks) }
                #expect(answers.allSatisfy { $0.status == .seeOther }, "\(answers.map(\.status))")
                #expect(try await PartnerNomination.query(on: app.db).count() == 3)

                // Each mentor: the school proposes a pair while the college withdraws the nomination.
                let school = w.schoolCurator.tab(live: server)
                _ = try await school.get(w.programPath + "/pairs/propose")
                let day = CalendarDay.today().adding(days: -1).iso
                for (mentor, mentee) in zip(mentors, mentees) {
                    let proposer = school.tab(), withdrawer = college.tab()
                    _ = try await inParallel(2) { i in
                        i == 0 ? try await proposer.post(w.programPath + "/pairs/propose", form: [
                                     "menteeID": mentee.id!.uuidString, "mentorID": mentor.id!.uuidString, "scheme": "curatorProposal", "meetingOn": day])
                               : try await withdrawer.post(w.partnerPath + "/nominations/\(mentor.id!)/withdraw")
                    }
                }
            }
            for mentor in mentors {
                let pairs = try await Pairing.query(on: app.db).filter(\.$mentor.$id == mentor.id!).count()
                let nominated = try await PartnerNomination.query(on: app.db).filter(\.$mentor.$id == mentor.id!).count()
                #expect(pairs <= 1)
                // Never a pair with a mentor whom the partner no longer puts forward, never both refused.
                #expect(pairs == nominated, "\(mentor.lastName): пар \(pairs), выдвижений \(nominated)")
            }
        }
    }
    @Test("Студента, выдвинутого только в другую программу школы, нельзя поставить наставником в черновик этой программы")
    func reassignOnlyToThisProgramsPartnerMentors() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let other = try await PairingFixtures.program(app, organization: w.school, forms: [.collegeStudentPupil], name: "Другая программа")
            for program in [w.program, other] {
                try await ProgramPartner(programID: program.id!, organizationID: w.college.id!, addedByName: "Куратова").create(on: app.db)
            }
            let student = try await Self.studentMentor(app, college: w.college, lastName: "Соколов", firstName: "Артём")
            try await PartnerNomination(programID: other.id!, organizationID: w.college.id!, mentorID: student.id!, nominatedByName: "Колледжева").create(on: app.db)
            let own = try await PairingFixtures.mentor(app, organization: w.school, lastName: "Смирнова", forms: [.collegeStudentPupil], selectedIn: w.program)
            let mentee = try await PairingFixtures.mentee(app, organization: w.school, lastName: "Петров", form: .collegeStudentPupil, className: "8Б")
            try await app.db.transaction { db in
                try await PairingProposals.addToDraft(mentee: mentee, mentor: own, program: w.program, actorName: "Куратова", on: db)
            }
            let member = try #require(try await PairingMember.query(on: app.db).first())
            let refused = try await w.schoolCurator.post(w.programPath + "/pairs/proposal/members/\(member.id!)/reassign", form: ["mentorID": student.id!.uuidString])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("не выдвинут в неё партнёром"), "\(refused.status)")
            let pairing = try #require(try await Pairing.query(on: app.db).filter(\.$program.$id == w.program.id!).first())
            #expect(pairing.$mentor.id == own.id)
        }
    }

    @Test("Школа перестаёт называть колледж партнёром в ту же секунду, когда колледж выдвигает студентов: выдвижение не переживает партнёрство")
    func removalAndNominationAtOnce() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            try await ProgramPartner(programID: w.program.id!, organizationID: w.college.id!, addedByName: "Куратова").create(on: app.db)
            var ticks: [String: String] = [:]
            for (last, first) in [("Соколов", "Артём"), ("Лебедева", "Мария")] {
                ticks["mentor-\(try await Self.studentMentor(app, college: w.college, lastName: last, firstName: first).id!)"] = "1"
            }
            let form = ticks
            try await withLiveServer(app) { server in
                let college = w.collegeCurator.tab(live: server), school = w.schoolCurator.tab(live: server)
                _ = try await college.get(w.partnerPath)
                _ = try await school.get(w.programPath + "/partners")
                let answers = try await inParallel(2) { i in
                    i == 0 ? try await college.post(w.partnerPath + "/nominations", form: form)
                           : try await school.post(w.programPath + "/partners/remove", form: ["partnerID": w.college.id!.uuidString])
                }
                #expect(answers.allSatisfy { $0.status == .seeOther || $0.status == .notFound }, "\(answers.map(\.status))")
            }
            #expect(try await ProgramPartner.query(on: app.db).count() == 0)
            #expect(try await PartnerNomination.query(on: app.db).count() == 0, "выдвижение без партнёрства")
        }
    }

    @Test("Школа перестаёт называть колледж партнёром, пока его студенты не в парах: их выдвижение и отбор в программе уходят, карточки остаются у колледжа")
    func removingPartnerBeforePairs() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            #expect(try await w.schoolCurator.post(w.programPath + "/partners", form: ["partnerID": w.college.id!.uuidString]).status == .seeOther)
            let student = try await Self.studentMentor(app, college: w.college, lastName: "Соколов", firstName: "Артём")
            #expect(try await w.collegeCurator.post(w.partnerPath + "/nominations", form: ["mentor-\(student.id!)": "1"]).status == .seeOther)
            #expect(try await w.schoolCurator.post(w.programPath + "/selection", form: ["mentorID": student.id!.uuidString]).status == .seeOther)
            #expect(try await MentorSelection.query(on: app.db).count() == 1)
            let removed = try await w.schoolCurator.post(w.programPath + "/partners/remove", form: ["partnerID": w.college.id!.uuidString])
            #expect(removed.status == .seeOther)
            #expect(try await ProgramPartner.query(on: app.db).count() == 0)
            #expect(try await PartnerNomination.query(on: app.db).count() == 0)
            #expect(try await MentorSelection.query(on: app.db).count() == 0)
            #expect(try await SelectionService.candidates(of: w.program, on: app.db).isEmpty)
            #expect(try await Mentor.find(student.id, on: app.db) != nil)
            // The college no longer sees the program.
            #expect(try await w.collegeCurator.get(w.partnerPath).status == .notFound)
        }
    }
}
