import Fluent
import Foundation
import SQLKit

/// Private concerns to the curator (seed 000: the curator does not intervene unless asked). Only
/// the author and the curator see a concern; the other side of the pair does not.
enum PairConcerns {
    static func raise(_ values: [String: String], in pairing: Pairing, side: BaseKind, memberID: UUID?, by name: String,
                      on db: any Database) async throws -> PairConcern {
        let text = (values["concernText"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw AppError.validation(["concernText": "Опишите, что вас беспокоит."]) }
        guard text.count <= 4000 else { throw AppError.validation(["concernText": "Не более 4000 знаков."]) }
        let concern = PairConcern()
        concern.$pairing.id = try pairing.requireID()
        concern.programID = pairing.$program.id
        concern.side = side
        concern.memberID = memberID
        concern.authorName = name
        concern.text = text
        concern.asksIntervention = ["on", "true", "1", "yes"].contains(values["asksIntervention"] ?? "")
        concern.status = .open
        concern.curatorReply = ""
        try await concern.create(on: db)
        return concern
    }

    static func answer(_ concern: PairConcern, reply: String, on db: any Database) async throws {
        let reply = reply.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reply.isEmpty else { throw AppError.validation(["reply": "Напишите ответ."]) }
        guard reply.count <= 4000 else { throw AppError.validation(["reply": "Не более 4000 знаков."]) }
        concern.curatorReply = reply
        concern.status = .answered
        concern.repliedAt = Date()
        // A reply handles the concern; the curator's name says who did.
        if concern.handledAt == nil { concern.handledAt = concern.repliedAt }
        try await concern.save(on: db)
    }

    /// The curator marks a concern handled without a written reply (talked in person, say): it
    /// leaves the home page. Conditional, so two tabs record it once. False when it was handled already.
    static func markHandled(_ concern: PairConcern, by name: String, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let rows = try await sql.raw("""
            UPDATE \(ident: PairConcern.schema) SET handled_at = \(bind: Date()), handled_by_name = \(bind: name)
            WHERE id = \(bind: try concern.requireID()) AND handled_at IS NULL RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// The concerns one person of the pair may read: the curator all, a participant their own.
    static func visible(in pairing: Pairing, to role: PairAccess.Role, on db: any Database) async throws -> [PairConcern] {
        var query = try PairConcern.query(on: db).filter(\.$pairing.$id == pairing.requireID())
        switch role {
        case .curator: break
        case .mentor: query = query.filter(\.$side == .mentor)
        case .mentee(let memberID): query = query.filter(\.$side == .mentee).filter(\.$memberID == memberID)
        }
        return try await query.sort(\.$createdAt, .descending).all()
    }
}
