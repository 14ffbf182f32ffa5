import Foundation

/// Answers as CSV for a spreadsheet (`CSVTable.write`: UTF-8 with a BOM, `;` between cells, formulas
/// neutralized). An anonymous survey has no respondent column.
enum AnswersExport {
    struct Row { let who: String?; let role: String?; let submittedAt: Date?; let sheet: AnswerSheet }

    static func csv(definition: QuestionnaireDefinition, anonymous: Bool, rows: [Row], names: [UUID: String]) -> Data {
        let questions = definition.questions
        let header = (anonymous ? [] : ["Респондент", "Роль", "Отправлено"]) + questions.map(\.text)
        let lines = rows.map { row in
            (anonymous ? [] : [row.who ?? "—", row.role ?? "", row.submittedAt.map(RussianDate.dateTime) ?? ""])
                + questions.map { row.sheet.values[$0.id]?.display(names: names) ?? "" }
        }
        return CSVTable.write(header: header, rows: lines)
    }
}
