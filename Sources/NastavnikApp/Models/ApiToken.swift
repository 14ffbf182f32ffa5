import Fluent
import Foundation

/// A bearer token for the JSON API. Shown once on creation; only its SHA-256 is stored.
public final class ApiToken: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    /// The first characters, so a person can tell their tokens apart.
    @Field(key: "prefix") public var prefix: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") public var revokedAt: Date?

    public init() {}

    public init(userID: UUID, name: String, tokenHash: String, prefix: String) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
    }
}
