import Fluent

/// The audit log. No foreign keys: entries outlive the objects and people they mention.
struct M004_CreateAuditLog: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema)
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor_name", .string, .required)
            .field("organization_id", .uuid)
            .field("action", .string, .required)
            .field("object_type", .string)
            .field("object_id", .string)
            .field("details", .string)
            .field("ip", .string)
            .create()
        try await database.index("audit_entries_org_at_idx", on: AuditEntry.schema, columns: ["organization_id", "at"])
        try await database.index("audit_entries_at_idx", on: AuditEntry.schema, columns: ["at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditEntry.schema).delete()
    }
}
