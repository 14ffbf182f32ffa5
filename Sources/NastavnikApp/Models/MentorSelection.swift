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
    /// Why «не сейчас»: required then, so the mentor hears a reason and may come back later.
    @OptionalField(key: "decision_reason") public var decisionReason: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "decided_by") public var decidedBy: String?
    // The interview with the curator (seed 003 «Этап 1»: the level of psychological readiness).
    /// ISO day («2025-09-15»).
    @OptionalField(key: "interviewed_on") public var interviewedOn: String?
    @OptionalField(key: "interviewer") public var interviewer: String?
    @OptionalField(key: "readiness") public var readiness: PsychologicalReadiness?
    @OptionalField(key: "interview_conclusion") public var interviewConclusion: String?
    // The test of communication skills and empathy for student mentors (seed 000): it finds
    // gaps to close in training, it does not reject.
    @OptionalField(key: "tested_on") public var testedOn: String?
    @OptionalField(key: "communication_score") public var communicationScore: Int?
    @OptionalField(key: "empathy_score") public var empathyScore: Int?
    /// Gaps to work on in training, one per line.
    @OptionalField(key: "skill_gaps") public var skillGaps: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(id: UUID? = nil, programID: UUID, mentorID: UUID, decision: SelectionDecision = .pending) {
        self.id = id
        self.$program.id = programID
        self.$mentor.id = mentorID
        self.decision = decision
    }

    public var isInterviewed: Bool { interviewedOn != nil }
    public var isTested: Bool { testedOn != nil }

    public var gapList: [String] {
        (skillGaps ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
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

/// The interviewer's view of the candidate's psychological readiness to mentor.
public enum PsychologicalReadiness: String, Codable, CaseIterable, Sendable {
    case ready, ratherReady, notReady

    public var russianName: String {
        switch self {
        case .ready: "готов"
        case .ratherReady: "скорее готов"
        case .notReady: "не готов"
        }
    }
}
