import Fluent
import SQLKit

/// The journal looked up by the person: a consent withdrawal renames the entries its person wrote
/// (`actor_id`) and the entries about the person's card, account and pairs (`object_id`), and a
/// card shows its consents' history by `object_id`. Without these, each withdrawal read the whole
/// journal of the region — hundreds of thousands of rows — inside its transaction.
struct M040_AuditEntryPeople: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.index("audit_entries_actor_idx", on: AuditEntry.schema, columns: ["actor_id"])
        try await database.index("audit_entries_object_idx", on: AuditEntry.schema, columns: ["object_id"])
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS audit_entries_actor_idx").run()
        try await sql.raw("DROP INDEX IF EXISTS audit_entries_object_idx").run()
    }
}
