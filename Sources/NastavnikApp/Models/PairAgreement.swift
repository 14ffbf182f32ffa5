import Fluent
import Foundation

/// The rules of interaction the pair agrees at its first meetings (seed 000, seed 003):
/// confidentiality, honest communication, personal boundaries, how and when to contact each
/// other, and how many meetings a month they plan, which the rhythm then checks.
public final class PairAgreement: Model, @unchecked Sendable {
    public static let schema = "pair_agreements"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "confidentiality") public var confidentiality: String
    @Field(key: "communication") public var communication: String
    @Field(key: "boundaries") public var boundaries: String
    @Field(key: "contacts") public var contacts: String
    /// The meetings a month the pair agreed at the planning meeting.
    @Field(key: "meetings_per_month") public var meetingsPerMonth: Int
    /// ISO day the rules were agreed.
    @Field(key: "agreed_on") public var agreedOn: String
    @Field(key: "written_by_name") public var writtenByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}
