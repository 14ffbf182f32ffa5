import Foundation
import Vapor

/// The API's results of a questionnaire: the tally as data for a regional system or an
/// e-journal — no chart geometry, no labels cut to fit, numbers as numbers (the page's
/// `QuestionnaireResults` is drawn from the same `QuestionnaireTally`).
struct QuestionnaireResultsDTO: Content {
    struct Count: Content {
        /// The option's text, the score ("1"…"10"), "yes"/"no", or the id of the person named first.
        let value: String
        /// The person's name, for a ranking question.
        let name: String?
        let count: Int
        /// Of those who answered the question, in whole percent.
        let percent: Int
    }

    struct TextAnswer: Content {
        /// The respondent's name; null in an anonymous questionnaire.
        let respondent: String?
        /// The answer as typed; a date as YYYY-MM-DD.
        let text: String
    }

    struct QuestionResult: Content {
        let id: String
        let key: QuestionKey?
        let type: QuestionType
        let text: String
        let answered: Int
        /// The mean of a scale or number question.
        let average: Double?
        let counts: [Count]
        let texts: [TextAnswer]
    }

    let versionNumber: Int
    let assigned: Int
    let submitted: Int
    /// Submitted of assigned, in whole percent.
    let responseRate: Int
    let answerCount: Int
    let hiddenForAnonymity: Bool
    let questions: [QuestionResult]

    init(_ tally: QuestionnaireTally) {
        versionNumber = tally.versionNumber; assigned = tally.assigned; submitted = tally.submitted
        responseRate = tally.responseRate; answerCount = tally.answerCount; hiddenForAnonymity = tally.hiddenForAnonymity
        questions = tally.questions.map { question in
            QuestionResult(
                id: question.question.id, key: question.question.key, type: question.question.type, text: question.question.text,
                answered: question.answered, average: question.average,
                counts: question.counts.map {
                    Count(value: $0.value, name: question.question.type == .ranking ? $0.label : nil, count: $0.count, percent: question.percent($0.count))
                },
                texts: question.texts.map { entry in
                    let text: String = if case .date(let day) = entry.value { day } else { entry.value.display(names: question.names) }
                    return TextAnswer(respondent: entry.who, text: text)
                })
        }
    }

    /// Its schema in the OpenAPI document.
    static var schema: [String: Any] {
        let string: [String: Any] = ["type": "string"], integer: [String: Any] = ["type": "integer"]
        return ["type": "object", "required": ["versionNumber", "assigned", "submitted", "responseRate", "answerCount", "hiddenForAnonymity", "questions"],
                "properties": [
                    "versionNumber": integer, "assigned": integer, "submitted": integer,
                    "responseRate": ["type": "integer", "description": "Процент ответивших из тех, кому анкета назначена"],
                    "answerCount": integer,
                    "hiddenForAnonymity": ["type": "boolean", "description": "Анонимная анкета, ответов меньше порога: итоги по вопросам не показываются"],
                    "questions": ["type": "array", "items": ["type": "object", "required": ["id", "type", "text", "answered", "counts", "texts"], "properties": [
                        "id": string, "key": ["type": ["string", "null"], "enum": QuestionKey.allCases.map(\.rawValue) + [NSNull()]],
                        "type": ["type": "string", "enum": QuestionType.allCases.map(\.rawValue)], "text": string, "answered": integer,
                        "average": ["type": ["number", "null"], "description": "Среднее шкалы или числа"],
                        "counts": ["type": "array", "items": ["type": "object", "required": ["value", "count", "percent"], "properties": [
                            "value": ["type": "string", "description": "Вариант ответа, балл шкалы, yes/no или идентификатор названного первым человека"],
                            "name": ["type": ["string", "null"], "description": "Имя человека для вопроса с выбором людей"],
                            "count": integer, "percent": ["type": "integer", "description": "Процент ответивших на вопрос"],
                        ]]],
                        "texts": ["type": "array", "items": ["type": "object", "required": ["text"], "properties": [
                            "respondent": ["type": ["string", "null"], "description": "Имя ответившего; null в анонимной анкете"], "text": string,
                        ]]],
                    ]]],
                ]]
    }
}
