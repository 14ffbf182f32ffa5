import Fluent
import Foundation
import SQLKit

/// The administration's decision on a case sent for approval: publish it or send it back.
/// A decision claims the case with one conditional `UPDATE … WHERE status = 'submitted'
/// RETURNING id` in the transaction that writes its audit entry (issue 16 follow-up): the
/// handlers read the case and saved it, so two directors deciding at once (or one double click)
/// both passed the check, both wrote an audit entry and the later save won. Now a second decision
/// waits for the first one's row lock, finds the case no longer waiting and changes nothing.
enum CaseDecision {
    enum Outcome: Sendable {
        case published
        case returned(note: String)

        var status: CaseStatus {
            switch self {
            case .published: .published
            case .returned: .draft
            }
        }
    }

    /// Applies the decision if the case is still waiting; true when this call made it. `first`
    /// runs in the same transaction before the claim (the consents' check of a publication).
    static func decide(caseID: UUID, _ outcome: Outcome, on db: any Database,
                       first: (@Sendable (any Database) async throws -> Void)? = nil,
                       audit: @escaping @Sendable (any Database) async throws -> Void) async throws -> Bool {
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return false }
            try await first?(db)
            let now = Date()
            var update = sql.update(PracticeCase.schema)
                .set("status", to: SQLBind(outcome.status.rawValue))
                .set("updated_at", to: SQLBind(now))
            switch outcome {
            case .published:
                update = update.set("published_at", to: SQLBind(now))
            case .returned(let note):
                update = update.set("status_note", to: SQLBind(note))
            }
            let claimed = try await update
                .where("id", .equal, SQLBind(caseID))
                .where("status", .equal, SQLBind(CaseStatus.submitted.rawValue))
                .returning("id")
                .all()
            guard !claimed.isEmpty else { return false }
            try await audit(db)
            return true
        }
    }
}
