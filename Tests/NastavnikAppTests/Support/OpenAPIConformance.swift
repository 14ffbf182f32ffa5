import Foundation
@testable import NastavnikApp
import NIOConcurrencyHelpers
import Testing
import Vapor

/// A JSON value as the document and the bodies hold it: a number is a number and `true` is not 1.
enum JSONValue: Equatable, Sendable, Decodable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    static func parse(_ data: Data) throws -> JSONValue { try JSONDecoder().decode(JSONValue.self, from: data) }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var number: Double? { if case .number(let value) = self { value } else { nil } }
    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }

    /// The JSON Schema type names this value satisfies ("integer" is also a "number").
    var typeNames: [String] {
        switch self {
        case .null: ["null"]
        case .bool: ["boolean"]
        case .number(let value): value.rounded() == value && value.isFinite ? ["integer", "number"] : ["number"]
        case .string: ["string"]
        case .array: ["array"]
        case .object: ["object"]
        }
    }

    /// Short, for messages: the value itself when it is small.
    var brief: String {
        switch self {
        case .null: "null"
        case .bool(let value): String(value)
        case .number(let value): value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        case .string(let value): "\"" + (value.count > 40 ? value.prefix(40) + "…" : value) + "\""
        case .array(let items): "массив из \(items.count)"
        case .object(let fields): "объект {" + fields.keys.sorted().prefix(6).joined(separator: ", ") + (fields.count > 6 ? ", …" : "") + "}"
        }
    }
}

/// The subset of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that our document uses: `$ref` to
/// components, `type` (also a list with "null"), `enum`, `const`, `properties`, `required`,
/// `additionalProperties` (false or a schema), `items`, `oneOf`/`anyOf`/`allOf`, `format` uuid,
/// date and date-time, `minimum`/`maximum` (and exclusive), `minLength`/`maxLength`, `pattern`,
/// `minItems`/`maxItems`. A keyword outside this subset is reported as a problem of the document,
/// so nothing passes because the validator did not understand it.
struct JSONSchemaValidator {
    struct Problem: Equatable, CustomStringConvertible {
        /// `$.items[0].involvedStudents`.
        let path: String
        let message: String
        var description: String { "\(path): \(message)" }
    }

    /// The whole document, for `$ref`.
    let document: JSONValue

    static let ignoredKeywords: Set<String> = ["description", "title", "example", "examples", "default", "deprecated", "readOnly",
                                               "writeOnly", "$comment", "externalDocs", "xml", "discriminator"]
    static let knownKeywords: Set<String> = ["$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "items",
                                             "oneOf", "anyOf", "allOf", "format", "minimum", "maximum", "exclusiveMinimum",
                                             "exclusiveMaximum", "minLength", "maxLength", "pattern", "minItems", "maxItems"]

    func validate(_ value: JSONValue, against schema: JSONValue, at path: String = "$") -> [Problem] {
        var problems: [Problem] = []
        validate(value, schema, path, &problems, depth: 0)
        return problems
    }

