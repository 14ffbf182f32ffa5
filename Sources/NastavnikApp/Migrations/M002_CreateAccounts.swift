import Fluent

/// People with accounts and the roles they hold.
struct M002_CreateAccounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(User.schema)
            .id()
            .field("login", .string, .required)
            .field("last_name", .string, .required)
            .field("first_name", .string, .required)
            .field("middle_name", .string)
            .field("email", .string)
            .field("password_hash", .string)
            .field("is_platform_admin", .bool, .required)
            .field("must_change_password", .bool, .required)
            .field("is_active", .bool, .required)
            .field("search_key", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "login")
            .create()
        try await database.schema(RoleAssignment.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("organization_id", .uuid, .references(Organization.schema, .id, onDelete: .cascade))
            .field("municipality_id", .uuid, .references(Municipality.schema, .id, onDelete: .cascade))
            .field("region_id", .uuid, .references(Region.schema, .id, onDelete: .cascade))
            .field("position", .string)
            .field("created_at", .datetime)
            .create()
        try await database.index("role_assignments_user_idx", on: RoleAssignment.schema, columns: ["user_id"])
        try await database.index("role_assignments_org_role_idx", on: RoleAssignment.schema, columns: ["organization_id", "role"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RoleAssignment.schema).delete()
        try await database.schema(User.schema).delete()
    }
}
