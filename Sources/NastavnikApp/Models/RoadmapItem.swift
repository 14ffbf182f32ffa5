import Fluent
import Foundation

/// An event of a program's roadmap (дорожная карта): what, when, by whom, with what result.
public final class RoadmapItem: Model, @unchecked Sendable {
    public static let schema = "roadmap_items"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "position") public var position: Int
    @Field(key: "title") public var title: String
    @Field(key: "stage") public var stage: ProgramStage
    @Field(key: "contour") public var contour: Contour
    /// The deadline in three columns; read through `deadline`.
    @Field(key: "deadline_kind") public var deadlineKind: String
    @OptionalField(key: "starts_on") public var startsOn: String?
    @OptionalField(key: "due_on") public var dueOn: String?
    /// «Ежегодно» in the seeds: the item repeats each academic year.
    @Field(key: "is_yearly") public var isYearly: Bool
    @OptionalField(key: "academic_year") public var academicYear: String?
    @Field(key: "expected_result") public var expectedResult: String
    @Field(key: "responsible") public var responsible: String
    @Field(key: "document") public var document: String
    /// What was marked; `status(today:)` adds «просрочено».
    @Field(key: "status") public var markedStatus: RoadmapStatus
    @Field(key: "note") public var note: String

    public init() {}

    public init(id: UUID? = nil, programID: UUID, position: Int, title: String, stage: ProgramStage, contour: Contour,
                deadline: RoadmapDeadline, isYearly: Bool = false, academicYear: String? = nil, expectedResult: String,
                responsible: String, document: String, status: RoadmapStatus = .planned, note: String = "") {
        self.id = id
        self.$program.id = programID
        self.position = position
        self.title = title
        self.stage = stage
        self.contour = contour
        self.isYearly = isYearly
        self.academicYear = academicYear
        self.expectedResult = expectedResult
        self.responsible = responsible
        self.document = document
        self.markedStatus = status
        self.note = note
        self.deadlineKind = ""
        self.deadline = deadline
    }

    public var deadline: RoadmapDeadline {
        get { RoadmapDeadline(kind: deadlineKind, startsOn: startsOn, dueOn: dueOn) }
        set {
            deadlineKind = newValue.kind
            startsOn = newValue.startsOn?.iso
            dueOn = newValue.dueOn?.iso
        }
    }

    public func status(today: CalendarDay) -> RoadmapStatus {
        RoadmapStatus.effective(marked: markedStatus, deadline: deadline, today: today)
    }

    /// «октябрь 2023 г. (ежегодно)».
    public var deadlineText: String { deadline.russian + (isYearly ? " (ежегодно)" : "") }
}
