import Fluent
import Foundation

/// One wording of a questionnaire. A draft may be edited; once published it never changes,
/// and editing makes the next version, so answers keep the wording they were given with.
public final class QuestionnaireVersion: Model, @unchecked Sendable {
    public static let schema = "questionnaire_versions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "questionnaire_id") public var questionnaire: Questionnaire
    @Field(key: "number") public var number: Int
    /// `QuestionnaireDefinition` as JSON: sections and questions, read and written whole.
    @Field(key: "definition") public var definitionJSON: String
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(questionnaireID: UUID, number: Int, definition: QuestionnaireDefinition) throws {
        self.$questionnaire.id = questionnaireID
        self.number = number
        self.definitionJSON = try definition.encoded()
    }

    public var isPublished: Bool { publishedAt != nil }

    public func definition() throws -> QuestionnaireDefinition { try QuestionnaireDefinition.decode(definitionJSON) }
}
