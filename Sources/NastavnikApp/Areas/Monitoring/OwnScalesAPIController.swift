import Fluent
import Vapor

/// `/api/v1/organizations/:organizationID/scales`: what the organization measures on entry and exit —
/// the built-in parameters and its own scales, with the codes `POST …/measurements` takes — and
/// adding an own scale, over `OwnScales` as the «Свои шкалы измерений» page.
struct OwnScalesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let scales = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "scales")
        scales.get(use: list)
        scales.post(use: add)
        scales.delete(":scaleID", use: remove)
    }

    struct ScaleDTO: Content {
        /// The key of `values` in `POST …/measurements`.
        let code: String
        let name: String
        let minimum: Double
        let maximum: Double
        let higherIsBetter: Bool
        let forMentees: Bool
        let forMentors: Bool
        let isOwn: Bool
    }

    struct ScaleList: Content { let items: [ScaleDTO] }

    struct ScaleInput: Content {
        var name: String?
        var unit: String?
        var minimum: Double?
        var maximum: Double?
        var higherIsBetter: Bool?
        /// mentees, mentors or both.
        var whom: String?
    }

    /// GET …/scales
    @Sendable func list(req: Request) async throws -> ScaleList {
        let organization = try await req.authorizedOrganization(for: .measureImpact)
        return ScaleList(items: try await MeasureScale.all(of: organization.requireID(), on: req.db).map(Self.dto))
    }

    /// POST …/scales — 201 with the new scale; a name the organization already has is 409.
    @Sendable func add(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .measureImpact)
        let input = try req.content.decode(ScaleInput.self)
        // The page's fields, so the same checks and messages apply.
        let values: [String: String] = [
            "name": input.name ?? "", "unit": input.unit ?? "", "minimum": input.minimum.map { String($0) } ?? "",
            "maximum": input.maximum.map { String($0) } ?? "", "direction": input.higherIsBetter == false ? "lower" : "higher", "whom": input.whom ?? "",
        ]
        let scale = try OwnScales.read(values, organizationID: organization.requireID())
        try await OwnScales.create(scale, by: req.auditActor, on: req.db)
        return try await Self.dto(MeasureScale(scale)).encodeResponse(status: .created, for: req)
    }

    /// DELETE …/scales/:scaleID — the organization's own scale and every value measured on it, as the
    /// page's «Удалить»; 200 with what remains. A built-in parameter or another organization's scale is 404.
    @Sendable func remove(req: Request) async throws -> ScaleList {
        let organization = try await req.authorizedOrganization(for: .measureImpact)
        let organizationID = try organization.requireID()
        let scale = try await OwnScales.own(req.parameters.get("scaleID", as: UUID.self), organizationID: organizationID, on: req.db)
        try await OwnScales.delete(scale, by: req.auditActor, on: req.db)
        return ScaleList(items: try await MeasureScale.all(of: organizationID, on: req.db).map(Self.dto))
    }

    static func dto(_ scale: MeasureScale) -> ScaleDTO {
        ScaleDTO(code: scale.code, name: scale.name, minimum: scale.range.lowerBound, maximum: scale.range.upperBound,
                 higherIsBetter: scale.higherIsBetter, forMentees: scale.forMentees, forMentors: scale.forMentors, isOwn: scale.isOwn)
    }

    static var operations: [OpenAPIDocument.Operation] {
        let path = "/api/v1/organizations/{organizationID}/scales"
        let organization = OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")
        return [
            .init(method: .GET, path: path, summary: "Что измеряется на входе и на выходе: встроенные параметры и свои шкалы организации с их кодами",
                  tag: "Мониторинг", requiresAuth: true, parameters: [organization], responseSchema: OpenAPIDocument.ref("ScaleList")),
            .init(method: .POST, path: path, summary: "Добавить свою шкалу измерений (куратор, психолог, администрация); то же название — 409",
                  tag: "Мониторинг", requiresAuth: true, parameters: [organization], responseSchema: OpenAPIDocument.ref("Scale"),
                  requestSchema: OpenAPIDocument.ref("ScaleInput"), successStatus: 201, mayConflict: true),
            .init(method: .DELETE, path: path + "/{scaleID}",
                  summary: "Удалить свою шкалу организации вместе со всеми её значениями; встроенный параметр или чужая шкала — 404",
                  tag: "Мониторинг", requiresAuth: true,
                  parameters: [organization, OpenAPIDocument.uuidPathParameter("scaleID", "Своя шкала: идентификатор из кода scale-<id>")],
                  responseSchema: OpenAPIDocument.ref("ScaleList")),
        ]
    }

    static var schemas: [String: Any] {
        let boolean: [String: Any] = ["type": "boolean"]
        let number: [String: Any] = ["type": "number"]
        return [
            "Scale": ["type": "object", "required": ["code", "name", "minimum", "maximum", "higherIsBetter", "forMentees", "forMentors", "isOwn"], "properties": [
                "code": ["type": "string", "description": "Ключ в values измерения: встроенный параметр или scale-<id>"],
                "name": ["type": "string"], "minimum": number, "maximum": number, "higherIsBetter": boolean,
                "forMentees": boolean, "forMentors": boolean, "isOwn": ["type": "boolean", "description": "Своя шкала организации"],
            ]],
            "ScaleList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("Scale")]]],
            "ScaleInput": ["type": "object", "required": ["name", "minimum", "maximum", "whom"], "properties": [
                "name": ["type": "string", "maxLength": 120], "unit": ["type": "string", "maxLength": 40], "minimum": number, "maximum": number,
                "higherIsBetter": ["type": "boolean", "description": "По умолчанию true"],
                "whom": ["type": "string", "enum": ["mentees", "mentors", "both"]],
            ]],
        ]
    }
}
