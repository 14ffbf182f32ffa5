import Fluent
import Foundation
import SQLKit

/// Pairs: one place per child enforced by the database (issue 16).
///
/// `pairing_members.holds_place` is true while the member's place is active (its pairing is a
/// draft, proposed or formed, and neither side declined); a partial unique index allows one such
/// row per mentee and program, so two proposals sent at once cannot both place a child.
/// `pair_closures.decided_by_user_id` names the author of a decision, who (with the curator) alone
/// reads an early end's reason.
struct M021_PairingTrust: AsyncMigration {
    static let onePlaceIndex = "pairing_members_one_place_idx"

    func prepare(on database: any Database) async throws {
        try await database.schema(PairingMember.schema)
            .field("holds_place", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema(PairClosure.schema)
            .field("decided_by_user_id", .uuid)
            .update()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("""
            UPDATE pairing_members SET holds_place = \(bind: true)
            WHERE mentee_answer <> 'declined' AND mentor_answer <> 'declined'
              AND pairing_id IN (SELECT id FROM pairings WHERE status IN ('draft', 'proposed', 'formed'))
            """).run()
        try await releaseDuplicatePlaces(sql)
        try await sql.raw("""
            CREATE UNIQUE INDEX \(ident: Self.onePlaceIndex) ON pairing_members (program_id, mentee_id) WHERE holds_place
            """).run()
    }

    /// A child placed twice by the old race keeps the place that went furthest (formed, then
    /// agreed, then the oldest); the others no longer count, so the index can be built.
    private func releaseDuplicatePlaces(_ sql: any SQLDatabase) async throws {
        struct Row: Decodable {
            let id: UUID
            let program_id: UUID
            let mentee_id: UUID
            let status: String
            let mentee_answer: String
            let mentor_answer: String
        }
        let rows = try await sql.raw("""
            SELECT pm.id, pm.program_id, pm.mentee_id, p.status, pm.mentee_answer, pm.mentor_answer
            FROM pairing_members pm JOIN pairings p ON p.id = pm.pairing_id
            WHERE pm.holds_place AND EXISTS (
                SELECT 1 FROM pairing_members other
                WHERE other.holds_place AND other.program_id = pm.program_id AND other.mentee_id = pm.mentee_id AND other.id <> pm.id)
            ORDER BY p.created_at
            """).all(decoding: Row.self)
        func rank(_ row: Row) -> Int {
            (row.status == "formed" ? 0 : 2) + (row.mentee_answer == "accepted" && row.mentor_answer == "accepted" ? 0 : 1)
        }
        for (_, places) in Dictionary(grouping: rows, by: { "\($0.program_id)/\($0.mentee_id)" }) {
            let keep = places.enumerated().min { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }!.element
            for place in places where place.id != keep.id {
                try await sql.raw("UPDATE pairing_members SET holds_place = \(bind: false) WHERE id = \(bind: place.id)").run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: Self.onePlaceIndex)").run()
        }
        try await database.schema(PairClosure.schema).deleteField("decided_by_user_id").update()
        try await database.schema(PairingMember.schema).deleteField("holds_place").update()
    }
}
