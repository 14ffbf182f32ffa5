import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("API баз наставляемых и наставников")
struct BasesAPITests {
    func token(_ app: Application, login: String) async throws -> HTTPHeaders {
        let browser = Browser(app)
        try await browser.signIn(login)
        let page = try await browser.post("/account/tokens", form: ["name": "АИС"])
        let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
        return ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let fields: [String: String]? }
        let error: Detail
    }

    @Test("Наставляемый через API: проверка полей, создание, чтение с аудитом, изменение, фильтр")
    func menteesAPI() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            let headers = try await token(app, login: "kurator")
            let base = "/api/v1/organizations/\(territory.organizationID)/mentees"

            let invalid = try await app.testing().sendRequest(.POST, base, headers: headers, body: ByteBuffer(string: #"{"lastName": "Иванов", "form": "нет такой"}"#))
            #expect(invalid.status == .unprocessableEntity)
            let problem = try invalid.content.decode(ErrorBody.self)
            #expect(problem.error.fields?["firstName"] == "Укажите имя." && problem.error.fields?["form"]?.contains("Неизвестная форма") == true)
            let malformed = try await app.testing().sendRequest(.POST, base, headers: headers, body: ByteBuffer(string: "{не json"))
            #expect(malformed.status == .badRequest)

            let body = #"{"lastName": "Иванов", "firstName": "Пётр", "className": "7Б", "form": "ученик – ученик", "requests": ["Буллинг", "lowAchievement"], "birthDate": "14.03.2013"}"#
            let created = try await app.testing().sendRequest(.POST, base, headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let mentee = try created.content.decode(BasesAPIController.MenteeDTO.self)
            #expect(mentee.requests == ["bullying", "lowAchievement"] && mentee.isMinor && mentee.consentState == .missing)
            #expect(try await app.testing().sendRequest(.POST, base, headers: headers, body: ByteBuffer(string: body)).status == .conflict)

            let read = try await app.testing().sendRequest(.GET, base + "/\(mentee.id)", headers: headers)
            #expect(read.status == .ok)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.menteeViewed.rawValue).count() == 1)

            let changed = try await app.testing().sendRequest(.PUT, base + "/\(mentee.id)", headers: headers, body: ByteBuffer(string: #"{"status": "В паре"}"#))
            let updated = try changed.content.decode(BasesAPIController.MenteeDTO.self)
            #expect(updated.status == .inPair && updated.className == "7Б" && updated.requests == ["bullying", "lowAchievement"])

            let list = try await app.testing().sendRequest(.GET, base + "?request=bullying&status=inPair", headers: headers)
            #expect(try list.content.decode(BasesAPIController.MenteeList.self).items.map(\.lastName) == ["Иванов"])
            let none = try await app.testing().sendRequest(.GET, base + "?request=adaptation", headers: headers)
            #expect(try none.content.decode(BasesAPIController.MenteeList.self).page.total == 0)
        }
    }

    @Test("Огромное число в поле — ответ 422 с сообщением, сервер не падает")
    func hugeNumbers() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            let headers = try await token(app, login: "kurator")
            for (kind, field) in [("mentees", "age"), ("mentors", "capacity")] {
                let body = #"{"lastName": "Иванов", "firstName": "Пётр", "\#(field)": -1.5e300}"#
                let response = try await app.testing().sendRequest(.POST, "/api/v1/organizations/\(territory.organizationID)/\(kind)",
                                                                   headers: headers, body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableEntity, "\(kind)")
                #expect(try response.content.decode(ErrorBody.self).error.fields?[field] != nil, "\(kind)")
            }
            #expect(BasesAPIController.FlexibleValue.text(of: 1e300) == "1e+300")
            #expect(AnswerValue.number(-1e300).display() == "-1e+300")
            #expect(AnswerValue.number(12).display() == "12")
        }
    }

    @Test("Импорт через API: ошибки по строкам и ничего не записано; проверка без записи; повтор не дублирует")
    func importAPI() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            var headers = try await token(app, login: "kurator")
            headers.replaceOrAdd(name: .contentType, value: "text/csv")
            let path = "/api/v1/organizations/\(territory.organizationID)/imports?kind=mentor"
            let bad = "ФИО,Категория наставника,Формы наставничества,Наставляемых одновременно\nОрлова Мария,педагог,учитель – учитель,2\nКузнецов Денис,космонавт,работодатель – ученик,100\n"
            let refused = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: bad))
            #expect(refused.status == .unprocessableEntity)
            let result = try refused.content.decode(BasesAPIController.ImportResult.self)
            #expect(result.problems.map(\.line) == [3] && result.problems[0].message.contains("Неизвестная категория «космонавт»"))
            #expect(result.problems[0].message.contains("Число наставляемых — от 1 до 30."))
            #expect(try await Mentor.query(on: app.db).count() == 0)

            let good = "ФИО,Категория наставника,Формы наставничества\nОрлова Мария,педагог,учитель – учитель\nКузнецов Денис,сотрудник предприятия,работодатель – ученик\n"
            let dry = try await app.testing().sendRequest(.POST, path + "&dryRun=true", headers: headers, body: ByteBuffer(string: good))
            #expect(try dry.content.decode(BasesAPIController.ImportResult.self).created == 2)
            #expect(try await Mentor.query(on: app.db).count() == 0)
            for expected in [(2, 0), (0, 2)] {
                let applied = try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: good))
                let counts = try applied.content.decode(BasesAPIController.ImportResult.self)
                #expect(counts.applied && counts.created == expected.0 && counts.updated == expected.1)
            }
            #expect(try await Mentor.query(on: app.db).count() == 2)
        }
    }

    @Test("API баз: чужая организация — 404, наставник — 403")
    func access() async throws {
        try await withTestApp { app in
            let a = try await Fixtures.territory(app, organizationName: "Школа А")
            let b = try await Fixtures.territory(app, organizationName: "Школа Б")
            try await Fixtures.person(app, login: "kurator.a", role: .curator, organization: a.organization)
            try await Fixtures.person(app, login: "nastavnik.b", role: .mentor, organization: b.organization)
            let curator = try await token(app, login: "kurator.a")
            let mentor = try await token(app, login: "nastavnik.b")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(b.organizationID)/mentees", headers: curator).status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(b.organizationID)/mentors", headers: mentor).status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(a.organizationID)/mentees/\(UUID())", headers: curator).status == .notFound)
        }
    }
}
