import Fluent
import Foundation

/// A mentoring program of an organization: its forms, goals, period, team and the stage it is in.
public final class Program: Model, @unchecked Sendable {
    public static let schema = "programs"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    @Field(key: "name") public var name: String
    /// `MentoringForm` codes, comma-separated; read through `forms`.
    @Field(key: "forms") public var formCodes: String
    /// `TeacherRoleModel` codes for the teacher–teacher form, comma-separated.
    @Field(key: "role_models") public var roleModelCodes: String
    @Field(key: "goals") public var goals: String
    @Field(key: "expected_results") public var expectedResults: String
    /// ISO days («2022-09-01»); read through `period`.
    @Field(key: "starts_on") public var startsOn: String
    @Field(key: "ends_on") public var endsOn: String
    @Field(key: "stage") public var stage: ProgramStage
    /// Partner organizations of the external contour, one per line.
    @Field(key: "partners") public var partners: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Children(for: \.$program) public var team: [ProgramTeamMember]

    public init() {}

    public init(id: UUID? = nil, organizationID: UUID, name: String, forms: [MentoringForm], roleModels: [TeacherRoleModel] = [],
                goals: String, expectedResults: String, startsOn: CalendarDay, endsOn: CalendarDay,
                stage: ProgramStage = .preparation, partners: String = "") {
        self.id = id
        self.$organization.id = organizationID
        self.name = name
        self.formCodes = CodeList.encode(forms)
        self.roleModelCodes = CodeList.encode(roleModels)
        self.goals = goals
        self.expectedResults = expectedResults
        self.startsOn = startsOn.iso
        self.endsOn = endsOn.iso
        self.stage = stage
        self.partners = partners
    }

    public var forms: [MentoringForm] {
        get { CodeList.decode(formCodes, as: MentoringForm.self) }
        set { formCodes = CodeList.encode(newValue) }
    }

    public var roleModels: [TeacherRoleModel] {
        get { CodeList.decode(roleModelCodes, as: TeacherRoleModel.self) }
        set { roleModelCodes = CodeList.encode(newValue) }
    }

    /// The period; an unreadable stored day falls back to the other end, so pages still open.
    public var start: CalendarDay { CalendarDay(iso: startsOn) ?? CalendarDay(year: 2000, month: 1, day: 1) }
    public var end: CalendarDay { CalendarDay(iso: endsOn) ?? start }

    /// «сентябрь 2022 г. – август 2025 г.».
    public var periodText: String { "\(start.russian) – \(end.russian)" }

    public var partnerList: [String] {
        partners.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
