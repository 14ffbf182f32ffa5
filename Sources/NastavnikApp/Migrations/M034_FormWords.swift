import Fluent
import SQLKit

/// A saved reflection and final answers are edited explicitly, never overwritten by a second send
/// (issue 20, item 5), and the trial meeting asks its own questions (issue 17, item 6).
///
/// - `version` on `meeting_reflections` and `final_answers`: raised by every edit; an edit made
///   from an older copy is refused (a conditional `UPDATE … WHERE version = …`).
/// - One reflection per side (and group member) per meeting, one set of final answers per side
///   (and member) per pair: partial unique indexes, so two first sends at once store one row.
/// - `liked`, `made_possible_by`: the trial meeting's «Что понравилось?» and «Благодаря чему стало
///   возможно достичь результата?» (seed 003).
struct M034_FormWords: AsyncMigration {
    static let uniqueIndexes: [(name: String, table: String, columns: String, condition: String)] = [
        ("meeting_reflections_one_per_side", "meeting_reflections", "meeting_id, side", "member_id IS NULL"),
        ("meeting_reflections_one_per_member", "meeting_reflections", "meeting_id, member_id", "member_id IS NOT NULL"),
        ("final_answers_one_per_side", "final_answers", "pairing_id, side", "member_id IS NULL"),
        ("final_answers_one_per_member", "final_answers", "pairing_id, member_id", "member_id IS NOT NULL"),
    ]

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite alters a table one column at a time.
        try await database.schema(MeetingReflection.schema).field("version", .int, .sql(.default(1))).update()
        try await database.schema(MeetingReflection.schema).field("liked", .string).update()
        try await database.schema(MeetingReflection.schema).field("made_possible_by", .string).update()
        try await database.schema(FinalAnswer.schema).field("version", .int, .sql(.default(1))).update()
        guard let sql = database as? any SQLDatabase else { return }
        for index in Self.uniqueIndexes {
            // Before this, a second send could store a second row: keep the latest of each key
            // (by its time, then its id), or the index would refuse an existing database.
            let keys = index.columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let sameKey = keys.map { "other.\($0) = \(index.table).\($0)" }.joined(separator: " AND ")
            let time = index.table == FinalAnswer.schema ? "COALESCE(%.updated_at, %.created_at)" : "%.created_at"
            let mine = time.replacingOccurrences(of: "%", with: index.table), theirs = time.replacingOccurrences(of: "%", with: "other")
            try await sql.raw("""
                DELETE FROM \(ident: index.table) WHERE \(unsafeRaw: index.condition) AND EXISTS (
                  SELECT 1 FROM \(ident: index.table) other
                  WHERE \(unsafeRaw: sameKey) AND \(unsafeRaw: index.condition.replacingOccurrences(of: "member_id", with: "other.member_id"))
                    AND other.id <> \(ident: index.table).id
                    AND (\(unsafeRaw: theirs) > \(unsafeRaw: mine)
                         OR (\(unsafeRaw: theirs) IS NOT NULL AND \(unsafeRaw: mine) IS NULL)
                         OR ((\(unsafeRaw: theirs) = \(unsafeRaw: mine) OR (\(unsafeRaw: theirs) IS NULL AND \(unsafeRaw: mine) IS NULL))
                             AND other.id > \(ident: index.table).id)))
                """).run()
            try await sql.raw("""
                CREATE UNIQUE INDEX \(ident: index.name) ON \(ident: index.table) (\(unsafeRaw: index.columns)) WHERE \(unsafeRaw: index.condition)
                """).run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for index in Self.uniqueIndexes.reversed() {
                try await sql.raw("DROP INDEX \(ident: index.name)").run()
            }
        }
        try await database.schema(FinalAnswer.schema).deleteField("version").update()
        try await database.schema(MeetingReflection.schema).deleteField("made_possible_by").update()
        try await database.schema(MeetingReflection.schema).deleteField("liked").update()
        try await database.schema(MeetingReflection.schema).deleteField("version").update()
    }
}
