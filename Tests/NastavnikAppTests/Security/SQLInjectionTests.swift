import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

@Suite("Поиск и фильтры: попытки SQL-инъекций не ломают запрос и не открывают чужое")
struct SQLInjectionTests {
    static let payloads = [
        "' OR '1'='1", "%", "_", "\\", "\"; DROP TABLE users; --", "' UNION SELECT login, password_hash FROM users --",
        "Орлов", String(repeating: "щ", count: 3_000),
    ]
    /// Every query parameter a page or the API reads, so each search and filter gets every payload.
    static let parameters = ["q", "page", "region", "organization", "municipality", "form", "topic", "kind", "status", "class",
                             "request", "contour", "consent", "sort", "role", "action", "year", "version", "number", "date",
                             "format", "minor", "mentee", "next", "dryRun", "graduates",
                             "candidatesPage", "excludedPage"]

    static func query(_ payload: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let value = payload.addingPercentEncoding(withAllowedCharacters: allowed) ?? payload
        return "?" + parameters.map { "\($0)=\(value)" }.joined(separator: "&")
    }

    @Test("Каждый GET-маршрут со всеми параметрами поиска и фильтра: ответ 2xx/4xx, чужих людей нет, таблицы на месте")
    func everySearchAndFilter() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            // Organization Б's people get names that must never reach organization А's curator.
            let sql = try #require(app.db as? any SQLDatabase)
            for table in ["mentees", "mentors"] {
                try await sql.raw("UPDATE \(ident: table) SET last_name = 'Чужаков', search_key = 'чужаков' WHERE organization_id = \(bind: world.b.organizationID)").run()
            }
            let users = try await User.query(on: app.db).count()
            let probe = RouteProbe(app: app, world: world)
            // Generated documents read no search or filter, except the orders' number and date; leaving
            // the rest out keeps the suite quick.
            let documents = [".docx", ".xlsx", ".ics", "/file", ":fileID", "/certificate"]
            let routes = RouteAccessMatrixTests.patterns(app).filter { pattern in
                pattern.hasPrefix("GET ") && (pattern.hasSuffix("order.docx") || !documents.contains { pattern.hasSuffix($0) })
            }.sorted()
            // The curator on every route; the coordinator, who sees several organizations, where the table lets them in.
            func roles(_ pattern: String) -> [SecurityRole] {
                let coordinatorAllowed = RouteAccessTable.expected[pattern].flatMap { RouteAccessTable.parse($0, pattern: pattern) }?[.own]?[SecurityRole.regionalCoordinator.rawValue] == "A"
                return coordinatorAllowed ? [.curator, .regionalCoordinator] : [.curator]
            }
            for payload in Self.payloads {
                for pattern in routes {
                    for role in roles(pattern) {
                        let response = try await probe.send(pattern, side: .own, role: role, query: Self.query(payload))
                        #expect(response.status.code < 500, "\(pattern) \(role) «\(payload.prefix(40))»: \(response.status)")
                        #expect(!response.text.contains("Чужаков"), "\(pattern) \(role) «\(payload.prefix(40))» показал людей чужой организации")
                        #expect(!response.text.contains("$2b$") && !response.text.contains("$2a$"), "\(pattern): в ответе хеш пароля")
                    }
                }
            }
            #expect(try await User.query(on: app.db).count() == users)
            #expect(try await Mentee.query(on: app.db).count() > 0)
        }
    }

    @Test("Поиск по базе: %, _ и кавычка не выводят за пределы своей организации")
    func wildcardsInBaseSearch() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let curator = world.browsers[.curator]!
            let base = "/orgs/\(world.a.organizationID)/mentees"
            let found = try await curator.get(base + "?q=%D0%BE%D1%80%D0%BB%D0%BE%D0%B2") // «орлов»
            #expect(found.status == .ok && found.text.contains("Орлов"))
            for payload in ["%25", "_", "%27%20OR%20%271%27%3D%271"] {
                let response = try await curator.get(base + "?q=\(payload)")
                #expect(response.status == .ok)
                #expect(!response.text.contains(world.b.territory.organization.name))
            }
            let api = try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(world.a.organizationID)/mentees?q=%27%20OR%20%271%27%3D%271",
                                                        headers: ["Authorization": "Bearer \(world.bearer[.curator]!)"])
            #expect(api.status.code < 500 && !api.text.contains("Орлов"))
        }
    }
}
