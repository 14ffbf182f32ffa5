import Fluent
import Foundation
import SQLKit

/// The scheduled reminders, written once a day by the outbox worker: a meeting tomorrow, a
/// questionnaire due within two days, a pair without a held meeting for more than 14 days, a
/// missing consent. Each carries a key (`dedupe_key`), so running the job again the same day, or
/// on a second server, writes nothing new; the key also decides how often a reminder repeats.
enum Reminders {
    /// Days without a held meeting after which a pair is reminded (`PairRhythm`'s rule).
    static let staleDays = 14

    @discardableResult
    static func write(now: Date, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let today = CalendarDay.today(now)
        var written = 0
        written += try await meetingsTomorrow(today: today, now: now, sql: sql, db: db)
        written += try await deadlines(now: now, sql: sql, db: db)
        written += try await pairsWithoutMeetings(today: today, now: now, sql: sql, db: db)
        written += try await missingConsents(today: today, now: now, sql: sql, db: db)
        return written
    }

    private static func meetingsTomorrow(today: CalendarDay, now: Date, sql: any SQLDatabase, db: any Database) async throws -> Int {
        struct Row: Decodable {
            let meeting_id: UUID
            let pairing_id: UUID
            let organization_id: UUID
            let starts_at: String
            let program: String
            let mentor_user: UUID?
        }
        let tomorrow = today.adding(days: 1)
        let rows = try await sql.raw("""
            SELECT m.id AS meeting_id, p.id AS pairing_id, p.organization_id, m.starts_at, pr.name AS program, mt.user_id AS mentor_user
            FROM pair_meetings m JOIN pairings p ON p.id = m.pairing_id JOIN programs pr ON pr.id = p.program_id
            JOIN mentors mt ON mt.id = p.mentor_id
            WHERE m.status = 'planned' AND m.\(ident: "on") = \(bind: tomorrow.iso) AND p.status = 'formed'
            """).all(decoding: Row.self)
        let mentees = try await menteeAccounts(pairingIDs: rows.map(\.pairing_id), sql: sql)
        var written = 0
        for row in rows {
            let people = (row.mentor_user.map { [$0] } ?? []) + (mentees[row.pairing_id] ?? [])
            let time = row.starts_at.isEmpty ? "" : " в \(row.starts_at)"
            written += try await Notifications.notify(people, NotificationMessage(
                kind: .meetingTomorrow, title: "Завтра встреча в программе «\(row.program)»",
                body: "Завтра, \(LetterText.day(tomorrow.date, withYear: false))\(time), — встреча пары программы наставничества «\(row.program)». "
                    + "План встречи и место — в пространстве пары.",
                link: "/pairs/\(row.pairing_id)", organizationID: row.organization_id),
                dedupeKey: { "meeting:\(row.meeting_id):\($0)" }, now: now, on: db)
        }
        return written
    }

    /// Accounts of the pairs' active mentees.
    private static func menteeAccounts(pairingIDs: [UUID], sql: any SQLDatabase) async throws -> [UUID: [UUID]] {
        guard !pairingIDs.isEmpty else { return [:] }
        struct Row: Decodable { let pairing_id: UUID; let user_id: UUID }
        var result: [UUID: [UUID]] = [:]
        for chunk in chunks(pairingIDs) {
            let rows = try await sql.raw("""
                SELECT pm.pairing_id, me.user_id FROM pairing_members pm JOIN mentees me ON me.id = pm.mentee_id
                WHERE pm.holds_place AND me.user_id IS NOT NULL AND pm.pairing_id IN (\(list(chunk)))
                """).all(decoding: Row.self)
            for row in rows { result[row.pairing_id, default: []].append(row.user_id) }
        }
        return result
    }

    private static func deadlines(now: Date, sql: any SQLDatabase, db: any Database) async throws -> Int {
        struct Row: Decodable {
            let id: UUID
            let user_id: UUID
            let organization_id: UUID
            let due_at: Date
            let title: String
            let program: String?
        }
        let rows = try await sql.raw("""
            SELECT a.id, a.user_id, a.organization_id, a.due_at, q.title, pr.name AS program
            FROM questionnaire_assignments a JOIN questionnaires q ON q.id = a.questionnaire_id
            LEFT JOIN programs pr ON pr.id = q.program_id
            WHERE a.status <> 'submitted' AND a.due_at > \(bind: now) AND a.due_at <= \(bind: now.addingTimeInterval(2 * 86_400))
            """).all(decoding: Row.self)
        var written = 0
        for row in rows {
            let place = row.program.map { " программы наставничества «\($0)»" } ?? ""
            written += try await Notifications.notify([row.user_id], NotificationMessage(
                kind: .deadlineSoon, title: "Срок анкеты «\(row.title)» — \(LetterText.day(row.due_at, withYear: false))",
                body: "Куратор\(place) ждёт ответов на анкету «\(row.title)» до \(LetterText.day(row.due_at)). "
                    + "Начатые ответы сохранены в разделе «Мои анкеты».",
                link: "/my/questionnaires", organizationID: row.organization_id),
                dedupeKey: { "deadline:\(row.id):\($0)" }, now: now, on: db)
        }
        return written
    }

