import Fluent
import Foundation

/// A mentoring pair or group (наставническая пара/группа) of a program: one mentor and the
/// mentees in `PairingMember`. It records the scheme that formed it, so monitoring can compare
/// schemes, and the order that fixed it.
public final class Pairing: Model, @unchecked Sendable {
    public static let schema = "pairings"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Parent(key: "program_id") public var program: Program
    @Parent(key: "mentor_id") public var mentor: Mentor
    @Field(key: "form") public var form: MentoringForm
    @Field(key: "scheme") public var scheme: PairingScheme
    @Field(key: "status") public var status: PairingStatus
    /// The matching run whose proposal this pairing came from.
    @OptionalField(key: "matching_run_id") public var matchingRunID: UUID?
    /// The personal meeting, open day or speed meeting that preceded the proposal.
    @OptionalField(key: "meeting_on") public var meetingOn: String?
    @OptionalField(key: "meeting_note") public var meetingNote: String?
    /// Kept on purpose although the same mentor had the same mentee in a previous cycle.
    @Field(key: "repeats_previous") public var repeatsPrevious: Bool
    @OptionalField(key: "proposed_at") public var proposedAt: Date?
    @OptionalField(key: "formed_at") public var formedAt: Date?
    /// The order «О закреплении наставнических пар (групп)» that fixed the pairing.
    @OptionalField(key: "order_number") public var orderNumber: String?
    @OptionalField(key: "order_on") public var orderOn: String?
    @Field(key: "created_by_name") public var createdByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?
    @Children(for: \.$pairing) public var members: [PairingMember]

    public init() {}

    public init(id: UUID? = nil, program: Program, mentorID: UUID, form: MentoringForm, scheme: PairingScheme,
                status: PairingStatus, createdByName: String) throws {
        self.id = id
        self.organizationID = program.$organization.id
        self.$program.id = try program.requireID()
        self.$mentor.id = mentorID
        self.form = form
        self.scheme = scheme
        self.status = status
        self.repeatsPrevious = false
        self.createdByName = createdByName
    }
}

/// How a pair was formed (seed 001 «Формирование наставнических пар или групп», seed 000 per form).
public enum PairingScheme: String, Codable, CaseIterable, Sendable {
    /// Questionnaires of both sides, matched by the curator with `MentorMatching`.
    case questionnaires
    /// A group meeting of speed meetings, then mutual wishes.
    case mentorMatch
    /// The curator's proposal followed by a personal meeting.
    case curatorProposal
    /// An open day at the enterprise, with the pupils' feedback (employer forms).
    case openDay
    /// Teacher–teacher: after a personal meeting and discussion.
    case personalMeeting

    public var russianName: String {
        switch self {
        case .questionnaires: "По анкетам"
        case .mentorMatch: "«Mentor Match» (быстрые встречи)"
        case .curatorProposal: "Предложение куратора"
        case .openDay: "День открытых дверей на предприятии"
        case .personalMeeting: "Личная встреча и обсуждение"
        }
    }
}

/// Where a pairing is: the curator's draft, sent to both sides, formed, or over.
public enum PairingStatus: String, Codable, CaseIterable, Sendable {
    /// In the curator's proposal, not yet seen by the participants.
    case draft
    /// Sent: waiting for both sides to accept.
    case proposed
    /// At least one mentee and the mentor accepted: the pair works.
    case formed
    /// Every mentee's place was declined; nobody works together.
    case declined
    /// The cycle of work has ended.
    case finished

    public var russianName: String {
        switch self {
        case .draft: "Черновик предложения"
        case .proposed: "Ждёт согласия сторон"
        case .formed: "Сформирована"
        case .declined: "Отклонена"
        case .finished: "Завершена"
        }
    }
}
