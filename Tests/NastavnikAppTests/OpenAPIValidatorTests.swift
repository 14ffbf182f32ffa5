import Foundation
@testable import NastavnikApp
import Testing

/// The check that every API response in the tests goes through (`OpenAPIConformance`): it must
/// refuse what the document does not promise, or the suite proves nothing about drift.
@Suite("Проверка ответов API по документу OpenAPI")
struct OpenAPIValidatorTests {
    static let document = """
    {"openapi": "3.1.0", "paths": {
      "/api/v1/things/{thingID}": {"get": {"responses": {
        "200": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
        "404": {"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
      "/api/v1/things/{thingID}/file": {"get": {"responses": {
        "200": {"description": "", "content": {"text/csv": {"schema": {"type": "string"}}}}}}},
      "/api/v1/things/{thingID}/note": {"delete": {"responses": {"204": {"description": ""}}}}
    },
    "components": {"schemas": {
      "Error": {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}, "additionalProperties": false},
      "Part": {"type": "object", "required": ["id", "count"], "additionalProperties": false, "properties": {
        "id": {"type": "string", "format": "uuid"}, "count": {"type": "integer", "minimum": 0}}},
      "Thing": {"type": "object", "required": ["id", "name", "parts", "kind"], "additionalProperties": false, "properties": {
        "id": {"type": "string", "format": "uuid"}, "name": {"type": "string", "minLength": 1},
        "note": {"type": ["string", "null"]}, "kind": {"type": "string", "enum": ["school", "college"]},
        "on": {"type": "string", "format": "date"}, "at": {"type": "string", "format": "date-time"},
        "parts": {"type": "array", "items": {"$ref": "#/components/schemas/Part"}},
        "scores": {"type": "object", "additionalProperties": {"type": "number"}},
        "value": {"oneOf": [{"type": "string"}, {"type": "integer"}]}}}
    }}}
    """

    static let id = "6f1c2b1e-3a4d-4e5f-8a9b-0c1d2e3f4a5b"
    static let good = """
    {"id": "\(id)", "name": "Школа", "note": null, "kind": "school", "on": "2026-12-07", "at": "2026-12-07T01:20:00Z",
     "parts": [{"id": "\(id)", "count": 2}], "scores": {"a": 1.5}, "value": 3}
    """

    func problems(_ body: String, status: Int = 200, path: String = "/api/v1/things/{thingID}", method: String = "GET",
                  contentType: String? = "application/json; charset=utf-8") throws -> [String] {
        let checker = OpenAPIResponseChecker(document: try JSONValue.parse(Data(Self.document.utf8)))
        return checker.problems(method: method, path: path, status: status, contentType: contentType, body: Data(body.utf8))
    }

