import Foundation

/// A questionnaire laid out for a Leaf page: every input's name, the value typed or saved
/// before, and its error, so the template only prints. Works without JavaScript.
struct QuestionnaireFormView: Encodable, Sendable {
    struct Choice: Encodable, Sendable { let name: String; let value: String; let label: String; let checked: Bool; let id: String }
    struct Place: Encodable, Sendable { let name: String; let label: String; let id: String; let choices: [Choice] }
    struct Cell: Encodable, Sendable { let name: String; let value: String; let label: String }
    struct Row: Encodable, Sendable { let number: Int; let cells: [Cell] }
    struct QuestionView: Encodable, Sendable {
        let id: String
        let number: Int
        let text: String
        let hint: String?
        let required: Bool
        let type: String
        let name: String
        let value: String
        let error: String?
        let choices: [Choice]
        let places: [Place]
        let columns: [String]
        let rows: [Row]
        /// The submitted answer, for a read-only page.
        let answer: String?
    }
    struct SectionView: Encodable, Sendable { let title: String; let questions: [QuestionView] }

    let sections: [SectionView]
    let errorCount: Int

    init(definition: QuestionnaireDefinition, fields: [String: String], errors: [String: String] = [:],
         candidates: [String: [Answering.Candidate]] = [:], submitted: AnswerSheet? = nil, names: [UUID: String] = [:]) {
        var number = 0
        sections = definition.sections.map { section in
            SectionView(title: section.title, questions: section.questions.map { question in
                number += 1
                return Self.view(question, number: number, fields: fields, error: errors[question.id],
                                 candidates: candidates[question.id] ?? [], answer: submitted.map { $0.values[question.id]?.display(names: names) ?? "—" })
            })
        }
        errorCount = errors.count
    }

    static func view(_ question: Question, number: Int, fields: [String: String], error: String?,
                     candidates: [Answering.Candidate], answer: String?) -> QuestionView {
        let name = AnswerForm.field(question)
        let value = fields[name] ?? ""
        var choices: [Choice] = []
        var places: [Place] = []
        var rows: [Row] = []
        switch question.type {
        case .singleChoice:
            choices = question.options.enumerated().map { index, option in
                Choice(name: name, value: option, label: option, checked: value == option, id: "\(name)-\(index)")
            }
        case .multipleChoice:
            choices = question.options.enumerated().map { index, option in
                let field = AnswerForm.field(question, index)
                return Choice(name: field, value: "on", label: option, checked: !(fields[field] ?? "").isEmpty, id: field)
            }
        case .scale:
            choices = (1...10).map { Choice(name: name, value: String($0), label: String($0), checked: value == String($0), id: "\(name)-\($0)") }
        case .yesNo:
            choices = [Choice(name: name, value: "yes", label: "Да", checked: value == "yes", id: "\(name)-yes"),
                       Choice(name: name, value: "no", label: "Нет", checked: value == "no", id: "\(name)-no")]
        case .ranking:
            places = (1...(question.rows ?? AnswerForm.defaultRankingPlaces)).map { place in
                let field = AnswerForm.field(question, place)
                let chosen = fields[field] ?? ""
                return Place(name: field, label: "\(place)-й выбор", id: field, choices: candidates.map {
                    Choice(name: field, value: $0.id.uuidString, label: $0.name, checked: chosen == $0.id.uuidString, id: "")
                })
            }
        case .tableRows:
            rows = (0..<(question.rows ?? AnswerForm.defaultTableRows)).map { row in
                Row(number: row + 1, cells: question.columns.enumerated().map { column, title in
                    let field = AnswerForm.cell(question, row: row, column: column)
                    return Cell(name: field, value: fields[field] ?? "", label: "\(title), строка \(row + 1)")
                })
            }
        default: break
        }
        return QuestionView(id: question.id, number: number, text: question.text, hint: question.hint, required: question.required,
                            type: question.type.rawValue, name: name, value: value, error: error, choices: choices, places: places,
                            columns: question.columns, rows: rows, answer: answer)
    }
}
