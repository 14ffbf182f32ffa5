import Fluent
import FluentSQL
import Foundation
import SQLKit
import Vapor

/// The program's mentees as conditions the database answers (issue 21): a big school has ten
/// thousand of them, so the pages count them with `COUNT` and read one page, instead of loading
/// every card and every consent to filter them here.
extension PairingCandidates {
    /// The filters of a candidate list, read from the URL: a surname or name (`q`), a class or
    /// group (`class`), a request (`request`).
    struct Filter: Sendable, Equatable {
        var search = ""
        var className: String?
        var request: String?

        init(search: String = "", className: String? = nil, request: String? = nil) {
            self.search = search
            self.className = className
            self.request = request
        }

        init(request: Request) {
            func value(_ key: String) -> String? { FieldParsing.trimmedOrNil(request.query[String.self, at: key]) }
            self.init(search: value("q") ?? "", className: value("class"), request: value("request"))
        }

        var isEmpty: Bool { search.isEmpty && className == nil && request == nil }

        /// The parameters that reproduce the filter, for the paging links.
        var query: [String: String] { ["q": search, "class": className ?? "", "request": request ?? ""] }
    }

    /// Mentees of the program's forms still without a place in it: in the base, not withdrawn, not
    /// in one of its draft, proposed or formed pairings (unless that place was declined).
    static func menteesWithoutPlace(_ program: Program, filter: Filter = Filter(), on db: any Database) throws -> QueryBuilder<Mentee> {
        let programID = try program.requireID(), organizationID = program.$organization.id
        var query = Mentee.query(on: db)
            .filter(\.$organization.$id == organizationID)
            .filter(\.$form ~~ program.forms)
            .filter(\.$status ~~ [.candidate, .inBase])
            .filter(\.$anonymizedAt == nil)
            .filter(.sql(embed: """
                NOT EXISTS (SELECT 1 FROM \(ident: PairingMember.schema) pm JOIN \(ident: Pairing.schema) p ON p.id = pm.pairing_id \
                WHERE pm.mentee_id = \(ident: Mentee.schema).id AND pm.program_id = \(bind: programID) \
                AND p.status IN (\(binds: holdingStatuses.map(\.rawValue))) \
                AND pm.mentee_answer <> \(bind: PairingAnswer.declined.rawValue) AND pm.mentor_answer <> \(bind: PairingAnswer.declined.rawValue))
                """))
        if !filter.search.isEmpty {
            // «%» and «_» typed in the search are letters, not wildcards.
            let escaped = filter.search.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            query = query.filter(.sql(embed: "\(ident: Mentee.schema).search_key LIKE \(bind: "%" + escaped + "%") ESCAPE '\\'"))
        }
        if let className = filter.className { query = query.filter(\.$className == className) }
        if let request = filter.request {
            query = query.filter(.sql(embed: """
                EXISTS (SELECT 1 FROM \(ident: MenteeRequest.schema) r WHERE r.mentee_id = \(ident: Mentee.schema).id \
                AND r.organization_id = \(bind: organizationID) AND r.code = \(bind: request))
                """))
        }
        return query.sort(\.$lastName).sort(\.$firstName).sort(\.$middleName).sort(\.$id)
    }

    /// Those of them who may be put into a pair now: with a valid processing consent, a legal
    /// representative's for a minor — `PairingEligibility`'s rule, asked of the database.
    static func eligibleMentees(_ program: Program, filter: Filter = Filter(), on db: any Database, today: Date = Date()) throws -> QueryBuilder<Mentee> {
        try menteesWithoutPlace(program, filter: filter, on: db).filter(.sql(embed: "\(menteeConsentValid(today: today))"))
    }

    /// Those who may not, for want of such a consent; `PairingEligibility` says why, row by row.
    static func excludedMentees(_ program: Program, filter: Filter = Filter(), on db: any Database, today: Date = Date()) throws -> QueryBuilder<Mentee> {
        try menteesWithoutPlace(program, filter: filter, on: db).filter(.sql(embed: "NOT \(menteeConsentValid(today: today))"))
    }

    /// `PairingEligibility.problems(mentee:consents:)` for one page of mentees, their consents read at once.
    static func excludedRows(_ mentees: [Mentee], on db: any Database) async throws -> [Excluded] {
        let consents = try await consentsBySubject(ids: mentees.compactMap(\.id), on: db)
        return mentees.map { mentee in
            Excluded(kind: .mentee, id: mentee.id!, name: mentee.fullName,
                     problems: PairingEligibility.problems(mentee: mentee, consents: consents[mentee.id!] ?? []))
        }
    }

    /// A mentee's active processing consent that is enough for pairing: any for an adult, the legal
    /// representative's for a minor (`AgreementRule`: the age from the birth date, else the base's
    /// age, else the minor flag).
    static func menteeConsentValid(today: Date) -> SQLQueryString {
        let adultBornBy = FieldParsing.calendar.date(byAdding: .year, value: -18, to: today) ?? today
        return """
            EXISTS (SELECT 1 FROM \(ident: ConsentRecord.schema) c WHERE c.subject_kind = \(bind: BaseKind.mentee.rawValue) \
            AND c.subject_id = \(ident: Mentee.schema).id AND c.purpose = \(bind: ConsentPurpose.processing.rawValue) AND c.withdrawn_at IS NULL \
            AND (c.given_by_guardian = \(bind: true) OR NOT (CASE WHEN \(ident: Mentee.schema).birth_date IS NOT NULL THEN \(ident: Mentee.schema).birth_date > \(bind: adultBornBy) \
            WHEN \(ident: Mentee.schema).age IS NOT NULL THEN \(ident: Mentee.schema).age < 18 ELSE \(ident: Mentee.schema).is_minor = \(bind: true) END)))
            """
    }

    /// The count of all rows of a query and one page of them, both by the database: the paging is
    /// built from the count (`paginate`), so a page number past the end shows the last page.
    static func page<M: Model>(_ query: QueryBuilder<M>, paginate: (Int) -> Pagination) async throws -> (pagination: Pagination, rows: [M]) {
        let pagination = paginate(try await query.copy().count())
        let rows = pagination.total == 0 ? [] : try await query.copy().range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        return (pagination, rows)
    }
}
