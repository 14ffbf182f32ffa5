import Fluent

/// Browser sessions, API tokens, invitations and the login rate limit's attempts.
struct M003_CreateSessionsAndTokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(UserSession.schema)
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("ip", .string)
            .unique(on: "token_hash")
            .create()
        try await database.schema(ApiToken.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("prefix", .string, .required)
            .field("created_at", .datetime)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(Invitation.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_by_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema(LoginAttempt.schema)
            .id()
            .field("login", .string, .required)
            .field("ip", .string, .required)
            .field("succeeded", .bool, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.index("login_attempts_login_idx", on: LoginAttempt.schema, columns: ["login", "at"])
        try await database.index("login_attempts_ip_idx", on: LoginAttempt.schema, columns: ["ip", "at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(LoginAttempt.schema).delete()
        try await database.schema(Invitation.schema).delete()
        try await database.schema(ApiToken.schema).delete()
        try await database.schema(UserSession.schema).delete()
    }
}
