import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 17, item 7: the API does what the program's pages do — sending a questionnaire to a
/// program, its results in the program's monitoring, measurements — and measurements written at
/// once by several tabs stay one per person, parameter and phase.
@Suite("API анкет программы, мониторинга и измерений")
struct ProgramSurveysAPITests {
    static func token(_ app: Application, _ login: String) async throws -> HTTPHeaders {
        let browser = Browser(app)
        try await browser.signIn(login)
        let page = try await browser.post("/account/tokens", form: ["name": "АИС"])
        let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
        return ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    }

    static func json(_ object: [String: Any]) throws -> ByteBuffer {
        ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
    }

    @Test("Через API куратор отправляет анкету программе, видит, кто не ответил, читает мониторинг и пишет измерения наставника")
    func sendReadMeasure() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let headers = try await Self.token(app, "kurator")
            let base = "/api/v1/organizations/\(c.organization.id!)/programs/\(c.program.id!)"
            let client = try app.testing()

            let bad = try await client.sendRequest(.POST, base + "/surveys", headers: headers,
                                                   body: try Self.json(["source": "шаблон", "audience": "всем"]))
            #expect(bad.status == .unprocessableEntity && bad.text.contains("\"source\"") && bad.text.contains("\"audience\""))
            let sent = try await client.sendRequest(.POST, base + "/surveys", headers: headers,
                                                    body: try Self.json(["source": "template:satisfaction-mentee", "audience": "mentees", "dueDate": "2026-12-20"]))
            #expect(sent.status == .created)
            let result = try sent.content.decode(ProgramSurveysAPIController.SendResult.self)
            #expect(result.sent == 5 && result.withoutAccount.count == 1 && result.withoutAccount[0].hasPrefix("Безучётный"))

            let list = try await client.sendRequest(.GET, base + "/surveys", headers: headers).content.decode(ProgramSurveysAPIController.SurveyList.self)
            #expect(list.items.count == 1 && list.items[0].waitingCount == 5 && list.items[0].measurement && list.items[0].dueDate == "2026-12-20")
            // As it was sent, not as the page prints it; roles as codes.
            #expect(list.items[0].waiting.allSatisfy { $0.role == .mentee })

            for student in c.students.prefix(2) {
                let browser = Browser(app)
                try await browser.signIn(student.login)
                let assignment = try #require(try await QuestionnaireAssignment.query(on: app.db).filter(\.$user.$id == student.id!).first())
                #expect(try await browser.post("/my/questionnaires/\(assignment.id!)",
                                               form: ["q-q1": "По итогам программы", "q-q2": "9", "q-q3": "7", "q-q4": "7", "q-q5-1": "on"]).status == .seeOther)
            }
            let monitoring = try await client.sendRequest(.GET, base + "/monitoring", headers: headers)
            let content = try monitoring.content.decode(ProgramMonitoringAPIController.Monitoring.self)
            #expect(content.quality.satisfaction.contains { $0.label == "Наставляемый" && $0.average == 9 && $0.count == 2 })
            // Two answers a year are not sent as a figure (nor as the sum and count behind it): below three they nearly name the people.
            #expect(content.years.count == 2 && content.years[0].menteeSatisfaction == nil && content.years[0].counts.menteeSatisfactionCount == 0
                        && content.years[0].counts.menteeSatisfactionSum == 0)
            #expect(!monitoring.text.contains("Алексеев"))

            let mentor = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Инженеров").first())
            let wrong = try await client.sendRequest(.POST, base + "/measurements", headers: headers,
                                                     body: try Self.json(["person": "mentor-\(mentor.id!)", "phase": "entry", "measuredOn": "2026-10-01",
                                                                          "values": ["burnout": 60]]))
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("От 1 до 10"))
            let measured = try await client.sendRequest(.POST, base + "/measurements", headers: headers,
                                                        body: try Self.json(["person": "mentor-\(mentor.id!)", "phase": "entry", "measuredOn": "2026-10-01",
                                                                             "values": ["burnout": 6, "jobSatisfaction": 7]]))
            #expect(measured.status == .ok && measured.text.contains("\"saved\":2"))
            let people = try await client.sendRequest(.GET, base + "/measurements", headers: headers)
                .content.decode(ProgramMonitoringAPIController.MeasurementList.self).people
            let row = try #require(people.first { $0.key == "mentor-\(mentor.id!)" })
            #expect(row.changes.contains { $0.parameter == "burnout" && $0.parameterName == "Выгорание" && $0.entry == 6 && $0.exit == nil })
            #expect(people.contains { $0.key.hasPrefix("mentee-") && $0.changes.contains { $0.parameterName == "Удовлетворённость" && $0.exit == 9 } })

            // Detached, the answers leave the program's monitoring and the indicators.
            let questionnaireID = list.items[0].id
            let detached = try await client.sendRequest(.POST, "/api/v1/organizations/\(c.organization.id!)/questionnaires/\(questionnaireID)/program",
                                                        headers: headers, body: try Self.json(["programID": NSNull()]))
            #expect(detached.status == .ok)
            #expect(IndicatorQueries.total(try await IndicatorQueries.counts(.organization(c.organization.id!), year: c.year, on: app.db)).menteeSatisfactionCount == 0)
            #expect(try await ImpactMeasurement.query(on: app.db).filter(\.$answerID != nil).count() == 0)

            // A mentor's token may not send or read the program's surveys.
            let mentorHeaders = try await Self.token(app, "engineer1")
            #expect(try await client.sendRequest(.GET, base + "/surveys", headers: mentorHeaders).status == .forbidden)
        }
    }

    @Test("Восемь вкладок записывают одно измерение одновременно: в базе одно значение на человека, параметр и этап")
    func parallelMeasurements() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let waiting = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Безучётный").first())
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let path = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)/impact"
            try await withLiveServer(app) { server in
                let live = curator.tab(live: server)
                _ = try await live.get(path)
                let tabs = (0..<8).map { _ in live.tab() }
                let pages = try await inParallel(8) { i in
                    try await tabs[i].post(path, form: ["person": "mentee-\(waiting.id!)", "phase": "entry", "measuredOn": "2026-10-01",
                                                        "source": "psychologist", "anxiety": String(i + 1), "motivation": "5"])
                }
                #expect(pages.allSatisfy { $0.status == .seeOther }, "\(pages.map(\.status))")
            }
            let rows = try await ImpactMeasurement.query(on: app.db).filter(\.$mentee.$id == waiting.id!).all()
            #expect(rows.count == 2)
            #expect(rows.filter { $0.parameter == ImpactParameter.anxiety.rawValue }.count == 1 && rows.first { $0.parameter == ImpactParameter.anxiety.rawValue }.map { (1...8).contains($0.value) } == true)
        }
    }
}
