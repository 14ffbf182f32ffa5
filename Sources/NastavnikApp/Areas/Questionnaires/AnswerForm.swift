import Foundation

/// Reads a filled questionnaire from form fields and checks each answer by its question's
/// type. The field names are the same in the page, in the draft and in the API:
/// `q-<id>` for one value, `q-<id>-<n>` for a checked option or a ranking place (from 1),
/// `q-<id>-r<row>-c<column>` for a table cell (from 0).
public enum AnswerForm {
    public struct Outcome: Sendable {
        public var sheet: AnswerSheet
        /// Russian messages by question id.
        public var errors: [String: String]
    }

    public static func field(_ question: Question) -> String { "q-" + question.id }
    public static func field(_ question: Question, _ index: Int) -> String { "q-\(question.id)-\(index)" }
    public static func cell(_ question: Question, row: Int, column: Int) -> String { "q-\(question.id)-r\(row)-c\(column)" }
    public static let textLimit = 500
    public static let longTextLimit = 5000
    public static let defaultRankingPlaces = 3
    public static let defaultTableRows = 5

    /// `candidates`: the people a ranking question may name, by question id.
    public static func read(_ fields: [String: String], definition: QuestionnaireDefinition,
                            candidates: [String: Set<UUID>] = [:]) -> Outcome {
        var outcome = Outcome(sheet: AnswerSheet(), errors: [:])
        for question in definition.questions {
            switch parse(question, fields, candidates: candidates[question.id] ?? []) {
            case .success(let value?): outcome.sheet.values[question.id] = value
            case .success(nil): if question.required { outcome.errors[question.id] = missingMessage(question.type) }
            case .failure(let problem): outcome.errors[question.id] = problem.message
            }
        }
        return outcome
    }

    struct Problem: Error { let message: String }

    static func missingMessage(_ type: QuestionType) -> String {
        switch type {
        case .singleChoice, .yesNo: "Выберите один из вариантов."
        case .multipleChoice: "Отметьте хотя бы один вариант."
        case .scale: "Поставьте оценку от 1 до 10."
        case .ranking: "Выберите хотя бы одного человека."
        case .tableRows: "Заполните хотя бы одну строку таблицы."
        default: "Это обязательный вопрос: ответьте на него."
        }
    }

