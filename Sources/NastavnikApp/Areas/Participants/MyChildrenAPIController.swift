import Fluent
import Vapor

/// `/api/v1/me/children`: what «Мои дети» shows, for a legal representative's own app — the
/// linked children, their consents and the pairs proposed to them. Answers for the child are
/// given on the page; this is read-only.
struct MyChildrenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.grouped(RequireAPIPrincipal()).get("me", "children", use: index)
    }

    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: "/api/v1/me/children",
              summary: "Дети законного представителя: их согласия и предложенные им пары (только связанные с ним дети)",
              tag: "Учётные записи", requiresAuth: true, parameters: [], responseSchema: OpenAPIDocument.ref("ChildList")),
    ] }

    static var schemas: [String: Any] { [
        "ChildConsent": ["type": "object", "required": ["purpose", "state", "valid"], "properties": [
            "purpose": ["type": "string"], "state": ["type": "string"], "valid": ["type": "boolean"],
            "code": ["type": "string", "enum": ConsentPurpose.allCases.map(\.rawValue)],
            "consentID": ["type": ["string", "null"], "format": "uuid", "description": "Действующее согласие, которое можно отозвать"],
            "source": ["type": "string", "description": "Как дано: в личном кабинете законного представителя (время) или на бумаге"],
            "text": ["type": "string", "description": "Точный текст: данного в кабинете согласия или того, которое можно дать"],
            "textHash": ["type": "string", "description": "SHA-256 текста"],
        ]],
        "ChildProgram": ["type": "object", "required": ["name", "organization", "period", "stage", "childPlace"], "properties": [
            "name": ["type": "string"], "organization": ["type": "string"], "period": ["type": "string"], "stage": ["type": "string"],
            "childPlace": ["type": "string", "description": "Где ребёнок в программе: в паре, ждёт подбора, отобран наставником"],
        ]],
        "ChildProposal": ["type": "object",
                          "required": ["memberID", "mentor", "mentorDetail", "program", "scheme", "statusName", "menteeAnswer", "mentorAnswer",
                                       "childAgreed", "mayAnswer"],
                          "properties": [
            "memberID": ["type": "string", "format": "uuid"], "mentor": ["type": "string"], "mentorDetail": ["type": "string"],
            "program": ["type": "string"], "scheme": ["type": "string"], "statusName": ["type": "string"],
            "menteeAnswer": ["type": "string"], "mentorAnswer": ["type": "string"],
            "childAgreed": ["type": "boolean", "description": "Ребёнок согласился сам и ждёт согласия законного представителя"],
            "mayAnswer": ["type": "boolean", "description": "Предложение ждёт ответа законного представителя"],
            "side": ["type": "string", "enum": ["mentee", "mentor"], "description": "Сторона ребёнка в паре: наставляемый или наставник (ученик-наставник)"],
            "partner": ["type": "string", "description": "Вторая сторона пары"],
            "partnerRole": ["type": "string"],
        ]],
        "Child": ["type": "object", "required": ["id", "fullName", "className", "organization", "consents", "proposals"], "properties": [
            "id": ["type": "string", "format": "uuid"], "fullName": ["type": "string"], "className": ["type": "string"],
            "organization": ["type": "string"],
            "consents": ["type": "array", "items": OpenAPIDocument.ref("ChildConsent")],
            "proposals": ["type": "array", "items": OpenAPIDocument.ref("ChildProposal")],
            "kind": ["type": "string", "enum": ["mentees", "mentors"]],
            "agreement": ["type": "string", "description": "Кто соглашается на пару для этого ребёнка"],
            "programs": ["type": "array", "items": OpenAPIDocument.ref("ChildProgram")],
        ]],
        "ChildList": ["type": "object", "required": ["items"], "properties": [
            "items": ["type": "array", "items": OpenAPIDocument.ref("Child")],
        ]],
    ] }

    struct ChildList: Encodable { let items: [MyChildrenController.Page.Child] }

    /// GET /api/v1/me/children — an empty list for anyone who represents no child.
    @Sendable func index(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let response = Response(status: .ok)
        try response.content.encode(ChildList(items: try await MyChildrenController.page(for: principal.userID, on: req.db).children), as: .json)
        return response
    }
}
