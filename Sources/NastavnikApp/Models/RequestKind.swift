import Fluent
import Foundation

/// A request an organization added to the built-in catalogue («Нет друзей в новом классе»).
public final class RequestKind: Model, @unchecked Sendable {
    public static let schema = "request_kinds"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "code") public var code: String
    @Field(key: "name") public var name: String

    public init() {}

    public init(organizationID: UUID, code: String, name: String) {
        self.organizationID = organizationID
        self.code = code
        self.name = name
    }
}
