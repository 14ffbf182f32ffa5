import Fluent
import Foundation
import Vapor

/// Results of one version of a questionnaire: response rate, distributions of choices and
/// scales (for the server-rendered bar charts), averages, text answers.
struct QuestionnaireResults: Content, Sendable {
    struct Bar: Codable, Sendable {
        let label: String
        let count: Int
        let percent: Int
        /// Bar length in the SVG's units (0…200).
        let width: Int
        let y: Int
        let textY: Int
        let valueX: Int
    }
    struct TextAnswer: Codable, Sendable { let who: String?; let text: String }
    struct QuestionResult: Codable, Sendable {
        let id: String
        let text: String
        let type: String
        let answered: Int
        let average: String?
        let bars: [Bar]
        let chartHeight: Int
        let texts: [TextAnswer]
    }

    let assigned: Int
    let submitted: Int
    let responseRate: Int
    let answerCount: Int
    /// An anonymous survey shows nothing until a few people answered, or one answer would be
    /// as good as signed.
    let hiddenForAnonymity: Bool
    let questions: [QuestionResult]

    static let barHeight = 22
    static let anonymityThreshold = 3
    static let textLimit = 300

    static func build(questionnaire: Questionnaire, version: QuestionnaireVersion, on db: any Database) async throws -> QuestionnaireResults {
        let questionnaireID = try questionnaire.requireID()
        let assigned = try await QuestionnaireAssignment.query(on: db).filter(\.$questionnaire.$id == questionnaireID).count()
        let submitted = try await QuestionnaireAssignment.query(on: db)
            .filter(\.$questionnaire.$id == questionnaireID).filter(\.$status == .submitted).count()
        let answers = try await Answer.query(on: db)
            .filter(\.$questionnaire.$id == questionnaireID).filter(\.$version.$id == version.requireID())
            .with(\.$respondent).all()
        let sheets = try answers.map { (who: questionnaire.isAnonymous ? nil : $0.respondent?.fullName, sheet: try $0.sheet()) }
        let names = try await rankedNames(in: sheets.map(\.sheet), on: db)
        let definition = try version.definition()
        let hidden = try await !AnonymousAudience.mayShow(questionnaire, answers: answers.count, on: db)
        return QuestionnaireResults(
            assigned: assigned, submitted: submitted,
            responseRate: assigned == 0 ? 0 : Int((Double(submitted) / Double(assigned) * 100).rounded()),
            answerCount: answers.count, hiddenForAnonymity: hidden,
            questions: hidden ? [] : definition.questions.map { summarize($0, sheets, names: names) })
    }

    static func summarize(_ question: Question, _ sheets: [(who: String?, sheet: AnswerSheet)], names: [UUID: String]) -> QuestionResult {
        let values = sheets.compactMap { entry in entry.sheet.values[question.id].map { (entry.who, $0) } }
        var counts: [(String, Int)] = []
        var average: String?
        switch question.type {
        case .singleChoice:
            counts = question.options.map { option in (option, values.filter { $0.1 == .choice(option) }.count) }
        case .multipleChoice:
            counts = question.options.map { option in
                (option, values.filter { $0.1.chosenOptions.contains(option) }.count)
            }
        case .yesNo:
            counts = [("Да", values.filter { $0.1 == .yesNo(true) }.count), ("Нет", values.filter { $0.1 == .yesNo(false) }.count)]
        case .scale:
            let scores = values.compactMap { $0.1.scaleValue }
            counts = (1...10).map { score in (String(score), scores.filter { $0 == score }.count) }
            if !scores.isEmpty { average = (Double(scores.reduce(0, +)) / Double(scores.count)).russian() }
        case .number:
            let numbers = values.compactMap { $0.1.numberValue }
            if !numbers.isEmpty { average = (numbers.reduce(0, +) / Double(numbers.count)).russian() }
        case .ranking:
            // First choices: whom people named first.
            var firsts: [UUID: Int] = [:]
            for (_, value) in values { if let first = value.rankedIDs?.first { firsts[first, default: 0] += 1 } }
            counts = firsts.sorted { $0.value > $1.value }.map { (names[$0.key] ?? "—", $0.value) }
        default: break
        }
        let total = max(values.count, 1)
        let maximum = max(counts.map(\.1).max() ?? 0, 1)
        let bars = counts.enumerated().map { index, entry in
            Bar(label: entry.0.count > 38 ? String(entry.0.prefix(37)) + "…" : entry.0, count: entry.1, percent: Int((Double(entry.1) / Double(total) * 100).rounded()),
                width: Int((Double(entry.1) / Double(maximum) * 200).rounded()), y: index * barHeight, textY: index * barHeight + 15,
                valueX: 266 + Int((Double(entry.1) / Double(maximum) * 200).rounded()))
        }
        let texts: [TextAnswer] = question.type.isCounted || question.type == .ranking ? [] :
            values.prefix(textLimit).map { TextAnswer(who: $0.0, text: $0.1.display(names: names)) }
        return QuestionResult(id: question.id, text: question.text, type: question.type.russianName, answered: values.count,
                              average: average, bars: bars, chartHeight: max(bars.count * barHeight, barHeight), texts: texts)
    }

    /// Names of the people named in ranking answers, in one query.
    static func rankedNames(in sheets: [AnswerSheet], on db: any Database) async throws -> [UUID: String] {
        var ids = Set<UUID>()
        for sheet in sheets { for value in sheet.values.values { ids.formUnion(value.rankedIDs ?? []) } }
        guard !ids.isEmpty else { return [:] }
        let users = try await User.query(on: db).filter(\.$id ~~ Array(ids)).all()
        return Dictionary(uniqueKeysWithValues: try users.map { (try $0.requireID(), $0.fullName) })
    }
}
