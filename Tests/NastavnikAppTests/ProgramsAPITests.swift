import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("JSON API программ")
struct ProgramsAPITests {
    func json(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }

    @Test("Программа создаётся по API с дорожной картой; статус мероприятия меняется; чужая организация — 404")
    func programsAndRoadmap() async throws {
        try await withTestApp { app in
            let a = try await Fixtures.territory(app, organizationName: "Школа А")
            let b = try await Fixtures.territory(app, organizationName: "Школа Б")
            try await Fixtures.person(app, login: "kurator.a", role: .curator, organization: a.organization)
            try await Fixtures.person(app, login: "kurator.b", role: .curator, organization: b.organization)
            let token = try await APITests().token(app, login: "kurator.a")
            let base = "/api/v1/organizations/\(a.organizationID)/programs"

            let invalid = try await app.testing().sendRequest(.POST, base, headers: json(token),
                body: ByteBuffer(string: #"{"name": "", "forms": ["teacherTeacher", "nope"], "startsOn": "2022-09-01", "endsOn": "2025-08-31"}"#))
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.text.contains("Введите название программы."))

            let body = #"{"name": "Учитель – учитель", "forms": ["teacherTeacher"], "startsOn": "2022-09-01", "endsOn": "2025-08-31", "template": "schoolPlan", "curators": [{"fullName": "Петрова М. И.", "responsibility": "куратор"}]}"#
            let created = try await app.testing().sendRequest(.POST, base, headers: json(token), body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let program = try created.content.decode(ProgramsAPIController.ProgramDTO.self)
            #expect(program.stage == 1 && program.forms == [.teacherTeacher])
            #expect(program.health == .atRisk, "период прошёл, а программа на первом этапе")

            let list = try await app.testing().sendRequest(.GET, base, headers: json(token))
            #expect(try list.content.decode(ProgramsAPIController.ProgramList.self).items.map(\.name) == ["Учитель – учитель"])
            let roadmap = try await app.testing().sendRequest(.GET, base + "/\(program.id)/roadmap", headers: json(token))
            let items = try roadmap.content.decode(ProgramsAPIController.RoadmapList.self).items
            #expect(items.first?.deadline == "август 2022 г.")
            #expect(items.first?.status == .overdue)

            let first = try #require(items.first)
            let updated = try await app.testing().sendRequest(.PUT, base + "/\(program.id)/roadmap/\(first.id)", headers: json(token),
                                                              body: ByteBuffer(string: #"{"status": "done", "note": "Приказ № 149"}"#))
            #expect(try updated.content.decode(ProgramsAPIController.RoadmapItemDTO.self).status == .done)
            let added = try await app.testing().sendRequest(.POST, base + "/\(program.id)/roadmap", headers: json(token),
                body: ByteBuffer(string: #"{"title": "Стажировка на предприятии", "stage": "6", "contour": "external", "deadlineKind": "period", "deadlineFrom": "2023-02", "deadlineTo": "2023-03"}"#))
            #expect(added.status == .created)
            let item = try added.content.decode(ProgramsAPIController.RoadmapItemDTO.self)
            #expect(item.deadline == "февраль – март 2023 г.")
            #expect(item.number == items.count + 1)

            let stranger = try await APITests().token(app, login: "kurator.b")
            #expect(try await app.testing().sendRequest(.GET, base + "/\(program.id)", headers: json(stranger)).status == .notFound)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(b.organizationID)/programs/\(program.id)", headers: json(stranger)).status == .notFound)
        }
    }
}
