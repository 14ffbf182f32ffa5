import Fluent
import Foundation
import SQLKit

/// A day of notifications for the region-scale data (`RegionScaleData`), for the digest
/// benchmark (`Benchmarks/digest/`): every person of the region's bases gets an account with an
/// address who chose the daily digest, and yesterday's notifications as the platform writes
/// them — the meeting of a pair tomorrow, a questionnaire to fill, a deadline — named by the
/// person's own organization's program. The morning's worker then writes and sends one digest a
/// person. Rows go in with multi-row inserts, as `RegionScaleData` writes its bases.
public enum RegionMailDay {
    public struct Summary: Sendable {
        public let people: Int
        public let notifications: Int
    }

    /// `yesterday` is the evening the notifications came; the digest goes out the next morning.
    public static func generate(yesterday: Date, perPerson: Int = 3, on database: any Database) async throws -> Summary {
        try await database.transaction { db in
            try await generate(yesterday: yesterday, perPerson: perPerson, sql: db as! any SQLDatabase)
        }
    }

    private static func generate(yesterday: Date, perPerson: Int, sql: any SQLDatabase) async throws -> Summary {
        struct Person: Decodable {
            let organization_id: UUID
            let last_name: String
            let first_name: String
        }
        struct ProgramName: Decodable { let organization_id: UUID; let name: String }
        var programs: [UUID: String] = [:]
        for row in try await sql.raw("SELECT organization_id, name FROM \(ident: Program.schema)").all(decoding: ProgramName.self) {
            programs[row.organization_id] = row.name
        }
        var people: [Person] = []
        for table in [Mentee.schema, Mentor.schema] {
            people += try await sql.raw("""
                SELECT organization_id, last_name, first_name FROM \(ident: table) WHERE user_id IS NULL ORDER BY id
                """).all(decoding: Person.self)
        }
        var users: [[any Encodable & Sendable]] = [], preferences: [[any Encodable & Sendable]] = [], notes: [[any Encodable & Sendable]] = []
        var written = 0
        func flush(_ force: Bool = false) async throws {
            guard force || users.count >= 500 else { return }
            try await RegionScaleData.insert(sql, into: User.schema, columns: ["id", "login", "last_name", "first_name", "email", "is_platform_admin",
                                                              "must_change_password", "is_active", "search_key", "created_at"], rows: users)
            try await RegionScaleData.insert(sql, into: NotificationPreference.schema, columns: ["user_id", "email_enabled", "frequency", "unsubscribe_token", "updated_at"],
                             rows: preferences)
            for start in stride(from: 0, to: notes.count, by: 500) {
                try await RegionScaleData.insert(sql, into: AppNotification.schema, columns: ["id", "user_id", "organization_id", "kind", "title", "body", "link",
                                                                               "digest_pending", "created_at"],
                                 rows: Array(notes[start..<min(start + 500, notes.count)]))
            }
            written += notes.count
            users = []; preferences = []; notes = []
        }
        let tomorrow = LetterText.day(yesterday.addingTimeInterval(86_400), withYear: false)
        for (index, person) in people.enumerated() {
            let id = UUID(), login = "region.\(index + 1)"
            users.append([id, login, person.last_name, person.first_name, "\(login)@region97.test", false, false, true,
                          "\(person.last_name) \(person.first_name) \(login)".lowercased(), yesterday])
            preferences.append([id, true, NotificationFrequency.daily.rawValue, SecureToken.generate(), yesterday])
            let program = programs[person.organization_id] ?? "Наставничество"
            let day: [(NotificationKind, String, String, String)] = [
                (.meetingTomorrow, "Завтра встреча в программе «\(program)»",
                 "Завтра, \(tomorrow), в 15:30, — встреча пары программы наставничества «\(program)». План встречи и место — в пространстве пары.",
                 SiteRoute.MyPairs.index.path()),
                (.questionnaireSent, "Новая анкета «Удовлетворённость программой»",
                 "Куратор программы наставничества «\(program)» просит заполнить анкету «Удовлетворённость программой». Анкета открыта в разделе «Мои анкеты».",
                 SiteRoute.Questionnaires.mine.path()),
                (.deadlineSoon, "Срок анкеты «Входная анкета» — \(tomorrow)",
                 "Куратор программы наставничества «\(program)» ждёт ответов на анкету «Входная анкета» до \(tomorrow). Начатые ответы сохранены в разделе «Мои анкеты».",
                 SiteRoute.Questionnaires.mine.path()),
            ]
            for (offset, item) in day.prefix(perPerson).enumerated() {
                notes.append([UUID(), id, person.organization_id, item.0.rawValue, item.1, item.2, item.3, true,
                              yesterday.addingTimeInterval(Double(offset * 600 + index % 600))])
            }
            try await flush()
        }
        try await flush(true)
        return Summary(people: people.count, notifications: written)
    }
}
