import Fluent
import Foundation

/// An organization's questionnaire. Its wording lives in versions; the questionnaire itself
/// holds what does not change with wording.
public final class Questionnaire: Model, @unchecked Sendable {
    public static let schema = "questionnaires"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    /// The program it belongs to, if any. No foreign key yet: the programs issue adds the
    /// `programs` table and the reference.
    @OptionalField(key: "program_id") public var programID: UUID?
    @Field(key: "title") public var title: String
    @Field(key: "purpose") public var purpose: String
    /// The built-in template it was copied from.
    @OptionalField(key: "template_key") public var templateKey: String?
    @Field(key: "audience") public var audience: Role
    /// An anonymous survey stores no link from an answer to its person.
    @Field(key: "is_anonymous") public var isAnonymous: Bool
    @Field(key: "created_by_id") public var createdByID: UUID
    /// `MeasurementSurvey` as JSON: which questions fill which measurement, at entry or at exit.
    @OptionalField(key: "measurement") public var measurementJSON: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(organizationID: UUID, programID: UUID? = nil, title: String, purpose: String, templateKey: String?,
                audience: Role, isAnonymous: Bool, createdByID: UUID) {
        self.$organization.id = organizationID
        self.programID = programID
        self.title = title
        self.purpose = purpose
        self.templateKey = templateKey
        self.audience = audience
        self.isAnonymous = isAnonymous
        self.createdByID = createdByID
    }
}
