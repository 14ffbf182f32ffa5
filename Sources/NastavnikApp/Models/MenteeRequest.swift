import Fluent
import Foundation

/// One request of a mentee, so lists filter by request with an index rather than a text search.
public final class MenteeRequest: Model, @unchecked Sendable {
    public static let schema = "mentee_requests"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "mentee_id") public var mentee: Mentee
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "code") public var code: String

    public init() {}

    public init(menteeID: UUID, organizationID: UUID, code: String) {
        self.$mentee.id = menteeID
        self.organizationID = organizationID
        self.code = code
    }
}
