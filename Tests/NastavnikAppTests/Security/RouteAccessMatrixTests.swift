import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Матрица доступа: каждый маршрут × каждая роль × своя и чужая организация")
struct RouteAccessMatrixTests {
    /// Every route the app registers, as `METHOD /path/:parameter`.
    static func patterns(_ app: Application) -> [String] {
        app.routes.all.map(RouteProbe.pattern(of:))
    }

    @Test("Каждый маршрут приложения записан в таблице, и в таблице нет лишних")
    func everyRouteClassified() async throws {
        try await withTestApp { app in
            let registered = Set(Self.patterns(app))
            let listed = Set(RouteAccessTable.expected.keys)
            for missing in registered.subtracting(listed).sorted() {
                Issue.record("Маршрут \(missing) не записан в RouteAccessTable: решите, кто его открывает (см. «Security tests» в DEVELOPING.md)")
            }
            for stale in listed.subtracting(registered).sorted() {
                Issue.record("В RouteAccessTable есть маршрут \(stale), которого в приложении нет")
            }
            for (pattern, line) in RouteAccessTable.expected {
                #expect(RouteAccessTable.parse(line, pattern: pattern) != nil, "строка таблицы для \(pattern) не читается: «\(line)»")
            }
        }
    }

    @Test("GET: каждая роль получает записанный в таблице ответ — в своей организации и в чужой")
    func readRoutes() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let probe = RouteProbe(app: app, world: world)
            for pattern in Self.patterns(app).filter({ $0.hasPrefix("GET ") }).sorted() {
                guard let expected = RouteAccessTable.expected[pattern].flatMap({ RouteAccessTable.parse($0, pattern: pattern) }) else { continue }
                // A route without parameters has no foreign variant.
                for side in pattern.contains(":") ? SecuritySide.allCases : [.own] {
                    for role in SecurityRole.allCases {
                        let response = try await probe.send(pattern, side: side, role: role)
                        let got = RouteProbe.letter(response)
                        let want = expected[side]![role.rawValue]
                        #expect(got == want, "\(pattern) [\(side.rawValue)] \(role): ждали \(want), получили \(response.status.code)")
                    }
                }
            }
        }
    }

    @Test("POST, PUT, DELETE: чужой объект и роль без права получают отказ, и в базе ничего не меняется")
    func writeRoutesRefused() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let probe = RouteProbe(app: app, world: world)
            for pattern in Self.patterns(app).filter({ !$0.hasPrefix("GET ") }).sorted() {
                guard let expected = RouteAccessTable.expected[pattern].flatMap({ RouteAccessTable.parse($0, pattern: pattern) }) else { continue }
                let before = try await RouteProbe.rowCounts(app)
                // Only refusals are sent here: an allowed write would change the world the other
                // routes are checked against. The areas' own tests prove the allowed writes.
                for side in pattern.contains(":") ? SecuritySide.allCases : [.own] {
                    for role in SecurityRole.allCases where RouteAccessTable.refusals.contains(expected[side]![role.rawValue]) {
                        let response = try await probe.send(pattern, side: side, role: role)
                        let want = expected[side]![role.rawValue]
                        #expect(RouteProbe.letter(response) == want, "\(pattern) [\(side.rawValue)] \(role): ждали \(want), получили \(response.status.code)")
                    }
                }
                let after = try await RouteProbe.rowCounts(app)
                for (table, count) in after where before[table] != count {
                    Issue.record("\(pattern): отказ изменил таблицу \(table): \(before[table] ?? 0) → \(count)")
                }
            }
        }
    }

    /// Writes what every route answers now, in the table's format, to the file named by
    /// `NASTAVNIK_ROUTE_TABLE_OUT`: a starting point for classifying new routes, to be read
    /// line by line before it goes into `RouteAccessTable`. Writes are observed in a fresh world
    /// each, refusals first, so an allowed write does not change what the next role sees.
    @Test("Снимок ответов для таблицы (только по запросу)", .enabled(if: ProcessInfo.processInfo.environment["NASTAVNIK_ROUTE_TABLE_OUT"] != nil))
    func observe() async throws {
        let output = ProcessInfo.processInfo.environment["NASTAVNIK_ROUTE_TABLE_OUT"]!
        let filter = ProcessInfo.processInfo.environment["NASTAVNIK_ROUTE_TABLE_FILTER"]
        var lines: [String] = []
        var patterns: [String] = []
        try await withTestApp { app in patterns = Self.patterns(app).sorted() }
        patterns = patterns.filter { filter == nil || $0.contains(filter!) }
        let order: [SecurityRole] = [.anonymous, .otherRegionCoordinator, .mentee, .mentor, .municipalCoordinator, .regionalCoordinator,
                                     .psychologist, .curator, .orgAdmin, .platformAdmin]
        func observe(_ pattern: String, _ probe: RouteProbe) async throws -> String {
            var answers: [SecuritySide: [Character]] = [:]
            for side in pattern.contains(":") ? [SecuritySide.foreign, .own] : [.own] {
                var row = [Character](repeating: " ", count: SecurityRole.allCases.count)
                for role in order { row[role.rawValue] = RouteProbe.letter(try await probe.send(pattern, side: side, role: role)) }
                answers[side] = row
            }
            let own = answers[.own]!.map(String.init).joined(separator: " ")
            guard let foreign = answers[.foreign]?.map(String.init).joined(separator: " ") else { return "        \"\(pattern)\": \"\(own)\"," }
            return "        \"\(pattern)\": \"\(own) | \(foreign)\","
        }
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            for pattern in patterns where pattern.hasPrefix("GET ") { lines.append(try await observe(pattern, RouteProbe(app: app, world: world))) }
        }
        for pattern in patterns where !pattern.hasPrefix("GET ") {
            try await withTestApp { app in
                lines.append(try await observe(pattern, RouteProbe(app: app, world: try await SecurityWorld.build(app))))
            }
        }
        try lines.joined(separator: "\n").write(toFile: output, atomically: true, encoding: .utf8)
    }
}