    private func validate(_ value: JSONValue, _ schema: JSONValue, _ path: String, _ problems: inout [Problem], depth: Int) {
        if case .bool(let allowed) = schema {
            if !allowed { problems.append(.init(path: path, message: "значение не допускается схемой (false)")) }
            return
        }
        guard let keywords = schema.object else {
            problems.append(.init(path: path, message: "схема в документе — не объект и не true/false: \(schema.brief)"))
            return
        }
        guard depth < 64 else {
            problems.append(.init(path: path, message: "слишком глубокая вложенность $ref (цикл?)"))
            return
        }
        for keyword in keywords.keys.sorted() where !Self.knownKeywords.contains(keyword) && !Self.ignoredKeywords.contains(keyword) {
            problems.append(.init(path: path, message: "схема документа использует «\(keyword)», который проверка не понимает"))
        }
        if let reference = keywords["$ref"] {
            guard let target = reference.string.flatMap(resolve) else {
                problems.append(.init(path: path, message: "ссылка \(reference.brief) не ведёт ни к одной схеме документа"))
                return
            }
            validate(value, target, path, &problems, depth: depth + 1)
        }
        if let type = keywords["type"] {
            let allowed = type.array?.compactMap(\.string) ?? type.string.map { [$0] } ?? []
            if Set(allowed).isDisjoint(with: value.typeNames) {
                problems.append(.init(path: path, message: "ожидался тип \(allowed.joined(separator: " или ")), пришло \(value.brief)"))
                return
            }
        }
        if let options = keywords["enum"]?.array, !options.contains(value) {
            problems.append(.init(path: path, message: "\(value.brief) нет среди допустимых значений \(options.map(\.brief).joined(separator: ", "))"))
        }
        if let constant = keywords["const"], constant != value {
            problems.append(.init(path: path, message: "ожидалось ровно \(constant.brief), пришло \(value.brief)"))
        }
        switch value {
        case .object(let fields): validateObject(fields, keywords, path, &problems, depth: depth)
        case .array(let items):
            if let itemSchema = keywords["items"] {
                for (index, item) in items.enumerated() { validate(item, itemSchema, "\(path)[\(index)]", &problems, depth: depth + 1) }
            }
            if let minimum = keywords["minItems"]?.number, Double(items.count) < minimum {
                problems.append(.init(path: path, message: "элементов \(items.count), а нужно не меньше \(Int(minimum))"))
            }
            if let maximum = keywords["maxItems"]?.number, Double(items.count) > maximum {
                problems.append(.init(path: path, message: "элементов \(items.count), а можно не больше \(Int(maximum))"))
            }
        case .string(let text): validateString(text, keywords, path, &problems)
        case .number(let number): validateNumber(number, keywords, path, &problems)
        case .null, .bool: break
        }
        validateCombinations(value, keywords, path, &problems, depth: depth)
    }

    private func validateObject(_ fields: [String: JSONValue], _ keywords: [String: JSONValue], _ path: String, _ problems: inout [Problem], depth: Int) {
        let properties = keywords["properties"]?.object ?? [:]
        for name in keywords["required"]?.array?.compactMap(\.string) ?? [] where fields[name] == nil {
            problems.append(.init(path: path, message: "нет обязательного поля «\(name)»"))
        }
        for name in fields.keys.sorted() {
            let fieldPath = path + "." + name
            if let propertySchema = properties[name] {
                validate(fields[name]!, propertySchema, fieldPath, &problems, depth: depth + 1)
            } else if let additional = keywords["additionalProperties"] {
                if case .bool(false) = additional {
                    problems.append(.init(path: fieldPath, message: "поле не описано в документе (additionalProperties: false), пришло \(fields[name]!.brief)"))
                } else {
                    validate(fields[name]!, additional, fieldPath, &problems, depth: depth + 1)
                }
            }
        }
    }

