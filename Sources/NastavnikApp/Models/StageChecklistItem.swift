import Fluent
import Foundation

/// One piece of work of a stage, ticked by the curator or derived from data (`fact`).
public final class StageChecklistItem: Model, @unchecked Sendable {
    public static let schema = "stage_checklist_items"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "stage") public var stage: ProgramStage
    @Field(key: "contour") public var contour: Contour
    @Field(key: "title") public var title: String
    @OptionalField(key: "fact") public var fact: ChecklistFact?
    @Field(key: "position") public var position: Int
    @Field(key: "is_done") public var isDone: Bool
    @OptionalField(key: "done_at") public var doneAt: Date?
    @OptionalField(key: "done_by_name") public var doneByName: String?

    public init() {}

    public init(id: UUID? = nil, programID: UUID, stage: ProgramStage, contour: Contour, title: String, fact: ChecklistFact?, position: Int) {
        self.id = id
        self.$program.id = programID
        self.stage = stage
        self.contour = contour
        self.title = title
        self.fact = fact
        self.position = position
        self.isDone = false
    }
}
