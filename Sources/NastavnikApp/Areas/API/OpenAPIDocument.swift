import Vapor

/// The OpenAPI 3.1 document of `/api/v1`, assembled from what each API area declares. A test
/// checks that it lists exactly the routes the app serves.
struct OpenAPIDocument {
    struct Operation {
        let method: HTTPMethod
        /// OpenAPI form, e.g. `/api/v1/organizations/{organizationID}`.
        let path: String
        let summary: String
        let tag: String
        let requiresAuth: Bool
        let parameters: [[String: Any]]
        let responseSchema: [String: Any]
        /// The JSON body, if the operation takes one.
        var requestSchema: [String: Any]? = nil
        /// A body that is not JSON (an uploaded file), as a whole OpenAPI requestBody object.
        var requestBody: [String: Any]? = nil
        /// What an upload's 422 answers, with its description: an import's `ImportResult` with the
        /// rows' errors; without it the `Error` body (a file refused as a whole).
        var uploadRefusal: (description: String, schema: [String: Any])? = nil
        /// 201 for operations that create something.
        var successStatus = 200
        /// The content types of a file the operation answers with (an export) instead of JSON;
        /// `responseSchema` is then ignored.
        var fileTypes: [String]? = nil
        /// The operation answers 409 when the thing already exists, was changed meanwhile or the
        /// action was already done.
        var mayConflict = false
        /// The operation answers 503 with its own schema when the server is not well (the health check).
        var mayBeUnavailable = false
        /// The rules' refusals the operation may answer (their codes and fields), added to the
        /// description of its 409 and 422.
        var refusals: String? = nil
    }

    static func uuidPathParameter(_ name: String, _ description: String) -> [String: Any] {
        ["name": name, "in": "path", "required": true, "description": description, "schema": ["type": "string", "format": "uuid"]]
    }

    static var pageParameter: [String: Any] {
        ["name": "page", "in": "query", "required": false, "description": "Номер страницы, с 1",
         "schema": ["type": "integer", "minimum": 1]]
    }

    static func ref(_ name: String) -> [String: Any] { ["$ref": "#/components/schemas/\(name)"] }