    private func validateString(_ text: String, _ keywords: [String: JSONValue], _ path: String, _ problems: inout [Problem]) {
        if let format = keywords["format"]?.string, !Self.matches(format: format, text) {
            problems.append(.init(path: path, message: "\"\(text)\" не в формате \(format)"))
        }
        if let minimum = keywords["minLength"]?.number, Double(text.count) < minimum {
            problems.append(.init(path: path, message: "строка короче \(Int(minimum)) знаков"))
        }
        if let maximum = keywords["maxLength"]?.number, Double(text.count) > maximum {
            problems.append(.init(path: path, message: "строка длиннее \(Int(maximum)) знаков"))
        }
        if let pattern = keywords["pattern"]?.string {
            if let expression = try? NSRegularExpression(pattern: pattern) {
                if expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
                    problems.append(.init(path: path, message: "\"\(text)\" не подходит под шаблон \(pattern)"))
                }
            } else {
                problems.append(.init(path: path, message: "шаблон документа \(pattern) не разбирается"))
            }
        }
    }

    private func validateNumber(_ number: Double, _ keywords: [String: JSONValue], _ path: String, _ problems: inout [Problem]) {
        let value = JSONValue.number(number).brief
        if let minimum = keywords["minimum"]?.number, number < minimum {
            problems.append(.init(path: path, message: "\(value) меньше минимума \(JSONValue.number(minimum).brief)"))
        }
        if let maximum = keywords["maximum"]?.number, number > maximum {
            problems.append(.init(path: path, message: "\(value) больше максимума \(JSONValue.number(maximum).brief)"))
        }
        if let minimum = keywords["exclusiveMinimum"]?.number, number <= minimum {
            problems.append(.init(path: path, message: "\(value) должно быть больше \(JSONValue.number(minimum).brief)"))
        }
        if let maximum = keywords["exclusiveMaximum"]?.number, number >= maximum {
            problems.append(.init(path: path, message: "\(value) должно быть меньше \(JSONValue.number(maximum).brief)"))
        }
    }

    private func validateCombinations(_ value: JSONValue, _ keywords: [String: JSONValue], _ path: String, _ problems: inout [Problem], depth: Int) {
        if let all = keywords["allOf"]?.array {
            for schema in all { validate(value, schema, path, &problems, depth: depth + 1) }
        }
        for keyword in ["oneOf", "anyOf"] {
            guard let options = keywords[keyword]?.array else { continue }
            let results = options.map { option -> [Problem] in
                var optionProblems: [Problem] = []
                validate(value, option, path, &optionProblems, depth: depth + 1)
                return optionProblems
            }
            let passing = results.filter(\.isEmpty).count
            if keyword == "oneOf", passing > 1 {
                problems.append(.init(path: path, message: "подходит к \(passing) вариантам oneOf, а должно ровно к одному"))
            } else if passing == 0 {
                let closest = results.min { $0.count < $1.count } ?? []
                problems.append(.init(path: path, message: "не подходит ни к одному варианту \(keyword): "
                    + closest.map(\.description).joined(separator: "; ")))
            }
        }
    }

    /// `#/components/schemas/Name` (any JSON pointer into the document).
    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        var node: JSONValue? = document
        for part in reference.dropFirst(2).split(separator: "/") {
            let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            node = node?[key]
        }
        return node
    }

    static func matches(format: String, _ text: String) -> Bool {
        switch format {
        case "uuid": return UUID(uuidString: text) != nil && text.count == 36
        case "date":
            return text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil && validDate(text)
        case "date-time":
            guard text.wholeMatch(of: /\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})/) != nil else { return false }
            return validDate(String(text.prefix(10)))
        case "email": return text.wholeMatch(of: /[^@\s]+@[^@\s]+/) != nil
        case "uri": return URL(string: text)?.scheme != nil
        default: return true // JSON Schema: an unknown format is an annotation, not an assertion.
        }
    }

    private static func validDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]) else { return false }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return false }
        return calendar.component(.day, from: date) == parts[2]
    }
}

/// One response checked against the operation the document describes for it.
struct OpenAPIResponseChecker {
    let document: JSONValue

    /// The document the app serves at /api/v1/openapi.json, parsed once per test process.
    static let served: OpenAPIResponseChecker = {
        do {
            let data = try OpenAPIDocument.json(operations: APIAreas.operations, schemas: APIAreas.schemas)
            return OpenAPIResponseChecker(document: try JSONValue.parse(data))
        } catch {
            fatalError("документ OpenAPI не собирается: \(error)")
        }
    }()

    /// `/api/v1/organizations/{organizationID}` for Vapor's `api/v1/organizations/:organizationID`.
    static func openAPIPath(_ route: [PathComponent]) -> String {
        "/" + route.map { component in
            switch component {
            case .parameter(let name): "{\(name)}"
            default: component.description
            }
        }.joined(separator: "/")
    }

