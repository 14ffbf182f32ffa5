import Fluent
import Foundation

/// A member of the jury. A juror who works in an organization never scores its applications.
public final class ContestJuror: Model, @unchecked Sendable {
    public static let schema = "contest_jurors"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "contest_id") public var contest: Contest
    @Parent(key: "user_id") public var user: User
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    @Field(key: "name") public var name: String

    public init() {}
}
