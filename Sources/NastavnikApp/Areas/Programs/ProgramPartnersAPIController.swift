import Fluent
import Vapor

/// `/api/v1/organizations/:organizationID/programs/:programID/partners`: the program's partner
/// organizations on the platform, naming one and no longer naming it — over `ProgramPartners`, as
/// the program's «Партнёры» page.
struct ProgramPartnersAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let partners = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "programs", ":programID", "partners")
        partners.get(use: list)
        partners.post(use: add)
        partners.post("remove", use: remove)
    }

    struct PartnerDTO: Content {
        let id: UUID
        let name: String
        let kind: String
        let nominated: Int
        let selected: Int
        let inPairs: Int
    }

    struct PartnerList: Content {
        let items: [PartnerDTO]
        /// Partners the program's form names in free text (not on the platform).
        let freeText: [String]
    }

    struct PartnerInput: Content { var organizationID: UUID? }

    /// GET …/partners
    @Sendable func list(req: Request) async throws -> PartnerList {
        let (_, program) = try await req.authorizedProgram(for: .viewPrograms)
        return try await Self.list(program, on: req.db)
    }

    /// POST …/partners — names the organization; naming it again changes nothing.
    @Sendable func add(req: Request) async throws -> PartnerList {
        let (_, program) = try await req.authorizedProgram(for: .managePrograms)
        try await ProgramPartners.add(try req.content.decode(PartnerInput.self).organizationID, to: program, by: req.auditActor, on: req.db)
        return try await Self.list(program, on: req.db)
    }

    /// POST …/partners/remove — its nominations and their places in selection go; 409 while its mentors are in pairs.
    @Sendable func remove(req: Request) async throws -> PartnerList {
        let (_, program) = try await req.authorizedProgram(for: .managePrograms)
        try await ProgramPartners.remove(try req.content.decode(PartnerInput.self).organizationID, from: program, by: req.auditActor, on: req.db)
        return try await Self.list(program, on: req.db)
    }

    static func list(_ program: Program, on db: any Database) async throws -> PartnerList {
        PartnerList(items: try await ProgramPartners.summaries(of: program, on: db).map {
            PartnerDTO(id: $0.id, name: $0.name, kind: $0.kind, nominated: $0.nominated, selected: $0.selected, inPairs: $0.inPairs)
        }, freeText: program.partnerList)
    }

    static var operations: [OpenAPIDocument.Operation] {
        let parameters = [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации"),
                          OpenAPIDocument.uuidPathParameter("programID", "Идентификатор программы")]
        let base = "/api/v1/organizations/{organizationID}/programs/{programID}/partners"
        return [
            .init(method: .GET, path: base, summary: "Организации-партнёры программы на платформе: сколько наставников выдвинули, отобрано, в парах",
                  tag: "Программы", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("ProgramPartnerList")),
            .init(method: .POST, path: base, summary: "Назвать организацию партнёром программы (администрация, куратор); повтор ничего не меняет",
                  tag: "Программы", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("ProgramPartnerList"),
                  requestSchema: OpenAPIDocument.ref("ProgramPartnerInput")),
            .init(method: .POST, path: base + "/remove",
                  summary: "Исключить организацию из партнёров: её выдвижения и места в отборе уходят; 409, пока её наставники в парах программы",
                  tag: "Программы", requiresAuth: true, parameters: parameters, responseSchema: OpenAPIDocument.ref("ProgramPartnerList"),
                  requestSchema: OpenAPIDocument.ref("ProgramPartnerInput"), mayConflict: true),
        ]
    }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let integer: [String: Any] = ["type": "integer"]
        return [
            "ProgramPartner": ["type": "object", "required": ["id", "name", "kind", "nominated", "selected", "inPairs"], "properties": [
                "id": ["type": "string", "format": "uuid"], "name": string, "kind": ["type": "string", "description": "Тип организации по-русски"],
                "nominated": integer, "selected": integer, "inPairs": integer,
            ]],
            "ProgramPartnerList": ["type": "object", "required": ["items", "freeText"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("ProgramPartner")],
                "freeText": ["type": "array", "items": string, "description": "Партнёры, названные в программе текстом (не на платформе)"],
            ]],
            "ProgramPartnerInput": ["type": "object", "required": ["organizationID"], "properties": [
                "organizationID": ["type": "string", "format": "uuid", "description": "Организация-партнёр"],
            ]],
        ]
    }
}
