import Foundation
import LeafKit
@testable import NastavnikApp
import NIOCore
import Testing
import Vapor

/// Issue 22, item 3: the typed route table (`SiteRoute`) registers the browser routes and builds
/// every link, in Swift and in templates (`#path`). The lists below are the areas not converted yet:
/// they may only shrink — an entry that no longer applies fails until it is removed.
@Suite("Таблица маршрутов сайта")
struct SiteRouteTests {
    /// Browser routes still registered by hand («METHOD /pattern»).
    static let routesNotConverted: Set<String> = [
        "GET /invitations/:token",
        "GET /notifications",
        "GET /notifications/:notificationID/open",
        "GET /notifications/settings",
        "GET /notifications/unsubscribe/:token",
        "POST /invitations/:token",
        "POST /notifications/:notificationID/read",
        "POST /notifications/read-all",
        "POST /notifications/settings",
        "POST /notifications/unsubscribe/:token",
    ]

    /// Templates that still build a link by hand (path below Resources/Views).
    static let templatesNotConverted: Set<String> = [
        "accounts/invitation.leaf",
        "base.leaf",
        "notifications/index.leaf",
        "notifications/settings.leaf",
        "notifications/unsubscribe.leaf",
    ]

    /// Swift files that still build a link by hand (path below Sources/NastavnikApp).
    static let swiftNotConverted: Set<String> = [
        "Areas/Accounts/InvitationMail.swift",
        "Areas/Accounts/InvitationSheets.swift",
        "Areas/Accounts/Invitations.swift",
        "Areas/Accounts/RoleOffers.swift",
        "Areas/Accounts/SignInController.swift",
        "Areas/Notifications/ConsentReminders.swift",
        "Areas/Notifications/Notifications.swift",
        "Areas/Notifications/NotificationsController.swift",
        "Areas/Notifications/Reminders.swift",
        "Areas/Participants/Consents.swift",
        "Areas/Programs/ProgramPartners.swift",
        "Core/BodyLimits.swift",
        "Core/ErrorRendering.swift",
        "Core/Navigation.swift",
        "Core/SessionStore.swift",
        "Demo/RegionMailDay.swift",
    ]

    @Test("Каждый маршрут таблицы назван один раз, и число значений его ссылки равно числу параметров образца")
    func tableIsConsistent() {
        let names = SiteRoute.all.map(\.name)
        #expect(Set(names).count == names.count, "имена повторяются: \(Dictionary(grouping: names) { $0 }.filter { $0.value.count > 1 }.keys.sorted())")
        let keys = SiteRoute.all.map { "\($0.method.rawValue) \($0.pattern)" }
        #expect(Set(keys).count == keys.count, "маршрут записан дважды: \(Dictionary(grouping: keys) { $0 }.filter { $0.value.count > 1 }.keys.sorted())")
        for route in SiteRoute.all {
            #expect(route.name.wholeMatch(of: /[a-z][A-Za-z]*\.[a-z][A-Za-z]*/) != nil, "имя «\(route.name)»: «область.страница»")
            #expect(route.pattern.hasPrefix("/") && !route.pattern.hasPrefix("/api/"), "\(route.name): \(route.pattern)")
            #expect(SiteRoute.named(route.name)?.pattern == route.pattern)
            let values = route.parameterNames.map { "<\($0)>" }
            #expect(route.path(segments: values) != nil)
            #expect(route.path(segments: values + ["лишнее"]) == nil)
        }
    }

