import Fluent
import Foundation
import SQLKit

/// Accounts: invitations, sign-in attempts and API tokens made safe (issue 16).
///
/// - `login_throttles` replaces `login_attempts`: one counter row per account, per client address
///   and per account from an address, raised by one atomic upsert before the password is checked
///   (counting rows after bcrypt let 40 parallel guesses through as 39 tries).
/// - API tokens get an expiry and a read-only scope. Tokens made before have no expiry: they get
///   the default lifetime from now, so an integration does not stop without warning.
/// - A person holds a role once per place: a unique index on (person, organization, role), and on
///   (person, municipality or region, role) for coordinators. Two parallel «add role» requests both
///   passed the handler's check and stored the role twice; duplicates stored before are removed.
struct M019_AccountsTrust: AsyncMigration {
    /// The unique indexes of `oneRolePerPlace`, by the column that names the place.
    static let oneRoleIndexes = [
        "role_assignments_one_per_organization": "organization_id",
        "role_assignments_one_per_municipality": "municipality_id",
        "role_assignments_one_per_region": "region_id",
    ]

    func prepare(on database: any Database) async throws {
        try await Self.oneRolePerPlace(on: database)
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
        try await Self.dropOneRolePerPlace(on: database)
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

    /// Keeps the oldest of each set of equal roles (the one whose position was typed first), then
    /// builds the unique indexes. A place column left NULL never collides, so each index guards only
    /// the roles that name its kind of place.
    static func oneRolePerPlace(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for (name, place) in oneRoleIndexes.sorted(by: { $0.key < $1.key }) {
            try await sql.raw("""
                DELETE FROM role_assignments WHERE \(ident: place) IS NOT NULL AND EXISTS (
                  SELECT 1 FROM role_assignments other
                  WHERE other.user_id = role_assignments.user_id AND other.role = role_assignments.role
                    AND other.\(ident: place) = role_assignments.\(ident: place)
                    AND (other.created_at < role_assignments.created_at
                      OR (other.created_at IS NULL AND role_assignments.created_at IS NOT NULL)
                      OR ((other.created_at = role_assignments.created_at OR (other.created_at IS NULL AND role_assignments.created_at IS NULL))
                          AND other.id < role_assignments.id)))
                """).run()
            try await database.index(name, on: RoleAssignment.schema, columns: ["user_id", place, "role"], unique: true)
        }
    }

    static func dropOneRolePerPlace(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        for name in oneRoleIndexes.keys.sorted() {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: name)").run()
        }
    }
}
