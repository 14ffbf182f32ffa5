import Fluent
import Foundation

/// An organization's application: one of its mentors in a nomination, with materials; `stage`
/// is the furthest stage the application has reached.
public final class ContestApplication: Model, @unchecked Sendable {
    public static let schema = "contest_applications"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "contest_id") public var contest: Contest
    @Field(key: "organization_id") public var organizationID: UUID
    @Parent(key: "mentor_id") public var mentor: Mentor
    @Field(key: "nomination") public var nomination: String
    /// Links to the materials, one per line, and a short description.
    @Field(key: "materials") public var materials: String
    @Field(key: "stage") public var stage: ContestStage
    @Field(key: "submitted_by_name") public var submittedByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
