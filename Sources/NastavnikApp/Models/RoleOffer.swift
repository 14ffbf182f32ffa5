import Fluent
import Foundation

/// A role an organization offers to a person who already has an account (a teacher who will mentor
/// in a partner school, a student who mentors for a school). It becomes a `RoleAssignment` only
/// when the owner accepts it from their own account, so nobody is attached to an organization
/// without their consent, and the organization learns nothing of the person from offering.
public final class RoleOffer: Model, @unchecked Sendable {
    public static let schema = "role_offers"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Parent(key: "organization_id") public var organization: Organization
    @Field(key: "role") public var role: Role
    @OptionalField(key: "position") public var position: String?
    @OptionalField(key: "offered_by_id") public var offeredByID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    @OptionalField(key: "accepted") public var accepted: Bool?

    public init() {}

    public init(userID: UUID, organizationID: UUID, role: Role, position: String?, offeredByID: UUID) {
        self.$user.id = userID
        self.$organization.id = organizationID
        self.role = role
        self.position = position
        self.offeredByID = offeredByID
    }
}
