import Fluent
import Foundation
import Vapor

/// The results page's view of one version of a questionnaire (`QuestionnaireTally` drawn for
/// people): response rate, distributions of choices and scales as server-rendered bar charts,
/// Russian averages, text answers. The API sends the tally itself (`QuestionnaireResultsDTO`).
struct QuestionnaireResults: Codable, Sendable {
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
        QuestionnaireResults(try await QuestionnaireTally.build(questionnaire: questionnaire, version: version, on: db))
    }

    /// The page's view of the figures: Russian words and numbers, labels cut to fit, bar geometry.
    init(_ tally: QuestionnaireTally) {
        assigned = tally.assigned; submitted = tally.submitted; responseRate = tally.responseRate
        answerCount = tally.answerCount; hiddenForAnonymity = tally.hiddenForAnonymity
        questions = tally.questions.map(Self.result)
    }

    init(assigned: Int, submitted: Int, responseRate: Int, answerCount: Int, hiddenForAnonymity: Bool, questions: [QuestionResult]) {
        self.assigned = assigned; self.submitted = submitted; self.responseRate = responseRate
        self.answerCount = answerCount; self.hiddenForAnonymity = hiddenForAnonymity; self.questions = questions
    }

    static func summarize(_ question: Question, _ sheets: [(who: String?, sheet: AnswerSheet)], names: [UUID: String]) -> QuestionResult {
        result(QuestionnaireTally.tally(question, sheets, names: names))
    }

    private static func result(_ tally: QuestionnaireTally.QuestionTally) -> QuestionResult {
        let maximum = max(tally.counts.map(\.count).max() ?? 0, 1)
        let bars = tally.counts.enumerated().map { index, entry in
            let width = Int((Double(entry.count) / Double(maximum) * 200).rounded())
            return Bar(label: entry.label.count > 38 ? String(entry.label.prefix(37)) + "…" : entry.label, count: entry.count,
                       percent: tally.percent(entry.count), width: width, y: index * barHeight, textY: index * barHeight + 15, valueX: 266 + width)
        }
        return QuestionResult(id: tally.question.id, text: tally.question.text, type: tally.question.type.russianName, answered: tally.answered,
                              average: tally.average?.russian(), bars: bars, chartHeight: max(bars.count * barHeight, barHeight),
                              texts: tally.texts.map { TextAnswer(who: $0.who, text: $0.value.display(names: tally.names)) })
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
