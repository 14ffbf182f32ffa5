import Fluent
import Foundation

/// The second and third levels of a program's completion (seed 003): the group reflection
/// meeting of all mentors and mentees, and the open public event with awards.
public final class ClosingEvent: Model, @unchecked Sendable {
    public static let schema = "closing_events"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "kind") public var kind: ClosingEventKind
    /// ISO day.
    @Field(key: "held_on") public var heldOn: String
    @Field(key: "place") public var place: String
    @Field(key: "participants") public var participants: Int
    @Field(key: "summary") public var summary: String
    @Field(key: "written_by_name") public var writtenByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum ClosingEventKind: String, Codable, CaseIterable, Sendable {
    case groupReflection, publicEvent

    public var russianName: String {
        self == .groupReflection ? "Общая встреча с групповой рефлексией" : "Открытое праздничное мероприятие (фестиваль)"
    }
}
