import Fluent
import Foundation

/// Slows down password guessing: too many failures for one login or from one address within
/// the window block further attempts until the window passes.
enum LoginRateLimit {
    static let window: TimeInterval = 15 * 60
    static let maxFailuresPerLogin = 5
    static let maxFailuresPerAddress = 30

    static func isBlocked(login: String, ip: String, on db: any Database, now: Date = Date()) async throws -> Bool {
        let since = now.addingTimeInterval(-window)
        let byLogin = try await LoginAttempt.query(on: db)
            .filter(\.$login == login).filter(\.$succeeded == false).filter(\.$at > since).count()
        if byLogin >= maxFailuresPerLogin { return true }
        let byAddress = try await LoginAttempt.query(on: db)
            .filter(\.$ip == ip).filter(\.$succeeded == false).filter(\.$at > since).count()
        return byAddress >= maxFailuresPerAddress
    }

    static func record(login: String, ip: String, succeeded: Bool, on db: any Database) async throws {
        try await LoginAttempt(login: login, ip: ip, succeeded: succeeded, at: Date()).save(on: db)
        if succeeded {
            // A success forgives earlier failures of the same login.
            try await LoginAttempt.query(on: db).filter(\.$login == login).filter(\.$succeeded == false).delete()
        }
    }
}
