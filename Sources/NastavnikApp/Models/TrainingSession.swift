import Fluent
import Foundation

/// One session of a program's training plan for mentors (seed 003 «Процесс обучения
/// наставников»): primary training before the pairs form, or training in the course of work.
public final class TrainingSession: Model, @unchecked Sendable {
    public static let schema = "training_sessions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "kind") public var kind: TrainingKind
    @Field(key: "topic") public var topic: String
    /// ISO day; read through `day`.
    @Field(key: "held_on") public var heldOn: String
    @Field(key: "format") public var format: TrainingFormat
    @Field(key: "trainer_name") public var trainerName: String
    @Field(key: "trainer_kind") public var trainerKind: TrainerKind
    /// Links or a note, one per line.
    @Field(key: "materials") public var materials: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(programID: UUID) {
        self.$program.id = programID
    }

    public var day: CalendarDay? { CalendarDay(iso: heldOn) }
}