    /// What is wrong with this response by the document, each problem a line naming the JSON path.
    func problems(method: String, path: String, status: Int, contentType: String?, body: Data?) -> [String] {
        guard let operation = document["paths"]?[path]?[method.lowercased()] else {
            return ["операции \(method) \(path) нет в документе"]
        }
        guard let responses = operation["responses"]?.object else { return ["у операции нет responses"] }
        let statusText = String(status)
        guard let response = responses[statusText] ?? responses["\(statusText.prefix(1))XX"] ?? responses["default"] else {
            return ["статус \(status) не описан (описаны: \(responses.keys.sorted().joined(separator: ", ")))"]
        }
        let content = response["content"]?.object ?? [:]
        guard let body, !body.isEmpty else {
            // HEAD and 204 carry no body; a documented body that never came is a drift too.
            return content.isEmpty || status == 204 ? [] : ["тело пустое, а документ описывает \(content.keys.sorted().joined(separator: ", "))"]
        }
        let mediaType = (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard !content.isEmpty else { return ["ответ с телом (\(mediaType.isEmpty ? "без Content-Type" : mediaType)), а документ тела не описывает"] }
        let family = mediaType.split(separator: "/").first.map { "\($0)/*" } ?? ""
        guard let described = content[mediaType] ?? content[family] ?? content["*/*"] else {
            return ["тип содержимого «\(mediaType)» не описан (описаны: \(content.keys.sorted().joined(separator: ", ")))"]
        }
        guard mediaType == "application/json" || mediaType.hasSuffix("+json") else { return [] }
        let value: JSONValue
        do { value = try JSONValue.parse(body) } catch { return ["тело объявлено как JSON, но не разбирается: \(error)"] }
        guard let schema = described["schema"] else { return [] }
        return JSONSchemaValidator(document: document).validate(value, against: schema).map(\.description)
    }
}

/// Installed in every test app (`withTestApp`, and so in `withLiveServer` on it): checks each
/// response under /api/v1/ against the document and keeps what is wrong, for the test to fail on.
final class OpenAPIConformance: AsyncMiddleware, Sendable {
    /// A violation fails the test; `OPENAPI_DRIFT_ONLY_PRINTS=1` only prints them (while bringing
    /// a large change and the document together, never in CI).
    static let failsTests = ProcessInfo.processInfo.environment["OPENAPI_DRIFT_ONLY_PRINTS"] == nil
    /// `OPENAPI_COVERAGE=1 swift test …` prints every operation and status checked, to see what the suite leaves unchecked.
    static let listsCoverage = ProcessInfo.processInfo.environment["OPENAPI_COVERAGE"] != nil

    struct Violation: CustomStringConvertible {
        let operation: String
        let status: Int
        let problem: String
        var description: String { "\(operation) → \(status): \(problem)" }
    }

    private let found = NIOLockedValueBox<[Violation]>([])
    let checker: OpenAPIResponseChecker

    init(checker: OpenAPIResponseChecker = .served) { self.checker = checker }

    var violations: [Violation] { found.withLockedValue { $0 } }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        // The catch-all behind /api/v1/ answers an unknown path with a JSON 404 (APITests checks it); it is no operation.
        guard request.url.path.hasPrefix("/api/v1/"), request.method != .HEAD, let route = request.route,
              !route.path.contains(.catchall) else { return response }
        let path = OpenAPIResponseChecker.openAPIPath(route.path)
        if Self.listsCoverage { print("OPENAPI-CHECKED \(request.method.rawValue) \(path) → \(response.status.code)") }
        let body: Data?
        if response.body.count < 0 || (response.body.count > 0 && response.body.buffer == nil) {
            // A streamed file: only its content type is checked, with a one-byte stand-in.
            body = Data([0])
            if response.headers.contentType == .json { return response }
        } else {
            body = response.body.data
        }
        let problems = checker.problems(method: request.method.rawValue, path: path, status: Int(response.status.code),
                                        contentType: response.headers.first(name: .contentType), body: body)
        if !problems.isEmpty {
            let operation = "\(request.method.rawValue) \(path)"
            found.withLockedValue { $0 += problems.map { Violation(operation: operation, status: Int(response.status.code), problem: $0) } }
        }
        return response
    }

    /// At the end of a test: each distinct violation becomes a test failure (or a printed line
    /// while `failsTests` is off).
    func report(sourceLocation: SourceLocation = #_sourceLocation) {
        var seen = Set<String>()
        for violation in violations where seen.insert(violation.description).inserted {
            if Self.failsTests {
                Issue.record("Ответ API не совпадает с документом OpenAPI: \(violation)", sourceLocation: sourceLocation)
            } else {
                print("OPENAPI-DRIFT \(violation)")
            }
        }
    }
}
