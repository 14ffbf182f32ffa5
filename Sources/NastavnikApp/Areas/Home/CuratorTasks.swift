import Fluent
import Foundation
import SQLKit

/// What a curator of one organization has to do now (issue 19): each check is one aggregate
/// query for the whole organization, grouped by program where it belongs to one, so the home
/// page of the largest school costs a handful of queries however many people it has. The
/// notifications may call `load` for the same counts and links.
enum CuratorTasks {
    /// The organization's lines, then one group per program with something to do.
    struct Result: Sendable {
        var organization: [HomeTask] = []
        var programs: [HomeTaskGroup] = []
        var total: Int { organization.reduce(0) { $0 + $1.count } + programs.reduce(0) { $0 + $1.tasks.reduce(0) { $0 + $1.count } } }
    }

    static func load(organizationID: UUID, evidence: ChecklistEvidence, today: CalendarDay = .today(), now: Date = Date(),
                     on db: any Database) async throws -> Result {
        guard let sql = db as? any SQLDatabase else { return Result() }
        var result = Result()

        // People in the bases without a processing consent (the withdrawn ones have left; a
        // graduated pupil or student mentor is no longer in the active base).
        let consents = try await sql.raw("""
            SELECT (SELECT COUNT(*) FROM \(ident: Mentee.schema) WHERE organization_id = \(bind: organizationID) AND consent_state = 'missing'
                    AND status <> 'left' AND anonymized_at IS NULL) AS mentees,
                   (SELECT COUNT(*) FROM \(ident: Mentor.schema) WHERE organization_id = \(bind: organizationID) AND consent_state = 'missing'
                    AND status <> 'left' AND anonymized_at IS NULL AND graduated_year IS NULL) AS mentors
            """).first()
        if let consents {
            let mentees = try consents.decode(column: "mentees", as: Int.self), mentors = try consents.decode(column: "mentors", as: Int.self)
            if mentees > 0 {
                result.organization.append(.init(kind: "menteeConsents", count: mentees,
                                                 label: RussianPlural.form(mentees, "наставляемый без согласия на обработку данных", "наставляемых без согласия на обработку данных", "наставляемых без согласия на обработку данных"),
                                                 href: SiteRoute.Bases.mentees.index.path(organizationID, query: ["consent": "missing"])))
            }
            if mentors > 0 {
                result.organization.append(.init(kind: "mentorConsents", count: mentors,
                                                 label: RussianPlural.form(mentors, "наставник без согласия на обработку данных", "наставника без согласия на обработку данных", "наставников без согласия на обработку данных"),
                                                 href: SiteRoute.Bases.mentors.index.path(organizationID, query: ["consent": "missing"])))
            }
        }

        // Concerns nobody handled yet, of working and finished pairs alike.
        if let concerns = try await sql.raw("""
            SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN c.asks_intervention THEN 1 ELSE 0 END), 0) AS urgent
            FROM \(ident: PairConcern.schema) c JOIN \(ident: Program.schema) p ON p.id = c.program_id
            WHERE p.organization_id = \(bind: organizationID) AND c.handled_at IS NULL
            """).first() {
            let count = try concerns.decode(column: "n", as: Int.self), urgent = try concerns.decode(column: "urgent", as: Int.self)
            if count > 0 {
                result.organization.append(.init(kind: "concerns", count: count,
                                                 label: RussianPlural.form(count, "обращение участника пары ждёт ответа куратора", "обращения участников пар ждут ответа куратора", "обращений участников пар ждут ответа куратора"),
                                                 href: SiteRoute.ProgramWork.concerns.path(organizationID), isUrgent: urgent > 0,
                                                 detail: urgent > 0 ? "просят вмешаться: \(urgent)" : ""))
            }
        }

        // Questionnaires past their deadline, per questionnaire.
        let overdueAnswers = try await sql.raw("""
            SELECT a.questionnaire_id AS id, q.title AS title, COUNT(*) AS n
            FROM \(ident: QuestionnaireAssignment.schema) a JOIN \(ident: Questionnaire.schema) q ON q.id = a.questionnaire_id
            WHERE a.organization_id = \(bind: organizationID) AND a.status IN ('waiting', 'draft') AND a.due_at < \(bind: now)
            GROUP BY a.questionnaire_id, q.title ORDER BY n DESC, q.title
            """).all()
        for row in overdueAnswers {
            let count = try row.decode(column: "n", as: Int.self), title = try row.decode(column: "title", as: String.self)
            result.organization.append(.init(kind: "overdueQuestionnaire", count: count,
                                             label: RussianPlural.form(count, "человек не заполнил", "человека не заполнили", "человек не заполнили") + " в срок анкету «\(title)»",
                                             href: SiteRoute.Questionnaires.show.path(organizationID, try row.decode(column: "id", as: UUID.self))))
        }

        let perProgram = try await programCounts(sql, organizationID: organizationID, today: today)
        let current = try await Program.query(on: db).filter(\.$organization.$id == organizationID)
            .sort(\.$startsOn, .descending).sort(\.$name).all()
        let openChecklist = try await checklistCounts(sql, programs: current, organizationID: organizationID, today: today, evidence: evidence, on: db)
        for program in current {
            let id = try program.requireID()
            let path = SiteRoute.Programs.show.path(organizationID, id)
            var tasks: [HomeTask] = []
            func add(_ kind: String, _ count: Int?, _ one: String, _ few: String, _ many: String, _ href: String, urgent: Bool = false) {
                guard let count, count > 0 else { return }
                tasks.append(.init(kind: kind, count: count, label: RussianPlural.form(count, one, few, many), href: href, isUrgent: urgent))
            }
            let counts = perProgram[id] ?? [:]
            add("partnerNominations", counts["partnerNominations"], "наставник предложен партнёром и ждёт решения об отборе",
                "наставника предложены партнёром и ждут решения об отборе", "наставников предложены партнёром и ждут решения об отборе", SiteRoute.Selection.index.path(organizationID, id))
            add("proposals", counts["proposals"], "предложенная пара ждёт ответа сторон", "предложенные пары ждут ответа сторон", "предложенных пар ждут ответа сторон", SiteRoute.Pairs.index.path(organizationID, id))
            add("stalePairs", counts["stalePairs"], "пара не встречалась больше 14 дней", "пары не встречались больше 14 дней", "пар не встречались больше 14 дней", SiteRoute.ProgramWork.rhythm.path(organizationID, id), urgent: true)
            add("lateReflections", counts["lateReflections"], "пара не заполнила формы обратной связи в срок", "пары не заполнили формы обратной связи в срок", "пар не заполнили формы обратной связи в срок", SiteRoute.ProgramWork.rhythm.path(organizationID, id))
            add("overdueRoadmap", counts["overdueRoadmap"], "пункт дорожной карты просрочен", "пункта дорожной карты просрочены", "пунктов дорожной карты просрочены", SiteRoute.Programs.roadmap.path(organizationID, id))
            add("openChecklist", openChecklist[id], "пункт чек-листа текущего этапа не выполнен", "пункта чек-листа текущего этапа не выполнены", "пунктов чек-листа текущего этапа не выполнены", "\(path)#checklist")
            if !tasks.isEmpty { result.programs.append(.init(title: program.name, href: path, tasks: tasks)) }
        }
        return result
    }

