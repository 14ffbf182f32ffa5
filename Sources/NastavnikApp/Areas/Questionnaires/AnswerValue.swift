import Foundation

/// One answer to one question, typed by the question's kind.
public enum AnswerValue: Codable, Sendable, Equatable {
    case text(String)
    case choice(String)
    case choices([String])
    case scale(Int)
    case yesNo(Bool)
    /// People in the order of preference, first is most wanted.
    case ranking([UUID])
    /// `yyyy-MM-dd`, the date as the person meant it, without a time zone.
    case date(String)
    case number(Double)
    /// The rows a person filled, one cell per column.
    case table([[String]])

    public var scaleValue: Int? { if case .scale(let score) = self { return score } else { return nil } }
    public var numberValue: Double? { if case .number(let number) = self { return number } else { return nil } }
    public var rankedIDs: [UUID]? { if case .ranking(let ids) = self { return ids } else { return nil } }
    public var chosenOptions: [String] {
        switch self {
        case .choice(let option): return [option]
        case .choices(let options): return options
        default: return []
        }
    }

    /// How the answer reads in a list or a spreadsheet cell.
    public func display(names: [UUID: String] = [:]) -> String {
        switch self {
        case .text(let text), .choice(let text): text
        case .choices(let values): values.joined(separator: "; ")
        case .scale(let value): String(value)
        case .yesNo(let value): value ? "Да" : "Нет"
        case .ranking(let ids): ids.enumerated().map { "\($0.offset + 1). \(names[$0.element] ?? $0.element.uuidString)" }.joined(separator: "; ")
        case .date(let text): RussianDate.day(fromISO: text) ?? text
        case .number(let value): Int(exactly: value).map(String.init) ?? String(value)
        case .table(let rows): rows.map { $0.joined(separator: " | ") }.joined(separator: "; ")
        }
    }
}

/// All answers of one person (or one anonymous respondent) to one version, by question id.
public struct AnswerSheet: Codable, Sendable, Equatable {
    public var values: [String: AnswerValue]

    public init(values: [String: AnswerValue] = [:]) { self.values = values }

    public func encoded() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> AnswerSheet {
        try JSONDecoder().decode(AnswerSheet.self, from: Data(text.utf8))
    }
}

extension RussianDate {
    /// «2026-11-25» → «25.11.2026».
    static func day(fromISO text: String) -> String? {
        let parts = text.split(separator: "-")
        guard parts.count == 3 else { return nil }
        return "\(parts[2]).\(parts[1]).\(parts[0])"
    }
}
