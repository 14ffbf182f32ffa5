import Fluent
import Foundation

/// The decision at the end of a cycle (seed 003, «Итоговая встреча»): continue in a new cycle
/// with a new goal, finish, or an early end by either side with its reason. A pair that
/// continues may later finish, so a pair can have several closures.
public final class PairClosure: Model, @unchecked Sendable {
    public static let schema = "pair_closures"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "program_id") public var programID: UUID
    @Field(key: "decision") public var decision: ClosureDecision
    /// Who ended early: the mentor, a mentee, or the curator (nil side).
    @Field(key: "decided_by_role") public var decidedByRole: String
    @Field(key: "reason") public var reason: String
    /// ISO day.
    @Field(key: "decided_on") public var decidedOn: String
    @Field(key: "decided_by_name") public var decidedByName: String
    /// The account that decided; with the curator, only its holder reads an early end's reason.
    @OptionalField(key: "decided_by_user_id") public var decidedByUserID: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum ClosureDecision: String, Codable, CaseIterable, Sendable {
    case `continue`, finish, earlyEnd

    public var russianName: String {
        switch self {
        case .continue: "Продолжить в новом цикле"
        case .finish: "Завершить"
        case .earlyEnd: "Досрочное завершение"
        }
    }
}
