import Fluent
import Foundation

/// A one-time link that lets an invited person set their password. There is no mail server:
/// the administrator copies the link from the screen and hands it over.
public final class Invitation: Model, @unchecked Sendable {
    public static let schema = "invitations"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "created_by_id") public var createdBy: User
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "used_at") public var usedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(userID: UUID, tokenHash: String, createdByID: UUID, expiresAt: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.$createdBy.id = createdByID
        self.expiresAt = expiresAt
    }
}
