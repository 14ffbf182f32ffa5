import Fluent
import Foundation

/// One side's reflection after a meeting: the questions of seed 003 for the last ten minutes.
public final class MeetingReflection: Model, @unchecked Sendable {
    public static let schema = "meeting_reflections"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "meeting_id") public var meeting: PairMeeting
    @Field(key: "side") public var side: BaseKind
    /// The mentee of a group who wrote it; nil for the mentor.
    @OptionalField(key: "member_id") public var memberID: UUID?
    @Field(key: "closer_to_goal") public var closerToGoal: CloserToGoal
    @Field(key: "went_well") public var wentWell: String
    @Field(key: "to_change") public var toChange: String
    @Field(key: "feeling") public var feeling: String
    @Field(key: "next_steps") public var nextSteps: String
    @Field(key: "written_by_name") public var writtenByName: String
    /// The trial meeting's «Что понравилось?» and «Благодаря чему стало возможно достичь результата?».
    @OptionalField(key: "liked") public var liked: String?
    @OptionalField(key: "made_possible_by") public var madePossibleBy: String?
    /// Raised by every edit: an edit from an older copy is refused (`MeetingReflections.save`).
    @OptionalField(key: "version") public var version: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

/// «Приблизились ли мы сегодня к цели?»
public enum CloserToGoal: String, Codable, CaseIterable, Sendable {
    case yes, partly, no
    /// The trial meeting does not ask it: there is no goal yet (seed 003).
    case notAsked

    public var russianName: String {
        switch self {
        case .yes: "Да"
        case .partly: "Отчасти"
        case .no: "Нет"
        case .notAsked: "не спрашивается"
        }
    }
}
