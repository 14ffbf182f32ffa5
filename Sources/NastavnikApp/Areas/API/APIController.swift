import Fluent
import SQLKit
import Vapor

/// `/api/v1`: health, the OpenAPI document, the caller and the organizations they may see.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("health", use: health)
        routes.get("openapi.json", use: openAPI)
        let authed = routes.grouped(RequireAPIPrincipal())
        authed.get("me", use: me)
        authed.get("organizations", use: organizations)
        authed.get("organizations", ":organizationID", use: organization)
        authed.get("organizations", ":organizationID", "audit", use: audit)
    }

    /// Every operation above; `APIAreas` gathers them with the other areas'.
    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: "/api/v1/health", summary: "Состояние сервера и базы данных", tag: "Служебное",
              requiresAuth: false, parameters: [], responseSchema: OpenAPIDocument.ref("Health"), mayBeUnavailable: true),
        .init(method: .GET, path: "/api/v1/openapi.json", summary: "Этот документ OpenAPI", tag: "Служебное",
              requiresAuth: false, parameters: [], responseSchema: ["type": "object"]),
        .init(method: .GET, path: "/api/v1/me", summary: "Кто я: владелец токена и его роли", tag: "Учётные записи",
              requiresAuth: true, parameters: [], responseSchema: OpenAPIDocument.ref("Me")),
        .init(method: .GET, path: "/api/v1/organizations", summary: "Организации, доступные владельцу токена", tag: "Организации",
              requiresAuth: true, parameters: [OpenAPIDocument.pageParameter], responseSchema: OpenAPIDocument.ref("OrganizationList")),
        .init(method: .GET, path: "/api/v1/organizations/{organizationID}", summary: "Организация", tag: "Организации",
              requiresAuth: true, parameters: [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")],
              responseSchema: OpenAPIDocument.ref("Organization")),
        .init(method: .GET, path: "/api/v1/organizations/{organizationID}/audit", summary: "Журнал аудита организации (администрация)",
              tag: "Организации", requiresAuth: true,
              parameters: [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации"), OpenAPIDocument.pageParameter],
              responseSchema: OpenAPIDocument.ref("AuditPage")),
    ] }

    static var schemas: [String: Any] { [
        "Health": ["type": "object", "required": ["status", "database"], "properties": [
            "status": ["type": "string"], "database": ["type": "string"], "version": ["type": "string"],
            "problems": ["type": "array", "items": ["type": "string"], "description": "Почему сервер отвечает 503: база не отвечает, на диске мало места"],
        ]],
        "Grant": ["type": "object", "required": ["role"], "properties": [
            "role": ["type": "string", "enum": Role.allCases.map(\.rawValue)],
            "organizationID": ["type": ["string", "null"], "format": "uuid"],
            "municipalityID": ["type": ["string", "null"], "format": "uuid"],
            "regionID": ["type": ["string", "null"], "format": "uuid"],
        ]],
        "Me": ["type": "object", "required": ["id", "fullName", "isPlatformAdmin", "roles"], "properties": [
            "id": ["type": "string", "format": "uuid"], "fullName": ["type": "string"],
            "isPlatformAdmin": ["type": "boolean"], "roles": ["type": "array", "items": OpenAPIDocument.ref("Grant")],
        ]],
        "Organization": ["type": "object", "required": ["id", "name", "shortName", "kind", "municipalityID", "regionID"], "properties": [
            "id": ["type": "string", "format": "uuid"], "name": ["type": "string"], "shortName": ["type": "string"],
            "kind": ["type": "string", "enum": OrganizationKind.allCases.map(\.rawValue)],
            "municipalityID": ["type": "string", "format": "uuid"], "regionID": ["type": "string", "format": "uuid"],
            "inn": ["type": ["string", "null"]], "address": ["type": ["string", "null"]],
        ]],
        "PageInfo": ["type": "object", "required": ["page", "perPage", "total"], "properties": [
            "page": ["type": "integer"], "perPage": ["type": "integer"], "total": ["type": "integer"],
        ]],
        "OrganizationList": ["type": "object", "required": ["items", "page"], "properties": [
            "items": ["type": "array", "items": OpenAPIDocument.ref("Organization")], "page": OpenAPIDocument.ref("PageInfo"),
        ]],
        "AuditEntry": ["type": "object", "required": ["at", "actor", "action"], "properties": [
            "at": ["type": "string", "format": "date-time"], "actor": ["type": "string"], "action": ["type": "string"],
            "objectType": ["type": ["string", "null"]], "objectID": ["type": ["string", "null"]], "details": ["type": ["string", "null"]],
        ]],
        "AuditPage": ["type": "object", "required": ["items", "page"], "properties": [
            "items": ["type": "array", "items": OpenAPIDocument.ref("AuditEntry")], "page": OpenAPIDocument.ref("PageInfo"),
        ]],
    ] }

    struct Health: Content { let status: String; let database: String; let version: String; var problems: [String]? = nil }
    struct PageInfo: Content { let page: Int; let perPage: Int; let total: Int }
    struct GrantDTO: Content { let role: Role; let organizationID: UUID?; let municipalityID: UUID?; let regionID: UUID? }
    struct MeDTO: Content { let id: UUID; let fullName: String; let isPlatformAdmin: Bool; let roles: [GrantDTO] }
    struct OrganizationDTO: Content {
        let id: UUID; let name: String; let shortName: String; let kind: OrganizationKind
        let municipalityID: UUID; let regionID: UUID; let inn: String?; let address: String?

        init(_ organization: Organization) throws {
            id = try organization.requireID(); name = organization.name; shortName = organization.shortName
            kind = organization.kind; municipalityID = organization.$municipality.id; regionID = organization.regionID
            inn = organization.inn; address = organization.address
        }
    }
    struct OrganizationList: Content { let items: [OrganizationDTO]; let page: PageInfo }
    struct AuditEntryDTO: Content { let at: Date; let actor: String; let action: String; let objectType: String?; let objectID: String?; let details: String? }
    struct AuditPageDTO: Content { let items: [AuditEntryDTO]; let page: PageInfo }

    static let version = "0.1.0"

    /// GET /api/v1/health — proves the database answers and the data folder's disk has room;
    /// 503 with the reasons otherwise, so a monitor or a load balancer notices.
    @Sendable func health(req: Request) async throws -> Response {
        let problems = await ServerHealth.problems(req)
        let databaseDown = problems.contains { $0.hasPrefix("База данных") }
        let body = Health(status: problems.isEmpty ? "ok" : "degraded", database: databaseDown ? "unavailable" : "ok", version: Self.version,
                          problems: problems.isEmpty ? nil : problems)
        let response = Response(status: problems.isEmpty ? .ok : .serviceUnavailable)
        try response.content.encode(body, as: .json)
        return response
    }

    /// GET /api/v1/openapi.json
    @Sendable func openAPI(req: Request) async throws -> Response {
        let data = try OpenAPIDocument.json(operations: APIAreas.operations, schemas: APIAreas.schemas)
        var headers = HTTPHeaders()
        headers.contentType = .json
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// GET /api/v1/me
    @Sendable func me(req: Request) async throws -> MeDTO {
        let principal = try req.requirePrincipal()
        return MeDTO(id: principal.userID, fullName: principal.fullName, isPlatformAdmin: principal.isPlatformAdmin,
                     roles: principal.grants.map { .init(role: $0.role, organizationID: $0.organizationID, municipalityID: $0.municipalityID, regionID: $0.regionID) })
    }

    /// GET /api/v1/organizations?page=
    @Sendable func organizations(req: Request) async throws -> OrganizationList {
        let principal = try req.requirePrincipal()
        func query() -> QueryBuilder<Organization> {
            let q = Organization.query(on: req.db)
            if principal.isPlatformAdmin { return q }
            let territory = AccessPolicy.coordinatedTerritory(of: principal)
            return q.group(.or) { territory.organizations($0.filter(\.$id ~~ principal.organizationIDs)) }
        }
        let total = try await query().count()
        let pagination = Pagination(request: req, total: total)
        let items = try await query().sort(\.$name).range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        return OrganizationList(items: try items.map(OrganizationDTO.init),
                                page: PageInfo(page: pagination.page, perPage: pagination.perPage, total: total))
    }

    /// GET /api/v1/organizations/:organizationID
    @Sendable func organization(req: Request) async throws -> OrganizationDTO {
        try OrganizationDTO(try await req.authorizedOrganization(for: .viewOrganization))
    }

    /// GET /api/v1/organizations/:organizationID/audit?page=
    @Sendable func audit(req: Request) async throws -> AuditPageDTO {
        let organization = try await req.authorizedOrganization(for: .readAuditLog)
        let page = try await AuditLogQuery.page(organizationID: try organization.requireID(), action: nil, request: req)
        return AuditPageDTO(
            items: page.entries.map { .init(at: $0.at, actor: $0.actorName, action: $0.action, objectType: $0.objectType, objectID: $0.objectID, details: $0.details) },
            page: PageInfo(page: page.pagination.page, perPage: page.pagination.perPage, total: page.pagination.total)
        )
    }
}
