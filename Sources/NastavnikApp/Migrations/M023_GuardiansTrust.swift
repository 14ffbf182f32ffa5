import Fluent
import SQLKit

/// Legal representatives linked to their children (issue 16).
struct M023_GuardiansTrust: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(GuardianLink.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("guardian_user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(Mentee.schema, .id, onDelete: .cascade))
            .field("relation", .string)
            .field("created_by_id", .uuid)
            .field("created_by_name", .string, .required)
            .field("created_at", .datetime)
            // One link per representative and child, even when two staff link at once.
            .unique(on: "guardian_user_id", "mentee_id", name: "guardian_links_guardian_mentee_key")
            .create()
        try await database.index("guardian_links_mentee_idx", on: GuardianLink.schema, columns: ["mentee_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(GuardianLink.schema).delete()
    }
}
