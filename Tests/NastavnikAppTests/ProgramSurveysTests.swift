import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 17, item 1: surveys belong to programs, and their answers reach the program's monitoring
/// and the indicators without anything copied by hand.
@Suite("Анкеты программы: от отправки до мониторинга и показателей")
struct ProgramSurveysTests {
    /// A college running «работодатель – студент» this academic year: five students and two
    /// enterprise mentors with accounts, in two formed pairs, and one student without an account.
    struct College {
        let territory: Fixtures.Territory
        let program: Program
        let students: [User]
        let mentors: [User]
        let year: AcademicYear
        var organization: Organization { territory.organization }
        var all: [User] { mentors + students }
    }

    static func college(_ app: Application) async throws -> College {
        let territory = try await Fixtures.territory(app, organizationName: "ГБПОУ «Политехнический колледж»")
        let college = territory.organization
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: college, lastName: "Куратова")
        let year = AcademicYear.current()
        let program = Program(organizationID: college.id!, name: "Путь в профессию", forms: [.employerStudent], goals: "", expectedResults: "",
                              startsOn: year.firstDay, endsOn: year.adding(1).lastDay, stage: .pairWork)
        try await program.create(on: app.db)
        var students: [User] = [], mentees: [Mentee] = []
        for (index, name) in ["Алексеев", "Борисов", "Васильев", "Григорьев", "Дмитриев"].enumerated() {
            let user = try await Fixtures.person(app, login: "student\(index + 1)", role: .mentee, organization: college, lastName: name)
            students.append(user)
            mentees.append(try await PairingFixtures.mentee(app, organization: college, lastName: name, form: .employerStudent, age: 17,
                                                            className: "ТМ-21", userID: user.id))
        }
        try await PairingFixtures.mentee(app, organization: college, lastName: "Безучётный", form: .employerStudent, age: 17, className: "ТМ-21")
        var mentors: [User] = []
        for (index, (name, group)) in [("Инженеров", Array(mentees[0..<3])), ("Технологов", Array(mentees[3..<5]))].enumerated() {
            let user = try await Fixtures.person(app, login: "engineer\(index + 1)", role: .mentor, organization: college, lastName: name)
            mentors.append(user)
            let mentor = try await PairingFixtures.mentor(app, organization: college, lastName: name, forms: [.employerStudent], capacity: 3, userID: user.id)
            mentor.origin = .employer
            try await mentor.save(on: app.db)
            try await pairing(app, program, mentorID: mentor.id!, mentees: group, status: .formed)
        }
        return College(territory: territory, program: program, students: students, mentors: mentors, year: year)
    }

    @discardableResult
    static func pairing(_ app: Application, _ program: Program, mentorID: UUID, mentees: [Mentee], status: PairingStatus,
                        form: MentoringForm = .employerStudent, scheme: PairingScheme = .questionnaires, formedAt: Date? = nil) async throws -> Pairing {
        let pairing = try Pairing(program: program, mentorID: mentorID, form: form, scheme: scheme, status: status, createdByName: "")
        pairing.formedAt = formedAt
        try await pairing.create(on: app.db)
        for (index, mentee) in mentees.enumerated() {
            let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: program.id!, score: 70, explanation: [], position: index)
            member.menteeAnswer = .accepted
            member.mentorAnswer = .accepted
            try await member.create(on: app.db)
        }
        return pairing
    }

    /// The person answers their open assignment of the questionnaire on «Мои анкеты».
    static func answer(_ app: Application, _ user: User, questionnaireID: UUID, _ fields: [String: String]) async throws -> TestingHTTPResponse {
        let browser = Browser(app)
        try await browser.signIn(user.login)
        let assignment = try #require(try await QuestionnaireAssignment.query(on: app.db).filter(\.$user.$id == user.id!)
            .filter(\.$questionnaire.$id == questionnaireID).first())
        #expect(try await browser.get("/my/questionnaires").text.contains("Мониторинг процесса реализации"))
        return try await browser.post("/my/questionnaires/\(assignment.id!)", form: fields)
    }

    static func quality(role: String, quality: Int, satisfaction: Int, strength: String, weakness: String) -> [String: String] {
        ["q-q1": role, "q-q2": String(quality), "q-q3": String(satisfaction), "q-q4": "Раз в неделю", "q-q5": "yes",
         "q-q6": strength, "q-q7": weakness]
    }

    @Test("Семь ответов на анкету качества доходят до мониторинга программы: SWOT с источниками, удовлетворённость по ролям и на всех уровнях показателей")
    func sevenAnswersReachMonitoring() async throws {
        try await withTestApp { app in
            let c = try await Self.college(app)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let base = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)"
            let sending = try await curator.get(base + "/surveys")
            #expect(sending.status == .ok && sending.text.contains("Мониторинг процесса реализации программы наставничества (SWOT)"))
            #expect(try await curator.post(base + "/surveys", form: ["source": "template:program-quality", "audience": "both", "dueDate": "20.12.2026"])
                .status == .seeOther)
            let questionnaire = try #require(try await Questionnaire.query(on: app.db).filter(\.$programID == c.program.id!).first())
            #expect(questionnaire.isAnonymous && questionnaire.templateKey == "program-quality")
            #expect(try await QuestionnaireAssignment.query(on: app.db).filter(\.$questionnaire.$id == questionnaire.id!).count() == 7)
            let programPage = try await curator.get(base).text
            #expect(programPage.contains("ответили 0 из 7"), "\(programPage.split(separator: "\n").filter { $0.contains("Анкеты") })")

            for mentor in c.mentors {
                let sent = try await Self.answer(app, mentor, questionnaireID: questionnaire.id!,
                                                 Self.quality(role: "Наставник", quality: 9, satisfaction: 9,
                                                              strength: "Студенты решают реальные задачи цеха", weakness: "Мало времени у наставников"))
                #expect(sent.status == .seeOther)
            }
            for student in c.students.dropLast() {
                let sent = try await Self.answer(app, student, questionnaireID: questionnaire.id!,
                                                 Self.quality(role: "Наставляемый", quality: 8, satisfaction: 7,
                                                              strength: "Практика на предприятии с КОМПАС-3D", weakness: "Мало времени у наставников"))
                #expect(sent.status == .seeOther)
            }
            // The survey is anonymous: the curator sees how many have not answered yet, not who (the one left would be known).
            let waiting = try await curator.get(base + "/surveys")
            #expect(!waiting.text.contains("Дмитриев Мария") && !waiting.text.contains("Алексеев Мария"))
            #expect(waiting.text.contains("1 человек") && waiting.text.contains("имена не показываются"))
            _ = try await Self.answer(app, c.students[4], questionnaireID: questionnaire.id!,
                                      Self.quality(role: "Наставляемый", quality: 8, satisfaction: 7,
                                                   strength: "Практика на предприятии с КОМПАС-3D", weakness: "Мало времени у наставников"))
            #expect(try await curator.get(base + "/surveys").text.contains("все ответили"))

            let monitoring = try await curator.get(base + "/monitoring")
            #expect(monitoring.text.contains("ответов: 7"))
            #expect(monitoring.text.contains("Студенты решают реальные задачи цеха") && monitoring.text.contains("Анкета: наставляемый"))
            // Only two mentors answered: their role's satisfaction in an anonymous survey would be as good as signed.
            #expect(!monitoring.text.contains("Удовлетворённость — Наставник"))
            #expect(monitoring.text.contains("Удовлетворённость — Наставляемый: <strong>7,0</strong>"))
            // The curator accepts the proposed items at once: each distinct text once, with its source.
            #expect(try await curator.post(base + "/monitoring/swot/accept").status == .seeOther)
            let items = try await SwotItem.query(on: app.db).filter(\.$program.$id == c.program.id!).all()
            #expect(items.count == 3)
            #expect(items.contains { $0.quadrant == .strength && $0.text == "Практика на предприятии с КОМПАС-3D" && $0.source.hasPrefix("Анкета: наставляемый") })
            #expect(items.contains { $0.quadrant == .weakness && $0.text == "Мало времени у наставников" })
            #expect(try await curator.post(base + "/monitoring/swot/accept").status == .seeOther)
            #expect(try await SwotItem.query(on: app.db).filter(\.$program.$id == c.program.id!).count() == 3)

            // Satisfaction is no longer «—» at the organization, the municipality and the region.
            for scope in [IndicatorScope.organization(c.organization.id!), .municipality(c.territory.municipality.id!), .region(c.territory.region.id!)] {
                let total = IndicatorQueries.total(try await IndicatorQueries.counts(scope, year: c.year, on: app.db))
                let row = IndicatorRow(id: nil, name: "", counts: total)
                // Two mentors' answers are stored but not shown: below three, the average is nearly theirs.
                #expect(row.menteeSatisfaction == "7,0 (5)" && row.mentorSatisfaction == "—" && total.mentorSatisfactionCount == 2, "\(scope)")
                #expect(total.pairs == 2 && total.involvedMentees == 5)
            }
            let director = Browser(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: c.organization)
            try await director.signIn("direktor")
            #expect(try await director.get("/orgs/\(c.organization.id!)/indicators?year=\(c.year.title)").text.contains("7,0 (5)"))
        }
    }

    @Test("Анкету организации относят к программе потом: её ответы переходят в мониторинг и показатели")
    func attachAfterwards() async throws {
        try await withTestApp { app in
            let c = try await Self.college(app)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let organizationID = c.organization.id!
            #expect(try await curator.post("/orgs/\(organizationID)/questionnaires", form: ["template": "satisfaction-mentee"]).status == .seeOther)
            let questionnaire = try #require(try await Questionnaire.query(on: app.db).filter(\.$templateKey == "satisfaction-mentee").first())
            #expect(questionnaire.programID == nil)
            let page = "/orgs/\(organizationID)/questionnaires/\(questionnaire.id!)"
            #expect(try await curator.post(page + "/publish").status == .seeOther)
            #expect(try await curator.post(page + "/assignments", form: ["role": "mentee"]).status == .seeOther)
            for student in c.students.prefix(3) {
                let browser = Browser(app)
                try await browser.signIn(student.login)
                let assignment = try #require(try await QuestionnaireAssignment.query(on: app.db).filter(\.$user.$id == student.id!).first())
                let sent = try await browser.post("/my/questionnaires/\(assignment.id!)", form: [
                    "q-q1": "По итогам программы", "q-q2": "6", "q-q3": "7", "q-q4": "8", "q-q5-0": "on"])
                #expect(sent.status == .seeOther)
            }
            let monitoring = "/orgs/\(organizationID)/programs/\(c.program.id!)/monitoring"
            #expect(try await curator.get(monitoring).text.contains("Ответов на анкеты программы пока нет"))
            #expect(IndicatorQueries.total(try await IndicatorQueries.counts(.organization(organizationID), year: c.year, on: app.db)).menteeSatisfactionCount == 0)

            let shown = try await curator.get(page)
            #expect(shown.text.contains("не относится ни к одной программе") && shown.text.contains("Путь в профессию"))
            #expect(try await curator.post(page + "/program", form: ["programID": c.program.id!.uuidString]).status == .seeOther)
            #expect(try await curator.get(page).text.contains("относится к программе «Путь в профессию»"))
            #expect(try await curator.get(monitoring).text.contains("Удовлетворённость — Наставляемый: <strong>6,0</strong>"))
            let total = IndicatorQueries.total(try await IndicatorQueries.counts(.region(c.territory.region.id!), year: c.year, on: app.db))
            #expect(total.menteeSatisfactionCount == 3 && total.menteeSatisfactionSum == 18)
            // A program of another organization cannot be chosen.
            let other = try await Fixtures.territory(app, organizationName: "Другой колледж")
            let foreign = try await PairingFixtures.program(app, organization: other.organization)
            #expect(try await curator.post(page + "/program", form: ["programID": foreign.id!.uuidString]).status == .badRequest)
            #expect(try await Questionnaire.find(questionnaire.id!, on: app.db)?.programID == c.program.id!)
        }
    }

    @Test("Анкету отправляют одной паре, кураторам и партнёрам; без учётной записи — названы по имени, пустой выбор — понятная ошибка")
    func audiences() async throws {
        try await withTestApp { app in
            let c = try await Self.college(app)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let base = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)/surveys"
            let pairing = try #require(try await Pairing.query(on: app.db).filter(\.$program.$id == c.program.id!).sort(\.$createdAt).first())
            let missing = try await curator.post(base, form: ["source": "template:final-meeting", "audience": "pair"])
            #expect(missing.status == .unprocessableEntity && missing.text.contains("Выберите пару этой программы"))
            let pair = try await curator.post(base, form: ["source": "template:final-meeting", "audience": "pair", "pairingID": pairing.id!.uuidString])
            #expect(pair.status == .seeOther)
            let final = try #require(try await Questionnaire.query(on: app.db).filter(\.$templateKey == "final-meeting").first())
            let sent = try await QuestionnaireAssignment.query(on: app.db).filter(\.$questionnaire.$id == final.id!).all()
            #expect(Set(sent.map(\.$user.id)) == Set([c.mentors[0].id!] + c.students.prefix(3).map { $0.id! }))

            // Partners: the enterprise mentors, counted as partners in satisfaction.
            #expect(try await curator.post(base, form: ["source": "template:satisfaction-mentor", "audience": "partners"]).status == .seeOther)
            let satisfaction = try #require(try await Questionnaire.query(on: app.db).filter(\.$templateKey == "satisfaction-mentor").first())
            let partners = try await QuestionnaireAssignment.query(on: app.db).filter(\.$questionnaire.$id == satisfaction.id!).all()
            #expect(partners.count == 2 && partners.allSatisfy { $0.audience == "partners" })
            let browser = Browser(app)
            try await browser.signIn("engineer1")
            #expect(try await browser.post("/my/questionnaires/\(partners.first { $0.$user.id == c.mentors[0].id! }!.id!)",
                                           form: ["q-q1": "По итогам программы", "q-q2": "9", "q-q3": "8", "q-q4": "8"]).status == .seeOther)
            let total = IndicatorQueries.total(try await IndicatorQueries.counts(.organization(c.organization.id!), year: c.year, on: app.db))
            #expect(total.partnerSatisfactionCount == 1 && total.partnerSatisfactionSum == 9 && total.mentorSatisfactionCount == 0)

            // Mentees: five with accounts get it; the one without is named.
            let mentees = try await curator.post(base, form: ["source": "template:satisfaction-mentee", "audience": "mentees"])
            #expect(mentees.status == .seeOther)
            let flash = try await curator.get(base)
            #expect(flash.text.contains("Без учётной записи 1 чел. (Безучётный Иван"))
            // The anonymous survey is never sent to those who read its results.
            let curators = try await curator.post(base, form: ["source": "template:program-quality", "audience": "curators"])
            #expect(curators.status == .unprocessableEntity && curators.text.contains("Анонимный опрос не отправляют тем, кто читает его результаты"))
            // Someone else's program answers 404; a mentor may not send.
            let mentor = Browser(app)
            try await mentor.signIn("engineer2")
            #expect(try await mentor.get(base).status == .forbidden)
        }
    }
}
