import Fluent
import SQLKit

/// Notifications, their outbox and each person's choice of channel (issue 19, items 2-4).
///
/// `notifications` is the in-app list; a row waiting for the person's daily digest has
/// `digest_pending`. `outbox_messages` holds every e-mail to send, written in the transaction of
/// the change that caused it; `message_id` is the Message-ID the SMTP server sees, so a message
/// sent again after a crash is recognisably the same one. `dedupe_key` (unique where set) keeps a
/// scheduled reminder or a day's digest from being written twice by two app servers.
/// `notification_jobs` records which daily job ran on which day, claimed by a conditional UPDATE.
struct M028_Notifications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AppNotification.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("organization_id", .uuid)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string, .required)
            .field("digest_pending", .bool, .required, .sql(.default(false)))
            .field("dedupe_key", .string)
            .field("read_at", .datetime)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema(OutboxMessage.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("message_id", .string, .required)
            .field("kind", .string, .required)
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required, .sql(.default(0)))
            .field("next_attempt_at", .datetime, .required)
            .field("lease_until", .datetime)
            .field("claim_token", .uuid)
            .field("last_error", .string)
            .field("dedupe_key", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "message_id")
            .create()
        try await database.schema(NotificationPreference.schema)
            .field("user_id", .uuid, .identifier(auto: false), .references(User.schema, .id, onDelete: .cascade))
            .field("email_enabled", .bool, .required)
            .field("frequency", .string, .required)
            .field("unsubscribe_token", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "unsubscribe_token")
            .create()
        try await database.schema("notification_jobs")
            .field("name", .string, .identifier(auto: false))
            .field("done_on", .string, .required)
            .field("lease_until", .datetime)
            .create()
        try await database.index("notifications_user_unread_idx", on: AppNotification.schema, columns: ["user_id", "read_at"])
        try await database.index("notifications_user_created_idx", on: AppNotification.schema, columns: ["user_id", "created_at"])
        try await database.index("notifications_digest_idx", on: AppNotification.schema, columns: ["digest_pending", "user_id"])
        try await database.index("outbox_messages_due_idx", on: OutboxMessage.schema, columns: ["status", "next_attempt_at"])
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE UNIQUE INDEX notifications_dedupe_idx ON notifications (dedupe_key) WHERE dedupe_key IS NOT NULL").run()
        try await sql.raw("CREATE UNIQUE INDEX outbox_messages_dedupe_idx ON outbox_messages (dedupe_key) WHERE dedupe_key IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("notification_jobs").delete()
        try await database.schema(NotificationPreference.schema).delete()
        try await database.schema(OutboxMessage.schema).delete()
        try await database.schema(AppNotification.schema).delete()
    }
}