    static func parse(_ question: Question, _ fields: [String: String], candidates: Set<UUID>) -> Result<AnswerValue?, Problem> {
        let raw = (fields[field(question)] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        switch question.type {
        case .shortText, .longText:
            if raw.isEmpty { return .success(nil) }
            let limit = question.type == .shortText ? textLimit : longTextLimit
            guard raw.count <= limit else { return .failure(Problem(message: "Слишком длинный ответ: не больше \(limit) знаков.")) }
            return .success(.text(raw))
        case .singleChoice:
            if raw.isEmpty { return .success(nil) }
            guard question.options.contains(raw) else { return .failure(Problem(message: "Выберите вариант из списка.")) }
            return .success(.choice(raw))
        case .multipleChoice:
            let chosen = question.options.indices.filter { !(fields[field(question, $0)] ?? "").isEmpty }.map { question.options[$0] }
            return .success(chosen.isEmpty ? nil : .choices(chosen))
        case .scale:
            if raw.isEmpty { return .success(nil) }
            guard let value = Int(raw), (1...10).contains(value) else { return .failure(Problem(message: "Оценка — целое число от 1 до 10.")) }
            return .success(.scale(value))
        case .yesNo:
            switch raw {
            case "": return .success(nil)
            case "yes": return .success(.yesNo(true))
            case "no": return .success(.yesNo(false))
            default: return .failure(Problem(message: "Ответьте «Да» или «Нет»."))
            }
        case .ranking:
            return ranking(question, fields, candidates: candidates)
        case .date:
            if raw.isEmpty { return .success(nil) }
            guard let iso = isoDay(raw) else { return .failure(Problem(message: "Введите дату в виде ДД.ММ.ГГГГ, например 25.11.2026.")) }
            return .success(.date(iso))
        case .number:
            if raw.isEmpty { return .success(nil) }
            guard let value = Double(raw.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")), value.isFinite else {
                return .failure(Problem(message: "Введите число, например 12 или 3,5."))
            }
            if let minimum = question.minimum, value < minimum { return .failure(Problem(message: "Число должно быть не меньше \(AnswerValue.number(minimum).display()).")) }
            if let maximum = question.maximum, value > maximum { return .failure(Problem(message: "Число должно быть не больше \(AnswerValue.number(maximum).display()).")) }
            return .success(.number(value))
        case .tableRows:
            return table(question, fields)
        }
    }

    static func ranking(_ question: Question, _ fields: [String: String], candidates: Set<UUID>) -> Result<AnswerValue?, Problem> {
        var chosen: [UUID] = []
        for place in 1...(question.rows ?? defaultRankingPlaces) {
            let raw = (fields[field(question, place)] ?? "").trimmingCharacters(in: .whitespaces)
            if raw.isEmpty { continue }
            guard let id = UUID(uuidString: raw), candidates.contains(id) else {
                return .failure(Problem(message: "Выберите людей из списка."))
            }
            guard !chosen.contains(id) else { return .failure(Problem(message: "Один и тот же человек выбран дважды: на каждом месте должен быть другой.")) }
            chosen.append(id)
        }
        return .success(chosen.isEmpty ? nil : .ranking(chosen))
    }

    static func table(_ question: Question, _ fields: [String: String]) -> Result<AnswerValue?, Problem> {
        var rows: [[String]] = []
        for row in 0..<(question.rows ?? defaultTableRows) {
            let cells = question.columns.indices.map { (fields[cell(question, row: row, column: $0)] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
            if cells.allSatisfy(\.isEmpty) { continue }
            guard !cells[0].isEmpty else {
                return .failure(Problem(message: "В строке \(row + 1) заполните первую колонку «\(question.columns[0])»."))
            }
            guard cells.allSatisfy({ $0.count <= textLimit }) else { return .failure(Problem(message: "В строке \(row + 1) слишком длинный текст: не больше \(textLimit) знаков в ячейке.")) }
            rows.append(cells)
        }
        return .success(rows.isEmpty ? nil : .table(rows))
    }

    /// `2026-11-25` from a date input, or `25.11.2026` typed on a phone without a date picker.
    static func isoDay(_ raw: String) -> String? {
        let parts: [Substring]
        if raw.contains("-") { parts = raw.split(separator: "-") } else { parts = raw.split(separator: ".").reversed() }
        guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2100).contains(year) else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components) else { return nil }
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == year, back.month == month, back.day == day else { return nil }
        return String(format: "%04d-%02d-%02d", year, month, day)
    }

    /// The form fields that show a stored answer again, for a draft or a read-only page.
    public static func fields(for sheet: AnswerSheet, definition: QuestionnaireDefinition) -> [String: String] {
        var fields: [String: String] = [:]
        for question in definition.questions {
            guard let value = sheet.values[question.id] else { continue }
            switch value {
            case .text(let text), .choice(let text), .date(let text): fields[field(question)] = text
            case .scale(let number): fields[field(question)] = String(number)
            case .number(let number): fields[field(question)] = AnswerValue.number(number).display()
            case .yesNo(let flag): fields[field(question)] = flag ? "yes" : "no"
            case .choices(let chosen):
                for (index, option) in question.options.enumerated() where chosen.contains(option) { fields[field(question, index)] = "on" }
            case .ranking(let ids):
                for (offset, id) in ids.enumerated() { fields[field(question, offset + 1)] = id.uuidString }
            case .table(let rows):
                for (r, cells) in rows.enumerated() { for (c, text) in cells.enumerated() { fields[cell(question, row: r, column: c)] = text } }
            }
        }
        return fields
    }
}
