import Fluent
import FluentSQL
import Foundation
import SQLKit

/// Partner organizations of a program (seed 001's внешний контур) and the mentors they put
/// forward from their own bases. The rules are here, shared by the program's page
/// (`ProgramPartnersController`) and the partner's page (`PartnerProgramsController`).
///
/// A nominated mentor stays the partner's person: the card, its consents and its account are the
/// partner's. The program's curator sees the mentor among the program's own candidates — in
/// selection, training, matching and proposals (`mentorCondition`) — and the pair stores the
/// partner's card. The partner's staff see their own people, the pairs they are in and the
/// meetings; of a mentee only the initials and the class (`PartnerPair`).
enum ProgramPartners {
    /// The program's mentors in SQL, for a Fluent query on `mentors`: the organization's own and
    /// those its partners put forward to this program.
    static func mentorCondition(_ program: Program) throws -> DatabaseQuery.Filter {
        let programID = try program.requireID()
        return .sql(embed: """
            (\(ident: Mentor.schema).\(ident: "organization_id") = \(bind: program.$organization.id) OR \(ident: Mentor.schema).\(ident: "id") IN (SELECT \(ident: "mentor_id") FROM \(ident: PartnerNomination.schema) WHERE \(ident: "program_id") = \(bind: programID)))
            """)
    }

    /// The mentors an organization's curator may name in its programs' proposals: its own and those
    /// partners put forward to any of its programs (`PairingProposals.requireEligible` then checks
    /// the program itself).
    static func organizationMentorCondition(_ organizationID: UUID) -> DatabaseQuery.Filter {
        .sql(embed: """
            (\(ident: Mentor.schema).\(ident: "organization_id") = \(bind: organizationID) OR \(ident: Mentor.schema).\(ident: "id") IN (SELECT n.mentor_id FROM \(ident: PartnerNomination.schema) n JOIN \(ident: Program.schema) p ON p.id = n.program_id WHERE p.organization_id = \(bind: organizationID)))
            """)
    }

    /// Whether the mentor is one of the program's: the organization's own or put forward to it.
    static func isProgramMentor(_ mentor: Mentor, of program: Program, on db: any Database) async throws -> Bool {
        if mentor.$organization.id == program.$organization.id { return true }
        return try await PartnerNomination.query(on: db).filter(\.$program.$id == program.requireID())
            .filter(\.$mentor.$id == mentor.requireID()).first() != nil
    }

    /// The organizations on the platform the program names, by name.
    static func partners(of program: Program, on db: any Database) async throws -> [Organization] {
        try await ProgramPartner.query(on: db).filter(\.$program.$id == program.requireID()).with(\.$organization).all()
            .map(\.organization).sorted { $0.name < $1.name }
    }

    /// A partner as the program's page and the API list it: how many mentors it put forward, how
    /// many of them the program selected and how many are in its pairs.
    struct PartnerSummary: Encodable, Sendable {
        let id: UUID
        let name: String
        let kind: String
        let nominated: Int
        let selected: Int
        let inPairs: Int
    }

    static func summaries(of program: Program, on db: any Database) async throws -> [PartnerSummary] {
        let programID = try program.requireID()
        let partners = try await partners(of: program, on: db)
        let nominations = try await PartnerNomination.query(on: db).filter(\.$program.$id == programID).all()
        let mentorIDs = nominations.map(\.$mentor.id)
        let selected = mentorIDs.isEmpty ? Set<UUID>() : Set(try await MentorSelection.query(on: db).filter(\.$program.$id == programID)
            .filter(\.$mentor.$id ~~ mentorIDs).filter(\.$decision == .selected).all(\.$mentor.$id))
        let paired = mentorIDs.isEmpty ? Set<UUID>() : Set(try await Pairing.query(on: db).filter(\.$program.$id == programID)
            .filter(\.$mentor.$id ~~ mentorIDs).filter(\.$status ~~ [.formed, .finished]).all(\.$mentor.$id))
        return try partners.map { partner in
            let partnerID = try partner.requireID()
            let own = nominations.filter { $0.$organization.id == partnerID }.map(\.$mentor.id)
            return PartnerSummary(id: partnerID, name: partner.name, kind: partner.kind.russianName, nominated: own.count,
                                  selected: own.filter(selected.contains).count, inPairs: own.filter(paired.contains).count)
        }
    }

