import Fluent
import Foundation

/// One run of `MentorMatching` over a program's selected mentors and its mentees: the
/// curator's weights, and what came out. Its proposal is the draft pairings with its id.
public final class MatchingRun: Model, @unchecked Sendable {
    public static let schema = "matching_runs"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    /// `ScoringWeights` as JSON.
    @Field(key: "weights") public var weights: String
    @Field(key: "objective") public var objective: String
    /// Pairs of the previous cycle: `avoid`, `keep` or `ignore`.
    @Field(key: "previous_pairs") public var previousPairs: String
    @Field(key: "mentee_count") public var menteeCount: Int
    @Field(key: "mentor_count") public var mentorCount: Int
    @Field(key: "matched_count") public var matchedCount: Int
    @Field(key: "total_score") public var totalScore: Int
    @Field(key: "milliseconds") public var milliseconds: Int
    @Field(key: "created_by_name") public var createdByName: String
    @OptionalField(key: "sent_at") public var sentAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
