import Fluent
import Foundation

/// A mentor attended a training session: the curator's tick in the attendance table.
public final class TrainingAttendance: Model, @unchecked Sendable {
    public static let schema = "training_attendance"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "session_id") public var session: TrainingSession
    @Parent(key: "mentor_id") public var mentor: Mentor

    public init() {}

    public init(sessionID: UUID, mentorID: UUID) {
        self.$session.id = sessionID
        self.$mentor.id = mentorID
    }
}
