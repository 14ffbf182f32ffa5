#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension MatchingInstance {
    /// Decodes an instance from JSON, turning decoding failures into a message that names
    /// the field (`mentors[3].capacity: ожидается целое число`), never a trap.
    public static func decode(json data: Data) throws(InstanceError) -> MatchingInstance {
        do {
            return try JSONDecoder().decode(MatchingInstance.self, from: data)
        } catch let error as DecodingError {
            throw .malformedJSON(describe(error))
        } catch {
            throw .malformedJSON(String(describing: error))
        }
    }

    /// Decodes and validates in one step; what `mentor-match` does with its input.
    ///
    /// The bytes are read once by ``StreamingInstanceDecoder``, which resolves ids as it
    /// goes; input outside its common shape (escaped ids, fractions, repeated keys) and
    /// every invalid instance go through `Codable` and ``validated()``, which name the
    /// problem. Both ways give the same instance.
    public static func load(json data: Data) throws(InstanceError) -> ValidatedInstance {
        let streamed: ValidatedInstance? = data.withUnsafeBytes { raw in
            try? StreamingInstanceDecoder.decode(raw.bindMemory(to: UInt8.self))
        }
        if let streamed { return streamed }
        return try decode(json: data).validated()
    }
}

extension MatchingResult {
    /// The result as JSON with sorted keys, so the same result is always the same bytes.
    public func jsonData(pretty: Bool = true) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        // Encoding plain strings and integers cannot fail.
        return (try? encoder.encode(self)) ?? Data()
    }
}

/// A field path such as `edges[2].score` for a decoding error.
func fieldPath(_ path: [any CodingKey]) -> String {
    var text = ""
    for key in path {
        if let index = key.intValue {
            text += "[\(index)]"
        } else {
            text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
    }
    return text.isEmpty ? "документ" : text
}

func describe(_ error: DecodingError) -> String {
    switch error {
    case .typeMismatch(let type, let context):
        return "\(fieldPath(context.codingPath)): неверный тип, ожидается \(typeName(type))"
    case .valueNotFound(let type, let context):
        return "\(fieldPath(context.codingPath)): нет значения, ожидается \(typeName(type))"
    case .keyNotFound(let key, let context):
        return "\(fieldPath(context.codingPath + [key])): обязательное поле отсутствует"
    case .dataCorrupted(let context):
        if context.codingPath.isEmpty { return "документ не является корректным JSON" }
        return "\(fieldPath(context.codingPath)): \(context.debugDescription)"
    @unknown default:
        return String(describing: error)
    }
}

private func typeName(_ type: Any.Type) -> String {
    switch type {
    case is Int.Type: return "целое число"
    case is String.Type: return "строка"
    case is [Any].Type: return "массив"
    case is [String: Any].Type: return "объект"
    default: return String(describing: type)
    }
}
