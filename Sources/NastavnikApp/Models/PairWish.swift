import Fluent
import Foundation

/// A line of the wishes table of the planning meeting (seed 003, «Желания и ресурсы»): what the
/// mentee wants to have, the resources there are and those missing, how the result is measured,
/// and how much time it takes. Goals of the goal map grow out of these lines.
public final class PairWish: Model, @unchecked Sendable {
    public static let schema = "pair_wishes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "wish") public var wish: String
    @Field(key: "resources") public var resources: String
    @Field(key: "missing_resources") public var missingResources: String
    @Field(key: "measure") public var measure: String
    @Field(key: "time_needed") public var timeNeeded: String
    @Field(key: "written_by_name") public var writtenByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
