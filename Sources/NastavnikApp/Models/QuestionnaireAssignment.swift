import Fluent
import Foundation

public enum AssignmentStatus: String, Codable, Sendable {
    case waiting, draft, submitted

    public var russianName: String {
        switch self {
        case .waiting: "Ждёт заполнения"
        case .draft: "Черновик"
        case .submitted: "Отправлена"
        }
    }
}

/// A questionnaire sent to one person, with a due date. For an anonymous survey this row is
/// the record that the person completed it; the answer itself is stored apart, without a
/// link back here or to the person.
public final class QuestionnaireAssignment: Model, @unchecked Sendable {
    public static let schema = "questionnaire_assignments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Parent(key: "questionnaire_id") public var questionnaire: Questionnaire
    @Parent(key: "version_id") public var version: QuestionnaireVersion
    @Parent(key: "user_id") public var user: User
    /// The role the person answers in.
    @Field(key: "role") public var role: Role
    @OptionalField(key: "due_at") public var dueAt: Date?
    @Field(key: "status") public var status: AssignmentStatus
    /// The form fields of an unsent draft; cleared when the answers are submitted.
    @OptionalField(key: "draft") public var draft: String?
    @OptionalField(key: "submitted_at") public var submittedAt: Date?
    @Field(key: "assigned_by_id") public var assignedByID: UUID
    /// Whom a program sent it to (`ProgramSurveyAudience`); partners answer as mentors but count as partners.
    @OptionalField(key: "audience") public var audience: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(organizationID: UUID, questionnaireID: UUID, versionID: UUID, userID: UUID, role: Role, dueAt: Date?, assignedByID: UUID) {
        self.organizationID = organizationID
        self.$questionnaire.id = questionnaireID
        self.$version.id = versionID
        self.$user.id = userID
        self.role = role
        self.dueAt = dueAt
        self.status = .waiting
        self.assignedByID = assignedByID
    }
}
