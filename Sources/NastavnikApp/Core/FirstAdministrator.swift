import Fluent
import Vapor

/// On an empty database, creates the platform administrator with a random one-time password
/// that must be changed at first sign-in. There is no default password.
public enum FirstAdministrator {
    public struct Credentials: Sendable {
        public let login: String
        public let password: String
    }

    /// Returns the credentials to print, or `nil` when people already exist.
    public static func createIfNeeded(on db: any Database, passwords: AsyncPasswordHasher) async throws -> Credentials? {
        guard try await User.query(on: db).count() == 0 else { return nil }
        let password = SecureToken.readablePassword()
        let admin = User(
            login: "admin", lastName: "Администратор", firstName: "Платформы",
            passwordHash: try await passwords.hash(password), isPlatformAdmin: true, mustChangePassword: true
        )
        do {
            try await db.transaction { db in
                try await admin.save(on: db)
                try await Audit.record(.firstAdministratorCreated, by: nil, objectType: "user", objectID: admin.id, on: db)
            }
        } catch where RowLock.isUniqueViolation(error) {
            // Two servers started on one empty database together: the other one made the
            // administrator a moment ago and printed its password; this one has nothing to say.
            return nil
        }
        return Credentials(login: admin.login, password: password)
    }
}
