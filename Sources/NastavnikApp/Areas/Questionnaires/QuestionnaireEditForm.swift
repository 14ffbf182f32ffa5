import Foundation

/// The edit page's fields applied to a definition: per question `text-<id>`, `hint-<id>`,
/// `required-<id>`, `options-<id>` (one per line), `remove-<id>`; a new question from
/// `newText`, `newType`, `newSection`, `newOptions`, `newRequired`.
enum QuestionnaireEditForm {
    struct Outcome {
        var definition: QuestionnaireDefinition
        var errors: [String: String]
    }

    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func apply(_ fields: [String: String], to definition: QuestionnaireDefinition) -> Outcome {
        var result = definition
        var errors: [String: String] = [:]
        for s in result.sections.indices {
            result.sections[s].questions = result.sections[s].questions.compactMap { original in
                var question = original
                if fields["remove-\(question.id)"] != nil { return nil }
                let text = (fields["text-\(question.id)"] ?? question.text).trimmingCharacters(in: .whitespacesAndNewlines)
                if text.isEmpty { errors["text-\(question.id)"] = "Введите текст вопроса." }
                question.text = text
                let hint = (fields["hint-\(question.id)"] ?? question.hint ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
                question.hint = hint.isEmpty ? nil : hint
                question.required = fields["required-\(question.id)"] != nil
                if [.singleChoice, .multipleChoice].contains(question.type), let raw = fields["options-\(question.id)"] {
                    question.options = lines(raw)
                    if question.options.count < 2 { errors["options-\(question.id)"] = "Укажите хотя бы два варианта, по одному в строке." }
                }
                return question
            }
        }
        let newText = (fields["newText"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if !newText.isEmpty {
            let type = QuestionType(rawValue: fields["newType"] ?? "") ?? .shortText
            var question = Question(id: result.nextQuestionID(), type: type, text: newText, required: fields["newRequired"] != nil)
            let options = lines(fields["newOptions"])
            switch type {
            case .singleChoice, .multipleChoice:
                question.options = options
                if options.count < 2 { errors["newOptions"] = "Укажите хотя бы два варианта, по одному в строке." }
            case .tableRows:
                question.columns = options
                question.rows = AnswerForm.defaultTableRows
                if options.isEmpty { errors["newOptions"] = "Укажите названия колонок таблицы, по одному в строке." }
            case .ranking:
                question.candidates = Role(rawValue: fields["newCandidates"] ?? "") ?? .mentor
                question.rows = AnswerForm.defaultRankingPlaces
            default: break
            }
            let section = Int(fields["newSection"] ?? "") ?? (result.sections.count - 1)
            if result.sections.indices.contains(section) {
                result.sections[section].questions.append(question)
            } else {
                result.sections.append(.init("Вопросы", [question]))
            }
        }
        result.sections.removeAll { $0.questions.isEmpty }
        if result.questions.isEmpty { errors["newText"] = "В анкете должен остаться хотя бы один вопрос." }
        return Outcome(definition: result, errors: errors)
    }
}
