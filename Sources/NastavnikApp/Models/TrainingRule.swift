import Fluent
import Foundation

/// A program's rule for «обучен»: how many primary-training sessions a mentor must attend.
/// Without a row the program uses the minimum its forms suggest (`TrainingNorm`).
public final class TrainingRule: Model, @unchecked Sendable {
    public static let schema = "training_rules"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "primary_sessions_required") public var primarySessionsRequired: Int
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(programID: UUID, primarySessionsRequired: Int) {
        self.$program.id = programID
        self.primarySessionsRequired = primarySessionsRequired
    }
}
