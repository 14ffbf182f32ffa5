import Fluent
import Foundation

/// What other areas read from answers, by `QuestionKey`: matching profiles from the bases'
/// questionnaires, Mentor Match preferences, monitoring scores. Only answers with a person
/// are read here; anonymous surveys feed the results page alone.
public enum TypedAnswers {
    /// The value under `key` in one answer, whatever the question's id in that version.
    public static func value(_ key: QuestionKey, in sheet: AnswerSheet, definition: QuestionnaireDefinition) -> AnswerValue? {
        definition.questions.first { $0.key == key }.flatMap { sheet.values[$0.id] }
    }

    /// Each person's latest submitted value under `key` in the organization.
    public static func latest(_ key: QuestionKey, organizationID: UUID, on db: any Database) async throws -> [UUID: AnswerValue] {
        let answers = try await Answer.query(on: db)
            .filter(\.$organizationID == organizationID).filter(\.$respondent.$id != nil)
            .sort(\.$submittedAt, .ascending).with(\.$version).all()
        var result: [UUID: AnswerValue] = [:]
        for answer in answers {
            guard let person = answer.$respondent.id,
                  let value = value(key, in: try answer.sheet(), definition: try answer.version.definition()) else { continue }
            result[person] = value
        }
        return result
    }

    /// Mentor Match: whom each person wants to work with, most wanted first (mentees rank
    /// mentors, mentors rank mentees). The input of `MentorMatching`'s stable matching.
    public static func mentorMatchPreferences(organizationID: UUID, on db: any Database) async throws -> [UUID: [UUID]] {
        var preferences: [UUID: [UUID]] = [:]
        for key in [QuestionKey.mentorMatchRanking, .mentorMatchMenteeRanking] {
            for (person, value) in try await latest(key, organizationID: organizationID, on: db) {
                if let ranked = value.rankedIDs { preferences[person] = ranked }
            }
        }
        return preferences
    }

    /// Final meeting: how close each person came to the goal, 1–10.
    public static func closenessToGoal(organizationID: UUID, on db: any Database) async throws -> [UUID: Int] {
        try await latest(.finalClosenessToGoal, organizationID: organizationID, on: db).compactMapValues(\.scaleValue)
    }
}
