import Fluent
import Foundation

/// A legal representative's account linked to a child's row of the mentee base: the curator or
/// the administration sets it on the child's card. The representative then sees the child, the
/// child's consents and the pairs awaiting their agreement; a minor cannot agree to a pair alone.
public final class GuardianLink: Model, @unchecked Sendable {
    public static let schema = "guardian_links"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Parent(key: "guardian_user_id") public var guardian: User
    /// The child: a row of the mentee base, or a minor mentor (exactly one is set).
    @OptionalParent(key: "mentee_id") public var mentee: Mentee?
    @OptionalParent(key: "mentor_id") public var mentor: Mentor?
    /// «мать», «отец», «опекун».
    @OptionalField(key: "relation") public var relation: String?
    @OptionalField(key: "created_by_id") public var createdByID: UUID?
    @Field(key: "created_by_name") public var createdByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(organizationID: UUID, guardianUserID: UUID, menteeID: UUID? = nil, mentorID: UUID? = nil, relation: String?, createdByID: UUID?, createdByName: String) {
        self.organizationID = organizationID
        self.$guardian.id = guardianUserID
        self.$mentee.id = menteeID
        self.$mentor.id = mentorID
        self.relation = relation
        self.createdByID = createdByID
        self.createdByName = createdByName
    }
}