    private static func pairsWithoutMeetings(today: CalendarDay, now: Date, sql: any SQLDatabase, db: any Database) async throws -> Int {
        struct Row: Decodable {
            let id: UUID
            let organization_id: UUID
            let formed_at: Date?
            let program: String
            let mentor_user: UUID
            let last_held: String?
        }
        let rows = try await sql.raw("""
            SELECT p.id, p.organization_id, p.formed_at, pr.name AS program, mt.user_id AS mentor_user,
                   (SELECT MAX(m.\(ident: "on")) FROM pair_meetings m WHERE m.pairing_id = p.id AND m.status = 'held') AS last_held
            FROM pairings p JOIN programs pr ON pr.id = p.program_id JOIN mentors mt ON mt.id = p.mentor_id
            WHERE p.status = 'formed' AND mt.user_id IS NOT NULL
            """).all(decoding: Row.self)
        var written = 0
        for row in rows {
            let formed = row.formed_at.map { CalendarDay.today($0) }
            guard let since = [row.last_held.flatMap(CalendarDay.init(iso:)), formed].compactMap({ $0 }).max() else { continue }
            let days = today.days(since: since)
            guard days > staleDays else { continue }
            let what = row.last_held == nil ? "С формирования пары" : "С последней встречи"
            written += try await Notifications.notify([row.mentor_user], NotificationMessage(
                kind: .pairWithoutMeetings,
                title: "В паре программы «\(row.program)» нет встреч \(days.russian("день", "дня", "дней"))",
                body: "\(what) (\(LetterText.day(since.date))) прошло \(days.russian("день", "дня", "дней")). "
                    + "По программе наставничества «\(row.program)» пара встречается регулярно: запланируйте встречу в пространстве пары.",
                link: "/pairs/\(row.id)", organizationID: row.organization_id),
                // Once per 14 days of silence, not every morning.
                dedupeKey: { "stale:\(row.id):\(since.iso):\(days / staleDays):\($0)" }, now: now, on: db)
        }
        return written
    }

    private static func missingConsents(today: CalendarDay, now: Date, sql: any SQLDatabase, db: any Database) async throws -> Int {
        struct Row: Decodable {
            let id: UUID
            let organization_id: UUID
            let user_id: UUID?
            let is_minor: Bool
            let organization: String
        }
        let rows = try await sql.raw("""
            SELECT me.id, me.organization_id, me.user_id, me.is_minor, o.short_name AS organization
            FROM mentees me JOIN organizations o ON o.id = me.organization_id
            WHERE me.consent_state = 'missing' AND me.status IN ('candidate', 'inBase') AND me.anonymized_at IS NULL
            """).all(decoding: Row.self)
        var guardians: [UUID: [UUID]] = [:]
        struct Link: Decodable { let mentee_id: UUID; let guardian_user_id: UUID }
        for chunk in chunks(rows.filter(\.is_minor).map(\.id)) {
            for link in try await sql.raw("""
                SELECT mentee_id, guardian_user_id FROM guardian_links WHERE mentee_id IN (\(list(chunk)))
                """).all(decoding: Link.self) {
                guardians[link.mentee_id, default: []].append(link.guardian_user_id)
            }
        }
        // Once a week: the week's Monday is in the key.
        let week = today.adding(days: -((CalendarDay.weekday(today) + 5) % 7)).iso
        var written = 0
        for row in rows {
            // A child's consent is given by a linked representative; an adult gives their own.
            let people = row.is_minor ? guardians[row.id] ?? [] : row.user_id.map { [$0] } ?? []
            let (title, body, link) = row.is_minor
                ? ("Нужно ваше согласие за ребёнка для «\(row.organization)»",
                   "«\(row.organization)» ждёт согласия законного представителя на обработку персональных данных ребёнка: "
                       + "без него ребёнок не может участвовать в программе наставничества.", "/me/children")
                : ("Нужно ваше согласие на обработку данных для «\(row.organization)»",
                   "Чтобы участвовать в программе наставничества «\(row.organization)», нужно согласие на обработку персональных данных.",
                   "/me/participation")
            written += try await Notifications.notify(people, NotificationMessage(
                kind: .consentMissing, title: title, body: body + " Оформите его у куратора наставничества.",
                link: link, organizationID: row.organization_id),
                dedupeKey: { "consent:\(row.id):\(week):\($0)" }, now: now, on: db)
        }
        return written
    }

    private static func chunks(_ ids: [UUID]) -> [[UUID]] {
        stride(from: 0, to: ids.count, by: 500).map { Array(ids[$0..<min($0 + 500, ids.count)]) }
    }

    private static func list(_ ids: [UUID]) -> SQLQueryString {
        ids.map { SQLQueryString("\(bind: $0)") }.joined(separator: ", ")
    }
}

extension CalendarDay {
    /// 1 for Sunday … 7 for Saturday, as `Calendar` counts.
    static func weekday(_ day: CalendarDay) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = RussianDate.timeZone
        return calendar.component(.weekday, from: day.date)
    }
}
