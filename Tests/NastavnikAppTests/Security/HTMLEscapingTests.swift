import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Экранирование: враждебные имена и тексты на страницах показываются как текст")
struct HTMLEscapingTests {
    /// A script tag, an attribute break-out and both quotes, in one value.
    static let hostile = "Х'\"<script>alert(1)</script>\"><img src=x onerror=alert(1)>"
    static let rawMarkers = ["<script>alert(1)", "<img src=x onerror"]

    /// The free-text columns people type and pages show, in every table of the world.
    static let columns: [(table: String, columns: [String])] = [
        ("regions", ["name"]), ("municipalities", ["name"]), ("organizations", ["name", "short_name", "address"]),
        ("users", ["last_name", "first_name", "middle_name"]),
        ("programs", ["name", "goals", "expected_results", "partners"]),
        ("mentees", ["last_name", "first_name", "middle_name", "class_name", "request_note", "guardian_name"]),
        ("mentors", ["last_name", "first_name", "middle_name", "competencies", "life_experience", "interests", "workplace", "position", "class_name"]),
        ("questionnaires", ["title", "purpose"]),
        ("roadmap_items", ["title", "expected_result", "responsible", "note"]),
        ("pair_meetings", ["place", "summary"]),
        ("pair_goals", ["title", "desired_result", "actions", "indicator"]),
        ("pair_concerns", ["text"]),
        ("pair_results", ["title"]),
        ("practice_cases", ["title", "story", "goal", "what_was_done", "results"]),
        ("swot_items", ["text"]),
        ("training_sessions", ["topic", "trainer_name"]),
        ("incentives", ["reason"]),
        ("contests", ["title"]),
        ("guardian_links", ["relation", "created_by_name"]),
        ("notifications", ["title", "body"]),
        ("request_vocabulary_entries", ["term", "phrase", "created_by_name"]),
        ("program_partners", ["added_by_name"]), ("partner_nominations", ["nominated_by_name"]),
        ("role_offers", ["position"]), ("consent_records", ["given_by_name", "guardian_relation"]),
    ]

    static func makeHostile(_ app: Application) async throws {
        let sql = try #require(app.db as? any SQLDatabase)
        for (table, columns) in columns {
            var query = SQLQueryString("UPDATE \(ident: table) SET ")
            for (index, column) in columns.enumerated() {
                if index > 0 { query.appendLiteral(", ") }
                // The row's id keeps names unique where the schema asks for it (municipalities in a region).
                query.appendInterpolation(ident: column)
                query.appendLiteral(" = ")
                query.appendInterpolation(bind: hostile)
                query.appendLiteral(" || ' ' || CAST(id AS TEXT)")
            }
            try await sql.raw(query).run()
        }
    }

    static func isHTML(_ response: TestingHTTPResponse) -> Bool {
        response.headers.contentType?.subType == "html"
    }

    @Test("Каждая страница, которую открывают роли, показывает враждебные значения только экранированными")
    func everyPage() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            try await Self.makeHostile(app)
            let probe = RouteProbe(app: app, world: world)
            var pagesShowingIt = 0
            let pages = RouteAccessMatrixTests.patterns(app).filter { $0.hasPrefix("GET ") && !$0.hasPrefix("GET /api/") }.sorted()
            for role in [SecurityRole.platformAdmin, .curator, .mentor, .mentee, .regionalCoordinator, .anonymous] {
                for pattern in pages {
                    let response = try await probe.send(pattern, side: .own, role: role)
                    #expect(response.status.code < 500, "\(pattern) \(role): \(response.status)")
                    guard Self.isHTML(response) else { continue }
                    for marker in Self.rawMarkers where response.text.contains(marker) {
                        Issue.record("\(pattern) для \(role) выводит «\(marker)» без экранирования")
                    }
                    if response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") { pagesShowingIt += 1 }
                }
            }
            // The values really are on the pages, so the check above is not vacuous.
            #expect(pagesShowingIt > 50, "враждебное значение видно экранированным на \(pagesShowingIt) страницах")
        }
    }

    @Test("Форма, возвращённая с ошибкой, показывает введённое враждебное значение экранированным")
    func formEcho() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let curator = world.browsers[.curator]!
            let org = "/orgs/\(world.a.organizationID)"
            let echoes = [
                try await curator.post(org + "/programs", form: ["name": Self.hostile, "goals": Self.hostile]),
                try await curator.post(org + "/mentees", form: ["lastName": Self.hostile, "firstName": Self.hostile]),
                try await curator.post("/pairs/\(world.a.pairing.id!)/goals", form: ["title": Self.hostile, "desiredResult": Self.hostile]),
                try await curator.post(org + "/programs/\(world.a.program.id!)/monitoring/swot", form: ["quadrant": "", "text": Self.hostile]),
                try await Browser(app).post("/login", form: ["login": Self.hostile, "password": "x"]),
            ]
            for response in echoes {
                #expect(response.status.code < 500, "\(response.status)")
                #expect(response.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "введённое значение возвращено в форму")
                for marker in Self.rawMarkers { #expect(!response.text.contains(marker)) }
            }
        }
    }
}
