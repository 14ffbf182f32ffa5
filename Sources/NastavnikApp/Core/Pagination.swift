import Vapor

/// Page numbers from `?page=` and the links a list shows under it.
struct Pagination: Encodable, Sendable {
    static let defaultPerPage = 50

    let page: Int
    let perPage: Int
    let total: Int
    let pages: Int
    let previousHref: String?
    let nextHref: String?

    var offset: Int { (page - 1) * perPage }

    /// `baseQuery` holds the list's other parameters (filters) so the links keep them. A page with
    /// two lists pages the second by its own `parameter`, and `anchor` brings the reader back to it.
    /// `path` is the page's own address when the page may be drawn in answer to a POST (a refused
    /// form), whose address has no GET.
    init(request: Request, total: Int, perPage: Int = Pagination.defaultPerPage, baseQuery: [String: String] = [:],
         parameter: String = "page", anchor: String? = nil, path: String? = nil) {
        let requested = max(1, request.query[Int.self, at: parameter] ?? 1)
        let pages = max(1, (total + perPage - 1) / perPage)
        self.page = min(requested, pages)
        self.perPage = perPage
        self.total = total
        self.pages = pages
        let path = path ?? request.url.path
        func link(_ page: Int) -> String {
            var items = baseQuery.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            items.append(URLQueryItem(name: parameter, value: String(page)))
            var components = URLComponents()
            components.path = path
            components.queryItems = items
            components.fragment = anchor
            return components.string ?? path
        }
        self.previousHref = self.page > 1 ? link(self.page - 1) : nil
        self.nextHref = self.page < pages ? link(self.page + 1) : nil
    }
}
