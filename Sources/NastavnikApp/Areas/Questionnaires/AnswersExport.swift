import Foundation

/// Answers as CSV for a spreadsheet: UTF-8 with a BOM and `;` between cells, as Excel opens it
/// in a Russian locale. An anonymous survey has no respondent column.
enum AnswersExport {
    struct Row { let who: String?; let role: String?; let submittedAt: Date?; let sheet: AnswerSheet }

    static func csv(definition: QuestionnaireDefinition, anonymous: Bool, rows: [Row], names: [UUID: String]) -> String {
        let questions = definition.questions
        var header = anonymous ? [] : ["Респондент", "Роль", "Отправлено"]
        header += questions.map(\.text)
        var lines = [header.map(cell).joined(separator: ";")]
        for row in rows {
            var cells = anonymous ? [] : [row.who ?? "—", row.role ?? "", row.submittedAt.map(RussianDate.dateTime) ?? ""]
            cells += questions.map { row.sheet.values[$0.id]?.display(names: names) ?? "" }
            lines.append(cells.map(cell).joined(separator: ";"))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a cell; a leading =, +, - or @ is prefixed so a spreadsheet does not run it as a formula.
    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
