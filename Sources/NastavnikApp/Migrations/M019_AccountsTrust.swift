import Fluent
import Foundation

/// Accounts: invitations, sign-in attempts and API tokens made safe (issue 16).
///
/// - `login_throttles` replaces `login_attempts`: one counter row per account, per client address
///   and per account from an address, raised by one atomic upsert before the password is checked
///   (counting rows after bcrypt let 40 parallel guesses through as 39 tries).
/// - API tokens get an expiry and a read-only scope. Tokens made before have no expiry: they get
///   the default lifetime from now, so an integration does not stop without warning.
struct M019_AccountsTrust: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(LoginRateLimit.table)
            .field("key", .string, .required)
            .field("failures", .int, .required)
            .field("window_start", .int64, .required)
            .unique(on: "key")
            .create()
        try await database.index("login_throttles_window_idx", on: LoginRateLimit.table, columns: ["window_start"])
        try await database.schema(LoginAttempt.schema).delete()

        try await database.schema(ApiToken.schema).field("expires_at", .datetime).update()
        try await database.schema(ApiToken.schema).field("read_only", .bool, .required, .sql(.default(false))).update()
        let until = Date().addingTimeInterval(Double(ApiTokenRules.defaultLifetimeDays) * 86_400)
        try await ApiToken.query(on: database).filter(\.$expiresAt == nil).set(\.$expiresAt, to: until).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ApiToken.schema).deleteField("read_only").update()
        try await database.schema(ApiToken.schema).deleteField("expires_at").update()

        // login_attempts as M003 made it.
        try await database.schema(LoginAttempt.schema)
            .id()
            .field("login", .string, .required)
            .field("ip", .string, .required)
            .field("succeeded", .bool, .required)
            .field("at", .datetime, .required)
            .create()
        try await database.index("login_attempts_login_idx", on: LoginAttempt.schema, columns: ["login", "at"])
        try await database.index("login_attempts_ip_idx", on: LoginAttempt.schema, columns: ["ip", "at"])
        try await database.schema(LoginRateLimit.table).delete()
    }
}
