import Fluent
import Foundation

/// A curator's line in the organization's vocabulary of requests: `phrase` means the same as
/// `term` (a synonym) or is close to it (related), so matching and selection read them alike.
public final class RequestVocabularyEntry: Model, @unchecked Sendable {
    public static let schema = "request_vocabulary_entries"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    /// A request of the catalogue or any word a mentee or a mentor writes («Подготовка к трудоустройству»).
    @Field(key: "term") public var term: String
    /// What it is compared with («составление резюме»).
    @Field(key: "phrase") public var phrase: String
    /// `RequestVocabulary.Relation`.
    @Field(key: "relation") public var relation: String
    /// The stems of term and phrase, so the same line typed in another form is refused (a unique index).
    @Field(key: "entry_key") public var entryKey: String
    @Field(key: "created_by_name") public var createdByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    init(organizationID: UUID, term: String, phrase: String, relation: String, entryKey: String, createdByName: String) {
        self.organizationID = organizationID
        self.term = term
        self.phrase = phrase
        self.relation = relation
        self.entryKey = entryKey
        self.createdByName = createdByName
    }
}
