import Fluent
import Foundation

/// One juror's scores of one application at one stage, by criterion (0–10 each).
public final class ContestScore: Model, @unchecked Sendable {
    public static let schema = "contest_scores"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "application_id") public var application: ContestApplication
    @Parent(key: "juror_id") public var juror: ContestJuror
    @Field(key: "stage") public var stage: ContestStage
    /// Comma-separated scores in the order of the contest's criteria.
    @Field(key: "scores") public var scores: String
    @Field(key: "total") public var total: Int
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}
