import Fluent
import Foundation

/// The target share of students involved in mentoring, in percent: set for a region by its
/// coordinator and for an organization by its administration. Without one, the federal 70 %
/// applies (`InvolvementTargets.federalPercent`). Exactly one of the two ids is set.
public final class InvolvementTarget: Model, @unchecked Sendable {
    public static let schema = "involvement_targets"

    @ID(key: .id) public var id: UUID?
    @OptionalField(key: "region_id") public var regionID: UUID?
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    @Field(key: "percent") public var percent: Int
    @Field(key: "set_by_name") public var setByName: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}
