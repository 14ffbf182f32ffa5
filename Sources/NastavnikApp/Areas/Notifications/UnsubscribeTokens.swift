import Fluent
import Foundation
import SQLKit

/// Each person's row of choices, made when first needed, with the secret of the unsubscribe link.
enum UnsubscribeTokens {
    struct Recipient {
        let token: String
        let mayReceive: Bool
    }

    /// The choices of these people, a row written for those who have none yet (e-mail at once).
    static func ensure(for userIDs: [UUID], on db: any Database) async throws -> [UUID: Recipient] {
        guard let sql = db as? any SQLDatabase, !userIDs.isEmpty else { return [:] }
        for userID in userIDs {
            try await sql.insert(into: NotificationPreference.schema)
                .columns("user_id", "email_enabled", "frequency", "unsubscribe_token", "updated_at")
                .values(SQLBind(userID), SQLBind(true), SQLBind(NotificationFrequency.immediate.rawValue), SQLBind(SecureToken.generate()), SQLBind(Date()))
                .ignoringConflicts()
                .run()
        }
        struct Row: Decodable {
            let user_id: UUID
            let unsubscribe_token: String
            let email_enabled: Bool
            let is_active: Bool
        }
        let rows = try await sql.raw("""
            SELECT p.user_id, p.unsubscribe_token, p.email_enabled, u.is_active
            FROM notification_preferences p JOIN users u ON u.id = p.user_id
            WHERE p.user_id IN (\(userIDs.map { SQLQueryString("\(bind: $0)") }.joined(separator: ", ")))
            """).all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.user_id, Recipient(token: $0.unsubscribe_token, mayReceive: $0.email_enabled && $0.is_active)) })
    }

    /// The person's choices, written with defaults when there are none yet.
    static func preference(of userID: UUID, on db: any Database) async throws -> NotificationPreference {
        _ = try await ensure(for: [userID], on: db)
        guard let preference = try await NotificationPreference.find(userID, on: db) else { throw AppError.notFound }
        return preference
    }
}
