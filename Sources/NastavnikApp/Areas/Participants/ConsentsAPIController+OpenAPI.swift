/// The consents' part of the OpenAPI document.
extension ConsentsAPIController {
    static var operations: [OpenAPIDocument.Operation] {
        let organization = OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")
        return BaseKind.allCases.flatMap { kind -> [OpenAPIDocument.Operation] in
            let person = OpenAPIDocument.uuidPathParameter(kind.idParameter, kind == .mentee ? "Идентификатор наставляемого" : "Идентификатор наставника")
            let whose = kind == .mentee ? "наставляемого" : "наставника"
            let base = "/api/v1/organizations/{organizationID}/\(kind.pathComponent)/{\(kind.idParameter)}/consents"
            return [
                .init(method: .GET, path: base, summary: "Согласия \(whose), новые первыми (просмотр записывается в журнал)", tag: "Согласия",
                      requiresAuth: true, parameters: [organization, person], responseSchema: OpenAPIDocument.ref("BaseConsentList")),
                .init(method: .POST, path: base,
                      summary: "Внести подписанное на бумаге согласие \(whose); за несовершеннолетнего согласие на обработку даёт законный представитель",
                      tag: "Согласия", requiresAuth: true, parameters: [organization, person], responseSchema: OpenAPIDocument.ref("BaseConsent"),
                      requestSchema: OpenAPIDocument.ref("PaperConsentInput"), successStatus: 201),
                .init(method: .POST, path: base + "/{consentID}/withdraw",
                      summary: "Отозвать согласие \(whose); отзыв согласия на обработку выводит человека из программы и обезличивает его данные",
                      tag: "Согласия", requiresAuth: true,
                      parameters: [organization, person, OpenAPIDocument.uuidPathParameter("consentID", "Согласие этого человека")],
                      responseSchema: OpenAPIDocument.ref("ConsentWithdrawalResult"), mayConflict: true),
            ]
        }
    }

    static var schemas: [String: Any] {
        let nullableString: [String: Any] = ["type": ["string", "null"]]
        let nullableDateTime: [String: Any] = ["type": ["string", "null"], "format": "date-time"]
        return [
            "BaseConsent": ["type": "object",
                            // guardianRelation, givenAt and withdrawnAt are left out when empty, as every optional field of the API.
                            "required": ["id", "purpose", "purposeName", "givenOn", "givenByName", "givenByGuardian",
                                         "textVersion", "source", "active"],
                            "properties": [
                "id": ["type": "string", "format": "uuid"],
                "purpose": ["type": "string", "enum": ConsentPurpose.allCases.map(\.rawValue)],
                "purposeName": ["type": "string", "description": "На что дано согласие, по-русски"],
                "givenOn": ["type": "string", "description": "Дата подписания, ДД.ММ.ГГГГ"],
                "givenByName": ["type": "string", "description": "Кто подписал; после отзыва согласия на обработку — «обезличено»"],
                "givenByGuardian": ["type": "boolean", "description": "Подписал законный представитель"],
                "guardianRelation": nullableString,
                "textVersion": ["type": "string"],
                "source": ["type": "string", "enum": ["paper", "app"],
                           "description": "paper — внесено сотрудником с бумаги, app — дано законным представителем в личном кабинете"],
                "givenAt": nullableDateTime,
                "active": ["type": "boolean"],
                "withdrawnAt": nullableDateTime,
            ]],
            "BaseConsentList": ["type": "object", "required": ["items"], "properties": [
                "items": ["type": "array", "items": OpenAPIDocument.ref("BaseConsent")],
            ]],
            "PaperConsentInput": ["type": "object", "required": ["purpose", "givenOn"], "properties": [
                "purpose": ["type": "string", "enum": ConsentPurpose.allCases.map(\.rawValue)],
                "givenOn": ["type": "string", "description": "Дата подписания, ДД.ММ.ГГГГ, не позже сегодняшнего дня"],
                "givenByName": ["type": ["string", "null"], "description": "ФИО подписавшего; без него — сам человек (за ребёнка обязательно ФИО представителя)"],
                "byGuardian": ["type": ["boolean", "null"], "description": "Подписал законный представитель"],
                "guardianRelation": ["type": ["string", "null"], "description": "Кем представитель приходится: мать, отец, опекун…"],
            ]],
        ]
    }
}
