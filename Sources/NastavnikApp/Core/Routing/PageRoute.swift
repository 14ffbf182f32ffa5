import Foundation
import Vapor

/// A value that fills one `:parameter` of a page route's pattern.
protocol PathValue: Sendable {
    /// The value as one path segment, percent-encoded.
    var pathSegment: String { get }
}

extension UUID: PathValue {
    var pathSegment: String { uuidString }
}

extension Int: PathValue {
    var pathSegment: String { String(self) }
}

extension String: PathValue {
    var pathSegment: String { PageRoutePath.encodeSegment(self) }
}

/// What the Leaf tag, the tests and the route check need of a page route, whatever its values' types.
protocol AnyPageRoute: Sendable {
    /// A stable name, «area.page» («pairs.index»), by which templates ask for the link.
    var name: String { get }
    var method: HTTPMethod { get }
    /// The path with `:parameters`, as Vapor registers it: «/orgs/:organizationID/programs».
    var pattern: String { get }
    /// The parameters' names in the order the link takes their values.
    var parameterNames: [String] { get }
    /// The link with `values` (already strings) in the parameters' places; nil when their count is wrong.
    func path(segments values: [String]) -> String?
}

/// One browser route of the site: its name, method and pattern, with the types of the values its
/// `:parameters` take, in order. It registers the route (`routes.on(SiteRoute.Pairs.index, use: …)`)
/// and builds the link (`SiteRoute.Pairs.index.path(organizationID, programID)`), so a renamed path
/// cannot leave a link behind: the compiler checks the values a link is given, and the `#path` Leaf
/// tag builds templates' links from the same table (`SiteRoute.all`).
struct PageRoute<each Value: PathValue>: AnyPageRoute {
    let name: String
    let method: HTTPMethod
    let pattern: String
    let parameterNames: [String]

    /// `PageRoute("pairs.index", .GET, "/orgs/:organizationID/programs/:programID/pairs", UUID.self, UUID.self)`:
    /// one type per `:parameter`, in the pattern's order.
    init(_ name: String, _ method: HTTPMethod, _ pattern: String, _ types: repeat (each Value).Type) {
        self.name = name
        self.method = method
        self.pattern = pattern
        self.parameterNames = PageRoutePath.parameterNames(of: pattern)
        var count = 0
        for _ in repeat (each types) { count += 1 }
        precondition(count == parameterNames.count,
                     "Маршрут «\(name)»: в образце \(parameterNames.count) параметров, а типов значений \(count)")
    }

    /// The link: the pattern with `values` in place of its parameters, and `query` after «?» when given.
    func path(_ values: repeat each Value, query: KeyValuePairs<String, String> = [:]) -> String {
        var segments: [String] = []
        for value in repeat each values { segments.append(value.pathSegment) }
        return PageRoutePath.fill(pattern, with: segments) + PageRoutePath.query(query)
    }

    func path(segments values: [String]) -> String? {
        guard values.count == parameterNames.count else { return nil }
        return PageRoutePath.fill(pattern, with: values.map(PageRoutePath.encodeSegment))
    }

    var pathComponents: [PathComponent] { pattern.pathComponents }
}

/// The string work behind `PageRoute`: reading a pattern and filling it.
enum PageRoutePath {
    /// Characters a path segment keeps as they are (RFC 3986 `pchar` without «/»).
    private static let segmentAllowed: CharacterSet = {
        var set = CharacterSet.urlPathAllowed
        set.remove(charactersIn: "/;")
        return set
    }()

    private static let queryAllowed: CharacterSet = {
        var set = CharacterSet.urlQueryAllowed
        set.remove(charactersIn: "&=+#")
        return set
    }()

    static func encodeSegment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: segmentAllowed) ?? value
    }

    static func parameterNames(of pattern: String) -> [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// `values` are already encoded, one per parameter in order.
    static func fill(_ pattern: String, with values: [String]) -> String {
        var remaining = values[...]
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false).map { segment -> Substring in
            guard segment.hasPrefix(":"), let value = remaining.popFirst() else { return segment }
            return Substring(value)
        }
        return segments.joined(separator: "/")
    }

    static func query(_ items: KeyValuePairs<String, String>) -> String {
        guard !items.isEmpty else { return "" }
        let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? text }
        return "?" + items.map { encode($0.key) + "=" + encode($0.value) }.joined(separator: "&")
    }
}

extension Route {
    /// The name of the table entry this route was registered from; nil for a hand-registered route.
    var siteRouteName: String? {
        get { userInfo["siteRoute"] as? String }
        set { userInfo["siteRoute"] = newValue }
    }
}

extension RoutesBuilder {
    /// Registers `route` from the site's table, marked with its name so the tests can tell it from a
    /// hand-registered one.
    @discardableResult
    func on<each Value: PathValue, Answer: AsyncResponseEncodable & VaporSendableMetatype>(
        _ route: PageRoute<repeat each Value>, body: HTTPBodyStreamStrategy = .collect,
        use closure: @Sendable @escaping (Request) async throws -> Answer
    ) -> Route {
        let registered = on(route.method, route.pathComponents, body: body, use: closure)
        registered.siteRouteName = route.name
        return registered
    }
}
