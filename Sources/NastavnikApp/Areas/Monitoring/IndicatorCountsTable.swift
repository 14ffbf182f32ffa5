import Fluent
import Foundation
import SQLKit

/// The indicators' counts kept per organization, academic year and form in `indicator_counts` (M038),
/// so the regional and municipal pages and the coordinator's home read a few thousand stored numbers
/// instead of aggregating a region's pairs on every request (issue 21, item 2).
///
/// Exact, not eventually: whatever changes what is counted (a pair formed or ended, a mentee joining
/// or leaving a group, a final answer, a survey answer, a program's dates, a mentor's origin) calls
/// `refresh` in its own transaction, which recomputes the organizations concerned with the same
/// aggregate SQL the pages used before (`IndicatorQueries.counts`) and replaces their rows. An
/// organization's counts are small, so the recompute is a few indexed queries. Two writers of one
/// organization take turns on the table's lock (`lockCounts`: an advisory transaction lock on PostgreSQL;
/// SQLite's transactions already hold the single write lock), and the second recomputes after the
/// first committed, so neither leaves counts without the other's change. A transaction refreshes
/// once, after its other writes, so no transaction waits for a row while holding the counts' lock.
///
/// The yearly figures the organizations report (`organization_year_figures`) stay in their own table:
/// they are already one row per organization and year, and the readers add them.
public enum IndicatorCountsTable {
    static let schema = "indicator_counts"

    /// The stored counts, column by column.
    static var fields: [(column: String, path: WritableKeyPath<IndicatorCounts, Int>)] {
        [("involved_mentees", \.involvedMentees), ("involved_young_teachers", \.involvedYoungTeachers),
         ("involved_student_mentors", \.involvedStudentMentors), ("pairs", \.pairs), ("active_mentors", \.activeMentors),
         ("enterprise_mentors", \.enterpriseMentors), ("finished", \.finished), ("ended_early", \.endedEarly),
         ("closeness_sum", \.closenessSum), ("closeness_count", \.closenessCount),
         ("mentor_satisfaction_sum", \.mentorSatisfactionSum), ("mentor_satisfaction_count", \.mentorSatisfactionCount),
         ("mentee_satisfaction_sum", \.menteeSatisfactionSum), ("mentee_satisfaction_count", \.menteeSatisfactionCount),
         ("partner_satisfaction_sum", \.partnerSatisfactionSum), ("partner_satisfaction_count", \.partnerSatisfactionCount)]
    }

    static var columns: [String] { fields.map(\.column) }

    // MARK: - Writing