    /// The JSON text served at /api/v1/openapi.json.
    static func json(operations: [Operation], schemas: [String: Any]) throws -> Data {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            let binary: [String: Any] = ["type": "string", "format": "binary"]
            let content: [String: Any] = operation.fileTypes.map { types in
                Dictionary(types.map { ($0, ["schema": binary] as [String: Any]) }, uniquingKeysWith: { first, _ in first })
            } ?? ["application/json": ["schema": operation.responseSchema]]
            var responses: [String: Any] = [
                "200": ["description": operation.fileTypes == nil ? "Успешно" : "Файл", "content": content],
                "400": errorResponse("Некорректный запрос"),
                "404": errorResponse("Не найдено"),
            ]
            if operation.requiresAuth {
                responses["401"] = errorResponse("Нужен действующий токен")
                responses["403"] = errorResponse("Нет прав")
            }
            var entry: [String: Any] = [
                "summary": operation.summary, "tags": [operation.tag],
                "operationId": operationID(operation), "responses": responses,
            ]
            if !operation.parameters.isEmpty { entry["parameters"] = operation.parameters }
            if let schema = operation.requestSchema {
                entry["requestBody"] = ["required": true, "content": ["application/json": ["schema": schema]]]
                responses["422"] = errorResponse("Данные не прошли проверку: сообщения по полям в error.fields")
                responses["415"] = errorResponse("Тело запроса не в формате application/json")
                entry["responses"] = responses
            } else if let body = operation.requestBody {
                entry["requestBody"] = body
                let refusal = operation.uploadRefusal ?? ("Файл не принят: причина в error.message, поле — в error.fields", ref("Error"))
                responses["422"] = ["description": refusal.description, "content": ["application/json": ["schema": refusal.schema]]]
                responses["415"] = errorResponse("Тело запроса не в том формате, что описан в requestBody")
                entry["responses"] = responses
            }
            if operation.successStatus != 200 {
                responses[String(operation.successStatus)] = responses["200"]
                responses.removeValue(forKey: "200")
            }
            if operation.requestSchema == nil, operation.requestBody == nil,
               operation.parameters.contains(where: { $0["in"] as? String == "query" }) {
                responses["422"] = errorResponse("Параметр запроса не прошёл проверку: сообщение в error.fields под его именем")
            }
            if operation.mayConflict { responses["409"] = errorResponse("Такая запись уже есть, её изменили после того, как вы её прочли, или действие уже выполнено") }
            if operation.requestSchema != nil || operation.requestBody != nil {
                responses["413"] = errorResponse("Тело запроса больше, чем принимает эта операция (JSON — 512 КБ)")
            }
            if let refusals = operation.refusals {
                for status in ["409", "422"] {
                    guard var response = responses[status] as? [String: Any], let text = response["description"] as? String else { continue }
                    response["description"] = text + ". Отказы правил: " + refusals
                    responses[status] = response
                }
            }
            if operation.mayBeUnavailable {
                responses["503"] = ["description": "Сервер нездоров: причины в problems", "content": ["application/json": ["schema": operation.responseSchema]]]
            }
            entry["responses"] = responses
            entry["security"] = operation.requiresAuth ? [["bearerAuth": [String]()]] : [[String: [String]]]()
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = entry
        }
        var allSchemas = schemas
        allSchemas["Error"] = [
            "type": "object", "required": ["error"],
            "properties": ["error": [
                "type": "object", "required": ["code", "message"],
                "properties": [
                    "code": ["type": "string"], "message": ["type": "string"],
                    "fields": ["type": "object", "additionalProperties": ["type": "string"],
                               "description": "Поле → сообщение: поля запроса, не прошедшие проверку, или то, к чему относится отказ правила (mentee, mentor — сторона пары)"],
                ],
            ]],
        ]
        let document: [String: Any] = [
            "openapi": "3.1.0",
            "info": [
                "title": "Наставник API", "version": "1.0.0",
                "description": "JSON API платформы «Наставник». Аутентификация: заголовок Authorization: Bearer <токен> (токен создаётся в профиле). Токен действует до выбранного срока (не больше 365 дней) и до смены пароля владельца; токен «только чтение» на любой запрос, кроме GET и HEAD, получает 403 с кодом read_only_token.",
            ],
            "servers": [["url": "/"]],
            "paths": paths,
            "components": [
                "schemas": allSchemas,
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer"]],
            ],
        ]
        return try JSONSerialization.data(withJSONObject: closingObjects(document), options: [.sortedKeys, .prettyPrinted])
    }

    /// Every object schema that lists its `properties` and says nothing of others gets
    /// `additionalProperties: false`: a field an answer sends and the document does not list is a
    /// drift, and the tests (`OpenAPIConformance`) and Schemathesis then fail on it. Done here,
    /// once, so no area's schema can stay open by forgetting it.
    static func closingObjects(_ node: Any) -> Any {
        if let array = node as? [Any] { return array.map(closingObjects) }
        guard var object = node as? [String: Any] else { return node }
        for (key, value) in object {
            switch key {
            case "schema": object[key] = closedSchema(value)
            case "schemas": object[key] = (value as? [String: Any])?.mapValues(closedSchema) ?? value
            default: object[key] = closingObjects(value)
            }
        }
        return object
    }

    private static func closedSchema(_ node: Any) -> Any {
        guard var schema = node as? [String: Any] else { return node }
        for (key, value) in schema {
            switch key {
            case "properties": schema[key] = (value as? [String: Any])?.mapValues(closedSchema) ?? value
            case "items", "additionalProperties", "not": schema[key] = closedSchema(value)
            case "oneOf", "anyOf", "allOf": schema[key] = (value as? [Any])?.map(closedSchema) ?? value
            default: break
            }
        }
        if schema["properties"] != nil, schema["additionalProperties"] == nil { schema["additionalProperties"] = false }
        return schema
    }

    private static func errorResponse(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ref("Error")]]]
    }

    private static func operationID(_ operation: Operation) -> String {
        let words = operation.path.split(separator: "/").dropFirst(2).map { $0.hasPrefix("{") ? "By" + $0.dropFirst().dropLast().prefix(1).uppercased() + $0.dropFirst(2).dropLast() : $0.prefix(1).uppercased() + $0.dropFirst() }
        return operation.method.rawValue.lowercased() + words.joined().replacingOccurrences(of: ".", with: "")
    }
}
