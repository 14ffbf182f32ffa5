import Fluent
import Foundation

/// A signed-in browser session, kept in the database so several app servers can share it.
/// Only the SHA-256 of the cookie's token is stored.
public final class UserSession: Model, @unchecked Sendable {
    public static let schema = "user_sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "user_id") public var user: User
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "ip") public var ip: String?

    public init() {}

    public init(tokenHash: String, userID: UUID, now: Date, expiresAt: Date, ip: String?) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
        self.ip = ip
    }
}
