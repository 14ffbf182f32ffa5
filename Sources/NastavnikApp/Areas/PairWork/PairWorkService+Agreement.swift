import Fluent
import Foundation

/// What a working pair agrees and achieves: the rules of interaction, the wishes table and the
/// intermediate results.
extension PairWorkService {
    /// The rules of interaction, written by any side; a second save replaces them.
    @discardableResult
    static func saveAgreement(_ values: [String: String], in access: PairAccess, by actor: AuditActor,
                              on db: any Database) async throws -> PairAgreement {
        try access.requireWorking()
        let draft = try PairAgreements.parseAgreement(values).get()
        return try await db.transaction { tx in
            // The pair's lock also orders two saves of the one agreement row.
            try await lockWorking(access.pairing, on: tx)
            let agreement = try await PairAgreements.save(draft, in: access.pairing, by: actor.name, on: tx)
            try await audit(.pairAgreementSaved, access, by: actor, objectType: "pairing", objectID: agreement.$pairing.id, on: tx)
            return agreement
        }
    }

    /// A line of the wishes table.
    @discardableResult
    static func addWish(_ values: [String: String], in access: PairAccess, by actor: AuditActor, on db: any Database) async throws -> PairWish {
        try access.requireWorking()
        return try await db.transaction { tx in
            try await lockWorking(access.pairing, on: tx)
            let wish = try await PairAgreements.addWish(values, in: access.pairing, by: actor.name, on: tx)
            try await audit(.pairWishAdded, access, by: actor, objectType: "pairWish", objectID: wish.id, on: tx)
            return wish
        }
    }

    /// An intermediate result with a checked file or a link.
    @discardableResult
    static func addResult(_ values: [String: String], fileName: String?, fileData: Data?, in access: PairAccess, by actor: AuditActor,
                          on db: any Database) async throws -> PairResult {
        try access.requireWorking()
        let draft = try PairResults.parse(values, fileName: fileName, fileData: fileData).get()
        return try await db.transaction { tx in
            try await lockWorking(access.pairing, on: tx)
            let result = try await PairResults.create(draft, in: access.pairing, by: actor.name, on: tx)
            try await audit(.pairResultAdded, access, by: actor, objectType: "pairResult", objectID: result.id,
                            details: "\(draft.kind.russianName): \(draft.title)", on: tx)
            return result
        }
    }
}
