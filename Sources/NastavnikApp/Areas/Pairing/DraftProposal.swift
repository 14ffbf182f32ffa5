import Fluent
import Foundation
import SQLKit

/// The program's unsent draft proposal as its page shows it (issue 21): the counts by the
/// database, and one page of places, each with its mentee and its pairing's mentor. A matching run
/// at a big school drafts thousands of places; loading them all to show fifty took seconds.
struct DraftProposal {
    /// Places (mentees) in the draft.
    let total: Int
    /// Pairings of the draft with more than one mentee.
    let groupCount: Int
    /// The mean of the places' scores, rounded down; 0 without scores.
    let averageScore: Int

    static func counts(programID: UUID, on db: any Database) async throws -> DraftProposal {
        guard let sql = db as? any SQLDatabase else { throw AppError.conflict("Нужна база данных SQL.") }
        struct Row: Decodable {
            let places: Int
            let scored: Int
            let score_sum: Int?
            let group_count: Int
        }
        let row = try await sql.raw("""
            SELECT COUNT(*) AS places, COUNT(pm.score) AS scored, CAST(SUM(pm.score) AS BIGINT) AS score_sum,
                   (SELECT COUNT(*) FROM (SELECT g.pairing_id FROM \(ident: PairingMember.schema) g JOIN \(ident: Pairing.schema) gp ON gp.id = g.pairing_id
                    WHERE gp.program_id = \(bind: programID) AND gp.status = \(bind: PairingStatus.draft.rawValue)
                    GROUP BY g.pairing_id HAVING COUNT(*) > 1) multi) AS group_count
            FROM \(ident: PairingMember.schema) pm JOIN \(ident: Pairing.schema) p ON p.id = pm.pairing_id
            WHERE p.program_id = \(bind: programID) AND p.status = \(bind: PairingStatus.draft.rawValue)
            """).first(decoding: Row.self)
        guard let row else { return DraftProposal(total: 0, groupCount: 0, averageScore: 0) }
        return DraftProposal(total: row.places, groupCount: row.group_count, averageScore: row.scored == 0 ? 0 : (row.score_sum ?? 0) / row.scored)
    }

    /// One page of the draft's places, by the mentor's name and the place in the group.
    static func places(programID: UUID, offset: Int, limit: Int, on db: any Database) async throws -> [PairingMember] {
        let members = try await PairingMember.query(on: db)
            .join(Pairing.self, on: \PairingMember.$pairing.$id == \Pairing.$id)
            .join(Mentor.self, on: \Pairing.$mentor.$id == \Mentor.$id)
            .filter(Pairing.self, \.$program.$id == programID).filter(Pairing.self, \.$status == .draft)
            .sort(Mentor.self, \.$lastName).sort(Mentor.self, \.$firstName).sort(Mentor.self, \.$middleName)
            .sort(Pairing.self, \.$id).sort(\.$position)
            .range(offset..<(offset + limit))
            .with(\.$mentee)
            .all()
        // The pairing and its mentor from the same row, not a second query: another tab may move
        // a member and delete its emptied draft pairing between the two (on PostgreSQL each
        // statement sees its own moment), and Fluent's eager load then fails with «parent missing».
        for member in members {
            let pairing = try member.joined(Pairing.self)
            pairing.$mentor.value = try member.joined(Mentor.self)
            member.$pairing.value = pairing
        }
        return members
    }
}
