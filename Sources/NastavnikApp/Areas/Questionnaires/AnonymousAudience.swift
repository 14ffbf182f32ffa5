import Fluent
import Foundation

/// Who may answer an anonymous survey so that no answer can be traced: never the people who read
/// its results (its author, and the organization's roles with `readAnswers`), and never fewer than
/// `QuestionnaireResults.anonymityThreshold` people. Otherwise a curator could send the survey to
/// herself, the psychologist and one target and read the target's answer as the only other one.
enum AnonymousAudience {
    /// The people who see an anonymous survey's results.
    static func authors(of questionnaire: Questionnaire, on db: any Database) async throws -> Set<UUID> {
        let readers = try await RoleAssignment.query(on: db)
            .filter(\.$organization.$id == questionnaire.$organization.id)
            .filter(\.$role ~~ Array(AccessPolicy.roles(for: .readAnswers)))
            .all().map(\.$user.id)
        return Set(readers).union([questionnaire.createdByID])
    }

    /// Refuses a sending that would reach an author or leave the audience too small to hide anyone.
    static func check(_ questionnaire: Questionnaire, sendingTo recipients: [QuestionnaireAssigning.Recipient],
                      on db: any Database) async throws {
        guard questionnaire.isAnonymous else { return }
        let authors = try await authors(of: questionnaire, on: db)
        let excluded = Set(recipients.map(\.userID)).intersection(authors)
        if !excluded.isEmpty {
            let names = try await User.query(on: db).filter(\.$id ~~ Array(excluded)).all().map(\.fullName).sorted()
            throw AppError.validation(["role": "Анонимный опрос не отправляют тем, кто читает его результаты (автору анкеты, кураторам и психологам организации): \(names.joined(separator: ", ")). Снимите их из списка получателей."])
        }
        let already = try await QuestionnaireAssignment.query(on: db)
            .filter(\.$questionnaire.$id == questionnaire.requireID()).all().map(\.$user.id)
        let audience = Set(already).union(recipients.map(\.userID)).subtracting(authors)
        let threshold = QuestionnaireResults.anonymityThreshold
        if audience.count < threshold {
            throw AppError.validation(["role": "Анонимный опрос отправляют не меньше чем \(threshold) людям, кроме тех, кто читает результаты: иначе по ответу можно узнать человека. Выберите больше получателей."])
        }
    }

    /// How many people of the audience (authors left out) have answered: results stay hidden below
    /// the threshold even if answers from authors were stored before this rule.
    static func answeredCount(_ questionnaire: Questionnaire, on db: any Database) async throws -> Int {
        let authors = try await authors(of: questionnaire, on: db)
        let submitted = try await QuestionnaireAssignment.query(on: db)
            .filter(\.$questionnaire.$id == questionnaire.requireID()).filter(\.$status == .submitted)
            .all().map(\.$user.id)
        return Set(submitted).subtracting(authors).count
    }

    /// Whether an anonymous survey's answers (`answers` of them in the view asked for) may be shown.
    static func mayShow(_ questionnaire: Questionnaire, answers: Int, on db: any Database) async throws -> Bool {
        guard questionnaire.isAnonymous else { return true }
        let threshold = QuestionnaireResults.anonymityThreshold
        guard answers >= threshold else { return false }
        return try await answeredCount(questionnaire, on: db) >= threshold
    }
}
