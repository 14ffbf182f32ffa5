import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// An attacker review of the demo (issue 22 follow-up): the program's monitoring read anonymous
/// survey answers that the questionnaire's own results refuse, and a person who had withdrawn the
/// consent still got new measurements and selection notes written about them.
@Suite("Анонимные опросы в мониторинге и отзыв согласия: никаких обходных путей")
struct AnonymityAndWithdrawalTrustTests {
    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String }
        let error: Detail
    }

    static let secret = "Наставнику Инженерову не хватает терпения"

    /// The quality survey (anonymous) sent to the college's seven people by the curator's page.
    static func sendQualitySurvey(_ app: Application, _ c: ProgramSurveysTests.College) async throws -> Questionnaire {
        let curator = Browser(app)
        try await curator.signIn("kurator")
        let base = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)"
        #expect(try await curator.post(base + "/surveys", form: ["source": "template:program-quality", "audience": "both", "dueDate": "20.12.2099"])
            .status == .seeOther)
        let questionnaire = try #require(try await Questionnaire.query(on: app.db).filter(\.$programID == c.program.id!).first())
        #expect(questionnaire.isAnonymous)
        return questionnaire
    }

    @Test("Анонимный опрос качества: пока ответили меньше трёх, ни куратор, ни директор не видят текстов SWOT и удовлетворённости по ролям, а кто не ответил — только числом")
    func oneAnswerStaysHidden() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: c.organization)
            let questionnaire = try await Self.sendQualitySurvey(app, c)
            let sent = try await ProgramSurveysTests.answer(app, c.mentors[0], questionnaireID: questionnaire.id!,
                                                            ProgramSurveysTests.quality(role: "Наставник", quality: 9, satisfaction: 2,
                                                                                        strength: "Цех открыт для студентов", weakness: Self.secret))
            #expect(sent.status == .seeOther)

            let base = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)"
            let api = "/api/v1/organizations/\(c.organization.id!)/programs/\(c.program.id!)"
            let client = try app.testing()
            for login in ["kurator", "direktor"] {
                let browser = Browser(app)
                try await browser.signIn(login)
                let page = try await browser.get(base + "/monitoring")
                #expect(page.status == .ok)
                #expect(!page.text.contains(Self.secret) && !page.text.contains("Цех открыт для студентов"), "\(login): текст ответа на странице")
                #expect(!page.text.contains("Удовлетворённость — Наставник"), "\(login): удовлетворённость одного человека")
                #expect(page.text.contains("войдут в мониторинг, когда на опрос ответят не меньше трёх человек"))
                let headers = try await ProgramSurveysAPITests.token(app, login)
                for path in ["/swot", "/monitoring"] {
                    let answer = try await client.sendRequest(.GET, api + path, headers: headers)
                    #expect(answer.status == .ok && !answer.text.contains(Self.secret), "\(login) \(path)")
                }
                let monitoring = try await client.sendRequest(.GET, api + "/monitoring", headers: headers)
                    .content.decode(ProgramMonitoringAPIController.Monitoring.self)
                #expect(monitoring.quality.satisfaction.isEmpty && monitoring.quality.quality.count == 0 && monitoring.quality.suggestions.isEmpty)
            }
            // Nothing to accept for the curator; the director may not accept the answers' words at all.
            let curatorAPI = try await ProgramSurveysAPITests.token(app, "kurator")
            let accepted = try await client.sendRequest(.POST, api + "/swot/accept", headers: curatorAPI)
            #expect(accepted.status == .ok && accepted.text.contains("\"added\":0"))
            #expect(try await SwotItem.query(on: app.db).count() == 0)

            // Who has not answered an anonymous survey is a number: the list's change would name the one who answered.
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let surveys = try await curator.get(base + "/surveys")
            #expect(surveys.text.contains("6 человек") && surveys.text.contains("опрос анонимный, поэтому имена не показываются"))
            #expect(!surveys.text.contains("Технологов Мария") && !surveys.text.contains("Борисов Мария"))
            let list = try await client.sendRequest(.GET, api + "/surveys", headers: curatorAPI)
            let item = try #require(try list.content.decode(ProgramSurveysAPIController.SurveyList.self).items.first)
            #expect(item.anonymous && item.waitingCount == 6 && item.waiting.isEmpty && item.answered == 1)
            #expect(!list.text.contains("Технологов") && !list.text.contains("Борисов"))
        }
    }

    @Test("С трёх ответов тексты SWOT видит и принимает только тот, кто читает ответы; роль и удовлетворённость роли — когда этой роли ответили трое")
    func threeAnswersOnlyForReaders() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: c.organization)
            try await Fixtures.person(app, login: "psiholog", role: .psychologist, organization: c.organization)
            let questionnaire = try await Self.sendQualitySurvey(app, c)
            _ = try await ProgramSurveysTests.answer(app, c.mentors[0], questionnaireID: questionnaire.id!,
                                                     ProgramSurveysTests.quality(role: "Наставник", quality: 9, satisfaction: 2,
                                                                                 strength: "Цех открыт для студентов", weakness: Self.secret))
            for (index, student) in c.students.prefix(2).enumerated() {
                _ = try await ProgramSurveysTests.answer(app, student, questionnaireID: questionnaire.id!,
                                                         ProgramSurveysTests.quality(role: "Наставляемый", quality: 8, satisfaction: 7,
                                                                                     strength: "Практика \(index + 1)", weakness: "Мало станков \(index + 1)"))
            }
            let base = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)"
            let api = "/api/v1/organizations/\(c.organization.id!)/programs/\(c.program.id!)"
            let client = try app.testing()
            let curator = Browser(app), director = Browser(app)
            try await curator.signIn("kurator")
            try await director.signIn("direktor")

            let page = try await curator.get(base + "/monitoring")
            #expect(page.text.contains(Self.secret) && page.text.contains("Практика 2") && page.text.contains("ответов: 3"))
            // One mentor and two mentees answered: no role is named beside a text, no role's satisfaction is shown.
            #expect(page.text.contains("Анкета: анонимный ответ") && !page.text.contains("Анкета: наставник") && !page.text.contains("Анкета: наставляемый"))
            #expect(!page.text.contains("Удовлетворённость — Наставник") && !page.text.contains("Удовлетворённость — Наставляемый"))
            let psychologist = try await client.sendRequest(.GET, api + "/swot", headers: try await ProgramSurveysAPITests.token(app, "psiholog"))
            #expect(psychologist.status == .ok && psychologist.text.contains(Self.secret))

            // The director: figures, never the answers' words — the page, both API reads, both ways to accept.
            let directorPage = try await director.get(base + "/monitoring")
            #expect(directorPage.status == .ok && directorPage.text.contains("ответов: 3"))
            #expect(!directorPage.text.contains(Self.secret) && !directorPage.text.contains("Практика 1"))
            #expect(directorPage.text.contains("их читают куратор и педагог-психолог"))
            let directorAPI = try await ProgramSurveysAPITests.token(app, "direktor")
            for path in ["/swot", "/monitoring"] {
                let answer = try await client.sendRequest(.GET, api + path, headers: directorAPI)
                #expect(answer.status == .ok && !answer.text.contains(Self.secret) && !answer.text.contains("Практика 1"), "\(path)")
            }
            let refused = try await client.sendRequest(.POST, api + "/swot/accept", headers: directorAPI)
            #expect(refused.status == .forbidden)
            let error = try refused.content.decode(ErrorBody.self).error
            #expect(error.code == "answers_not_readable" && error.message == MonitoringError.answersNotReadable.russianMessage)
            #expect(try await director.post(base + "/monitoring/swot/accept").status == .forbidden)
            #expect(try await SwotItem.query(on: app.db).count() == 0)
            await #expect(throws: MonitoringError.answersNotReadable) {
                try await MonitoringService.acceptSuggestions(of: c.program, readsAnswers: false, by: .system, on: app.db)
            }

            #expect(try await curator.post(base + "/monitoring/swot/accept").status == .seeOther)
            let items = try await SwotItem.query(on: app.db).all()
            #expect(items.count == 6 && items.allSatisfy { $0.source == "Анкета: анонимный ответ" })

            // A third mentee: the mentees' group is big enough to be named.
            _ = try await ProgramSurveysTests.answer(app, c.students[2], questionnaireID: questionnaire.id!,
                                                     ProgramSurveysTests.quality(role: "Наставляемый", quality: 8, satisfaction: 7,
                                                                                 strength: "Практика 3", weakness: "Мало станков 3"))
            let later = try await curator.get(base + "/monitoring")
            #expect(later.text.contains("Удовлетворённость — Наставляемый: <strong>7,0</strong>") && later.text.contains("Анкета: наставляемый"))
            #expect(!later.text.contains("Удовлетворённость — Наставник"))
        }
    }

    /// The college, a mentee alone in a formed pair, and the program's selection of its two mentors.
    struct Withdrawn {
        let c: ProgramSurveysTests.College
        let mentor: Mentor
        let mentee: Mentee
        var api: String { "/api/v1/organizations/\(c.organization.id!)/programs/\(c.program.id!)" }
        var pages: String { "/orgs/\(c.organization.id!)/programs/\(c.program.id!)" }
    }

    static func withdrawn(_ app: Application) async throws -> Withdrawn {
        let c = try await ProgramSurveysTests.college(app)
        try await Fixtures.person(app, login: "psiholog", role: .psychologist, organization: c.organization)
        let mentor = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Технологов").first())
        for card in try await Mentor.query(on: app.db).filter(\.$organization.$id == c.organization.id!).all() {
            try await MentorSelection(programID: c.program.id!, mentorID: card.id!, decision: .selected).create(on: app.db)
        }
        let mentee = try await PairingFixtures.mentee(app, organization: c.organization, lastName: "Егоров", form: .employerStudent, age: 17)
        let another = try await PairingFixtures.mentor(app, organization: c.organization, lastName: "Мастеров", forms: [.employerStudent])
        try await ProgramSurveysTests.pairing(app, c.program, mentorID: another.id!, mentees: [mentee], status: .formed)
        return Withdrawn(c: c, mentor: mentor, mentee: mentee)
    }

    @Test("После отзыва согласия измерение, собеседование и решение отбора о человеке не записываются: 409 consent_withdrawn в API и тот же текст на странице")
    func nothingNewAfterWithdrawal() async throws {
        try await withTestApp { app in
            let w = try await Self.withdrawn(app)
            let headers = try await ProgramSurveysAPITests.token(app, "kurator")
            let client = try app.testing()
            for (kind, id) in [(BaseKind.mentor, w.mentor.id!), (.mentee, w.mentee.id!)] {
                let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == id).filter(\.$purpose == .processing).first())
                let path = "/api/v1/organizations/\(w.c.organization.id!)/\(kind.pathComponent)/\(id)/consents/\(consent.id!)/withdraw"
                #expect(try await client.sendRequest(.POST, path, headers: headers).status == .ok)
            }

            for key in ["mentor-\(w.mentor.id!)", "mentee-\(w.mentee.id!)"] {
                let values: [String: Any] = key.hasPrefix("mentor") ? ["burnout": 5] : ["anxiety": 5]
                let measured = try await client.sendRequest(.POST, w.api + "/measurements", headers: headers,
                                                            body: try ProgramSurveysAPITests.json(["person": key, "phase": "exit", "measuredOn": "2026-12-01", "values": values]))
                #expect(measured.status == .conflict, "\(key): \(measured.status)")
                #expect(try measured.content.decode(ErrorBody.self).error.code == "consent_withdrawn")
            }
            let psychologist = Browser(app)
            try await psychologist.signIn("psiholog")
            let page = try await psychologist.post(w.pages + "/impact", form: ["person": "mentee-\(w.mentee.id!)", "phase": "exit", "measuredOn": "2026-12-01",
                                                                             "source": "psychologist", "anxiety": "5"])
            #expect(page.status == .conflict && page.text.contains(MonitoringError.consentWithdrawn.russianMessage))
            #expect(try await ImpactMeasurement.query(on: app.db).count() == 0)

            let candidate = w.api + "/selection/\(w.mentor.id!)"
            let interview = try await client.sendRequest(.PUT, candidate + "/interview", headers: headers, body: ByteBuffer(string:
                #"{"interviewedOn": "2026-12-01", "interviewer": "Петрова М. И.", "readiness": "ready", "conclusion": "Технологов спокоен и терпелив"}"#))
            #expect(interview.status == .conflict)
            let error = try interview.content.decode(ErrorBody.self).error
            #expect(error.code == "consent_withdrawn" && error.message == SelectionError.consentWithdrawn.russianMessage)
            let decision = try await client.sendRequest(.PUT, candidate + "/decision", headers: headers, body: ByteBuffer(string: #"{"decision": "notNow", "reason": "Технологов уехал"}"#))
            #expect(decision.status == .conflict)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let form = try await curator.post(w.pages + "/selection/\(w.mentor.id!)/interview",
                                              form: ["interviewedOn": "2026-12-01", "interviewer": "Петрова М. И.", "readiness": "ready", "conclusion": "Технологов спокоен"])
            #expect(form.status == .seeOther)
            let flashed = try await curator.get(w.pages + "/selection")
            #expect(flashed.text.contains(SelectionError.consentWithdrawn.russianMessage))
            let row = try #require(try await MentorSelection.query(on: app.db).filter(\.$mentor.$id == w.mentor.id!).first())
            #expect(row.interviewConclusion == nil && row.interviewer == nil && row.decisionReason == nil && row.decision == .selected)

            // Training: a new attendance mark of the withdrawn mentor is refused in the same words; the other mentor's mark is kept apart.
            let session = TrainingSession(programID: w.c.program.id!)
            session.kind = .primary; session.topic = "Роль наставника"; session.heldOn = "2026-12-01"; session.format = .seminar
            session.trainerName = "Петрова М. И."; session.trainerKind = .internal; session.materials = ""
            try await session.create(on: app.db)
            let marked = try await client.sendRequest(.PUT, w.api + "/training/sessions/\(session.id!)/attendance", headers: headers,
                                                      body: ByteBuffer(string: #"{"mentorIDs": ["\#(w.mentor.id!)"]}"#))
            #expect(marked.status == .conflict && (try? marked.content.decode(ErrorBody.self).error.code) == "consent_withdrawn")
            let table = try await curator.post(w.pages + "/training/attendance", pairs: [("attended[]", "\(session.id!):\(w.mentor.id!)")])
            #expect(table.status == .seeOther)
            #expect(try await curator.get(w.pages + "/training").text.contains(SelectionError.consentWithdrawn.russianMessage))
            #expect(try await TrainingAttendance.query(on: app.db).count() == 0)

            // Completion: his early-ended pair keeps him a mentor of the program, yet no incentive or nomination is written about him.
            let incentive = try await client.sendRequest(.POST, w.api + "/incentives", headers: headers, body: ByteBuffer(string:
                #"{"mentorId": "\#(w.mentor.id!)", "kind": "diploma", "reason": "За наставничество Технологова", "awardedOn": "2026-12-01"}"#))
            #expect(incentive.status == .conflict && (try? incentive.content.decode(ErrorBody.self).error.code) == "consent_withdrawn")
            await #expect(throws: PairWorkError.consentWithdrawn) {
                try await CompletionService.addNomination(["title": "Наставник года", "mentorID": w.mentor.id!.uuidString, "year": "2026"],
                                                          in: w.c.organization, program: w.c.program, by: .system, on: app.db)
            }
            #expect(try await Incentive.query(on: app.db).count() == 0)
            #expect(try await Nomination.query(on: app.db).count() == 0)
        }
    }

    @Test("Отзыв согласия и измерение с собеседованием, отправленные одновременно: запись либо раньше отзыва (и он её чистит), либо отказ — на обеих базах")
    func withdrawalRacesTheWrites() async throws {
        try await withTestApp { app in
            let w = try await Self.withdrawn(app)
            // Six more mentors of the program, selected, each withdrawn while written about.
            var mentors: [Mentor] = []
            for index in 0..<6 {
                let mentor = try await PairingFixtures.mentor(app, organization: w.c.organization, lastName: "Спешкин\(index)", forms: [.employerStudent])
                try await MentorSelection(programID: w.c.program.id!, mentorID: mentor.id!, decision: .selected).create(on: app.db)
                mentors.append(mentor)
            }
            let headers = try await ProgramSurveysAPITests.token(app, "kurator")
            var consents: [UUID] = []
            for mentor in mentors {
                consents.append(try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == mentor.id!).filter(\.$purpose == .processing).first()?.id))
            }
            let organizationID = w.c.organization.id!, api = w.api, people = mentors, consentIDs = consents
            try await withLiveServer(app) { server in
                let answers = try await inParallel(people.count * 3) { i in
                    let mentor = people[i / 3]
                    switch i % 3 {
                    case 0:
                        return try await server.send(.POST, "/api/v1/organizations/\(organizationID)/mentors/\(mentor.id!)/consents/\(consentIDs[i / 3])/withdraw",
                                                     headers: headers)
                    case 1:
                        return try await server.send(.PUT, api + "/selection/\(mentor.id!)/interview", headers: headers, body: ByteBuffer(string:
                            #"{"interviewedOn": "2026-12-01", "interviewer": "Петрова М. И.", "readiness": "ready", "conclusion": "Спешкин готов наставлять"}"#))
                    default:
                        return try await server.send(.POST, api + "/measurements", headers: headers, body: try ProgramSurveysAPITests.json(
                            ["person": "mentor-\(mentor.id!)", "phase": "entry", "measuredOn": "2026-12-01", "values": ["burnout": 4]]))
                    }
                }
                for (index, answer) in answers.enumerated() {
                    let allowed: [HTTPResponseStatus] = index % 3 == 0 ? [.ok] : index % 3 == 1 ? [.ok, .conflict] : [.ok, .conflict, .unprocessableEntity]
                    #expect(allowed.contains(answer.status), "запрос \(index): \(answer.status) \(answer.text)")
                }
            }
            for mentor in mentors {
                let card = try #require(try await Mentor.find(mentor.id, on: app.db))
                let withdrawnAt = try #require(card.anonymizedAt)
                // An interview written before the withdrawal was cleared by it; one after it was refused.
                let row = try #require(try await MentorSelection.query(on: app.db).filter(\.$mentor.$id == mentor.id!).first())
                #expect(row.interviewConclusion == nil || row.interviewConclusion == "", "заключение о \(mentor.lastName) после отзыва")
                // A measurement stays without a name only when it came before the withdrawal.
                let measured = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.impactMeasured.rawValue)
                    .filter(\.$objectID == mentor.id!.uuidString).all()
                #expect(measured.allSatisfy { $0.at <= withdrawnAt }, "измерение после отзыва согласия")
            }
        }
    }
}
