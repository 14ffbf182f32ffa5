import Fluent
import Foundation
import SQLKit

/// Where indicators are counted: the whole region, one municipality, or one organization.
public enum IndicatorScope: Sendable, Equatable {
    case region(UUID)
    case municipality(UUID)
    case organization(UUID)

    /// The condition on the organizations table `o`.
    var condition: SQLQueryString {
        switch self {
        case .region(let id): "o.region_id = \(bind: id)"
        case .municipality(let id): "o.municipality_id = \(bind: id)"
        case .organization(let id): "o.id = \(bind: id)"
        }
    }
}

/// The indicators' counts per organization and form, from SQL aggregates: the database counts,
/// Swift only adds up a few thousand numbers. A pair counts in every academic year in which it is
/// active (`AcademicYear.activeCondition`): from its forming (its program's start when unknown) to
/// its closure (its program's end while it works), so a program of several years counts every year.
enum IndicatorQueries {
    struct Key: Hashable, Sendable {
        let organizationID: UUID
        let form: MentoringForm?
    }

    /// Counts per organization and form (the yearly figures go to the `form == nil` key).
    static func counts(_ scope: IndicatorScope, year: AcademicYear, program: UUID? = nil, on db: any Database) async throws -> [Key: IndicatorCounts] {
        try await counts(scope, years: [year], program: program, on: db)[year] ?? [:]
    }

