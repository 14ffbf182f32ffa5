import Fluent
import Vapor

/// `/api/v1/me/children`: what «Мои дети» shows, for a legal representative's own app — the
/// linked children, their consents and the pairs proposed to them. Answers for the child are
/// given on the page; this is read-only.
struct MyChildrenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let signedIn = routes.grouped(RequireAPIPrincipal())
        signedIn.get("me", "children", use: index)
        for kind in BaseKind.allCases {
            let consents = signedIn.grouped("me", "children", PathComponent(stringLiteral: kind.pathComponent),
                                            PathComponent(stringLiteral: ":" + kind.idParameter), "consents")
            consents.post(use: { try await give(req: $0, kind: kind) })
            consents.post(":consentID", "withdraw", use: { try await withdraw(req: $0, kind: kind) })
        }
    }

    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: "/api/v1/me/children",
              summary: "Дети законного представителя: их согласия и предложенные им пары (только связанные с ним дети)",
              tag: "Учётные записи", requiresAuth: true, parameters: [], responseSchema: OpenAPIDocument.ref("ChildList")),
    ] + BaseKind.allCases.flatMap { kind -> [OpenAPIDocument.Operation] in
        let child = OpenAPIDocument.uuidPathParameter(kind.idParameter, kind == .mentee ? "Ребёнок — наставляемый" : "Ребёнок — наставник (ученик-наставник)")
        let base = "/api/v1/me/children/\(kind.pathComponent)/{\(kind.idParameter)}/consents"
        return [
            .init(method: .POST, path: base,
                  summary: "Законный представитель даёт согласие за ребёнка: текст (его SHA-256 из списка детей), время и учётная запись сохраняются",
                  tag: "Учётные записи", requiresAuth: true, parameters: [child], responseSchema: OpenAPIDocument.ref("GivenConsent"),
                  requestSchema: OpenAPIDocument.ref("GuardianConsentInput"), successStatus: 201),
            .init(method: .POST, path: base + "/{consentID}/withdraw",
                  summary: "Законный представитель отзывает согласие; отзыв согласия на обработку выводит ребёнка из программы",
                  tag: "Учётные записи", requiresAuth: true,
                  parameters: [child, OpenAPIDocument.uuidPathParameter("consentID", "Действующее согласие ребёнка")],
                  responseSchema: OpenAPIDocument.ref("ConsentWithdrawalResult"), mayConflict: true),
        ]
    } }

    static var schemas: [String: Any] { [
        "ChildConsent": ["type": "object", "required": ["purpose", "purposeName", "valid", "text", "textHash"], "properties": [
            "purpose": ["type": "string", "enum": ConsentPurpose.allCases.map(\.rawValue)],
            "purposeName": ["type": "string", "description": "Название согласия по-русски"],
            "valid": ["type": "boolean", "description": "Согласие действует"],
            "consentID": ["type": "string", "format": "uuid", "description": "Действующее согласие, которое можно отозвать"],
            "givenOn": ["type": "string", "format": "date"], "signedBy": ["type": "string", "description": "Кто подписал"],
            "givenAt": ["type": "string", "format": "date-time", "description": "Дано в личном кабинете законного представителя; нет у бумажного согласия, внесённого куратором"],
            "text": ["type": "string", "description": "Точный текст: данного в кабинете согласия или того, которое можно дать"],
            "textHash": ["type": "string", "description": "SHA-256 текста"],
        ]],
        "ChildProgram": ["type": "object", "required": ["name", "organization", "startsOn", "endsOn", "stage", "place"], "properties": [
            "programID": ["type": "string", "format": "uuid"], "name": ["type": "string"], "organization": ["type": "string"],
            "startsOn": ["type": "string", "format": "date"], "endsOn": ["type": "string", "format": "date"],
            "stage": ["type": "integer", "enum": ProgramStage.allCases.map(\.rawValue), "description": "Этап программы, 1–7"],
            "place": ["type": "string", "enum": GuardianChildPrograms.Place.allCases.map(\.rawValue), "description": "Где ребёнок в программе"],
        ]],
        "ChildProposal": ["type": "object",
                          "required": ["memberID", "side", "program", "status", "mentor", "mentorDetail", "partner", "menteeAnswer", "mentorAnswer",
                                       "childAgreed", "mayAnswer"],
                          "properties": [
            "memberID": ["type": "string", "format": "uuid"],
            "side": ["type": "string", "enum": PairingAnswers.Side.allCases.map(\.rawValue), "description": "Сторона ребёнка в паре: наставляемый или наставник (ученик-наставник)"],
            "programID": ["type": "string", "format": "uuid"], "program": ["type": "string"],
            "scheme": ["type": "string", "enum": PairingScheme.allCases.map(\.rawValue)],
            "status": ["type": "string", "enum": MyChildrenController.Page.ProposalStatus.allCases.map(\.rawValue),
                       "description": "waitingForChild — согласие представителя записано, ребёнку 14–17 лет нужно и его собственное"],
            "mentor": ["type": "string"], "mentorDetail": ["type": "string"],
            "partner": ["type": "string", "description": "Вторая сторона пары"],
            "menteeAnswer": ["type": "string", "enum": PairingAnswer.allCases.map(\.rawValue)],
            "mentorAnswer": ["type": "string", "enum": PairingAnswer.allCases.map(\.rawValue)],
            "childAgreed": ["type": "boolean", "description": "Ребёнок согласился сам и ждёт согласия законного представителя"],
            "mayAnswer": ["type": "boolean", "description": "Предложение ждёт ответа законного представителя"],
        ]],
        "Child": ["type": "object", "required": ["id", "kind", "fullName", "className", "organization", "agreement", "consents", "proposals", "programs"],
                  "properties": [
            "id": ["type": "string", "format": "uuid"],
            "kind": ["type": "string", "enum": BaseKind.allCases.map(\.rawValue), "description": "mentor — ребёнок в базе наставников (ученик-наставник)"],
            "fullName": ["type": "string"], "className": ["type": "string", "description": "Класс (наставляемый) или должность (ученик-наставник)"],
            "organization": ["type": "string"],
            "agreement": ["type": "string", "enum": AgreementRule.Parties.allCases.map(\.rawValue), "description": "Кто соглашается на пару для этого ребёнка"],
            "consents": ["type": "array", "items": OpenAPIDocument.ref("ChildConsent")],
            "proposals": ["type": "array", "items": OpenAPIDocument.ref("ChildProposal")],
            "programs": ["type": "array", "items": OpenAPIDocument.ref("ChildProgram")],
        ]],
        "GuardianConsentInput": ["type": "object", "required": ["purpose", "textHash", "confirm"], "properties": [
            "purpose": ["type": "string", "enum": ConsentPurpose.allCases.map(\.rawValue)],
            "textHash": ["type": "string", "description": "SHA-256 текста согласия, который прочитал представитель (поле textHash в списке детей)"],
            "confirm": ["type": "boolean", "description": "Представитель прочитал текст и согласен"],
        ]],
        "GivenConsent": ["type": "object", "required": ["id", "purpose", "givenAt", "textVersion", "textHash"], "properties": [
            "id": ["type": "string", "format": "uuid"], "purpose": ["type": "string"], "givenAt": ["type": "string", "format": "date-time"],
            "textVersion": ["type": "string"], "textHash": ["type": "string"],
        ]],
        "ConsentWithdrawalResult": ["type": "object", "required": ["withdrawn", "removed"], "properties": [
            "withdrawn": ["type": "boolean", "description": "Всегда true; согласие, уже отозванное раньше, — ответ 409"],
            "removed": ["type": "array", "items": ["type": "string"], "description": "Что удалено после отзыва"],
        ]],
        "ChildList": ["type": "object", "required": ["items"], "properties": [
            "items": ["type": "array", "items": OpenAPIDocument.ref("Child")],
        ]],
    ] }

    struct ChildList: Content { let items: [Child] }

    /// GET /api/v1/me/children — an empty list for anyone who represents no child.
    @Sendable func index(req: Request) async throws -> ChildList {
        let principal = try req.requirePrincipal()
        return ChildList(items: try await MyChildrenController.page(for: principal.userID, on: req.db).children.map(Child.init))
    }

    struct ConsentInput: Content {
        var purpose: String?
        var textHash: String?
        var confirm: Bool?
    }

    struct GivenConsent: Content {
        let id: UUID
        let purpose: String
        let givenAt: Date
        let textVersion: String
        let textHash: String
    }

    struct WithdrawalResult: Content {
        let withdrawn: Bool
        let removed: [String]
    }

    /// POST /api/v1/me/children/{mentees|mentors}/:childID/consents — the same rule as the page (`GuardianConsents.give`).
    func give(req: Request, kind: BaseKind) async throws -> Response {
        let principal = try req.requirePrincipal()
        let childID = req.parameters.get(kind.idParameter, as: UUID.self)
        _ = try await GuardianConsents.Child.load(kind: kind, id: childID, representative: principal.userID, on: req.db)
        let input = try req.content.decode(ConsentInput.self)
        guard let purpose = input.purpose.flatMap(ConsentPurpose.init(rawValue:)) else {
            throw AppError.validation(["purpose": "Укажите согласие: " + ConsentPurpose.allCases.map(\.rawValue).joined(separator: ", ") + "."])
        }
        guard input.confirm == true else { throw AppError.validation(["confirm": GuardianConsents.Problem.notConfirmed.russianMessage]) }
        let record = try await GuardianConsents.give(purpose, textHash: input.textHash ?? "", kind: kind, childID: childID!, by: principal, on: req.db)
        return try await GivenConsent(id: record.requireID(), purpose: purpose.rawValue, givenAt: record.givenAt ?? Date(),
                                      textVersion: record.textVersion, textHash: record.textHash ?? "").encodeResponse(status: .created, for: req)
    }

    /// POST /api/v1/me/children/{mentees|mentors}/:childID/consents/:consentID/withdraw
    func withdraw(req: Request, kind: BaseKind) async throws -> Response {
        let principal = try req.requirePrincipal()
        let childID = try req.parameters.require(kind.idParameter, as: UUID.self)
        // Withdrawn already (a second request, or the curator at the same moment): 409, nothing done twice.
        guard let (_, removed) = try await GuardianConsents.withdraw(consentID: req.parameters.get("consentID", as: UUID.self), kind: kind,
                                                                    childID: childID, by: principal, on: req.db) else {
            throw AppError.conflict(Consents.alreadyWithdrawn)
        }
        return try await WithdrawalResult(withdrawn: true, removed: removed).encodeResponse(for: req)
    }
}
