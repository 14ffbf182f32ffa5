import Fluent
import Foundation

/// Reads the scores the indicators average out of an answer as it is stored.
enum AnswerScores {
    /// The keys worth keeping apart.
    static let keys: [QuestionKey] = [.satisfaction, .programQuality]

    /// The quality survey asks the role itself, being anonymous; the other surveys know it.
    /// `audience` is whom a program sent the survey to: partners answer as mentors but are partners.
    static func group(role: Role?, audience: String? = nil, sheet: AnswerSheet, definition: QuestionnaireDefinition) -> String {
        if definition.questions.contains(where: { $0.key == .programQuality }),
           let said = definition.questions.first.flatMap({ sheet.values[$0.id] })?.chosenOptions.first {
            switch said {
            case "Наставник": return "mentor"
            case "Наставляемый": return "mentee"
            case "Куратор": return "curator"
            case "Партнёр программы": return "partner"
            default: return "other"
            }
        }
        if audience == ProgramSurveyAudience.partners.rawValue { return "partner" }
        switch role {
        case .mentor: return "mentor"
        case .mentee, .guardian: return "mentee"
        case .curator, .orgAdmin, .psychologist: return "curator"
        default: return "other"
        }
    }

    /// `day` is when the answer came: its academic year keeps a long program's satisfaction per year
    /// (an anonymous answer keeps only that year, never a time).
    static func scores(for answer: Answer, programID: UUID?, audience: String? = nil, day: CalendarDay = .today(),
                       sheet: AnswerSheet, definition: QuestionnaireDefinition) throws -> [AnswerScore] {
        // A satisfaction survey filled before the program is the baseline, not the outcome.
        if TypedAnswers.value(.surveyStage, in: sheet, definition: definition)?.chosenOptions.first == QuestionnaireTemplate.stages[0] { return [] }
        let group = group(role: answer.role, audience: audience, sheet: sheet, definition: definition)
        return try keys.compactMap { key in
            guard let value = TypedAnswers.value(key, in: sheet, definition: definition)?.scaleValue else { return nil }
            let score = AnswerScore()
            score.organizationID = answer.organizationID
            score.programID = programID
            score.answerID = try answer.requireID()
            score.key = key.rawValue
            score.respondentGroup = group
            score.value = value
            score.academicYear = AcademicYear.of(day).startYear
            return score
        }
    }
}
