import Fluent
import Foundation

/// A submitted questionnaire: every answer of one respondent to one version. For an anonymous
/// survey `respondent`, `assignment` and the time stay empty, so nothing in the database links
/// the answer to a person.
public final class Answer: Model, @unchecked Sendable {
    public static let schema = "answers"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Parent(key: "questionnaire_id") public var questionnaire: Questionnaire
    @Parent(key: "version_id") public var version: QuestionnaireVersion
    @OptionalParent(key: "respondent_id") public var respondent: User?
    @OptionalField(key: "assignment_id") public var assignmentID: UUID?
    @OptionalField(key: "role") public var role: Role?
    /// `AnswerSheet` as JSON.
    @Field(key: "sheet") public var sheetJSON: String
    @OptionalField(key: "submitted_at") public var submittedAt: Date?

    public init() {}

    public init(organizationID: UUID, questionnaireID: UUID, versionID: UUID, sheet: AnswerSheet) throws {
        self.organizationID = organizationID
        self.$questionnaire.id = questionnaireID
        self.$version.id = versionID
        self.sheetJSON = try sheet.encoded()
    }

    public func sheet() throws -> AnswerSheet { try AnswerSheet.decode(sheetJSON) }
}
