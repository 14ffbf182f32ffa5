import Fluent
import Foundation

/// An organization on the platform that a program names as its partner (seed 001's внешний
/// контур): a college whose students mentor the school's pupils, an enterprise whose engineers
/// do. Partners not on the platform stay in `Program.partners` as free text.
public final class ProgramPartner: Model, @unchecked Sendable {
    public static let schema = "program_partners"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Parent(key: "organization_id") public var organization: Organization
    @Field(key: "added_by_name") public var addedByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID? = nil, programID: UUID, organizationID: UUID, addedByName: String) {
        self.id = id
        self.$program.id = programID
        self.$organization.id = organizationID
        self.addedByName = addedByName
    }
}

/// A mentor whom a partner organization puts forward to a program from its own base. The card,
/// its consents and its account stay with the partner; the program's curator selects, trains
/// and pairs the mentor as one of its own.
public final class PartnerNomination: Model, @unchecked Sendable {
    public static let schema = "partner_nominations"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    /// The partner organization: the mentor's own.
    @Parent(key: "organization_id") public var organization: Organization
    @Parent(key: "mentor_id") public var mentor: Mentor
    @Field(key: "nominated_by_name") public var nominatedByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(id: UUID? = nil, programID: UUID, organizationID: UUID, mentorID: UUID, nominatedByName: String) {
        self.id = id
        self.$program.id = programID
        self.$organization.id = organizationID
        self.$mentor.id = mentorID
        self.nominatedByName = nominatedByName
    }
}
