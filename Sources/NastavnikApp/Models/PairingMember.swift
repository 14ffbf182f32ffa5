import Fluent
import Foundation

/// A mentee's place in a pairing, with both sides' answers: no pair forms without the
/// consent of the mentee (a guardian's for a minor) and of the mentor (seed 001).
public final class PairingMember: Model, @unchecked Sendable {
    public static let schema = "pairing_members"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Parent(key: "mentee_id") public var mentee: Mentee
    /// The program, for the one-place-per-mentee rule and fast lookups.
    @Field(key: "program_id") public var programID: UUID
    /// The compatibility score (0–100) when the pair was proposed, and its explanation lines.
    @OptionalField(key: "score") public var score: Int?
    @Field(key: "explanation") public var explanation: String
    @Field(key: "mentee_answer") public var menteeAnswer: PairingAnswer
    @Field(key: "mentor_answer") public var mentorAnswer: PairingAnswer
    /// Who answered for the mentee: the mentee, the guardian, or the curator from a signed paper.
    @OptionalField(key: "mentee_answer_note") public var menteeAnswerNote: String?
    @OptionalField(key: "mentor_answer_note") public var mentorAnswerNote: String?
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    @Field(key: "position") public var position: Int
    /// True while the place is active (pairing draft, proposed or formed; nobody declined): the
    /// database allows one such place per mentee and program (`M021_PairingTrust`).
    @Field(key: "holds_place") public var holdsPlace: Bool

    public init() {}

    public init(id: UUID? = nil, pairingID: UUID, menteeID: UUID, programID: UUID, score: Int?, explanation: [String], position: Int) {
        self.id = id
        self.$pairing.id = pairingID
        self.$mentee.id = menteeID
        self.programID = programID
        self.score = score
        self.explanation = explanation.joined(separator: "\n")
        self.menteeAnswer = .pending
        self.mentorAnswer = .pending
        self.position = position
        self.holdsPlace = true
    }

    public var explanationLines: [String] {
        explanation.split(separator: "\n").map(String.init)
    }

    /// Both sides said yes.
    public var isAgreed: Bool { menteeAnswer == .accepted && mentorAnswer == .accepted }
    /// One side said no: the mentee goes back to the search.
    public var isDeclined: Bool { menteeAnswer == .declined || mentorAnswer == .declined }
}

/// One side's answer to a proposed pair.
public enum PairingAnswer: String, Codable, CaseIterable, Sendable {
    case pending, accepted, declined

    public var russianName: String {
        switch self {
        case .pending: "Ещё не ответил"
        case .accepted: "Согласен"
        case .declined: "Отказался"
        }
    }
}
