import Fluent
import Foundation
import SQLKit

/// Pupil and student mentors move with the academic year and graduate (issue 18, item 5): a mentor
/// card gets its class or group (`mentors.class_name`, filled from the free-text position where it
/// clearly names one, «ученик 10А класса», «студент группы ТД-21») and the year it graduated
/// (`graduated_year`, as mentees have it); a step of the academic year records the mentor cards it
/// changed in `academic_year_mentor_changes`, so that its undo puts them back too.
struct M037_MentorClasses: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Mentor.schema).field("class_name", .string).update()
        try await database.schema(Mentor.schema).field("graduated_year", .int).update()
        try await database.index("mentors_graduated_idx", on: Mentor.schema, columns: ["organization_id", "graduated_year"])
        try await database.schema(AcademicYearMentorChange.schema)
            .id()
            .field("advance_id", .uuid, .required, .references(AcademicYearAdvance.schema, .id, onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(Mentor.schema, .id, onDelete: .cascade))
            .field("old_class_name", .string, .required)
            .field("new_class_name", .string, .required)
            .field("graduated", .bool, .required)
            .create()
        try await database.index("academic_year_mentor_changes_advance_idx", on: AcademicYearMentorChange.schema, columns: ["advance_id"])
        guard let sql = database as? any SQLDatabase else { return }
        struct Row: Decodable { let id: UUID; let position: String? }
        let rows = try await sql.select().column("id").column("position").from(Mentor.schema)
            .where("position", .isNot, SQLLiteral.null).where("anonymized_at", .is, SQLLiteral.null)
            .all(decoding: Row.self)
        for row in rows {
            guard let position = row.position, let className = Self.className(inPosition: position) else { continue }
            try await sql.update(Mentor.schema).set("class_name", to: SQLBind(className)).where("id", .equal, SQLBind(row.id)).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AcademicYearMentorChange.schema).delete()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: "mentors_graduated_idx")").run()
        }
        try await database.schema(Mentor.schema).deleteField("graduated_year").update()
        try await database.schema(Mentor.schema).deleteField("class_name").update()
    }

    /// The class or group a mentor's position names, when it clearly names a pupil's or a
    /// student's: «ученик 10А класса» → «10А», «ученица 9 «Б» класса» → «9Б», «студент группы
    /// ТД-21» → «ТД-21», «студентка 2 курса» → «2 курс». A teacher's «классный руководитель 7Б»
    /// names no pupil and gives nothing.
    static func className(inPosition position: String) -> String? {
        let text = position.replacingOccurrences(of: "\u{00A0}", with: " ")
        let lower = text.lowercased()
        let learner = ["ученик", "ученица", "учащ", "обучающ", "школьни", "студент", "курсант"].contains { lower.contains($0) }
        guard learner, !lower.contains("руковод"), !lower.contains("учител"), !lower.contains("педагог") else { return nil }
        if let match = text.firstMatch(of: /(?i)(?:групп[аыеу]|гр\.)\s*[«"]?([А-ЯЁа-яёA-Za-z]{1,6})\s*-?\s*(\d{2,3})[»"]?/) {
            return "\(match.1.uppercased())-\(match.2)"
        }
        if let match = text.firstMatch(of: /(\d{1,2})\s*-?\s*[«"]?([А-ЯЁа-яё]?)[»"]?\s*(?i:класс|кл\.)/),
           let number = Int(match.1), (1...11).contains(number) {
            return "\(number)\(match.2.uppercased())"
        }
        if let match = text.firstMatch(of: /(\d)\s*(?:-?(?:го|ого))?\s*(?i:курс)/), let course = Int(match.1), (1...6).contains(course) {
            return "\(course) курс"
        }
        return nil
    }
}
