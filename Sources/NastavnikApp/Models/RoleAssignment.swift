import Fluent
import Foundation

/// A role a person holds. Organization roles name an organization; a regional coordinator names
/// a region or a municipality instead.
public final class RoleAssignment: Model, @unchecked Sendable {
    public static let schema = "role_assignments"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: User
    @Field(key: "role") public var role: Role
    @OptionalParent(key: "organization_id") public var organization: Organization?
    @OptionalParent(key: "municipality_id") public var municipality: Municipality?
    @OptionalParent(key: "region_id") public var region: Region?
    /// What the person is there: «учитель математики», «ученик 7Б класса», «заместитель директора по УВР».
    @OptionalField(key: "position") public var position: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(
        id: UUID? = nil, userID: UUID, role: Role, organizationID: UUID? = nil,
        municipalityID: UUID? = nil, regionID: UUID? = nil, position: String? = nil
    ) {
        self.id = id
        self.$user.id = userID
        self.role = role
        self.$organization.id = organizationID
        self.$municipality.id = municipalityID
        self.$region.id = regionID
        self.position = position
    }
}
