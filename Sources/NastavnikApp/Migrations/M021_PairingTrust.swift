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
///
/// One account, one card: a partial unique index on each base allows one row per organization
/// and account, so two cards linked to one account at the same moment cannot both keep the link.
struct M021_PairingTrust: AsyncMigration {
    static let onePlaceIndex = "pairing_members_one_place_idx"
    /// The one-card indexes by table (`mentees`, `mentors`).
    static let oneCardIndexes = [(Mentee.schema, "mentees_one_card_per_account_idx"), (Mentor.schema, "mentors_one_card_per_account_idx")]

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
        for (table, index) in Self.oneCardIndexes {
            try await unlinkDuplicateCards(table, sql)
            try await sql.raw("""
                CREATE UNIQUE INDEX \(ident: index) ON \(ident: table) (organization_id, user_id) WHERE user_id IS NOT NULL
                """).run()
        }
    }

    /// An account linked to several cards of one base and organization by the old race keeps the
    /// link on the oldest card (then the smallest id); the others are unlinked, so the index can be built.
    private func unlinkDuplicateCards(_ table: String, _ sql: any SQLDatabase) async throws {
        struct Row: Decodable {
            let id: UUID
            let organization_id: UUID
            let user_id: UUID
        }
        let rows = try await sql.raw("""
            SELECT card.id, card.organization_id, card.user_id FROM \(ident: table) card
            WHERE card.user_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM \(ident: table) other
                WHERE other.organization_id = card.organization_id AND other.user_id = card.user_id AND other.id <> card.id)
            ORDER BY CASE WHEN card.created_at IS NULL THEN 1 ELSE 0 END, card.created_at, card.id
            """).all(decoding: Row.self)
        var kept = Set<String>()
        for row in rows where !kept.insert("\(row.organization_id)/\(row.user_id)").inserted {
            try await sql.raw("UPDATE \(ident: table) SET user_id = NULL WHERE id = \(bind: row.id)").run()
        }
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
            for (_, index) in Self.oneCardIndexes {
                try await sql.raw("DROP INDEX IF EXISTS \(ident: index)").run()
            }
        }
        try await database.schema(PairClosure.schema).deleteField("decided_by_user_id").update()
        try await database.schema(PairingMember.schema).deleteField("holds_place").update()
    }
}
