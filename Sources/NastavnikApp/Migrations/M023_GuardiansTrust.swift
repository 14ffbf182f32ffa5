import Fluent
import SQLKit

/// Legal representatives linked to their children (issue 16).
struct M023_GuardiansTrust: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(GuardianLink.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("guardian_user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            // Exactly one of the two: a child of the mentee base, or a minor mentor (a pupil or student).
            .field("mentee_id", .uuid, .references(Mentee.schema, .id, onDelete: .cascade))
            .field("mentor_id", .uuid, .references(Mentor.schema, .id, onDelete: .cascade))
            .field("relation", .string)
            .field("created_by_id", .uuid)
            .field("created_by_name", .string, .required)
            .field("created_at", .datetime)
            // One link per representative and child, even when two staff link at once.
            .unique(on: "guardian_user_id", "mentee_id", name: "guardian_links_guardian_mentee_key")
            .unique(on: "guardian_user_id", "mentor_id", name: "guardian_links_guardian_mentor_key")
            .constraint(.custom(SQLRaw("CHECK ((mentee_id IS NULL) <> (mentor_id IS NULL))")))
            .create()
        try await database.index("guardian_links_mentee_idx", on: GuardianLink.schema, columns: ["mentee_id"])
        try await database.index("guardian_links_mentor_idx", on: GuardianLink.schema, columns: ["mentor_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(GuardianLink.schema).delete()
    }
}
