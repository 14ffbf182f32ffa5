import Fluent
import Foundation

/// A municipality (муниципальное образование: городской округ, муниципальный район) inside a region.
public final class Municipality: Model, @unchecked Sendable {
    public static let schema = "municipalities"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "region_id") public var region: Region
    @Field(key: "name") public var name: String
    @Children(for: \.$municipality) public var organizations: [Organization]
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID? = nil, regionID: UUID, name: String) {
        self.id = id
        self.$region.id = regionID
        self.name = name
    }
}
