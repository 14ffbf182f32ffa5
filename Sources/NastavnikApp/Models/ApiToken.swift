import Fluent
import Foundation

/// A bearer token for the JSON API. Shown once on creation; only its SHA-256 is stored. It ends
/// at its expiry, when revoked, and when its owner's password changes (`ApiTokenRules`).
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
    /// After this the token opens nothing. Always set for new tokens; a token without it is refused.
    @OptionalField(key: "expires_at") public var expiresAt: Date?
    /// Only GET (and HEAD) requests: an export or a dashboard needs no more.
    @Field(key: "read_only") public var readOnly: Bool

    public init() {}

    public init(userID: UUID, name: String, tokenHash: String, prefix: String,
                expiresAt: Date? = nil, readOnly: Bool = false) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.expiresAt = expiresAt ?? Date().addingTimeInterval(Double(ApiTokenRules.defaultLifetimeDays) * 86_400)
        self.readOnly = readOnly
    }
}
