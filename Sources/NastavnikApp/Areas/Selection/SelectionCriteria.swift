import Fluent
import Foundation
import MentorMatching
import SQLKit

/// Selection criteria derived from the mentees' requests (seed 003 «Этап 1»: «разработать
/// критерии отбора в соответствии с запросами наставляемых»): for every request of the
/// program's mentees, how many mentees have it and how many candidate mentors could answer it.
struct SelectionCriteria: Sendable {
    struct Row: Codable, Sendable, Equatable {
        let code: String
        let name: String
        /// Mentees of the program with this request.
        let mentees: Int
        /// Candidate mentors whose competencies or life experience answer it.
        let mentors: Int
        /// Of those, already selected.
        let selectedMentors: Int
        /// The mentees those mentors can take in all (sum of their capacity).
        let seats: Int
        /// Fewer seats than mentees: the request needs more mentors.
        let isShort: Bool
    }

    let rows: [Row]

    /// Mentees who still need a mentor or have one: finished or left mentees are no criterion.
    static let menteeStatuses: [MenteeStatus] = [.candidate, .inBase, .inPair]

    /// Counts mentees per request in the database, then matches the program's candidates to
    /// each request with `Compatibility.offers` and the organization's `RequestTermMatcher`, the
    /// rule the compatibility score uses: word forms and the vocabulary, not letters.
    static func load(program: Program, candidates: [Mentor], selections: [UUID: MentorSelection],
                     on db: any Database) async throws -> SelectionCriteria {
        let organizationID = program.$organization.id
        let counts = try await menteeCounts(program: program, on: db)
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: db)
        let terms = RequestTermMatcher(vocabulary: try await RequestVocabulary.load(organizationID: organizationID, on: db))
        let profiles = candidates.map { (mentor: $0, profile: profile(of: $0)) }
        let rows = counts.map { code, mentees in
            let name = catalogue.name(of: code)
            let answering = profiles.filter { Compatibility.offers($0.profile, request: name, terms: terms) }.map(\.mentor)
            let seats = answering.reduce(0) { $0 + max($1.capacity, 0) }
            let selected = answering.filter { mentor in mentor.id.flatMap { selections[$0] }?.decision == .selected }.count
            return Row(code: code, name: name, mentees: mentees, mentors: answering.count, selectedMentors: selected,
                       seats: seats, isShort: seats < mentees)
        }
        // The most pressing first: short requests, then the most frequent.
        return SelectionCriteria(rows: rows.sorted { ($0.isShort ? 0 : 1, -$0.mentees, $0.name) < ($1.isShort ? 0 : 1, -$1.mentees, $1.name) })
    }

    /// Mentees per request code among the program's mentees, aggregated by the database.
    static func menteeCounts(program: Program, on db: any Database) async throws -> [(String, Int)] {
        guard let sql = db as? any SQLDatabase, !program.forms.isEmpty else { return [] }
        let rows = try await sql.raw("""
            SELECT r.code AS code, COUNT(DISTINCT r.mentee_id) AS n
            FROM \(ident: MenteeRequest.schema) r JOIN \(ident: Mentee.schema) m ON m.id = r.mentee_id
            WHERE m.organization_id = \(bind: program.$organization.id) AND m.anonymized_at IS NULL
              AND m.form IN (\(binds: program.forms.map(\.rawValue))) AND m.status IN (\(binds: menteeStatuses.map(\.rawValue)))
            GROUP BY r.code
            """).all()
        return try rows.map { (try $0.decode(column: "code", as: String.self), try $0.decode(column: "n", as: Int.self)) }
    }

    /// What selection reads of a mentor: the free-text lists of the base, split as people type them.
    static func profile(of mentor: Mentor) -> MentorProfile {
        MentorProfile(id: mentor.id?.uuidString ?? "", competencies: terms(mentor.competencies),
                      lifeExperience: terms(mentor.lifeExperience), capacity: mentor.capacity)
    }

    /// «Адаптация; подготовка к ОГЭ, олимпиады» → three terms.
    static func terms(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: { ",;\n".contains($0) }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
