import Fluent
import Foundation

/// The first stage of monitoring for one program (seed 003): what the quality survey and the
/// satisfaction surveys say, how regularly the pairs meet, and the seed's «оцениваемые
/// результаты». Every figure carries the number of answers or pairs behind it.
struct ProgramQuality: Codable, Sendable {
    struct Suggestion: Codable, Sendable {
        let quadrant: String
        let text: String
        let source: String
    }

    struct Score: Codable, Sendable {
        let label: String
        let average: String
        let count: Int
        /// The mean as a number, nil without answers (for the API; the page prints `average`).
        var averageValue: Double? = nil
    }

    struct Figure: Codable, Sendable {
        let label: String
        let value: String
        let basis: String
        /// A stable key of the figure, for the API.
        var code = ""
        /// The pairs or answers counted, out of `of` (nil for a plain count, as the publications).
        var count = 0
        var of: Int? = nil
    }

    let suggestions: [Suggestion]
    let satisfaction: [Score]
    let quality: Score
    let regularity: [Figure]
    let results: [Figure]
    let answerCount: Int
    /// Answers of anonymous surveys left out because fewer than `QuestionnaireResults.anonymityThreshold`
    /// people answered yet: one answer would be as good as signed.
    var hiddenAnswerCount = 0
    /// The answers' own words (the SWOT suggestions) were left out: the reader may not read answers.
    var suggestionsWithheld = false

    /// `readsAnswers`: whether the reader holds `Permission.readAnswers`; without it the answers'
    /// own words (the SWOT suggestions) are left out, as the questionnaire's results are refused.
    /// An anonymous survey counts only once `AnonymousAudience.mayShow` would show its results,
    /// and inside it a role is named (a suggestion's source, the satisfaction by role) only where
    /// at least that many people of the role answered.
    static func load(_ program: Program, readsAnswers: Bool, on db: any Database) async throws -> ProgramQuality {
        let programID = try program.requireID()
        let questionnaires = try await Questionnaire.query(on: db).filter(\.$programID == programID).all()
        // Anonymous answers carry no time at all, so none is asked for.
        let stored = questionnaires.isEmpty ? [] : try await Answer.query(on: db).filter(\.$questionnaire.$id ~~ questionnaires.map { $0.id! })
            .with(\.$version).all()
        let threshold = QuestionnaireResults.anonymityThreshold
        let answered = Dictionary(grouping: stored, by: { $0.$questionnaire.id }).mapValues(\.count)
        var shown = Set<UUID>(), anonymous = Set<UUID>()
        for questionnaire in questionnaires {
            let id = try questionnaire.requireID()
            if questionnaire.isAnonymous { anonymous.insert(id) }
            if try await AnonymousAudience.mayShow(questionnaire, answers: answered[id] ?? 0, on: db) { shown.insert(id) }
        }
        let answers = stored.filter { shown.contains($0.$questionnaire.id) }

        // Partners answer named surveys as mentors; the program sent them as partners.
        let assignmentIDs = answers.compactMap(\.assignmentID)
        let partners = assignmentIDs.isEmpty ? Set<UUID>() : Set(try await QuestionnaireAssignment.query(on: db)
            .filter(\.$id ~~ assignmentIDs).filter(\.$audience == ProgramSurveyAudience.partners.rawValue).all().compactMap(\.id))
        var suggestions: [Suggestion] = []
        var satisfaction: [String: [Int]] = [:]
        var quality: [Int] = []
        var meetings: [String] = []
        var clubs: [Bool] = []
        let read = answers.compactMap { answer -> (answer: Answer, sheet: AnswerSheet, definition: QuestionnaireDefinition, who: String)? in
            guard let sheet = try? answer.sheet(), let definition = try? answer.version.definition() else { return nil }
            // The quality survey is anonymous: its own first question says the role.
            let isQualitySurvey = definition.questions.contains { $0.key == .programQuality }
            let role = isQualitySurvey ? definition.questions.first.flatMap { sheet.values[$0.id] }?.chosenOptions.first : nil
            let partner = answer.assignmentID.map(partners.contains) ?? false
            return (answer, sheet, definition, role ?? (partner ? "Партнёр программы" : answer.role?.russianName) ?? "участник")
        }
        // In an anonymous survey a role with fewer answers than the threshold would name its people.
        let roleSizes = Dictionary(grouping: read.filter { anonymous.contains($0.answer.$questionnaire.id) },
                                   by: { "\($0.answer.$questionnaire.id)|\($0.who)" }).mapValues(\.count)
        for (answer, sheet, definition, who) in read {
            func value(_ key: QuestionKey) -> AnswerValue? { TypedAnswers.value(key, in: sheet, definition: definition) }
            let roleHidden = anonymous.contains(answer.$questionnaire.id) && roleSizes["\(answer.$questionnaire.id)|\(who)", default: 0] < threshold
            let day = answer.submittedAt.map { ", " + CalendarDay.today($0).russian } ?? ""
            for quadrant in SwotQuadrant.allCases where readsAnswers {
                if case .text(let text)? = value(quadrant.questionKey) {
                    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    let source = roleHidden ? "Анкета: анонимный ответ" : "Анкета: \(who.lowercased())\(day)"
                    if !trimmed.isEmpty { suggestions.append(Suggestion(quadrant: quadrant.rawValue, text: trimmed, source: source)) }
                }
            }
            if let score = value(.satisfaction)?.scaleValue, !roleHidden {
                // A satisfaction survey before the program is the baseline, not the result.
                let stage = value(.surveyStage)?.chosenOptions.first
                if stage != QuestionnaireTemplate.stages[0] { satisfaction[who, default: []].append(score) }
            }
            if let score = value(.programQuality)?.scaleValue { quality.append(score) }
            if let option = value(.pairsMeetRegularly)?.chosenOptions.first { meetings.append(option) }
            if let value = value(.menteeExtracurricular) {
                let options = value.chosenOptions
                clubs.append(!options.isEmpty && !options.contains("Нигде"))
            }
        }

        let pairings = try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$status ~~ [.formed, .finished]).all()
        let ids = pairings.map { $0.id! }
        let held = ids.isEmpty ? [] : try await PairMeeting.query(on: db).filter(\.$pairing.$id ~~ ids).filter(\.$status == .held).all()
        let working = pairings.filter { $0.status == .formed }
        let regular = working.filter { pairing in
            let rhythm = PairRhythm.assess(held.filter { $0.$pairing.id == pairing.id }, formedAt: pairing.formedAt, form: pairing.form)
            return rhythm.daysSinceLast.map { $0 <= PairRhythm.maximumGapDays } ?? false
        }
        let regularAnswers = meetings.filter { $0 != "Реже, чем раз в две недели" }.count
        let results = try await PairResult.query(on: db).filter(\.$programID == programID).field(\.$id).field(\.$pairing.$id).field(\.$kind).all()
        let teacherPairs = Set(pairings.filter { $0.form == .teacherTeacher }.map { $0.id! })
        let projects = Set(results.filter { $0.kind == .project }.map { $0.$pairing.id })
        let exams = Set(results.filter { $0.kind == .examResult }.map { $0.$pairing.id })

