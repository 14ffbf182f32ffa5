import Fluent
import Foundation

/// A line of the pair's goal map (seed 003, встреча-планирование): the goal, the desired result,
/// the concrete actions, the deadline, the indicator of progress, and the marks of completion.
public final class PairGoal: Model, @unchecked Sendable {
    public static let schema = "pair_goals"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "horizon") public var horizon: GoalHorizon
    @Field(key: "title") public var title: String
    @Field(key: "desired_result") public var desiredResult: String
    @Field(key: "actions") public var actions: String
    /// ISO day.
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "indicator") public var indicator: String
    /// 0–100, marked after meetings.
    @Field(key: "progress") public var progress: Int
    @Field(key: "completion_note") public var completionNote: String
    @Field(key: "written_by_name") public var writtenByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

/// Short goals take 1–2 months, long ones 1–3 years (3–5 for student–pupil), seed 003.
public enum GoalHorizon: String, Codable, CaseIterable, Sendable {
    case short, long

    public var russianName: String { self == .short ? "Краткосрочная (1–2 месяца)" : "Долгосрочная (от года)" }
}

/// An entry of the pair's diary: any side writes how the work goes.
public final class DiaryEntry: Model, @unchecked Sendable {
    public static let schema = "diary_entries"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "author_role") public var authorRole: String
    @Field(key: "author_name") public var authorName: String
    @Field(key: "text") public var text: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