    /// Proposals, stale pairs, late feedback and overdue roadmap items, one aggregate each, by program.
    private static func programCounts(_ sql: any SQLDatabase, organizationID: UUID, today: CalendarDay) async throws -> [UUID: [String: Int]] {
        var counts: [UUID: [String: Int]] = [:]
        func collect(_ kind: String, _ query: SQLQueryString) async throws {
            for row in try await sql.raw(query).all() {
                counts[try row.decode(column: "program_id", as: UUID.self), default: [:]][kind] = try row.decode(column: "n", as: Int.self)
            }
        }
        try await collect("proposals", """
            SELECT program_id, COUNT(*) AS n FROM \(ident: Pairing.schema)
            WHERE organization_id = \(bind: organizationID) AND status = 'proposed' GROUP BY program_id
            """)
        // Mentors a partner put forward that the curator has not decided on yet (selected or «не сейчас»).
        try await collect("partnerNominations", """
            SELECT n.program_id AS program_id, COUNT(*) AS n
            FROM \(ident: PartnerNomination.schema) n JOIN \(ident: Program.schema) p ON p.id = n.program_id
              JOIN \(ident: Mentor.schema) m ON m.id = n.mentor_id
            WHERE p.organization_id = \(bind: organizationID) AND m.anonymized_at IS NULL AND m.graduated_year IS NULL
              AND NOT EXISTS (SELECT 1 FROM \(ident: MentorSelection.schema) s WHERE s.program_id = n.program_id AND s.mentor_id = n.mentor_id
                              AND s.decision <> 'pending')
            GROUP BY n.program_id
            """)
        try await collect("stalePairs", RhythmQueries.stalePairs(.organization(organizationID), today: today))
        try await collect("lateReflections", RhythmQueries.lateFeedback(organizationID: organizationID, today: today))
        try await collect("overdueRoadmap", """
            SELECT r.program_id AS program_id, COUNT(*) AS n FROM \(ident: RoadmapItem.schema) r JOIN \(ident: Program.schema) p ON p.id = r.program_id
            WHERE p.organization_id = \(bind: organizationID) AND p.ends_on >= \(bind: today.iso)
              AND r.status <> 'done' AND r.due_on IS NOT NULL AND r.due_on < \(bind: today.iso)
            GROUP BY r.program_id
            """)
        return counts
    }

    /// Open items of each current program's stage. Items the data ticks (`ChecklistFact`) are
    /// checked against the evidence only for programs that still have such items open.
    private static func checklistCounts(_ sql: any SQLDatabase, programs: [Program], organizationID: UUID, today: CalendarDay,
                                        evidence: ChecklistEvidence, on db: any Database) async throws -> [UUID: Int] {
        let rows = try await sql.raw("""
            SELECT c.program_id AS program_id, c.fact AS fact, COUNT(*) AS n
            FROM \(ident: StageChecklistItem.schema) c JOIN \(ident: Program.schema) p ON p.id = c.program_id AND c.stage = p.stage
            WHERE p.organization_id = \(bind: organizationID) AND p.ends_on >= \(bind: today.iso) AND c.is_done = \(bind: false)
            GROUP BY c.program_id, c.fact
            """).all()
        var counts: [UUID: Int] = [:]
        var facts: [UUID: [(ChecklistFact, Int)]] = [:]
        for row in rows {
            let id = try row.decode(column: "program_id", as: UUID.self), n = try row.decode(column: "n", as: Int.self)
            if let fact = try row.decode(column: "fact", as: String?.self).flatMap(ChecklistFact.init(rawValue:)) {
                facts[id, default: []].append((fact, n))
            } else {
                counts[id, default: 0] += n
            }
        }
        for program in programs {
            guard let id = program.id, let open = facts[id] else { continue }
            let holding = try await evidence.facts(for: program, on: db)
            for (fact, n) in open where !holding.contains(fact) { counts[id, default: 0] += n }
        }
        return counts
    }
}