    /// The same for several academic years in one set of queries: the years are a small table the
    /// pairs join, so a trend costs one pass per aggregate, not one per year. `program` narrows the
    /// pairs and answers to one program (its organization's yearly figures stay). The region pages
    /// read these counts stored (`IndicatorCountsTable`), which this same function computes.
    static func counts(_ scope: IndicatorScope, years: [AcademicYear], program: UUID? = nil,
                       on db: any Database) async throws -> [AcademicYear: [Key: IndicatorCounts]] {
        guard let sql = db as? any SQLDatabase, let first = years.min(), let last = years.max() else { return [:] }
        let wanted = Set(years).sorted()
        let yearTable = AcademicYear.table(wanted)
        let programCondition: SQLQueryString = program.map { " AND p.id = \(bind: $0)" } ?? ""
        let activePairs: SQLQueryString = " " + """
            JOIN \(ident: Program.schema) p ON p.id = pg.program_id
            JOIN \(ident: Organization.schema) o ON o.id = pg.organization_id
            """ + " " + pairEnds + " JOIN " + yearTable + " ON " + active + """
             WHERE pg.status IN ('formed', 'finished') AND 
            """ + scope.condition + programCondition
        var byYear: [AcademicYear: [Key: IndicatorCounts]] = [:]
        func key(_ row: any SQLRow) throws -> Key {
            Key(organizationID: try row.decode(column: "organization_id", as: UUID.self),
                form: MentoringForm(rawValue: try row.decode(column: "form", as: String.self)))
        }
        // Adds to the counts of the row's year and key.
        func add(_ row: any SQLRow, _ key: Key, _ change: (inout IndicatorCounts) throws -> Void) throws {
            let year = AcademicYear(startYear: try row.decode(column: "y", as: Int.self))
            try change(&byYear[year, default: [:]][key, default: .init()])
        }

        let mentees = try await sql.raw("""
            SELECT yr.y AS y, pg.organization_id AS organization_id, pg.form AS form, COUNT(DISTINCT pm.mentee_id) AS n
            FROM \(ident: PairingMember.schema) pm JOIN \(ident: Pairing.schema) pg ON pg.id = pm.pairing_id
            """ + activePairs + """
             AND pm.mentee_answer = 'accepted' AND pm.mentor_answer = 'accepted'
            GROUP BY yr.y, pg.organization_id, pg.form
            """).all()
        for row in mentees {
            let key = try key(row), n = try row.decode(column: "n", as: Int.self)
            try add(row, key) { if key.form == .teacherTeacher { $0.involvedYoungTeachers += n } else { $0.involvedMentees += n } }
        }

        // A mentor from an enterprise is one by the card's origin or by the organization the mentor
        // belongs to (a partner enterprise's engineer in a school's program, issue 18).
        let mentors = try await sql.raw("""
            SELECT yr.y AS y, pg.organization_id AS organization_id, pg.form AS form, COUNT(DISTINCT pg.id) AS pairs,
                   COUNT(DISTINCT pg.mentor_id) AS mentors,
                   COUNT(DISTINCT CASE WHEN m.origin IN ('employer', 'entrepreneur') OR mo.kind = 'enterprise' THEN pg.mentor_id END) AS enterprise
            FROM \(ident: Pairing.schema) pg JOIN \(ident: Mentor.schema) m ON m.id = pg.mentor_id
            JOIN \(ident: Organization.schema) mo ON mo.id = m.organization_id
            """ + activePairs + """
            
            GROUP BY yr.y, pg.organization_id, pg.form
            """).all()
        for row in mentors {
            try add(row, try key(row)) {
                $0.pairs += try row.decode(column: "pairs", as: Int.self)
                $0.activeMentors += try row.decode(column: "mentors", as: Int.self)
                $0.enterpriseMentors += try row.decode(column: "enterprise", as: Int.self)
            }
        }

        // A student mentor is involved in their own organization, whose students are the share's
        // denominator: a college's student mentoring a school's pupil counts in the college, the
        // pupil in the school. `o` is the mentor's organization here.
        let studentMentors = try await sql.raw("""
            SELECT yr.y AS y, m.organization_id AS organization_id, pg.form AS form, COUNT(DISTINCT pg.mentor_id) AS n
            FROM \(ident: Pairing.schema) pg JOIN \(ident: Mentor.schema) m ON m.id = pg.mentor_id
            JOIN \(ident: Program.schema) p ON p.id = pg.program_id
            JOIN \(ident: Organization.schema) o ON o.id = m.organization_id
            """ + " " + pairEnds + " JOIN " + yearTable + " ON " + active + """
             WHERE pg.status IN ('formed', 'finished') AND m.origin = 'student' AND 
            """ + scope.condition + programCondition + """
            
            GROUP BY yr.y, m.organization_id, pg.form
            """).all()
        for row in studentMentors {
            try add(row, try key(row)) { $0.involvedStudentMentors += try row.decode(column: "n", as: Int.self) }
        }

        // A closure counts in the year it was decided; closeness in the year the pair ended.
        let closures = try await sql.raw("""
            SELECT yr.y AS y, pg.organization_id AS organization_id, pg.form AS form,
                   COUNT(DISTINCT CASE WHEN pc.decision = 'finish' THEN pc.pairing_id END) AS finished,
                   COUNT(DISTINCT CASE WHEN pc.decision = 'earlyEnd' THEN pc.pairing_id END) AS early
            FROM \(ident: PairClosure.schema) pc JOIN \(ident: Pairing.schema) pg ON pg.id = pc.pairing_id
            JOIN \(ident: Program.schema) p ON p.id = pg.program_id
            JOIN \(ident: Organization.schema) o ON o.id = pg.organization_id
            JOIN 
            """ + yearTable + """
             ON pc.decided_on >= yr.d0 AND pc.decided_on <= yr.d1
            WHERE pg.status IN ('formed', 'finished') AND 
            """ + scope.condition + programCondition + """
            
            GROUP BY yr.y, pg.organization_id, pg.form
            """).all()
        for row in closures {
            try add(row, try key(row)) {
                $0.finished += try row.decode(column: "finished", as: Int.self)
                $0.endedEarly += try row.decode(column: "early", as: Int.self)
            }
        }

        let closeness = try await sql.raw("""
            SELECT yr.y AS y, pg.organization_id AS organization_id, pg.form AS form, CAST(SUM(fa.closeness) AS BIGINT) AS total, COUNT(*) AS n
            FROM \(ident: FinalAnswer.schema) fa JOIN \(ident: Pairing.schema) pg ON pg.id = fa.pairing_id
            JOIN \(ident: Program.schema) p ON p.id = pg.program_id
            JOIN \(ident: Organization.schema) o ON o.id = pg.organization_id
            """ + " " + pairEnds + " JOIN " + yearTable + " ON " + endsInYear + """
             WHERE pg.status IN ('formed', 'finished') AND fa.side = 'mentee' AND 
            """ + scope.condition + programCondition + """
            
            GROUP BY yr.y, pg.organization_id, pg.form
            """).all()
        for row in closeness {
            try add(row, try key(row)) {
                $0.closenessSum += try row.decode(column: "total", as: Int.self)
                $0.closenessCount += try row.decode(column: "n", as: Int.self)
            }
        }

        // Satisfaction in the academic year the answer was given.
        let satisfaction = try await sql.raw("""
            SELECT s.academic_year AS y, p.organization_id AS organization_id, s.respondent_group AS respondent_group,
                   CAST(SUM(s.value) AS BIGINT) AS total, COUNT(*) AS n
            FROM \(ident: AnswerScore.schema) s JOIN \(ident: Program.schema) p ON p.id = s.program_id
            JOIN \(ident: Organization.schema) o ON o.id = p.organization_id
            WHERE s.key = \(bind: QuestionKey.satisfaction.rawValue) AND s.academic_year >= \(bind: first.startYear)
              AND s.academic_year <= \(bind: last.startYear) AND 
            """ + scope.condition + programCondition + """
            
            GROUP BY s.academic_year, p.organization_id, s.respondent_group
            """).all()
        for row in satisfaction {
            let key = Key(organizationID: try row.decode(column: "organization_id", as: UUID.self), form: nil)
            let total = try row.decode(column: "total", as: Int.self), n = try row.decode(column: "n", as: Int.self)
            let group = try row.decode(column: "respondent_group", as: String.self)
            try add(row, key) {
                switch group {
                case "mentor": $0.mentorSatisfactionSum += total; $0.mentorSatisfactionCount += n
                case "mentee": $0.menteeSatisfactionSum += total; $0.menteeSatisfactionCount += n
                case "partner": $0.partnerSatisfactionSum += total; $0.partnerSatisfactionCount += n
                default: break
                }
            }
        }

        let figures = try await sql.raw("""
            SELECT f.organization_id AS organization_id, f.academic_year AS academic_year, f.students AS students, f.teachers AS teachers, f.young_teachers AS young_teachers
            FROM \(ident: OrganizationYearFigures.schema) f JOIN \(ident: Organization.schema) o ON o.id = f.organization_id
            WHERE f.academic_year >= \(bind: first.startYear) AND f.academic_year <= \(bind: last.startYear) AND 
            """ + scope.condition).all()
        for row in figures {
            let key = Key(organizationID: try row.decode(column: "organization_id", as: UUID.self), form: nil)
            let year = AcademicYear(startYear: try row.decode(column: "academic_year", as: Int.self))
            var counts = byYear[year, default: [:]][key, default: .init()]
            counts.students += try row.decode(column: "students", as: Int.self)
            counts.teachers += try row.decode(column: "teachers", as: Int.self)
            counts.youngTeachers += try row.decode(column: "young_teachers", as: Int.self)
            counts.reporting += 1
            byYear[year, default: [:]][key] = counts
        }
        // Years asked for but with nothing in them are still there, empty.
        for year in years where byYear[year] == nil { byYear[year] = [:] }
        return byYear.filter { years.contains($0.key) }
    }

