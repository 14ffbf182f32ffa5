import Fluent
import Foundation

/// A consent under 152-FZ: whose, for what purpose, when, by which text, given by the person or,
/// for a minor, by the legal representative; and its withdrawal.
public final class ConsentRecord: Model, @unchecked Sendable {
    public static let schema = "consent_records"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "subject_kind") public var subjectKind: BaseKind
    @Field(key: "subject_id") public var subjectID: UUID
    @Field(key: "purpose") public var purpose: ConsentPurpose
    @Field(key: "given_on") public var givenOn: Date
    /// Which text of the consent form was signed, e.g. «2026-1».
    @Field(key: "text_version") public var textVersion: String
    /// Who signed: the person, or the legal representative of a minor.
    @Field(key: "given_by_name") public var givenByName: String
    @Field(key: "given_by_guardian") public var givenByGuardian: Bool
    @OptionalField(key: "guardian_relation") public var guardianRelation: String?
    @Field(key: "recorded_by_id") public var recordedByID: UUID
    @OptionalField(key: "withdrawn_at") public var withdrawnAt: Date?
    @OptionalField(key: "withdrawn_by_id") public var withdrawnByID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// Given in the app (issue 18): the account that agreed, the moment, and the SHA-256 of the
    /// exact text (`ConsentText`). All nil for a paper consent entered by the curator.
    @OptionalField(key: "given_by_user_id") public var givenByUserID: UUID?
    @OptionalField(key: "given_at") public var givenAt: Date?
    @OptionalField(key: "text_hash") public var textHash: String?

    public init() {}

    /// Given by its signer in the app rather than entered from a paper.
    public var isGivenInApp: Bool { givenByUserID != nil }

    public var isActive: Bool { withdrawnAt == nil }
}