        return ProgramQuality(
            suggestions: suggestions,
            satisfaction: satisfaction.keys.sorted().map { score($0, satisfaction[$0]!) },
            quality: score("Качество реализации программы", quality),
            regularity: [
                Figure(label: "Пары, встречавшиеся за последние две недели", value: share(regular.count, working.count),
                       basis: "\(regular.count) из \(working.count) \(RussianPlural.form(working.count, "работающей пары", "работающих пар", "работающих пар")), по записям встреч",
                       code: "pairsMetLastTwoWeeks", count: regular.count, of: working.count),
                Figure(label: "Участники, отметившие встречи не реже раза в две недели", value: share(regularAnswers, meetings.count),
                       basis: "\(regularAnswers) из \(meetings.count) \(RussianPlural.form(meetings.count, "ответа", "ответов", "ответов")) анкеты качества",
                       code: "answersMeetFortnightly", count: regularAnswers, of: meetings.count),
            ],
            results: [
                Figure(label: "Наставляемые, посещающие кружки и секции", value: share(clubs.filter { $0 }.count, clubs.count),
                       basis: "\(clubs.filter { $0 }.count) из \(clubs.count) \(RussianPlural.form(clubs.count, "ответа", "ответов", "ответов")) анкеты удовлетворённости",
                       code: "menteesInClubs", count: clubs.filter { $0 }.count, of: clubs.count),
                Figure(label: "Пары с реализованным проектом", value: share(projects.count, pairings.count),
                       basis: "\(projects.count) из \(pairings.count) \(RussianPlural.form(pairings.count, "пары", "пар", "пар")), по промежуточным результатам",
                       code: "pairsWithProject", count: projects.count, of: pairings.count),
                Figure(label: "Пары с подтверждённым результатом экзамена или аттестации", value: share(exams.count, pairings.count),
                       basis: "\(exams.count) из \(pairings.count) \(RussianPlural.form(pairings.count, "пары", "пар", "пар"))",
                       code: "pairsWithExamResult", count: exams.count, of: pairings.count),
                Figure(label: "Публикации молодых педагогов", value: String(results.filter { $0.kind == .publication && teacherPairs.contains($0.$pairing.id) }.count),
                       basis: "в парах «учитель – учитель»",
                       code: "teacherPublications", count: results.filter { $0.kind == .publication && teacherPairs.contains($0.$pairing.id) }.count),
            ],
            answerCount: answers.count, hiddenAnswerCount: stored.count - answers.count, suggestionsWithheld: !readsAnswers)
    }

    static func score(_ label: String, _ values: [Int]) -> Score {
        Score(label: label, average: average(values), count: values.count,
              averageValue: values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count))
    }

    static func average(_ values: [Int]) -> String {
        IndicatorCounts.average(values.reduce(0, +), values.count)
    }

    static func share(_ part: Int, _ whole: Int) -> String {
        whole == 0 ? "—" : IndicatorCounts.percent(Double(part) / Double(whole))
    }
}
