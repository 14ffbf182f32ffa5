import Fluent
import Foundation

/// Private concerns to the curator: raised by a side of a working pair, answered or marked
/// handled by the curator. Their texts never go into the log.
extension PairWorkService {
    /// `concernText` and `asksIntervention`; only the mentor or a mentee raises one.
    @discardableResult
    static func raiseConcern(_ values: [String: String], in access: PairAccess, by actor: AuditActor,
                             on db: any Database) async throws -> PairConcern {
        try access.requireWorking()
        guard let (side, memberID) = access.ownSide else { throw PairWorkError.participantsOnly }
        return try await db.transaction { tx in
            try await lockWorking(access.pairing, on: tx)
            let concern = try await PairConcerns.raise(values, in: access.pairing, side: side, memberID: memberID, by: actor.name, on: tx)
            try await audit(.pairConcernRaised, access, by: actor, objectType: "pairConcern", objectID: concern.id, on: tx)
            try await Notifications.concernRaised(concern, in: access.pairing, author: actor.principal?.userID, on: tx)
            return concern
        }
    }

    /// The curator's written answer, which also handles the concern (of a finished pair too).
    @discardableResult
    static func answerConcern(_ concernID: UUID, reply: String, in access: PairAccess, by actor: AuditActor,
                              on db: any Database) async throws -> PairConcern {
        guard access.role == .curator else { throw PairWorkError.curatorOnly }
        return try await db.transaction { tx in
            guard let concern = try await PairConcern.query(on: tx).filter(\.$id == concernID)
                .filter(\.$pairing.$id == access.pairing.requireID()).first() else {
                throw AppError.notFound
            }
            try await PairConcerns.answer(concern, reply: reply, on: tx)
            try await audit(.pairConcernAnswered, access, by: actor, objectType: "pairConcern", objectID: concern.id, on: tx)
            return concern
        }
    }

    /// Handled without a written reply, from the organization's inbox. False when it was handled
    /// already (another tab): nothing is written then.
    @discardableResult
    static func markConcernHandled(_ concernID: UUID, in organization: Organization, by actor: AuditActor,
                                   on db: any Database) async throws -> Bool {
        try await db.transaction { tx in
            guard let concern = try await PairConcern.find(concernID, on: tx),
                  let program = try await Program.find(concern.programID, on: tx), program.$organization.id == organization.id else {
                throw AppError.notFound
            }
            guard try await PairConcerns.markHandled(concern, by: actor.name, on: tx) else { return false }
            try await actor.record(.pairConcernHandled, organizationID: organization.id, objectType: "pairConcern", objectID: concern.id, on: tx)
            return true
        }
    }
}
