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
/// Swift only adds up a few thousand numbers. A pair belongs to the academic year its program
/// starts in.
enum IndicatorQueries {
    struct Key: Hashable, Sendable {
        let organizationID: UUID
        let form: MentoringForm?
    }

    /// Counts per organization and form (the yearly figures go to the `form == nil` key).
    static func counts(_ scope: IndicatorScope, year: AcademicYear, on db: any Database) async throws -> [Key: IndicatorCounts] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let from = year.firstDay.iso, to = year.lastDay.iso
        let pairsOfYear: SQLQueryString = " " + """
            JOIN \(ident: Program.schema) p ON p.id = pg.program_id
            JOIN \(ident: Organization.schema) o ON o.id = pg.organization_id
            WHERE pg.status IN ('formed', 'finished') AND p.starts_on >= \(bind: from) AND p.starts_on <= \(bind: to) AND 
            """ + scope.condition
        var result: [Key: IndicatorCounts] = [:]
        func key(_ row: any SQLRow) throws -> Key {
            Key(organizationID: try row.decode(column: "organization_id", as: UUID.self),
                form: MentoringForm(rawValue: try row.decode(column: "form", as: String.self)))
        }

        let mentees = try await sql.raw("""
            SELECT pg.organization_id AS organization_id, pg.form AS form, COUNT(DISTINCT pm.mentee_id) AS n
            FROM \(ident: PairingMember.schema) pm JOIN \(ident: Pairing.schema) pg ON pg.id = pm.pairing_id
            """ + pairsOfYear + """
             AND pm.mentee_answer = 'accepted' AND pm.mentor_answer = 'accepted'
            GROUP BY pg.organization_id, pg.form
            """).all()
        for row in mentees {
            let key = try key(row), n = try row.decode(column: "n", as: Int.self)
            if key.form == .teacherTeacher { result[key, default: .init()].involvedYoungTeachers += n } else { result[key, default: .init()].involvedMentees += n }
        }

        let mentors = try await sql.raw("""
            SELECT pg.organization_id AS organization_id, pg.form AS form, COUNT(DISTINCT pg.id) AS pairs,
                   COUNT(DISTINCT pg.mentor_id) AS mentors,
                   COUNT(DISTINCT CASE WHEN m.origin IN ('employer', 'entrepreneur') THEN pg.mentor_id END) AS enterprise,
                   COUNT(DISTINCT CASE WHEN m.origin = 'student' THEN pg.mentor_id END) AS student_mentors
            FROM \(ident: Pairing.schema) pg JOIN \(ident: Mentor.schema) m ON m.id = pg.mentor_id
            """ + pairsOfYear + """
            
            GROUP BY pg.organization_id, pg.form
            """).all()
        for row in mentors {
            let key = try key(row)
            result[key, default: .init()].pairs += try row.decode(column: "pairs", as: Int.self)
            result[key, default: .init()].activeMentors += try row.decode(column: "mentors", as: Int.self)
            result[key, default: .init()].enterpriseMentors += try row.decode(column: "enterprise", as: Int.self)
            result[key, default: .init()].involvedStudentMentors += try row.decode(column: "student_mentors", as: Int.self)
        }

        let closures = try await sql.raw("""
            SELECT pg.organization_id AS organization_id, pg.form AS form,
                   COUNT(DISTINCT CASE WHEN pc.decision = 'finish' THEN pc.pairing_id END) AS finished,
                   COUNT(DISTINCT CASE WHEN pc.decision = 'earlyEnd' THEN pc.pairing_id END) AS early
            FROM \(ident: PairClosure.schema) pc JOIN \(ident: Pairing.schema) pg ON pg.id = pc.pairing_id
            """ + pairsOfYear + """
            
            GROUP BY pg.organization_id, pg.form
            """).all()
        for row in closures {
            let key = try key(row)
            result[key, default: .init()].finished += try row.decode(column: "finished", as: Int.self)
            result[key, default: .init()].endedEarly += try row.decode(column: "early", as: Int.self)
        }

        let closeness = try await sql.raw("""
            SELECT pg.organization_id AS organization_id, pg.form AS form, CAST(SUM(fa.closeness) AS BIGINT) AS total, COUNT(*) AS n
            FROM \(ident: FinalAnswer.schema) fa JOIN \(ident: Pairing.schema) pg ON pg.id = fa.pairing_id
            """ + pairsOfYear + """
             AND fa.side = 'mentee'
            GROUP BY pg.organization_id, pg.form
            """).all()
        for row in closeness {
            let key = try key(row)
            result[key, default: .init()].closenessSum += try row.decode(column: "total", as: Int.self)
            result[key, default: .init()].closenessCount += try row.decode(column: "n", as: Int.self)
        }

        let satisfaction = try await sql.raw("""
            SELECT p.organization_id AS organization_id, s.respondent_group AS respondent_group, CAST(SUM(s.value) AS BIGINT) AS total, COUNT(*) AS n
            FROM \(ident: AnswerScore.schema) s JOIN \(ident: Program.schema) p ON p.id = s.program_id
            JOIN \(ident: Organization.schema) o ON o.id = p.organization_id
            WHERE s.key = \(bind: QuestionKey.satisfaction.rawValue) AND p.starts_on >= \(bind: from) AND p.starts_on <= \(bind: to) AND 
            """ + scope.condition + """
            
            GROUP BY p.organization_id, s.respondent_group
            """).all()
        for row in satisfaction {
            let key = Key(organizationID: try row.decode(column: "organization_id", as: UUID.self), form: nil)
            let total = try row.decode(column: "total", as: Int.self), n = try row.decode(column: "n", as: Int.self)
            switch try row.decode(column: "respondent_group", as: String.self) {
            case "mentor":
                result[key, default: .init()].mentorSatisfactionSum += total
                result[key, default: .init()].mentorSatisfactionCount += n
            case "mentee":
                result[key, default: .init()].menteeSatisfactionSum += total
                result[key, default: .init()].menteeSatisfactionCount += n
            case "partner":
                result[key, default: .init()].partnerSatisfactionSum += total
                result[key, default: .init()].partnerSatisfactionCount += n
            default: break
            }
        }

        let figures = try await sql.raw("""
            SELECT f.organization_id AS organization_id, f.students AS students, f.teachers AS teachers, f.young_teachers AS young_teachers
            FROM \(ident: OrganizationYearFigures.schema) f JOIN \(ident: Organization.schema) o ON o.id = f.organization_id
            WHERE f.academic_year = \(bind: year.startYear) AND 
            """ + scope.condition).all()
        for row in figures {
            let key = Key(organizationID: try row.decode(column: "organization_id", as: UUID.self), form: nil)
            result[key, default: .init()].students += try row.decode(column: "students", as: Int.self)
            result[key, default: .init()].teachers += try row.decode(column: "teachers", as: Int.self)
            result[key, default: .init()].youngTeachers += try row.decode(column: "young_teachers", as: Int.self)
            result[key, default: .init()].reporting += 1
        }
        return result
    }

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