    @Test("Ссылка ставит значения на места параметров, кодирует их и добавляет запрос")
    func linkIsBuiltFromThePattern() {
        let organizationID = UUID(), programID = UUID()
        #expect(SiteRoute.Pairs.index.path(organizationID, programID) == "/orgs/\(organizationID)/programs/\(programID)/pairs")
        #expect(SiteRoute.Pairs.propose.path(organizationID, programID, query: ["mentee": "a&b=c d"])
            == "/orgs/\(organizationID)/programs/\(programID)/pairs/propose?mentee=a%26b%3Dc%20d")
        let named = PageRoute("test.byName", .GET, "/people/:name/card", String.self)
        #expect(named.path("Иван/Пётр?#") == "/people/%D0%98%D0%B2%D0%B0%D0%BD%2F%D0%9F%D1%91%D1%82%D1%80%3F%23/card")
        #expect(SiteRoute.MyPairs.index.path() == "/me/pairs")
    }

    @Test("#path в шаблоне строит ту же ссылку, а неизвестное имя или не то число значений не рендерится")
    func pathTagBuildsTheSameLink() async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let organizationID = UUID(), programID = UUID(), memberID = UUID()
        let source = MemorySource(templates: [
            "good": ##"<a href="#path("pairs.index", o, p)">x</a><form action="#path("pairs.memberAnswer", o, p, m)"></form>"##,
            "unknown": ##"#path("pairs.nowhere", o, p)"##,
            "short": ##"#path("pairs.index", o)"##,
            "missing": ##"#path("pairs.index", o, nothing)"##,
        ])
        let renderer = LeafRenderer(configuration: .init(rootDirectory: "/"), tags: ["path": PathTag()],
                                    sources: .singleSource(source), eventLoop: group.next())
        let context: [String: LeafData] = ["o": .string(organizationID.uuidString), "p": .string(programID.uuidString),
                                           "m": .string(memberID.uuidString)]
        let page = String(buffer: try await renderer.render(path: "good", context: context).get())
        #expect(page == "<a href=\"\(SiteRoute.Pairs.index.path(organizationID, programID))\">x</a>"
            + "<form action=\"\(SiteRoute.Pairs.memberAnswer.path(organizationID, programID, memberID))\"></form>")
        for broken in ["unknown", "short", "missing"] {
            await #expect(throws: (any Error).self, "«\(broken)» не должен рендериться") {
                _ = try await renderer.render(path: broken, context: context).get()
            }
        }
    }

    @Test("Каждая страница сайта зарегистрирована из таблицы маршрутов, и каждый маршрут таблицы зарегистрирован")
    func everyBrowserRouteComesFromTheTable() async throws {
        let registered = try await Self.browserRoutes()
        var handMade: [String] = []
        var converted: [String] = []
        var fromTable: Set<String> = []
        for route in registered {
            let key = "\(route.method.rawValue) /\(route.path.string)"
            if let name = route.siteRouteName {
                fromTable.insert(name)
                let entry = try #require(SiteRoute.named(name), "\(key) помечен именем «\(name)», которого нет в SiteRoute.all")
                #expect("\(entry.method.rawValue) \(entry.pattern)" == key, "«\(name)» зарегистрирован не по своему образцу")
                if Self.routesNotConverted.contains(key) { converted.append(key) }
            } else if !Self.routesNotConverted.contains(key) {
                handMade.append(key)
            }
        }
        #expect(handMade.isEmpty, "маршруты зарегистрированы не из SiteRoute: \(handMade.sorted())")
        #expect(converted.isEmpty, "уже из таблицы: уберите из routesNotConverted \(converted.sorted())")
        let keys = Set(registered.map { "\($0.method.rawValue) /\($0.path.string)" })
        let gone = Self.routesNotConverted.subtracting(keys)
        #expect(gone.isEmpty, "таких маршрутов больше нет: уберите из routesNotConverted \(gone.sorted())")
        let unregistered = SiteRoute.all.map(\.name).filter { !fromTable.contains($0) }
        #expect(unregistered.isEmpty, "маршруты таблицы, которые никто не зарегистрировал: \(unregistered)")
    }

    @Test("Каждый #path в шаблонах называет маршрут таблицы и даёт столько значений, сколько у него параметров")
    func templatesNameKnownRoutes() throws {
        var problems: [String] = []
        var uses = 0
        for (file, text) in try Self.templates() {
            for call in Self.pathCalls(in: text) {
                uses += 1
                guard let name = call.first.flatMap(Self.quoted), let route = SiteRoute.named(name) else {
                    problems.append("\(file): #path(\(call.joined(separator: ", "))) — нет такого маршрута")
                    continue
                }
                if call.count - 1 != route.parameterNames.count {
                    problems.append("\(file): #path(\"\(name)\") получает \(call.count - 1) значений, а параметров \(route.parameterNames.count)")
                }
            }
        }
        #expect(uses > 0)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test("Шаблоны переведённых областей не собирают ссылок на страницы сайта вручную")
    func templatesBuildNoLinksByHand() async throws {
        let sections = try await Self.topSections()
        var found: [String: [String]] = [:]
        for (file, text) in try Self.templates() {
            for match in text.matches(of: /(?:href|action|formaction|src)="\/([a-z][a-z0-9-]*)/) where sections.contains(String(match.1)) {
                found[file, default: []].append(String(match.0))
            }
        }
        Self.expectOnlyListed(found, Self.templatesNotConverted, list: "templatesNotConverted")
    }

    @Test("Код страниц переведённых областей не собирает ссылок на страницы сайта вручную")
    func swiftBuildsNoLinksByHand() async throws {
        let sections = try await Self.topSections()
        let root = packageRoot + "Sources/NastavnikApp/"
        let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Core/Routing/") && !$0.contains("API") }
        var found: [String: [String]] = [:]
        for file in files {
            let text = try String(contentsOfFile: root + file, encoding: .utf8)
            for match in text.matches(of: /"\/([a-z][a-z0-9-]*)(?:\/|"|\\\(|\?|#)/) where sections.contains(String(match.1)) {
                found[file, default: []].append(String(match.0))
            }
        }
        Self.expectOnlyListed(found, Self.swiftNotConverted, list: "swiftNotConverted")
    }

    // MARK: - Helpers

    private static func expectOnlyListed(_ found: [String: [String]], _ listed: Set<String>, list: String) {
        let unlisted = found.filter { !listed.contains($0.key) }
        #expect(unlisted.isEmpty, "ссылки собраны вручную — возьмите их из SiteRoute: \(unlisted.sorted { $0.key < $1.key })")
        let clean = listed.subtracting(found.keys)
        #expect(clean.isEmpty, "в этих файлах ручных ссылок больше нет: уберите их из \(list) \(clean.sorted())")
    }

    /// The browser side of the app's routes: everything but the API and its catch-all.
    private static func browserRoutes() async throws -> [Route] {
        let app = try await Application.make(.testing)
        do {
            try NastavnikApp.routes(app)
            let routes = app.routes.all.filter { $0.path.first != .constant("api") }
            try await app.asyncShutdown()
            return routes
        } catch {
            try await app.asyncShutdown()
            throw error
        }
    }

    /// The first segments of the site's pages («orgs», «pairs», «me»…): a literal link starting with
    /// one of them is a hand-built link.
    private static func topSections() async throws -> Set<String> {
        Set(try await browserRoutes().compactMap { route in
            if case .constant(let first) = route.path.first { first } else { nil }
        })
    }

    private static func templates() throws -> [(String, String)] {
        let root = packageRoot + "Resources/Views/"
        return try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".leaf") }.sorted()
            .map { ($0, try String(contentsOfFile: root + $0, encoding: .utf8)) }
    }

    /// The arguments of every `#path(…)` call, split at top-level commas.
    static func pathCalls(in text: String) -> [[String]] {
        var calls: [[String]] = []
        var rest = text[...]
        while let start = rest.range(of: "#path(") {
            var depth = 1, inQuotes = false, current = "", arguments: [String] = []
            var index = start.upperBound
            while index < rest.endIndex, depth > 0 {
                let character = rest[index]
                if character == "\"" { inQuotes.toggle() }
                if !inQuotes {
                    if character == "(" { depth += 1 }
                    if character == ")" { depth -= 1 }
                }
                if depth > 0 {
                    if character == ",", depth == 1, !inQuotes {
                        arguments.append(current.trimmingCharacters(in: .whitespaces)); current = ""
                    } else {
                        current.append(character)
                    }
                }
                index = rest.index(after: index)
            }
            arguments.append(current.trimmingCharacters(in: .whitespaces))
            calls.append(arguments)
            rest = rest[index...]
        }
        return calls
    }

    private static func quoted(_ argument: String) -> String? {
        argument.wholeMatch(of: /"([^"]*)"/).map { String($0.1) }
    }
}

/// Templates held in memory, for testing a tag alone.
private struct MemorySource: LeafSource {
    let templates: [String: String]

    func file(template: String, escape: Bool, on eventLoop: any EventLoop) -> EventLoopFuture<ByteBuffer> {
        var name = template.hasPrefix("/") ? String(template.dropFirst()) : template
        if name.hasSuffix(".leaf") { name = String(name.dropLast(5)) }
        guard let text = templates[name] else { return eventLoop.makeFailedFuture(LeafError(.noTemplateExists(template))) }
        return eventLoop.makeSucceededFuture(ByteBuffer(string: text))
    }
}
