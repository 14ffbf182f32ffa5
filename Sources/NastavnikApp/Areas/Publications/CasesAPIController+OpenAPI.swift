import Vapor

extension CasesAPIController {
    private static let pairBase = "/api/v1/pairs/{pairingID}/case"
    private static let organizationBase = "/api/v1/organizations/{organizationID}/cases"
    private static var pairing: [[String: Any]] { [OpenAPIDocument.uuidPathParameter("pairingID", "Идентификатор завершённой пары или группы")] }
    private static var organization: [[String: Any]] { [OpenAPIDocument.uuidPathParameter("organizationID", "Идентификатор организации")] }
    private static var practice: [[String: Any]] { organization + [OpenAPIDocument.uuidPathParameter("caseID", "Идентификатор кейса")] }

    /// Every operation of this controller, for the OpenAPI document.
    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: pairBase, summary: "Кейс практики завершённой пары (для её куратора)", tag: "Кейсы практик",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("Case"),
              mayConflict: true), // 409 case_pair_not_finished: the pair is not finished yet (Schemathesis)
        .init(method: .PUT, path: pairBase, summary: "Создать или изменить черновик кейса; изменённый кейс снова нужно согласовать", tag: "Кейсы практик",
              requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("Case"), requestSchema: OpenAPIDocument.ref("CaseInput"),
              mayConflict: true,
              refusals: "case_pair_not_finished — пара ещё не завершена; consent_withdrawn — участник пары отозвал согласие на обработку данных, кейс больше не изменяется; case_changed_meanwhile — кейс изменён после того, как его прочитали (поле version): ничего не сохранено, прочитайте кейс заново; case_saved_meanwhile — первый черновик этой пары только что сохранён другим запросом"),
        .init(method: .POST, path: pairBase + "/submit", summary: "Отправить кейс администрации на согласование (нужны согласия всех участников)",
              tag: "Кейсы практик", requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("Case"), mayConflict: true),
        .init(method: .GET, path: organizationBase, summary: "Кейсы практик организации", tag: "Кейсы практик",
              requiresAuth: true, parameters: organization, responseSchema: OpenAPIDocument.ref("CaseList")),
        .init(method: .GET, path: organizationBase + "/{caseID}", summary: "Кейс с участниками, их согласиями и файлами", tag: "Кейсы практик",
              requiresAuth: true, parameters: practice, responseSchema: OpenAPIDocument.ref("Case")),
        .init(method: .POST, path: pairBase + "/files",
              summary: "Приложить к сохранённому кейсу фотографию (jpg, png — нужны подпись и согласие всех участников на публикацию фото) или материал (pdf, doc, docx, odt, xlsx, pptx), до 5 МБ, не больше \(CaseFiles.maxFiles) файлов; изменённый кейс снова нужно согласовать",
              tag: "Кейсы практик", requiresAuth: true, parameters: pairing, responseSchema: OpenAPIDocument.ref("CaseFile"),
              requestBody: ["required": true, "content": ["multipart/form-data": ["schema": [
                  "type": "object", "required": ["file"], "properties": [
                      "file": ["type": "string", "format": "binary", "description": "Файл; вид проверяется по содержимому, не только по расширению имени"],
                      "caption": ["type": "string", "maxLength": CaseFiles.maxCaptionLength, "description": "Подпись; для фотографии обязательна"],
                  ]]]]],
              uploadRefusal: ("Файл не принят (вид, размер, число файлов, подпись, согласие на фото): сообщение в error.message и error.fields.file или error.fields.caption",
                              OpenAPIDocument.ref("Error")),
              successStatus: 201, mayConflict: true,
              refusals: "case_pair_not_finished — пара ещё не завершена; case_not_saved — текст кейса ещё не сохранён; consent_withdrawn — участник пары отозвал согласие на обработку данных"),
        .init(method: .DELETE, path: pairBase + "/files/{fileID}", summary: "Удалить фотографию или материал кейса; изменённый кейс снова нужно согласовать",
              tag: "Кейсы практик", requiresAuth: true, parameters: pairing + [OpenAPIDocument.uuidPathParameter("fileID", "Идентификатор файла")],
              responseSchema: OpenAPIDocument.ref("Case"), mayConflict: true),
        .init(method: .GET, path: organizationBase + "/{caseID}/files/{fileID}", summary: "Фотография или материал кейса (для куратора и администрации)",
              tag: "Кейсы практик", requiresAuth: true, parameters: practice + [OpenAPIDocument.uuidPathParameter("fileID", "Идентификатор файла")],
              responseSchema: [:], fileTypes: AttachedFile.Format.allCases.map(\.contentType)),
        .init(method: .POST, path: organizationBase + "/{caseID}/publish", summary: "Опубликовать кейс в библиотеке практик (администрация)",
              tag: "Кейсы практик", requiresAuth: true, parameters: practice, responseSchema: OpenAPIDocument.ref("Case"), mayConflict: true),
        .init(method: .POST, path: organizationBase + "/{caseID}/return", summary: "Вернуть кейс куратору на доработку с комментарием (администрация)",
              tag: "Кейсы практик", requiresAuth: true, parameters: practice, responseSchema: OpenAPIDocument.ref("Case"),
              requestSchema: OpenAPIDocument.ref("CaseReturnInput"), mayConflict: true),
        .init(method: .POST, path: organizationBase + "/{caseID}/take-down", summary: "Снять кейс с публикации", tag: "Кейсы практик",
              requiresAuth: true, parameters: practice, responseSchema: OpenAPIDocument.ref("Case")),
    ] }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let boolean: [String: Any] = ["type": "boolean"]
        let topic: [String: Any] = ["type": "string", "enum": CaseTopic.allCases.map(\.rawValue)]
        let form: [String: Any] = ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)]
        let status: [String: Any] = ["type": "string", "enum": CaseStatus.allCases.map(\.rawValue)]
        let summary: [String: Any] = [
            "id": uuid, "pairingId": uuid, "title": string, "topic": topic, "form": form, "status": status, "statusName": string,
            "statusNote": ["type": "string", "description": "Комментарий администрации при возврате на доработку или кто снял кейс"],
        ]
        let participant: [String: Any] = ["type": "object",
            "required": ["role", "name", "isMinor", "consented", "photoConsented", "publicName"], "properties": [
                "role": string, "name": string, "isMinor": boolean,
                "consented": ["type": "boolean", "description": "Есть согласие на публикацию в библиотеке практик"],
                "photoConsented": ["type": "boolean", "description": "Есть согласие на публикацию фотографий"],
                "publicName": ["type": "string", "description": "Как участник назван на публичных страницах: несовершеннолетний — без имени"],
            ]]
        let file: [String: Any] = ["type": "object", "description": "Фотография или материал кейса", "required": ["id", "fileName", "caption", "isPhoto", "size", "shownPublicly"], "properties": [
            "id": uuid, "fileName": string, "caption": string, "isPhoto": boolean, "size": string,
            "shownPublicly": ["type": "boolean", "description": "Видят ли файл на публичной странице сейчас"],
        ]]
        return [
            "CaseFile": file,
            "CaseSummary": ["type": "object", "required": Array(summary.keys).sorted(), "properties": summary],
            "CaseList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("CaseSummary")]]],
            "Case": ["type": "object", "required": [
                "id", "organizationId", "pairingId", "title", "topic", "form", "status", "statusName", "statusNote", "story", "goal", "whatWasDone",
                "results", "materials", "participants", "files", "version",
            ], "properties": [
                "id": uuid, "organizationId": uuid, "pairingId": uuid, "title": string, "topic": topic, "form": form, "status": status,
                "statusName": string, "statusNote": string, "story": string, "goal": string, "whatWasDone": string, "results": string,
                "materials": ["type": "array", "description": "Ссылки на материалы", "items": string],
                "participants": ["type": "array", "items": participant],
                "files": ["type": "array", "items": OpenAPIDocument.ref("CaseFile")],
                "version": ["type": "integer", "minimum": 0,
                            "description": "Версия кейса: растёт с каждым сохранением и с удалением текстов по отзыву согласия; пришлите её в CaseInput.version"],
            ]],
            "CaseInput": ["type": "object", "required": ["title", "topic", "story", "goal", "whatWasDone", "results"], "properties": [
                "title": ["type": "string", "maxLength": 200], "topic": topic, "story": string, "goal": string, "whatWasDone": string, "results": string,
                "materials": ["type": "array", "description": "Ссылки https:// на материалы, по одной", "items": string],
                "version": ["type": "integer", "minimum": 0,
                            "description": "Необязательно: версия кейса (Case.version), от которой сделано изменение; 0 — кейса ещё нет. Если кейс с тех пор изменён, ответ 409 case_changed_meanwhile и ничего не сохраняется. Без поля изменение записывается поверх сохранённого"],
            ]],
            "CaseReturnInput": ["type": "object", "required": ["comment"], "properties": [
                "comment": ["type": "string", "maxLength": 2000, "description": "Что исправить; увидит куратор"],
            ]],
        ]
    }
}
