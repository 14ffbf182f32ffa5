import Fluent
import Foundation

/// A candidate mentor's path through selection in one program (seed 001 «Отбор и обучение
/// наставников»): the interview, the test for student mentors, and the decision.
/// Pair formation takes the program's mentors whose decision is `.selected`.
public final class MentorSelection: Model, @unchecked Sendable {
    public static let schema = "mentor_selections"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Parent(key: "mentor_id") public var mentor: Mentor
    @Field(key: "decision") public var decision: SelectionDecision
    @OptionalField(key: "decision_reason") public var decisionReason: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(id: UUID? = nil, programID: UUID, mentorID: UUID, decision: SelectionDecision = .pending) {
        self.id = id
        self.$program.id = programID
        self.$mentor.id = mentorID
        self.decision = decision
    }
}

/// The curator's decision on a candidate mentor.
public enum SelectionDecision: String, Codable, CaseIterable, Sendable {
    case pending, selected, notNow

    public var russianName: String {
        switch self {
        case .pending: "На рассмотрении"
        case .selected: "Отобран"
        case .notNow: "Не сейчас"
        }
    }
}
