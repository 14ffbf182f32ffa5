import Fluent
import Vapor

/// The organization's audit log, newest first, for its administration.
struct AuditLogController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Home.audit, use: index)
    }

    struct AuditPage: Encodable {
        struct Row: Encodable {
            let at: Date
            let actor: String
            let action: String
            let object: String?
            let details: String?
            let ip: String?
        }
        struct Option: Encodable { let value: String; let title: String; let selected: Bool }
        let rows: [Row]
        let actions: [Option]
        let pagination: Pagination
    }

    /// GET /orgs/:organizationID/audit?action=&page=
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .readAuditLog)
        let organizationID = try organization.requireID()
        let action = req.query[String.self, at: "action"].flatMap(AuditAction.init(rawValue:))
        let page = try await AuditLogQuery.page(organizationID: organizationID, action: action, request: req)
        let rows = page.entries.map {
            AuditPage.Row(at: $0.at, actor: $0.actorName, action: AuditAction.russianName(of: $0.action),
                          object: AuditObjectNames.name($0.objectType), details: $0.details, ip: AuditObjectNames.address($0.ip))
        }
        return try await req.page(
            "audit/index", title: "Журнал аудита",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Журнал аудита")],
            organization: organization,
            content: AuditPage(
                rows: rows,
                actions: AuditAction.allCases.map { .init(value: $0.rawValue, title: $0.russianName, selected: $0 == action) },
                pagination: page.pagination
            )
        )
    }
}

/// The audit log query, shared by the page and the API.
enum AuditLogQuery {
    static func page(organizationID: UUID, action: AuditAction?, request: Request) async throws -> (entries: [AuditEntry], pagination: Pagination) {
        func query() -> QueryBuilder<AuditEntry> {
            var q = AuditEntry.query(on: request.db).filter(\.$organizationID == organizationID)
            if let action { q = q.filter(\.$action == action.rawValue) }
            return q
        }
        let total = try await query().count()
        let pagination = Pagination(request: request, total: total, baseQuery: ["action": action?.rawValue ?? ""])
        let entries = try await query().sort(\.$at, .descending)
            .range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        return (entries, pagination)
    }
}