    /// Each pair's end: its first closure (finished or ended early), joined as `ce.ended_on`.
    static let pairEnds: SQLQueryString = """
        LEFT JOIN (SELECT pairing_id, MIN(decided_on) AS ended_on FROM \(ident: PairClosure.schema)
                   WHERE decision IN ('finish', 'earlyEnd') GROUP BY pairing_id) ce ON ce.pairing_id = pg.id
        """

    /// A pair `pg` of program `p` is active in year `yr` from its forming (the program's start when
    /// unknown) to its end (the program's end while it works).
    static let active: SQLQueryString = """
        p.starts_on <= yr.d1 AND (pg.formed_at IS NULL OR pg.formed_at < yr.t1) AND COALESCE(ce.ended_on, p.ends_on) >= yr.d0
        """

    /// The pair ended (or its program ends) within year `yr`.
    static let endsInYear: SQLQueryString = "COALESCE(ce.ended_on, p.ends_on) >= yr.d0 AND COALESCE(ce.ended_on, p.ends_on) <= yr.d1"

    /// Counts per organization, forms added up.
    static func byOrganization(_ counts: [Key: IndicatorCounts]) -> [UUID: IndicatorCounts] {
        var result: [UUID: IndicatorCounts] = [:]
        for (key, value) in counts { result[key.organizationID] = (result[key.organizationID] ?? .init()) + value }
        return result
    }

    /// Counts per form, organizations added up; the yearly figures stay out (they are not per form).
    static func byForm(_ counts: [Key: IndicatorCounts]) -> [MentoringForm: IndicatorCounts] {
        var result: [MentoringForm: IndicatorCounts] = [:]
        for (key, value) in counts { if let form = key.form { result[form] = (result[form] ?? .init()) + value } }
        return result
    }

    static func total(_ counts: [Key: IndicatorCounts]) -> IndicatorCounts {
        counts.values.reduce(IndicatorCounts(), +)
    }
}
