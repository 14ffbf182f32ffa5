import Fluent
import SQLKit

/// Trust follow-ups of session 8: consent races, shared-account withdrawal through programs (issue 16).
///
/// `outbox_messages.organization_id`: the organization whose notification caused the letter, so
/// the withdrawal of one organization's consent drops that organization's letters to a person
/// whose account another organization still uses, and leaves the other's alone. Older letters and
/// a day's digest mixing several organizations stay NULL (no organization may drop them).
struct M036_TrustRaces: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxMessage.schema).field("organization_id", .uuid).update()
        try await database.index("outbox_messages_user_organization_idx", on: OutboxMessage.schema, columns: ["user_id", "organization_id"])
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS outbox_messages_user_organization_idx").run()
        }
        try await database.schema(OutboxMessage.schema).deleteField("organization_id").update()
    }
}
