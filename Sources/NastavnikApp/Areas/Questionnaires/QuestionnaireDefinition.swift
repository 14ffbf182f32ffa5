import Foundation

/// The kinds of question a questionnaire can ask; each has its own input and its own check.
public enum QuestionType: String, Codable, CaseIterable, Sendable {
    case shortText, longText, singleChoice, multipleChoice, scale, yesNo, ranking, date, number, tableRows

    public var russianName: String {
        switch self {
        case .shortText: "Короткий ответ"
        case .longText: "Развёрнутый ответ"
        case .singleChoice: "Один вариант из списка"
        case .multipleChoice: "Несколько вариантов из списка"
        case .scale: "Шкала от 1 до 10"
        case .yesNo: "Да или нет"
        case .ranking: "Выбор людей по порядку"
        case .date: "Дата"
        case .number: "Число"
        case .tableRows: "Таблица (строки)"
        }
    }

    /// Types whose answers are counted into a distribution on the results page.
    public var isCounted: Bool { [.singleChoice, .multipleChoice, .scale, .yesNo].contains(self) }
}

/// One question. `id` stays the same across versions of a questionnaire, so answers of
/// different versions line up; `key` names what other areas read from the answer.
public struct Question: Codable, Sendable, Equatable {
    public var id: String
    public var key: QuestionKey?
    public var type: QuestionType
    public var text: String
    public var hint: String?
    public var required: Bool
    /// Choices of a single or multiple choice question.
    public var options: [String]
    /// Column headings of a table question, after the row's own heading column.
    public var columns: [String]
    /// Rows offered by a table question; places offered by a ranking question.
    public var rows: Int?
    /// Whom a ranking question lists: the organization's people with this role.
    public var candidates: Role?
    public var minimum: Double?
    public var maximum: Double?

    public init(id: String, key: QuestionKey? = nil, type: QuestionType, text: String, hint: String? = nil, required: Bool = true,
                options: [String] = [], columns: [String] = [], rows: Int? = nil, candidates: Role? = nil,
                minimum: Double? = nil, maximum: Double? = nil) {
        self.id = id; self.key = key; self.type = type; self.text = text; self.hint = hint; self.required = required
        self.options = options; self.columns = columns; self.rows = rows; self.candidates = candidates
        self.minimum = minimum; self.maximum = maximum
    }
}

public struct QuestionnaireSection: Codable, Sendable, Equatable {
    public var title: String
    public var questions: [Question]

    public init(_ title: String, _ questions: [Question]) {
        self.title = title
        self.questions = questions
    }
}

/// The wording of one version of a questionnaire: stored whole with the version, so answers
/// keep the wording they were given with.
public struct QuestionnaireDefinition: Codable, Sendable, Equatable {
    public var sections: [QuestionnaireSection]

    public init(sections: [QuestionnaireSection]) { self.sections = sections }

    public var questions: [Question] { sections.flatMap(\.questions) }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    /// An id no question of this definition uses yet.
    public func nextQuestionID() -> String {
        let numbers = questions.compactMap { Int($0.id.drop { !$0.isNumber }) }
        return "q\((numbers.max() ?? 0) + 1)"
    }

    public func encoded() throws -> String {
        String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> QuestionnaireDefinition {
        try JSONDecoder().decode(QuestionnaireDefinition.self, from: Data(text.utf8))
    }
}
