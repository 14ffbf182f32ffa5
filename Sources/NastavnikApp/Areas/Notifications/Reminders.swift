import Fluent
import Foundation
import SQLKit

/// The scheduled reminders, written once a day by the outbox worker: a meeting tomorrow (to the
/// pair and a minor's legal representatives), a questionnaire due within two days (to those who
/// have not answered), a pair without a held meeting for more than 14 days (the home page's rule,
/// `RhythmQueries.stalePairRows`), a missing consent (adult mentees and mentors, a minor's
/// representatives), a case waiting for the administration's review. Each carries a key
/// (`dedupe_key`), so running the job again the same day, or on a second server, writes nothing
/// new; the key also decides how often a reminder repeats.
enum Reminders {
    /// Days without a held meeting after which a pair is reminded (`PairRhythm`'s rule).
    static let staleDays = PairRhythm.maximumGapDays

    @discardableResult
    static func write(now: Date, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let today = CalendarDay.today(now)
        var written = 0
        written += try await meetingsTomorrow(today: today, now: now, sql: sql, db: db)
        written += try await deadlines(now: now, sql: sql, db: db)
        written += try await pairsWithoutMeetings(today: today, now: now, sql: sql, db: db)
        written += try await ConsentReminders.write(today: today, now: now, on: db)
        written += try await ConsentReminders.casesAwaitingReview(today: today, now: now, on: db)
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
            let mentor_id: UUID
            let mentor_minor: Bool
        }
        let tomorrow = today.adding(days: 1)
        let rows = try await sql.raw("""
            SELECT m.id AS meeting_id, p.id AS pairing_id, p.organization_id, m.starts_at, pr.name AS program, mt.user_id AS mentor_user,
                   mt.id AS mentor_id, mt.is_minor AS mentor_minor
            FROM pair_meetings m JOIN pairings p ON p.id = m.pairing_id JOIN programs pr ON pr.id = p.program_id
            JOIN mentors mt ON mt.id = p.mentor_id
            WHERE m.status = 'planned' AND m.\(ident: "on") = \(bind: tomorrow.iso) AND p.status = 'formed'
            """).all(decoding: Row.self)
        let mentees = try await menteeAccounts(pairingIDs: rows.map(\.pairing_id), sql: sql)
        let mentorGuardians = try await representatives(mentorIDs: rows.filter(\.mentor_minor).map(\.mentor_id), on: sql)
        var written = 0
        for row in rows {
            let members = mentees[row.pairing_id] ?? []
            let people = (row.mentor_user.map { [$0] } ?? []) + members.compactMap(\.user_id)
            let time = row.starts_at.isEmpty ? "" : " в \(row.starts_at)"
            let when = "Завтра, \(LetterText.day(tomorrow.date, withYear: false))\(time)"
            written += try await Notifications.notify(people, NotificationMessage(
                kind: .meetingTomorrow, title: "Завтра встреча в программе «\(row.program)»",
                body: "\(when), — встреча пары программы наставничества «\(row.program)». "
                    + "План встречи и место — в пространстве пары.",
                link: SiteRoute.PairSpace.show.path(row.pairing_id), organizationID: row.organization_id),
                dedupeKey: { "meeting:\(row.meeting_id):\($0)" }, now: now, on: db)
            // A minor's legal representatives hear of the child's meeting, without the pair's space.
            let guardians = members.flatMap(\.guardians) + (mentorGuardians[row.mentor_id] ?? [])
            written += try await Notifications.notify(guardians.filter { !people.contains($0) }, NotificationMessage(
                kind: .meetingTomorrow, title: "Завтра у ребёнка встреча в программе «\(row.program)»",
                body: "\(when), — встреча пары программы наставничества «\(row.program)», в которой участвует ваш ребёнок. "
                    + "Время и место встречи уточните у ребёнка или у куратора.",
                link: SiteRoute.MyChildren.index.path(), organizationID: row.organization_id),
                dedupeKey: { "meeting:\(row.meeting_id):\($0)" }, now: now, on: db)
        }
        return written
    }

    struct Member {
        let user_id: UUID?
        var guardians: [UUID] = []
    }

    /// The pairs' active mentees: their accounts and, for minors, their representatives' accounts.
    private static func menteeAccounts(pairingIDs: [UUID], sql: any SQLDatabase) async throws -> [UUID: [Member]] {
        guard !pairingIDs.isEmpty else { return [:] }
        struct Row: Decodable { let pairing_id: UUID; let mentee_id: UUID; let user_id: UUID?; let is_minor: Bool }
        var rows: [Row] = []
        for chunk in chunks(pairingIDs) {
            rows += try await sql.raw("""
                SELECT pm.pairing_id, me.id AS mentee_id, me.user_id, me.is_minor FROM pairing_members pm JOIN mentees me ON me.id = pm.mentee_id
                WHERE pm.holds_place AND pm.pairing_id IN (\(list(chunk)))
                """).all(decoding: Row.self)
        }
        let guardians = try await representatives(menteeIDs: rows.filter(\.is_minor).map(\.mentee_id), on: sql)
        var result: [UUID: [Member]] = [:]
        for row in rows {
            result[row.pairing_id, default: []].append(Member(user_id: row.user_id, guardians: guardians[row.mentee_id] ?? []))
        }
        return result
    }

    /// Accounts of the legal representatives linked to minors (`guardian_links`), by the child's row.
    static func representatives(menteeIDs: [UUID] = [], mentorIDs: [UUID] = [], on sql: any SQLDatabase) async throws -> [UUID: [UUID]] {
        struct Link: Decodable { let child: UUID; let guardian_user_id: UUID }
        var result: [UUID: [UUID]] = [:]
        for (column, ids) in [("mentee_id", menteeIDs), ("mentor_id", mentorIDs)] {
            for chunk in chunks(ids) {
                for link in try await sql.raw("""
                    SELECT \(ident: column) AS child, guardian_user_id FROM guardian_links WHERE \(ident: column) IN (\(list(chunk)))
                    """).all(decoding: Link.self) {
                    result[link.child, default: []].append(link.guardian_user_id)
                }
            }
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
                link: SiteRoute.Questionnaires.mine.path(), organizationID: row.organization_id),
                dedupeKey: { "deadline:\(row.id):\($0)" }, now: now, on: db)
        }
        return written
    }

    /// Pairs the home page counts as more than 14 days without a meeting (`RhythmQueries.stalePairRows`,
    /// so a warning the curator acknowledged reminds nobody): their mentor is reminded.
    private static func pairsWithoutMeetings(today: CalendarDay, now: Date, sql: any SQLDatabase, db: any Database) async throws -> Int {
        struct Row: Decodable {
            let pairing_id: UUID
            let organization_id: UUID
            let formed_at: Date?
            let last_held: String?
            let program: String
            let mentor_user: UUID
        }
        let rows = try await sql.raw("""
            SELECT s.pairing_id, s.organization_id, s.formed_at, s.last_held, pr.name AS program, mt.user_id AS mentor_user
            FROM (
            """ + RhythmQueries.stalePairRows(.everywhere, today: today) + """
            ) s JOIN programs pr ON pr.id = s.program_id JOIN mentors mt ON mt.id = s.mentor_id
            WHERE mt.user_id IS NOT NULL
            """).all(decoding: Row.self)
        var written = 0
        for row in rows {
            guard let since = row.last_held.flatMap(CalendarDay.init(iso:)) ?? row.formed_at.map({ CalendarDay.today($0) }) else { continue }
            let days = today.days(since: since)
            let what = row.last_held == nil ? "С формирования пары" : "С последней встречи"
            written += try await Notifications.notify([row.mentor_user], NotificationMessage(
                kind: .pairWithoutMeetings,
                title: "В паре программы «\(row.program)» нет встреч \(days.russian("день", "дня", "дней"))",
                body: "\(what) (\(LetterText.day(since.date))) прошло \(days.russian("день", "дня", "дней")). "
                    + "По программе наставничества «\(row.program)» пара встречается регулярно: запланируйте встречу в пространстве пары.",
                link: SiteRoute.PairSpace.show.path(row.pairing_id), organizationID: row.organization_id),
                // Once per 14 days of silence, not every morning.
                dedupeKey: { "stale:\(row.pairing_id):\(since.iso):\(days / staleDays):\($0)" }, now: now, on: db)
        }
        return written
    }

    static func chunks(_ ids: [UUID]) -> [[UUID]] {
        stride(from: 0, to: ids.count, by: 500).map { Array(ids[$0..<min($0 + 500, ids.count)]) }
    }

    static func list(_ ids: [UUID]) -> SQLQueryString {
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