    /// An organization one may name as a partner.
    struct Choice: Encodable, Sendable {
        let id: UUID
        let name: String
        let kind: String
        /// «тот же муниципалитет» / «тот же регион» / the region's name.
        let whereText: String
    }

    /// Organizations to name: the same municipality first, then the region, then the others; by
    /// name when `search` is given (the region's only without it). The program's own organization
    /// and those already named are left out.
    static func choices(for program: Program, organization: Organization, search: String, on db: any Database) async throws -> [Choice] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let named = try await ProgramPartner.query(on: db).filter(\.$program.$id == program.requireID()).all(\.$organization.$id)
        let excluded = [try organization.requireID()] + named
        let term = search.trimmingCharacters(in: .whitespacesAndNewlines)
        var condition: SQLQueryString = "o.region_id = \(bind: organization.regionID)"
        if !term.isEmpty {
            // SQLite folds only ASCII in LIKE and PostgreSQL folds nothing: the usual spellings of
            // a Cyrillic word (as typed, small, capitalized, capitals) cover how names are written.
            let lower = term.lowercased()
            let variants = Array(Set([term, lower, lower.prefix(1).uppercased() + lower.dropFirst(), term.uppercased()])).sorted()
            var parts: [SQLQueryString] = []
            for variant in variants {
                let pattern = "%" + variant.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
                parts.append("o.name LIKE \(bind: pattern) OR o.short_name LIKE \(bind: pattern)")
            }
            condition = "(" + parts.joined(separator: " OR ") + ")"
        }
        let rows = try await sql.raw("""
            SELECT o.id AS id, o.name AS name, o.kind AS kind, o.municipality_id AS municipality_id, o.region_id AS region_id, r.name AS region
            FROM \(ident: Organization.schema) o JOIN \(ident: Region.schema) r ON r.id = o.region_id
            WHERE 
            """ + condition + """
             ORDER BY CASE WHEN o.municipality_id = \(bind: organization.$municipality.id) THEN 0 WHEN o.region_id = \(bind: organization.regionID) THEN 1 ELSE 2 END, o.name
            LIMIT 60
            """).all()
        return try rows.compactMap { row in
            let id = try row.decode(column: "id", as: UUID.self)
            guard !excluded.contains(id) else { return nil }
            let kind = OrganizationKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .other
            let municipality = try row.decode(column: "municipality_id", as: UUID.self)
            let region = try row.decode(column: "region_id", as: UUID.self)
            let whereText = municipality == organization.$municipality.id ? "тот же муниципалитет"
                : region == organization.regionID ? "тот же регион" : try row.decode(column: "region", as: String.self)
            return Choice(id: id, name: try row.decode(column: "name", as: String.self), kind: kind.russianName, whereText: whereText)
        }.prefix(30).map { $0 }
    }

    /// Names an organization as the program's partner. Naming it twice keeps one row (the unique
    /// index of M031) and one audit entry; the program's own organization is not its partner.
    @discardableResult
    static func add(_ organizationID: UUID?, to program: Program, by actor: AuditActor, on db: any Database) async throws -> Organization {
        guard let organizationID, organizationID != program.$organization.id,
              let partner = try await Organization.find(organizationID, on: db) else { throw ProgramError.partnerNotChosen }
        let programID = try program.requireID()
        try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { return }
            let inserted = try await sql.raw("""
                INSERT INTO \(ident: ProgramPartner.schema) (id, program_id, organization_id, added_by_name, created_at)
                VALUES (\(bind: UUID()), \(bind: programID), \(bind: organizationID), \(bind: actor.principal?.fullName ?? ""), \(bind: Date()))
                ON CONFLICT (program_id, organization_id) DO NOTHING RETURNING id
                """).all()
            guard !inserted.isEmpty else { return }
            try await actor.record(.programPartnerAdded, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                   details: "\(program.name.quoted()): \(partner.name)", on: db)
        }
        return partner
    }

    /// Stops naming a partner: its nominations go, with their places in the program's selection.
    /// Refused while one of its people is proposed or in a pair of the program.
    @discardableResult
    static func remove(_ organizationID: UUID?, from program: Program, by actor: AuditActor, on db: any Database) async throws -> Organization {
        guard let organizationID, let partner = try await Organization.find(organizationID, on: db),
              let partnerRow = try await ProgramPartner.query(on: db).filter(\.$program.$id == program.requireID())
                .filter(\.$organization.$id == organizationID).first() else { throw ProgramError.notAPartner }
        let programID = try program.requireID()
        try await db.transaction { db in
            // The partner's row first: a nomination sent at this moment waits and then finds no partner.
            try await RowLock.lock(ProgramPartner.schema, id: partnerRow.requireID(), on: db)
            guard try await ProgramPartner.query(on: db).filter(\.$id == partnerRow.requireID()).first() != nil else { throw ProgramError.notAPartner }
            let nominated = try await PartnerNomination.query(on: db).filter(\.$program.$id == programID)
                .filter(\.$organization.$id == organizationID).all(\.$mentor.$id)
            for mentorID in nominated { try await RowLock.lock(Mentor.schema, id: mentorID, on: db) }
            if !nominated.isEmpty, try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$mentor.$id ~~ nominated)
                .filter(\.$status ~~ PairingCandidates.holdingStatuses).first() != nil {
                throw ProgramError.partnerMentorsBusy(partner: partner.shortName)
            }
            if !nominated.isEmpty {
                try await MentorSelection.query(on: db).filter(\.$program.$id == programID).filter(\.$mentor.$id ~~ nominated).delete()
            }
            try await PartnerNomination.query(on: db).filter(\.$program.$id == programID).filter(\.$organization.$id == organizationID).delete()
            try await ProgramPartner.query(on: db).filter(\.$program.$id == programID).filter(\.$organization.$id == organizationID).delete()
            try await actor.record(.programPartnerRemoved, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                   details: "\(program.name.quoted()): \(partner.name)", on: db)
        }
        return partner
    }

    // MARK: - The partner's side

    /// The programs that name the organization as a partner, newest first, with their organizations.
    static func programs(naming organizationID: UUID, on db: any Database) async throws -> [Program] {
        try await Program.query(on: db)
            .join(ProgramPartner.self, on: \Program.$id == \ProgramPartner.$program.$id)
            .filter(ProgramPartner.self, \.$organization.$id == organizationID)
            .with(\.$organization).sort(\.$startsOn, .descending).sort(\.$name).all()
    }

    /// The program named by `programID` if it names the organization; 404 otherwise, so a program
    /// that did not name it is as unknown as any other organization's.
    static func program(_ programID: UUID?, naming organizationID: UUID, on db: any Database) async throws -> Program {
        guard let programID, let program = try await Program.query(on: db)
            .join(ProgramPartner.self, on: \Program.$id == \ProgramPartner.$program.$id)
            .filter(ProgramPartner.self, \.$organization.$id == organizationID)
            .filter(\.$id == programID).with(\.$organization).first() else { throw AppError.notFound }
        return program
    }

    /// The partner's mentors it may put forward: in one of the program's forms, still in the base,
    /// not yet put forward to this program.
    static func nominationCandidates(_ program: Program, partnerID: UUID, on db: any Database) async throws -> [Mentor] {
        let nominated = try await PartnerNomination.query(on: db).filter(\.$program.$id == program.requireID()).all(\.$mentor.$id)
        var query = Mentor.query(on: db).filter(\.$organization.$id == partnerID)
            .filter(.sql(embed: "(\(ident: "forms_mask") & \(literal: MentoringForm.mask(program.forms))) <> 0"))
            .filter(\.$anonymizedAt == nil).filter(\.$status != .left).filter(\.$graduatedYear == nil)
        if !nominated.isEmpty { query = query.filter(\.$id !~ nominated) }
        return try await query.sort(\.$lastName).sort(\.$firstName).all()
    }

    /// The partner's nominations to the program, with the mentors.
    static func nominations(_ program: Program, partnerID: UUID, on db: any Database) async throws -> [PartnerNomination] {
        try await PartnerNomination.query(on: db).filter(\.$program.$id == program.requireID())
            .filter(\.$organization.$id == partnerID).with(\.$mentor).all()
            .sorted { ($0.mentor.lastName, $0.mentor.firstName) < ($1.mentor.lastName, $1.mentor.firstName) }
    }

    /// A nomination as the partner follows it: the program's decision in its selection, if any,
    /// and whether it may still be withdrawn (the mentor is in no draft, proposal or pair of it).
    struct NominationState: Sendable {
        let nomination: PartnerNomination
        let decision: SelectionDecision?
        let mayWithdraw: Bool
    }

    /// The partner's nominations to the program with their state, for its page and the API.
    static func nominationStates(_ program: Program, partnerID: UUID, on db: any Database) async throws -> [NominationState] {
        let programID = try program.requireID()
        let nominations = try await nominations(program, partnerID: partnerID, on: db)
        let mentorIDs = nominations.map(\.$mentor.id)
        guard !mentorIDs.isEmpty else { return [] }
        let decisions = Dictionary(try await MentorSelection.query(on: db).filter(\.$program.$id == programID).filter(\.$mentor.$id ~~ mentorIDs).all()
            .map { ($0.$mentor.id, $0.decision) }, uniquingKeysWith: { first, _ in first })
        let busy = Set(try await Pairing.query(on: db).filter(\.$program.$id == programID)
            .filter(\.$mentor.$id ~~ mentorIDs).filter(\.$status ~~ PairingCandidates.holdingStatuses).all(\.$mentor.$id))
        return nominations.map { NominationState(nomination: $0, decision: decisions[$0.$mentor.id], mayWithdraw: !busy.contains($0.$mentor.id)) }
    }

    /// Puts the partner's mentors forward. An id that is not a candidate (another organization's
    /// mentor, one outside the program's forms, one who left) answers 404 and writes nothing; one
    /// already put forward stays as it is. Returns the mentors put forward now.
    static func nominate(_ mentorIDs: [UUID], to program: Program, partnerID: UUID, by actor: AuditActor, on db: any Database) async throws -> [Mentor] {
        let actorName = actor.principal?.fullName ?? ""
        guard !mentorIDs.isEmpty else { throw AppError.validation(["mentorIDs": "Отметьте наставников, которых организация выдвигает в программу."]) }
        let candidates = try await nominationCandidates(program, partnerID: partnerID, on: db)
        let byID = Dictionary(candidates.compactMap { mentor in mentor.id.map { ($0, mentor) } }, uniquingKeysWith: { first, _ in first })
        let alreadyNominated = Set(try await PartnerNomination.query(on: db).filter(\.$program.$id == program.requireID()).all(\.$mentor.$id))
        // One order for every request (by id): two tabs inserting the same mentors in different
        // orders waited on each other's rows and PostgreSQL broke the deadlock with a 500.
        let wanted = try Set(mentorIDs).subtracting(alreadyNominated).sorted { $0.uuidString < $1.uuidString }.map { id in
            guard let mentor = byID[id] else { throw AppError.notFound }
            return mentor
        }
        let programID = try program.requireID()
        let added = try await db.transaction { db -> [Mentor] in
            guard let sql = db as? any SQLDatabase else { return [] }
            // Still a partner? Its row is locked as a removal locks it, so the two take turns and
            // no nomination outlives the partnership.
            guard let partnerRow = try await ProgramPartner.query(on: db).filter(\.$program.$id == programID)
                .filter(\.$organization.$id == partnerID).first() else { throw AppError.notFound }
            try await RowLock.lock(ProgramPartner.schema, id: partnerRow.requireID(), on: db)
            guard try await ProgramPartner.query(on: db).filter(\.$id == partnerRow.requireID()).first() != nil else { throw AppError.notFound }
            var added: [Mentor] = []
            for mentor in wanted {
                // A double click or a second tab: the unique index keeps one row, the other does nothing.
                let rows = try await sql.raw("""
                    INSERT INTO \(ident: PartnerNomination.schema) (id, program_id, organization_id, mentor_id, nominated_by_name, created_at)
                    VALUES (\(bind: UUID()), \(bind: programID), \(bind: partnerID), \(bind: mentor.requireID()), \(bind: actorName), \(bind: Date()))
                    ON CONFLICT (program_id, mentor_id) DO NOTHING RETURNING id
                    """).all()
                if !rows.isEmpty { added.append(mentor) }
            }
            try await notifyCurators(of: program, partnerID: partnerID, count: added.count, on: db)
            if !added.isEmpty {
                try await actor.record(.partnerMentorsNominated, organizationID: partnerID, objectType: "program", objectID: programID,
                                       details: "\(program.name.quoted()) (\(program.$organization.value?.shortName ?? "")): "
                                           + added.map(\.fullName).joined(separator: ", "), on: db)
            }
            return added
        }
        return added.sorted { ($0.lastName, $0.firstName) < ($1.lastName, $1.firstName) }
    }

    /// Tells the program's curators, in the nomination's transaction, that a partner put `count`
    /// mentors forward; the letter names the organizations and the program, never a person.
    static func notifyCurators(of program: Program, partnerID: UUID, count: Int, on db: any Database) async throws {
        guard count > 0 else { return }
        let organizationID = program.$organization.id
        let curators = try await RoleAssignment.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$role == .curator).all(\.$user.$id)
        let partner = try await Organization.find(partnerID, on: db)?.shortName ?? "—"
        let offered = RussianPlural.count(count, "кандидатуру наставника", "кандидатуры наставников", "кандидатур наставников")
        try await Notifications.notify(curators, NotificationMessage(
            kind: .partnerNominated, title: "Партнёр предложил наставников в программу \(program.name.quoted())",
            body: "Организация-партнёр \(partner.quoted()) предложила в программу \(program.name.quoted()) \(offered). "
                + "Они уже среди кандидатов программы: добавьте их в отбор и примите решение на странице «Отбор наставников».",
            link: SiteRoute.Selection.index.path(organizationID, try program.requireID()), organizationID: organizationID), on: db)
    }

    /// Withdraws a nomination while the mentor is in no draft, proposal or pair of the program:
    /// the mentor leaves the program's selection too. Proposals lock the mentor's row first, so a
    /// withdrawal and a proposal sent at the same moment take turns and the loser sees the winner.
    static func withdraw(_ mentorID: UUID?, from program: Program, partnerID: UUID, by actor: AuditActor, on db: any Database) async throws -> Mentor {
        guard let mentorID, let nomination = try await PartnerNomination.query(on: db).filter(\.$program.$id == program.requireID())
            .filter(\.$organization.$id == partnerID).filter(\.$mentor.$id == mentorID).with(\.$mentor).first() else { throw AppError.notFound }
        let programID = try program.requireID()
        try await db.transaction { db in
            try await RowLock.lock(Mentor.schema, id: mentorID, on: db)
            guard let sql = db as? any SQLDatabase else { return }
            let deleted = try await sql.raw("""
                DELETE FROM \(ident: PartnerNomination.schema)
                WHERE program_id = \(bind: programID) AND mentor_id = \(bind: mentorID) AND organization_id = \(bind: partnerID)
                  AND NOT EXISTS (SELECT 1 FROM \(ident: Pairing.schema) pg WHERE pg.program_id = \(bind: programID) AND pg.mentor_id = \(bind: mentorID)
                                  AND pg.status IN ('draft', 'proposed', 'formed'))
                RETURNING id
                """).all()
            guard !deleted.isEmpty else { throw ProgramError.nominationBusy(mentor: nomination.mentor.fullName) }
            try await MentorSelection.query(on: db).filter(\.$program.$id == programID).filter(\.$mentor.$id == mentorID).delete()
            try await actor.record(.partnerNominationWithdrawn, organizationID: partnerID, objectType: "mentor", objectID: mentorID,
                                   details: "\(program.name.quoted()) (\(program.$organization.value?.shortName ?? ""))", on: db)
        }
        return nomination.mentor
    }

    /// A pair of the partner's mentor as the partner's staff see it: the mentor, the status, the
    /// meetings; of each mentee only the initials and the class — no card, no birth date, no
    /// representative, no request, no reflections.
    struct PartnerPair: Encodable, Sendable {
        struct Member: Encodable, Sendable {
            let initials: String
            let className: String
            let statusName: String
        }
        struct Meeting: Encodable, Sendable {
            let day: String
            let kindName: String
            let statusName: String
        }
        let mentorName: String
        let statusName: String
        let formedOn: String
        let members: [Member]
        let meetings: [Meeting]
        let heldMeetings: Int
    }

    /// The pairs (proposed, formed, finished) of the partner's nominated mentors in the program.
    static func partnerPairs(_ program: Program, partnerID: UUID, on db: any Database) async throws -> [PartnerPair] {
        let programID = try program.requireID()
        let mentorIDs = try await PartnerNomination.query(on: db).filter(\.$program.$id == programID)
            .filter(\.$organization.$id == partnerID).all(\.$mentor.$id)
        guard !mentorIDs.isEmpty else { return [] }
        let pairings = try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$mentor.$id ~~ mentorIDs)
            .filter(\.$status ~~ [.proposed, .formed, .finished])
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
            .filter { $0.mentor.$organization.id == partnerID }
        let meetings = pairings.isEmpty ? [] : try await PairMeeting.query(on: db).filter(\.$pairing.$id ~~ pairings.compactMap(\.id))
            .sort(\.$on).sort(\.$startsAt).all()
        let byPairing = Dictionary(grouping: meetings, by: { $0.$pairing.id })
        return pairings.sorted { ($0.mentor.lastName, $0.formedAt ?? .distantPast) < ($1.mentor.lastName, $1.formedAt ?? .distantPast) }.map { pairing in
            let own = byPairing[pairing.id!] ?? []
            return PartnerPair(
                mentorName: pairing.mentor.fullName, statusName: pairing.status.russianName,
                formedOn: pairing.formedAt.map { CalendarDay.today($0).russian } ?? "",
                members: pairing.members.sorted { $0.position < $1.position }.map { member in
                    PartnerPair.Member(initials: initials(member.mentee), className: member.mentee.className ?? "",
                                       statusName: member.isAgreed ? "в паре" : member.isDeclined ? "отказ" : "ждёт согласия")
                },
                meetings: own.map { PartnerPair.Meeting(day: $0.day?.russian ?? $0.on, kindName: $0.kind.russianName, statusName: $0.status.russianName) },
                heldMeetings: own.filter { $0.status == .held }.count)
        }
    }

    /// «П. И.»: the surname's and the first name's initials, what a partner sees of a mentee.
    static func initials(_ mentee: Mentee) -> String {
        if mentee.anonymizedAt != nil { return "—" }
        return [mentee.lastName, mentee.firstName].compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
    }
}