    /// Recomputes the organizations' rows. Call it inside the transaction that made the change, after the change.
    static func refresh(organizations ids: some Collection<UUID>, on db: any Database) async throws {
        guard db is any SQLDatabase, !ids.isEmpty else { return }
        let ordered = Set(ids).sorted { $0.uuidString < $1.uuidString }
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            try await lockCounts(on: sql)
            for id in ordered {
                let years = try await span(of: id, on: sql)
                let counts = years.isEmpty ? [:] : try await IndicatorQueries.counts(.organization(id), years: years, on: db)
                try await sql.raw("DELETE FROM \(ident: schema) WHERE organization_id = \(bind: id)").run()
                try await insert(counts, on: sql)
            }
        }
    }

    /// The organizations of the pairings: the pair's own and its mentor's (a student mentor counts in their own organization).
    static func refresh(pairings ids: some Collection<UUID>, on db: any Database) async throws {
        guard !ids.isEmpty else { return }
        try await refresh(organizationsIn: """
            SELECT pg.organization_id AS a, m.organization_id AS b FROM \(ident: Pairing.schema) pg
            JOIN \(ident: Mentor.schema) m ON m.id = pg.mentor_id WHERE pg.id IN (\(binds: Array(Set(ids))))
            """, on: db)
    }

    /// The programs' organizations and the organizations of the mentors of their pairs (a program's dates decide its pairs' years).
    static func refresh(programs ids: some Collection<UUID>, on db: any Database) async throws {
        guard !ids.isEmpty else { return }
        try await refresh(organizationsIn: """
            SELECT p.organization_id AS a, m.organization_id AS b FROM \(ident: Program.schema) p
            LEFT JOIN \(ident: Pairing.schema) pg ON pg.program_id = p.id AND pg.status IN ('formed', 'finished')
            LEFT JOIN \(ident: Mentor.schema) m ON m.id = pg.mentor_id WHERE p.id IN (\(binds: Array(Set(ids))))
            """, on: db)
    }

    /// The mentor's organization and the organizations of the mentor's pairs (an origin decides «from an enterprise» and «student mentor»).
    static func refresh(mentors ids: some Collection<UUID>, on db: any Database) async throws {
        guard !ids.isEmpty else { return }
        try await refresh(organizationsIn: """
            SELECT m.organization_id AS a, pg.organization_id AS b FROM \(ident: Mentor.schema) m
            LEFT JOIN \(ident: Pairing.schema) pg ON pg.mentor_id = m.id AND pg.status IN ('formed', 'finished')
            WHERE m.id IN (\(binds: Array(Set(ids))))
            """, on: db)
    }

    /// Refreshes the organizations a query names in its columns `a` and `b` (either may be NULL).
    private static func refresh(organizationsIn query: SQLQueryString, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        var ids = Set<UUID>()
        for row in try await sql.raw(query).all() {
            if let a = try row.decode(column: "a", as: UUID?.self) { ids.insert(a) }
            if let b = try row.decode(column: "b", as: UUID?.self) { ids.insert(b) }
        }
        try await refresh(organizations: ids, on: db)
    }

    /// Recomputes every organization's rows, one region at a time (a region's counts in one set of
    /// queries); returns how many rows were written. `nastavnik rebuild-counts`, the migration and the demo use it.
    @discardableResult
    public static func rebuild(on db: any Database) async throws -> Int {
        guard db is any SQLDatabase else { return 0 }
        return try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return 0 }
            try await lockCounts(on: sql)
            try await sql.raw("DELETE FROM \(ident: schema)").run()
            let years = try await span(of: nil, on: sql)
            guard !years.isEmpty else { return 0 }
            var written = 0
            for row in try await sql.raw("SELECT id FROM \(ident: Region.schema)").all() {
                let counts = try await IndicatorQueries.counts(.region(try row.decode(column: "id", as: UUID.self)), years: years, on: db)
                written += try await insert(counts, on: sql)
            }
            return written
        }
    }

    /// The academic years in which an organization (every organization with nil) may have anything
    /// counted: from its programs' first start to the last end of theirs, of the programs its mentors
    /// work in, of a closure, and the years of its survey answers.
    static func span(of organizationID: UUID?, on sql: any SQLDatabase) async throws -> [AcademicYear] {
        let own: SQLQueryString = organizationID.map { " WHERE p.organization_id = \(bind: $0)" } ?? ""
        let mentors: SQLQueryString = organizationID.map { " WHERE m.organization_id = \(bind: $0)" } ?? ""
        let pairs: SQLQueryString = organizationID.map { " WHERE pg.organization_id = \(bind: $0) OR m.organization_id = \(bind: $0)" } ?? ""
        let dates = try await sql.raw("""
            SELECT MIN(lo) AS lo, MAX(hi) AS hi FROM (
              SELECT MIN(p.starts_on) AS lo, MAX(p.ends_on) AS hi FROM \(ident: Program.schema) p
            """ + own + """
            
              UNION ALL
              SELECT MIN(p.starts_on) AS lo, MAX(p.ends_on) AS hi FROM \(ident: Pairing.schema) pg
              JOIN \(ident: Mentor.schema) m ON m.id = pg.mentor_id JOIN \(ident: Program.schema) p ON p.id = pg.program_id
            """ + mentors + """
            
              UNION ALL
              SELECT MIN(pc.decided_on) AS lo, MAX(pc.decided_on) AS hi FROM \(ident: PairClosure.schema) pc
              JOIN \(ident: Pairing.schema) pg ON pg.id = pc.pairing_id JOIN \(ident: Mentor.schema) m ON m.id = pg.mentor_id
            """ + pairs + """
            
            ) spans
            """).first()
        let answers = try await sql.raw("""
            SELECT MIN(s.academic_year) AS lo, MAX(s.academic_year) AS hi FROM \(ident: AnswerScore.schema) s
            JOIN \(ident: Program.schema) p ON p.id = s.program_id
            """ + own).first()
        var years: [Int] = []
        if let dates {
            for column in ["lo", "hi"] {
                if let text = try dates.decode(column: column, as: String?.self), let day = CalendarDay(iso: String(text.prefix(10))) {
                    years.append(AcademicYear.of(day).startYear)
                }
            }
        }
        if let answers {
            for column in ["lo", "hi"] { if let year = try answers.decode(column: column, as: Int?.self) { years.append(year) } }
        }
        // A date typed far off (a program «until 2999») must not make the table a thousand years long.
        guard let first = years.min().map({ max($0, 2000) }), let last = years.max().map({ min($0, 2100) }), first <= last else { return [] }
        return (first...last).map(AcademicYear.init(startYear:))
    }

    /// Writes the counts (without the reported figures, which have their own table) in batches; returns the rows written.
    @discardableResult
    private static func insert(_ byYear: [AcademicYear: [IndicatorQueries.Key: IndicatorCounts]], on sql: any SQLDatabase) async throws -> Int {
        let fields = Self.fields
        var rows: [[any Encodable & Sendable]] = []
        for (year, counts) in byYear {
            for (key, value) in counts {
                let numbers = fields.map { value[keyPath: $0.path] }
                guard numbers.contains(where: { $0 != 0 }) else { continue }
                rows.append([key.organizationID, year.startYear, key.form?.rawValue ?? ""] + numbers.map { $0 as any Encodable & Sendable })
            }
        }
        let all = ["organization_id", "academic_year", "form"] + fields.map(\.column)
        // 19 columns: 500 rows keep a statement well under both databases' limits on parameters.
        for start in stride(from: 0, to: rows.count, by: 500) {
            var insert = sql.insert(into: schema).columns(all)
            for row in rows[start..<min(start + 500, rows.count)] { insert = insert.values(row.map { SQLBind($0) }) }
            try await insert.run()
        }
        return rows.count
    }

    /// Distinguishes this lock from other advisory locks of the application (`MigrationLock`).
    private static let lockClass = 21_038

    /// One lock for every writer of the table, held to the end of the transaction (PostgreSQL; SQLite's
    /// transactions already hold its single write lock). Per-organization locks deadlocked: a transaction
    /// refreshing twice (a withdrawal ending pairs in two schools) took them in two groups, and
    /// `rebuild` beside a live server collided with `refresh` on the primary key. Taken again by the
    /// same transaction it does not wait (advisory locks count per session).
    private static func lockCounts(on sql: any SQLDatabase) async throws {
        guard sql.dialect.name == "postgresql" else { return }
        try await sql.raw("SELECT pg_advisory_xact_lock(\(unsafeRaw: String(lockClass)), 0)").run()
    }

    // MARK: - Reading

    /// Counts per organization (forms added up) for each year, with the yearly figures reported; the territory pages' rows.
    static func byOrganization(_ scope: IndicatorScope, years: [AcademicYear], on db: any Database) async throws -> [AcademicYear: [UUID: IndicatorCounts]] {
        try await sums(scope, years: years, groupedBy: "o.id", on: db)
    }

    /// The same summed per municipality by the database (a region's page shows its municipalities:
    /// 40 rows instead of 1,000); `organizations` is the number of the municipality's organizations.
    static func byMunicipality(region regionID: UUID, year: AcademicYear, on db: any Database) async throws -> [UUID: IndicatorCounts] {
        var result = try await sums(.region(regionID), years: [year], groupedBy: "o.municipality_id", on: db)[year] ?? [:]
        guard let sql = db as? any SQLDatabase else { return result }
        for row in try await sql.raw("""
            SELECT municipality_id AS g, COUNT(*) AS n FROM \(ident: Organization.schema) WHERE region_id = \(bind: regionID) GROUP BY municipality_id
            """).all() {
            result[try row.decode(column: "g", as: UUID.self), default: .init()].organizations = try row.decode(column: "n", as: Int.self)
        }
        return result
    }

    /// The scope's totals per year: the trend of the territory pages, summed by the database.
    static func totals(_ scope: IndicatorScope, years: [AcademicYear], on db: any Database) async throws -> [AcademicYear: IndicatorCounts] {
        var result: [AcademicYear: IndicatorCounts] = [:]
        for year in years { result[year] = .init() }
        for (year, groups) in try await sums(scope, years: years, groupedBy: "o.region_id", on: db) {
            result[year] = groups.values.reduce(IndicatorCounts(), +)
        }
        return result
    }

    /// Stored counts and reported figures summed per year and per `key` (a column of the organizations `o`).
    private static func sums(_ scope: IndicatorScope, years: [AcademicYear], groupedBy key: SQLQueryString,
                             on db: any Database) async throws -> [AcademicYear: [UUID: IndicatorCounts]] {
        var result: [AcademicYear: [UUID: IndicatorCounts]] = [:]
        for year in years { result[year] = [:] }
        guard let sql = db as? any SQLDatabase, !years.isEmpty else { return result }
        let wanted = years.map(\.startYear)
        let sums: SQLQueryString = fields.map { "CAST(SUM(c.\(ident: $0.column)) AS BIGINT) AS \(ident: $0.column)" }.joined(separator: ", ")
        let counted = try await sql.raw("SELECT c.academic_year AS y, " + key + " AS g, " + sums + """
             FROM \(ident: schema) c JOIN \(ident: Organization.schema) o ON o.id = c.organization_id
            WHERE c.academic_year IN (\(binds: wanted)) AND 
            """ + scope.condition + " GROUP BY c.academic_year, " + key).all()
        for row in counted {
            var counts = IndicatorCounts()
            for field in fields { counts[keyPath: field.path] = try row.decode(column: field.column, as: Int.self) }
            result[AcademicYear(startYear: try row.decode(column: "y", as: Int.self)), default: [:]][try row.decode(column: "g", as: UUID.self)] = counts
        }
        let figures = try await sql.raw("SELECT f.academic_year AS y, " + key + """
             AS g, CAST(SUM(f.students) AS BIGINT) AS students, CAST(SUM(f.teachers) AS BIGINT) AS teachers,
                   CAST(SUM(f.young_teachers) AS BIGINT) AS young_teachers, COUNT(*) AS reporting
            FROM \(ident: OrganizationYearFigures.schema) f JOIN \(ident: Organization.schema) o ON o.id = f.organization_id
            WHERE f.academic_year IN (\(binds: wanted)) AND 
            """ + scope.condition + " GROUP BY f.academic_year, " + key).all()
        for row in figures {
            let year = AcademicYear(startYear: try row.decode(column: "y", as: Int.self)), group = try row.decode(column: "g", as: UUID.self)
            var counts = result[year]?[group] ?? .init()
            counts.students += try row.decode(column: "students", as: Int.self)
            counts.teachers += try row.decode(column: "teachers", as: Int.self)
            counts.youngTeachers += try row.decode(column: "young_teachers", as: Int.self)
            counts.reporting += try row.decode(column: "reporting", as: Int.self)
            result[year, default: [:]][group] = counts
        }
        return result
    }

    /// The stored rows as the aggregate returns them, per organization and form (figures left out): what the tests compare.
    static func stored(_ scope: IndicatorScope, on db: any Database) async throws -> [AcademicYear: [IndicatorQueries.Key: IndicatorCounts]] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let rows = try await sql.raw("""
            SELECT c.* FROM \(ident: schema) c JOIN \(ident: Organization.schema) o ON o.id = c.organization_id WHERE 
            """ + scope.condition).all()
        var result: [AcademicYear: [IndicatorQueries.Key: IndicatorCounts]] = [:]
        for row in rows {
            var counts = IndicatorCounts()
            for field in fields { counts[keyPath: field.path] = try row.decode(column: field.column, as: Int.self) }
            let key = IndicatorQueries.Key(organizationID: try row.decode(column: "organization_id", as: UUID.self),
                                           form: MentoringForm(rawValue: try row.decode(column: "form", as: String.self)))
            result[AcademicYear(startYear: try row.decode(column: "academic_year", as: Int.self)), default: [:]][key] = counts
        }
        return result
    }
}
