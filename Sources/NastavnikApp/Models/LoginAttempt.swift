import Fluent
import Foundation

/// A sign-in attempt, as the login rate limit counted them until M019 replaced the table with
/// atomic counters (`LoginRateLimit`). Kept only so M003 and M019's revert can name the table.
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
