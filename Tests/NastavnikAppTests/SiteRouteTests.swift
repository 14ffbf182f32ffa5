import Foundation
import LeafKit
@testable import NastavnikApp
import NIOCore
import Testing
import Vapor

/// Issue 22, item 3: the typed route table (`SiteRoute`) registers the browser routes and builds
/// every link, in Swift and in templates (`#path`). Every area is converted: a browser route
/// registered by hand, or a link built by hand in a template or in the pages' code, fails here.
@Suite("Таблица маршрутов сайта")
struct SiteRouteTests {
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
        var fromTable: Set<String> = []
        for route in registered {
            let key = "\(route.method.rawValue) /\(route.path.string)"
            if let name = route.siteRouteName {
                fromTable.insert(name)
                let entry = try #require(SiteRoute.named(name), "\(key) помечен именем «\(name)», которого нет в SiteRoute.all")
                #expect("\(entry.method.rawValue) \(entry.pattern)" == key, "«\(name)» зарегистрирован не по своему образцу")
            } else {
                handMade.append(key)
            }
        }
        #expect(handMade.isEmpty, "маршруты зарегистрированы не из SiteRoute: \(handMade.sorted())")
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

    @Test("Шаблоны не собирают ссылок на страницы сайта вручную")
    func templatesBuildNoLinksByHand() async throws {
        let sections = try await Self.topSections()
        var found: [String: [String]] = [:]
        for (file, text) in try Self.templates() {
            found[file] = Self.handBuiltLinks(inTemplate: text, sections: sections)
        }
        Self.expectNone(found.filter { !$0.value.isEmpty })
    }

    @Test("Код страниц не собирает ссылок на страницы сайта вручную")
    func swiftBuildsNoLinksByHand() async throws {
        let sections = try await Self.topSections()
        let root = packageRoot + "Sources/NastavnikApp/"
        let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Core/Routing/") && !$0.contains("API") }
        var found: [String: [String]] = [:]
        for file in files {
            found[file] = Self.handBuiltLinks(inSwift: try String(contentsOfFile: root + file, encoding: .utf8), sections: sections)
        }
        Self.expectNone(found.filter { !$0.value.isEmpty })
    }

    @Test("Проверка видит ссылку, собранную вручную: литерал, вставку перед разделом и приписку к пути")
    func scanSeesHandBuiltLinks() async throws {
        let sections = try await Self.topSections()
        let swift: [String] = [
            ##"req.redirect(to: "/notifications")"##,
            ##"link: "/orgs/\(organizationID)/cases""##,
            ##"let link = site + "/invitations/" + token"##,
            ##"lines.append("Все уведомления: \(site)/notifications")"##,
            ##"let edit = basePath + "/edit""##,
            ##"let edit = "\(card.basePath)/edit""##,
        ]
        for line in swift {
            #expect(!Self.handBuiltLinks(inSwift: line, sections: sections).isEmpty, "не замечена ссылка: \(line)")
        }
        let templates: [String] = [
            ##"<a href="/notifications/settings">"##,
            ##"<form action="/orgs/#(content.organizationID)/programs">"##,
            ##"<a class="button" href="#(content.basePath)/edit">"##,
            ##"<form method="post" action="#(content.cardPath)/consents/#(consent.id)/withdraw">"##,
        ]
        for line in templates {
            #expect(!Self.handBuiltLinks(inTemplate: line, sections: sections).isEmpty, "не замечена ссылка: \(line)")
        }
        // A link from the table, a whole value, a file path and an anchor are not hand-built links.
        let fine: [String] = [
            ##"req.redirect(to: SiteRoute.Notifications.index.path())"##,
            ##""\(path) — папка. Укажите имя файла копии, например \(path)/nastavnik-копия.sqlite.""##,
            ##"SiteRoute.Home.index.path() + "#organizations""##,
        ]
        for line in fine {
            #expect(Self.handBuiltLinks(inSwift: line, sections: sections).isEmpty, "\(line)")
        }
        #expect(Self.handBuiltLinks(inTemplate: ##"<a href="#(content.links.edit)">"##, sections: sections).isEmpty)
        #expect(Self.handBuiltLinks(inTemplate: ##"<a href="#path("notifications.settings")">"##, sections: sections).isEmpty)
    }

    // MARK: - Helpers

    /// A link of the site's pages written in a template by hand: a literal path of one of the
    /// site's sections, or a value with more path appended (`href="#(content.basePath)/edit"`).
    static func handBuiltLinks(inTemplate text: String, sections: Set<String>) -> [String] {
        var found: [String] = []
        for match in text.matches(of: /(?:href|action|formaction|src)="\/([a-z][a-z0-9-]*)/) where sections.contains(String(match.1)) {
            found.append(String(match.0))
        }
        for match in text.matches(of: /(?:href|action|formaction|src)="#\([^)]*\)\//) {
            found.append(String(match.0))
        }
        return found
    }

    /// A link of the site's pages written in Swift by hand: a literal path of one of the site's
    /// sections (`"/orgs/\(id)"`), a section's path after an interpolated value (`"\(site)/notifications"`),
    /// or a path-looking value with more appended (`basePath + "/edit"`, `"\(basePath)/edit"`).
    static func handBuiltLinks(inSwift text: String, sections: Set<String>) -> [String] {
        var found: [String] = []
        for match in text.matches(of: /"\/([a-z][a-z0-9-]*)(?:\/|"|\\\(|\?|#)/) where sections.contains(String(match.1)) {
            found.append(String(match.0))
        }
        for match in text.matches(of: /\\\([^()"]*\)\/([a-z][a-z0-9-]*)/) where sections.contains(String(match.1)) {
            found.append(String(match.0))
        }
        for match in text.matches(of: /[A-Za-z_][A-Za-z0-9_.]*(?:Path|Link|link|href|Href|URL)\)?\s*\+\s*"[\/?]/) {
            found.append(String(match.0))
        }
        for match in text.matches(of: /\\\([A-Za-z_][A-Za-z0-9_.]*(?:Path|Link|link|href|Href|URL)\)[\/?]/) {
            found.append(String(match.0))
        }
        return found
    }

    private static func expectNone(_ found: [String: [String]]) {
        #expect(found.isEmpty, "ссылки собраны вручную — возьмите их из SiteRoute (SiteRoute.….path(…) или #path в шаблоне): \(found.sorted { $0.key < $1.key })")
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