    /// The body with one top-level field replaced (or removed with nil).
    func good(_ field: String, _ value: String?) throws -> String {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(Self.good.utf8)) as? [String: Any])
        object[field] = try value.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test("Ответ, совпадающий с документом, проходит")
    func goodBodyPasses() throws {
        #expect(try problems(Self.good) == [])
        #expect(try problems(#"{"code": "not_found"}"#, status: 404) == [])
        #expect(try problems("", status: 204, path: "/api/v1/things/{thingID}/note", method: "DELETE", contentType: nil) == [])
    }

    @Test("Без обязательного поля — нарушение с путём к объекту")
    func missingRequiredField() throws {
        let found = try problems(try good("name", nil))
        #expect(found == ["$: нет обязательного поля «name»"])
    }

    @Test("Поле, которого нет в документе, — нарушение (объекты закрыты)")
    func extraField() throws {
        let found = try problems(try good("involvedStudents", "12"))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("$.involvedStudents: поле не описано в документе") == true)
    }

    @Test("Неверный тип, значение вне перечня и формата — нарушения")
    func wrongTypes() throws {
        #expect(try problems(try good("name", "5")).first?.hasPrefix("$.name: ожидался тип string") == true)
        #expect(try problems(try good("note", "true")).first?.hasPrefix("$.note: ожидался тип string или null") == true)
        #expect(try problems(try good("kind", #""university""#)).first?.hasPrefix("$.kind: \"university\" нет среди") == true)
        #expect(try problems(try good("id", #""42""#)) == [#"$.id: "42" не в формате uuid"#])
        #expect(try problems(try good("on", #""2026-02-30""#)) == [#"$.on: "2026-02-30" не в формате date"#])
        #expect(try problems(try good("at", #""2026-12-07 01:20""#)).count == 1)
        #expect(try problems(try good("name", #""""#)) == ["$.name: строка короче 1 знаков"])
        #expect(try problems(try good("scores", #"{"a": "много"}"#)).first?.hasPrefix("$.scores.a: ожидался тип number") == true)
        #expect(try problems(try good("value", "1.5")).first?.hasPrefix("$.value: не подходит ни к одному варианту oneOf") == true)
    }

    @Test("Неверный элемент вложенного массива — нарушение с его индексом")
    func wrongNestedItem() throws {
        let parts = #"[{"id": "\#(Self.id)", "count": 1}, {"id": "\#(Self.id)", "count": -1, "svg": "<path/>"}, {"count": 1.5}]"#
        let found = try problems(try good("parts", parts))
        #expect(found.contains("$.parts[1].count: -1 меньше минимума 0"))
        #expect(found.contains { $0.hasPrefix("$.parts[1].svg: поле не описано в документе") })
        #expect(found.contains("$.parts[2]: нет обязательного поля «id»"))
        #expect(found.contains { $0.hasPrefix("$.parts[2].count: ожидался тип integer") })
        #expect(found.count == 4)
    }

    @Test("Неописанный статус, операция и тип содержимого — нарушения")
    func undocumentedStatusOperationAndContentType() throws {
        #expect(try problems(#"{"code": "x"}"#, status: 500).first?.hasPrefix("статус 500 не описан") == true)
        #expect(try problems(#"{"code": "x"}"#, status: 201).first?.hasPrefix("статус 201 не описан") == true)
        #expect(try problems("{}", path: "/api/v1/things") == ["операции GET /api/v1/things нет в документе"])
        #expect(try problems("{}", method: "POST") == ["операции POST /api/v1/things/{thingID} нет в документе"])
        #expect(try problems("a;b\n", path: "/api/v1/things/{thingID}/file", contentType: "text/csv; charset=utf-8") == [])
        #expect(try problems("PK", path: "/api/v1/things/{thingID}/file", contentType: "application/zip")
            == ["тип содержимого «application/zip» не описан (описаны: text/csv)"])
        #expect(try problems("<html/>", contentType: "text/html").first?.hasPrefix("тип содержимого «text/html» не описан") == true)
        #expect(try problems("", status: 200) == ["тело пустое, а документ описывает application/json"])
        #expect(try problems("{", status: 200).first?.hasPrefix("тело объявлено как JSON, но не разбирается") == true)
    }

    @Test("Ключевое слово схемы, которого проверка не знает, не пропускается молча")
    func unknownKeywordIsReported() throws {
        let validator = JSONSchemaValidator(document: .object([:]))
        let schema = try JSONValue.parse(Data(#"{"type": "object", "patternProperties": {"^x": {"type": "string"}}}"#.utf8))
        #expect(validator.validate(.object(["xa": .number(1)]), against: schema).map(\.description)
            == ["$: схема документа использует «patternProperties», который проверка не понимает"])
    }

    @Test("Документ, который отдаёт сервер, проверяет настоящие ответы: лишнее поле в организации — нарушение")
    func servedDocumentClosesObjects() throws {
        let checker = OpenAPIResponseChecker.served
        let organization = """
        {"id": "\(Self.id)", "name": "МБОУ СОШ № 1", "shortName": "СОШ № 1", "kind": "school",
         "municipalityID": "\(Self.id)", "regionID": "\(Self.id)", "inn": null, "address": null}
        """
        let path = "/api/v1/organizations/{organizationID}"
        #expect(checker.problems(method: "GET", path: path, status: 200, contentType: "application/json", body: Data(organization.utf8)) == [])
        let leaked = organization.replacingOccurrences(of: "\"inn\": null", with: "\"inn\": null, \"involvedStudents\": 3")
        #expect(checker.problems(method: "GET", path: path, status: 200, contentType: "application/json", body: Data(leaked.utf8)).count == 1)
        #expect(checker.problems(method: "GET", path: path, status: 500, contentType: "application/json", body: Data("{}".utf8)).count == 1)
    }
}
