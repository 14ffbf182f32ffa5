import Fluent
import Foundation

/// Every change of a pair's work, one function per operation, shared by the pair's page and
/// `/api/v1/pairs/…`: it checks the input (`AppError.validation` for fields, `PairWorkError`
/// for the rules), then in ONE transaction locks the pair, applies the rule and writes the audit
/// entry, so the entry cannot be lost without the change nor the change without its entry.
/// `PairAccess` (who opens the pair and as whom) is the caller's authorization.
enum PairWorkService {
    /// Locks the pair's row for the transaction and refuses a pair whose work has ended: a
    /// meeting recorded while the curator closes the pair waits for the closure and is refused.
    static func lockWorking(_ pairing: Pairing, on tx: any Database) async throws {
        let id = try pairing.requireID()
        try await RowLock.lock(Pairing.schema, id: id, on: tx)
        guard try await Pairing.query(on: tx).filter(\.$id == id).filter(\.$status == .formed).count() == 1 else {
            throw PairWorkError.pairFinished
        }
    }

    /// The pair's meeting with this id (404 for another pair's).
    static func meeting(_ id: UUID, in pairing: Pairing, on db: any Database) async throws -> PairMeeting {
        guard let meeting = try await PairMeeting.query(on: db).filter(\.$id == id).filter(\.$pairing.$id == pairing.requireID()).first() else {
            throw AppError.notFound
        }
        return meeting
    }

    static func audit(_ action: AuditAction, _ access: PairAccess, by actor: AuditActor, objectType: String, objectID: UUID?,
                      details: String? = nil, on tx: any Database) async throws {
        try await actor.record(action, organizationID: access.pairing.organizationID, objectType: objectType, objectID: objectID,
                               details: details, on: tx)
    }
}

extension AuditActor {
    /// The name written beside what this person records (a meeting, a goal, a decision).
    var name: String { principal?.fullName ?? "" }
}
