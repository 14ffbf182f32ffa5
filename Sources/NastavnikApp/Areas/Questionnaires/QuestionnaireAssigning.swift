import Fluent
import Foundation

/// Sending a published questionnaire to people of the organization.
enum QuestionnaireAssigning {
    struct Recipient: Hashable { let userID: UUID; let role: Role }

    /// Everyone holding `role` in the organization.
    static func everyone(with role: Role, organizationID: UUID, on db: any Database) async throws -> [Recipient] {
        try await RoleAssignment.query(on: db)
            .filter(\.$organization.$id == organizationID).filter(\.$role == role)
            .all().map { Recipient(userID: $0.$user.id, role: role) }
    }

    /// Keeps only the people who really hold the role in this organization, so an id edited in
    /// a form cannot send a questionnaire to someone elsewhere.
    static func verified(_ recipients: [Recipient], organizationID: UUID, on db: any Database) async throws -> [Recipient] {
        let held = try await RoleAssignment.query(on: db)
            .filter(\.$organization.$id == organizationID).filter(\.$user.$id ~~ recipients.map(\.userID)).all()
        let valid = Set(held.map { Recipient(userID: $0.$user.id, role: $0.role) })
        return recipients.filter(valid.contains)
    }

    /// Assigns the latest published version; people who still have it open are not sent it twice.
    /// Returns how many people got it.
    /// `audience` records whom a program sent it to (`ProgramSurveyAudience`).
    /// The questionnaire's row is locked before the open assignments are read, so two sendings at
    /// once (a double click, two tabs) wait for each other and the second finds the first's people.
    static func assign(_ questionnaire: Questionnaire, to recipients: [Recipient], dueAt: Date?, by userID: UUID,
                       audience: String? = nil, on db: any Database) async throws -> Int {
        let questionnaireID = try questionnaire.requireID()
        return try await db.transaction { db in
            try await RowLock.lock(Questionnaire.schema, id: questionnaireID, on: db)
            guard let version = try await QuestionnaireAuthoring.latestPublished(of: questionnaireID, on: db) else {
                throw AppError.conflict("Сначала опубликуйте анкету: отправить можно только опубликованную версию.")
            }
            try await AnonymousAudience.check(questionnaire, sendingTo: recipients, on: db)
            let open = try await QuestionnaireAssignment.query(on: db)
                .filter(\.$questionnaire.$id == questionnaireID).filter(\.$status != .submitted).all()
            var seen = Set(open.map { Recipient(userID: $0.$user.id, role: $0.role) })
            let fresh = recipients.filter { seen.insert($0).inserted }
            let versionID = try version.requireID()
            for recipient in fresh {
                let assignment = QuestionnaireAssignment(
                    organizationID: questionnaire.$organization.id, questionnaireID: questionnaireID, versionID: versionID,
                    userID: recipient.userID, role: recipient.role, dueAt: dueAt, assignedByID: userID)
                assignment.audience = audience
                try await assignment.save(on: db)
            }
            try await Notifications.questionnaireSent(questionnaire, to: fresh.map(\.userID), dueAt: dueAt, on: db)
            return fresh.count
        }
    }
}
