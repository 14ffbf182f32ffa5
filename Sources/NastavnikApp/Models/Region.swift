import Fluent
import Foundation

/// A region of the Russian Federation (субъект РФ): the top of the territory tree.
public final class Region: Model, @unchecked Sendable {
    public static let schema = "regions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "code") public var code: String
    @Children(for: \.$region) public var municipalities: [Municipality]
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID? = nil, name: String, code: String) {
        self.id = id
        self.name = name
        self.code = code
    }
}
