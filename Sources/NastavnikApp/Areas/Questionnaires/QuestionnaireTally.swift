import Fluent
import Foundation

/// What the answers to one published version of a questionnaire say, as plain figures: who was
/// asked and who answered, and per question the counts of each choice, the average of scales and
/// numbers, and the text answers. The results page draws it (`QuestionnaireResults`); the API
/// sends it as data (`QuestionnaireResultsDTO`).
struct QuestionnaireTally: Sendable {
    struct Count: Sendable {
        /// The option's text, the score ("1"…"10"), "yes"/"no", or the named person's id.
        let value: String
        /// How people read it: the option, the score, «Да»/«Нет», the person's name.
        let label: String
        let count: Int
    }

    struct QuestionTally: Sendable {
        let question: Question
        let answered: Int
        let average: Double?
        let counts: [Count]
        /// Text answers (at most `QuestionnaireResults.textLimit`), with the respondent's name
        /// unless the questionnaire is anonymous.
        let texts: [(who: String?, value: AnswerValue)]
        /// Names of people in ranking answers, by account id.
        let names: [UUID: String]

        /// The share of those who answered this question, in whole percent.
        func percent(_ count: Int) -> Int { Int((Double(count) / Double(max(answered, 1)) * 100).rounded()) }
    }

    let versionNumber: Int
    let assigned: Int
    let submitted: Int
    let answerCount: Int
    /// An anonymous survey shows nothing until a few people answered, or one answer would be
    /// as good as signed; then `questions` is empty.
    let hiddenForAnonymity: Bool
    let questions: [QuestionTally]

    var responseRate: Int { assigned == 0 ? 0 : Int((Double(submitted) / Double(assigned) * 100).rounded()) }

    static func build(questionnaire: Questionnaire, version: QuestionnaireVersion, on db: any Database) async throws -> QuestionnaireTally {
        let questionnaireID = try questionnaire.requireID()
        let assigned = try await QuestionnaireAssignment.query(on: db).filter(\.$questionnaire.$id == questionnaireID).count()
        let submitted = try await QuestionnaireAssignment.query(on: db)
            .filter(\.$questionnaire.$id == questionnaireID).filter(\.$status == .submitted).count()
        let answers = try await Answer.query(on: db)
            .filter(\.$questionnaire.$id == questionnaireID).filter(\.$version.$id == version.requireID())
            .with(\.$respondent).all()
        let sheets = try answers.map { (who: questionnaire.isAnonymous ? nil : $0.respondent?.fullName, sheet: try $0.sheet()) }
        let names = try await QuestionnaireResults.rankedNames(in: sheets.map(\.sheet), on: db)
        let definition = try version.definition()
        let hidden = try await !AnonymousAudience.mayShow(questionnaire, answers: answers.count, on: db)
        return QuestionnaireTally(
            versionNumber: version.number, assigned: assigned, submitted: submitted, answerCount: answers.count, hiddenForAnonymity: hidden,
            questions: hidden ? [] : definition.questions.map { tally($0, sheets, names: names) })
    }

    static func tally(_ question: Question, _ sheets: [(who: String?, sheet: AnswerSheet)], names: [UUID: String]) -> QuestionTally {
        let values = sheets.compactMap { entry in entry.sheet.values[question.id].map { (who: entry.who, value: $0) } }
        var counts: [Count] = []
        var average: Double?
        switch question.type {
        case .singleChoice:
            counts = question.options.map { option in Count(value: option, label: option, count: values.filter { $0.value == .choice(option) }.count) }
        case .multipleChoice:
            counts = question.options.map { option in
                Count(value: option, label: option, count: values.filter { $0.value.chosenOptions.contains(option) }.count)
            }
        case .yesNo:
            counts = [Count(value: "yes", label: "Да", count: values.filter { $0.value == .yesNo(true) }.count),
                      Count(value: "no", label: "Нет", count: values.filter { $0.value == .yesNo(false) }.count)]
        case .scale:
            let scores = values.compactMap(\.value.scaleValue)
            counts = (1...10).map { score in Count(value: String(score), label: String(score), count: scores.filter { $0 == score }.count) }
            if !scores.isEmpty { average = Double(scores.reduce(0, +)) / Double(scores.count) }
        case .number:
            let numbers = values.compactMap(\.value.numberValue)
            if !numbers.isEmpty { average = numbers.reduce(0, +) / Double(numbers.count) }
        case .ranking:
            // First choices: whom people named first.
            var firsts: [UUID: Int] = [:]
            for entry in values { if let first = entry.value.rankedIDs?.first { firsts[first, default: 0] += 1 } }
            counts = firsts.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key.uuidString < $1.key.uuidString) }
                .map { Count(value: $0.key.uuidString.lowercased(), label: names[$0.key] ?? "—", count: $0.value) }
        default: break
        }
        let texts = question.type.isCounted || question.type == .ranking ? [] : Array(values.prefix(QuestionnaireResults.textLimit))
        return QuestionTally(question: question, answered: values.count, average: average, counts: counts, texts: texts, names: names)
    }
}
