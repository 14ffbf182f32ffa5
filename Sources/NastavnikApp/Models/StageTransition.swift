import Fluent
import Foundation

/// A move of a program from one stage to another: who decided it, and what was left undone then.
public final class StageTransition: Model, @unchecked Sendable {
    public static let schema = "stage_transitions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "from_stage") public var fromStage: ProgramStage
    @Field(key: "to_stage") public var toStage: ProgramStage
    @Field(key: "at") public var at: Date
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @Field(key: "actor_name") public var actorName: String
    /// How many checklist items of the stage left behind were not done.
    @Field(key: "open_items") public var openItems: Int

    public init() {}

    public init(id: UUID? = nil, programID: UUID, from: ProgramStage, to: ProgramStage, at: Date, actorID: UUID?, actorName: String, openItems: Int) {
        self.id = id
        self.$program.id = programID
        self.fromStage = from
        self.toStage = to
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.openItems = openItems
    }
}
