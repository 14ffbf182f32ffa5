import Fluent
import Foundation
import SQLKit

/// What a mentor or a mentee has to do now (issue 19): the next meeting, forms to fill,
/// proposals to answer, goals coming due. Counted by the database over the person's own pairs.
enum ParticipantTasks {
    struct NextMeeting: Encodable, Sendable, Equatable {
        let text: String
        let href: String
    }

    struct Result: Sendable {
        var nextMeeting: NextMeeting?
        var tasks: [HomeTask] = []
    }

    /// Goals due within this many days (or already past) are shown.
    static let goalHorizonDays = 7

    /// `proposalsToAnswer` comes from the rows the home page already shows (`MyPairsController.rows`).
    static func load(userID: UUID, proposalsToAnswer: Int, today: CalendarDay = .today(), on db: any Database) async throws -> Result {
        guard let sql = db as? any SQLDatabase else { return Result() }
        var result = Result()
        // The person's working pairs and the side they are on: as the mentor, or as an agreed mentee (their member row).
        let mine: SQLQueryString = """
            SELECT pg.id AS pairing_id, 'mentor' AS side, NULL AS member_id FROM \(ident: Pairing.schema) pg
              JOIN \(ident: Mentor.schema) mt ON mt.id = pg.mentor_id
              WHERE mt.user_id = \(bind: userID) AND pg.status = 'formed'
            UNION ALL
            SELECT pg.id AS pairing_id, 'mentee' AS side, pm.id AS member_id FROM \(ident: Pairing.schema) pg
              JOIN \(ident: PairingMember.schema) pm ON pm.pairing_id = pg.id JOIN \(ident: Mentee.schema) me ON me.id = pm.mentee_id
              WHERE me.user_id = \(bind: userID) AND pg.status = 'formed' AND pm.mentee_answer = 'accepted' AND pm.mentor_answer = 'accepted'
            """

        if let next = try await sql.raw("""
            SELECT m.pairing_id AS pairing_id, m.\(ident: "on") AS day, m.starts_at AS starts_at, m.kind AS kind
            FROM \(ident: PairMeeting.schema) m JOIN (
            """ + mine + """
            ) my ON my.pairing_id = m.pairing_id
            WHERE m.status = 'planned' AND m.\(ident: "on") >= \(bind: today.iso)
            ORDER BY m.\(ident: "on"), m.starts_at LIMIT 1
            """).first() {
            let day = try next.decode(column: "day", as: String.self), startsAt = try next.decode(column: "starts_at", as: String.self)
            let kind = MeetingKind(rawValue: try next.decode(column: "kind", as: String.self))?.russianName ?? "Встреча"
            let when = (CalendarDay(iso: day)?.russian ?? day) + (startsAt.isEmpty ? "" : ", \(startsAt)")
            result.nextMeeting = .init(text: "\(kind) — \(when)", href: SiteRoute.PairSpace.show.path(try next.decode(column: "pairing_id", as: UUID.self)))
        }

        // Held meetings without the person's own feedback form.
        let unreflected = try await byPair(sql, """
            SELECT my.pairing_id AS pairing_id, COUNT(*) AS n FROM \(ident: PairMeeting.schema) m JOIN (
            """ + mine + """
            ) my ON my.pairing_id = m.pairing_id
            WHERE m.status = 'held' AND NOT EXISTS (
              SELECT 1 FROM \(ident: MeetingReflection.schema) r WHERE r.meeting_id = m.id AND r.side = my.side
                AND (my.side = 'mentor' OR r.member_id = my.member_id))
            GROUP BY my.pairing_id
            """)
        if let (count, pairing) = unreflected {
            result.tasks.append(.init(kind: "reflections", count: count,
                                      label: RussianPlural.form(count, "встреча ждёт вашей формы обратной связи", "встречи ждут вашей формы обратной связи", "встреч ждут вашей формы обратной связи"),
                                      href: pairing.map { SiteRoute.PairSpace.show.path($0) } ?? SiteRoute.MyPairs.index.path()))
        }

        let questionnaires = try await QuestionnaireAssignment.query(on: db).filter(\.$user.$id == userID)
            .filter(\.$status ~~ [.waiting, .draft]).count()
        if questionnaires > 0 {
            result.tasks.append(.init(kind: "questionnaires", count: questionnaires,
                                      label: RussianPlural.form(questionnaires, "анкета ждёт заполнения", "анкеты ждут заполнения", "анкет ждут заполнения"),
                                      href: SiteRoute.Questionnaires.mine.path()))
        }

        if proposalsToAnswer > 0 {
            result.tasks.append(.init(kind: "proposals", count: proposalsToAnswer,
                                      label: RussianPlural.form(proposalsToAnswer, "предложение пары ждёт вашего ответа", "предложения пары ждут вашего ответа", "предложений пары ждут вашего ответа"),
                                      href: SiteRoute.MyPairs.index.path(), isUrgent: true))
        }

        let goals = try await byPair(sql, """
            SELECT my.pairing_id AS pairing_id, COUNT(*) AS n FROM \(ident: PairGoal.schema) g JOIN (
            """ + mine + """
            ) my ON my.pairing_id = g.pairing_id
            WHERE g.progress < 100 AND g.due_on <= \(bind: today.adding(days: goalHorizonDays).iso)
            GROUP BY my.pairing_id
            """)
        if let (count, pairing) = goals {
            result.tasks.append(.init(kind: "goals", count: count,
                                      label: RussianPlural.form(count, "цель пары — срок подходит или прошёл", "цели пары — срок подходит или прошёл", "целей пары — срок подходит или прошёл"),
                                      href: pairing.map { SiteRoute.PairSpace.show.path($0) + "#goals" } ?? SiteRoute.MyPairs.index.path()))
        }
        return result
    }

    /// The total of a count grouped by the person's pairs, and the pair to open: the only one,
    /// or nil when there are several (then «Мои пары»).
    private static func byPair(_ sql: any SQLDatabase, _ query: SQLQueryString) async throws -> (Int, UUID?)? {
        let rows = try await sql.raw(query).all()
        let total = try rows.reduce(0) { $0 + (try $1.decode(column: "n", as: Int.self)) }
        guard total > 0 else { return nil }
        return (total, rows.count == 1 ? try rows[0].decode(column: "pairing_id", as: UUID.self) : nil)
    }
}
