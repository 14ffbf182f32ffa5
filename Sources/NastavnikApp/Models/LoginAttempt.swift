import Fluent
import Foundation

/// A sign-in attempt, counted by the login rate limit. Kept in the database so the limit holds
/// across several app servers.
public final class LoginAttempt: Model, @unchecked Sendable {
    public static let schema = "login_attempts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "login") public var login: String
    @Field(key: "ip") public var ip: String
    @Field(key: "succeeded") public var succeeded: Bool
    @Field(key: "at") public var at: Date

    public init() {}

    public init(login: String, ip: String, succeeded: Bool, at: Date) {
        self.login = login
        self.ip = ip
        self.succeeded = succeeded
        self.at = at
    }
}
