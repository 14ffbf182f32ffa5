import Fluent
import FluentSQL
import Foundation

/// What the withdrawal of the processing consent does beyond the base row (152-FZ, art. 9 p. 2 and
/// art. 21 p. 5): the person's participation ends, the name leaves every place where another
/// person could read it, their account stops, and only what statistics count stays. Runs inside
/// the caller's transaction; returns what was removed, in words for the page.
enum ConsentWithdrawal {
    /// Shown wherever the name was stored for display.
    static let label = "Участник (данные удалены)"
    static let reason = "Отозвано согласие на обработку персональных данных"
    static let removedText = "Текст удалён после отзыва согласия на обработку персональных данных."

    /// The person as the stored rows name them, taken before the base row is anonymized.
    struct Identity {
        var names: [String]
        var fullNames: [String]
        var userID: UUID?
        /// The first name alone: replaced only in the texts of the person's own pairs, where it
        /// names them («Арсений болел»); elsewhere it may be someone else's.
        var firstNames: [String] = []
    }

    static func identity(lastName: String, firstName: String, middleName: String?, userID: UUID?, on db: any Database) async throws -> Identity {
        var people = [(lastName, firstName, middleName)]
        if let userID, let user = try await User.find(userID, on: db) { people.append((user.lastName, user.firstName, user.middleName)) }
        var full: [String] = [], short: [String] = [], firsts: [String] = []
        for (last, first, middle) in people {
            let forms = nameForms(lastName: last, firstName: first, middleName: middle)
            full += forms.full
            short += forms.short
            firsts += forms.firsts
        }
        // Longer forms first, so «Иванов Арсений Павлович» is replaced before its parts.
        let byLength = { (a: String, b: String) in a.count > b.count }
        let fullNames = unique(full.filter { $0.count >= 3 }).sorted(by: byLength)
        return Identity(names: unique(fullNames + short.filter { $0.count >= 3 }).sorted(by: byLength), fullNames: fullNames, userID: userID,
                        firstNames: unique(firsts.filter { $0.count >= 3 }).sorted(by: byLength))
    }

    /// The forms one name takes in stored rows: the full name and «last first» both ways, the
    /// short form with initials, the first name, each in every grammatical case (typed text
    /// declines the name: «Иванова Арсения Павловича», «Арсению нужен…»).
    static func nameForms(lastName last: String, firstName first: String, middleName middle: String?) -> (full: [String], short: [String], firsts: [String]) {
        var full = [[last, first, middle ?? ""].filter { !$0.isEmpty }.joined(separator: " ")]
        if !first.isEmpty { full += ["\(last) \(first)", "\(first) \(last)"] }
        var short = [shortName(lastName: last, firstName: first, middleName: middle)]
        var firsts = [first]
        let gender = Gender.guess(firstName: first, middleName: middle) ?? NameDeclension.guessFromSurname(last)
        for grammaticalCase in GrammaticalCase.allCases where grammaticalCase != .nominative {
            let lastInCase = NameDeclension.lastName(last, gender: gender, grammaticalCase)
            let firstInCase = NameDeclension.firstName(first, gender: gender, grammaticalCase)
            full.append(NameDeclension.fullName(lastName: last, firstName: first, middleName: middle, gender: gender, grammaticalCase))
            if !first.isEmpty { full += ["\(lastInCase) \(firstInCase)", "\(firstInCase) \(lastInCase)"] }
            short.append(NameDeclension.shortName(lastName: last, firstName: first, middleName: middle, gender: gender, grammaticalCase))
            firsts.append(firstInCase)
        }
        return (full, short, firsts)
    }

    static func shortName(lastName: String, firstName: String, middleName: String?) -> String {
        let initials = [firstName, middleName ?? ""].compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
        return initials.isEmpty ? lastName : "\(lastName) \(initials)"
    }

    private static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    // MARK: - Participation

    /// Ends the mentee's places: a formed pair ends early with the reason (in a group only this
    /// member leaves); a place still proposed is declined.
    static func endParticipation(menteeID: UUID, by principal: Principal, on db: any Database) async throws -> [String] {
        var ended = 0, left = 0, declined = 0
        // The indicators' counts are refreshed once, after every pair has changed (see `IndicatorCountsTable`).
        var counted: [UUID] = []
        for member in try await PairingMember.query(on: db).filter(\.$mentee.$id == menteeID).with(\.$pairing).all() {
            let pairing = member.pairing
            switch pairing.status {
            case .formed where member.isAgreed:
                let others = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).all()
                    .filter { $0.id != member.id && $0.isAgreed }
                if others.isEmpty {
                    _ = try await PairCompletion.close(pairing, .init(decision: .earlyEnd, reason: reason, newGoal: nil), role: .curator,
                                                       by: principal.fullName, refreshCounts: false, on: db)
                    counted.append(try pairing.requireID())
                    ended += 1
                } else {
                    member.menteeAnswer = .declined
                    member.menteeAnswerNote = reason
                    member.holdsPlace = false
                    try await member.save(on: db)
                    // The group's involved mentees in the indicators change with it.
                    counted.append(try pairing.requireID())
                    left += 1
                }
            case .draft, .proposed:
                member.menteeAnswer = .declined
                member.menteeAnswerNote = reason
                member.holdsPlace = false
                try await member.save(on: db)
                let open = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).all().filter { !$0.isDeclined }
                if open.isEmpty {
                    pairing.status = .declined
                    try await pairing.save(on: db)
                }
                declined += 1
            default:
                continue
            }
        }
        try await IndicatorCountsTable.refresh(pairings: counted, on: db)
        return summary(ended: ended, left: left, declined: declined)
    }

    /// Ends the mentor's pairs early and declines the mentor's places still proposed.
    static func endParticipation(mentorID: UUID, by principal: Principal, on db: any Database) async throws -> [String] {
        var ended = 0, declined = 0
        var counted: [UUID] = []
        for pairing in try await Pairing.query(on: db).filter(\.$mentor.$id == mentorID).all() {
            switch pairing.status {
            case .formed:
                _ = try await PairCompletion.close(pairing, .init(decision: .earlyEnd, reason: reason, newGoal: nil), role: .curator,
                                                   by: principal.fullName, refreshCounts: false, on: db)
                counted.append(try pairing.requireID())
                ended += 1
            case .draft, .proposed:
                for member in try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).all() {
                    member.mentorAnswer = .declined
                    member.mentorAnswerNote = reason
                    // The mentee's place is free again for another mentor (the one-place index, M021).
                    member.holdsPlace = false
                    try await member.save(on: db)
                }
                pairing.status = .declined
                try await pairing.save(on: db)
                declined += 1
            default:
                continue
            }
        }
        try await IndicatorCountsTable.refresh(pairings: counted, on: db)
        return summary(ended: ended, left: 0, declined: declined)
    }

    private static func summary(ended: Int, left: Int, declined: Int) -> [String] {
        var lines: [String] = []
        if ended > 0 { lines.append("Пара завершена досрочно (\(ended)) с причиной «\(reason)» — куратор видит её на странице пары; в статистике пара осталась завершённой.") }
        if left > 0 { lines.append("Участник вышел из группы (\(left)); остальные участники продолжают работу.") }
        if declined > 0 { lines.append("Предложения пар, ещё не начавших работу, отклонены (\(declined)).") }
        return lines
    }

    // MARK: - What the person wrote, and their name

    /// Deletes the texts the person wrote in pair spaces (the numbers stay for the statistics)
    /// and puts the label where their name was stored for display.
    static func removeTexts(of identity: Identity, kind: BaseKind, subjectID: UUID, sides: [Side], on db: any Database) async throws -> [String] {
        guard let sql = db as? any SQLDatabase else { return [] }
        var lines: [String] = []
        // Their own writing: diary entries signed with their name; concerns, reflections and final
        // answers of their side. The scores (closer to goal, closeness) stay for the statistics.
        var texts = 0
        let reach = try await reach(of: identity, kind: kind, subjectID: subjectID, sides: sides, on: db)
        let pairingIDs = reach.pairingIDs
        // Only the entries of the person's own pairs written from their side: an entry elsewhere
        // signed with the same name is a namesake's (a card made with someone's name and withdrawn
        // must not delete that person's diary).
        if !identity.names.isEmpty, !pairingIDs.isEmpty {
            let role = kind == .mentor ? PairAccess.Role.mentor.russianName : PairAccess.Role.mentee(memberID: subjectID).russianName
            let entries = try await DiaryEntry.query(on: db).filter(\.$pairing.$id ~~ pairingIDs).filter(\.$authorRole == role)
                .filter(\.$authorName ~~ identity.names).all()
            for entry in entries { entry.text = removedText; try await entry.save(on: db) }
            texts += entries.count
        }
        for side in sides {
            var concerns = PairConcern.query(on: db).filter(\.$pairing.$id == side.pairingID).filter(\.$side == kind)
            var finals = FinalAnswer.query(on: db).filter(\.$pairing.$id == side.pairingID).filter(\.$side == kind)
            if let memberID = side.memberID {
                concerns = concerns.filter(\.$memberID == memberID)
                finals = finals.filter(\.$memberID == memberID)
            }
            for concern in try await concerns.all() { concern.text = removedText; try await concern.save(on: db); texts += 1 }
            for answer in try await finals.all() {
                answer.mostValuable = ""; answer.results = removedText; answer.learned = ""; answer.changed = ""
                answer.understood = ""; answer.remembered = ""
                try await answer.save(on: db)
                texts += 1
            }
            let meetingIDs = try await PairMeeting.query(on: db).filter(\.$pairing.$id == side.pairingID).all().compactMap(\.id)
            if !meetingIDs.isEmpty {
                var reflections = MeetingReflection.query(on: db).filter(\.$meeting.$id ~~ meetingIDs).filter(\.$side == kind)
                if let memberID = side.memberID { reflections = reflections.filter(\.$memberID == memberID) }
                for reflection in try await reflections.all() {
                    reflection.wentWell = removedText; reflection.toChange = ""; reflection.feeling = ""; reflection.nextSteps = ""
                    reflection.liked = nil; reflection.madePossibleBy = nil
                    try await reflection.save(on: db)
                    texts += 1
                }
            }
        }
        if texts > 0 { lines.append("Тексты, написанные участником в пространстве пары (дневник, обращения, рефлексии, итоговые ответы): \(texts); оценки остались для статистики без имени.") }

        // A name form that is also another live person's in the organizations reached (a card made
        // with a colleague's or a pupil's name, or a true namesake) is replaced only in the rows tied
        // to this person by id — their pairs, their selection, nomination and applications, journal
        // entries about them or written by them (`Reach.idRows`); the other forms in every row reached.
        let others = try await namesOfOthers(identity, reach: reach, subjectID: subjectID, on: db)
        let free = identity.names.filter { !others.contains($0) }
        let held = identity.names.filter { others.contains($0) }

        // The name as a signature: every column that stores who wrote a row. Each column is
        // rewritten in one statement per scope.
        for (table, column) in nameColumns {
            if let scope = reach.rows(in: table) { try await relabel(free, in: table, column: column, where: scope, on: sql) }
            if let scope = reach.idRows(in: table) { try await relabel(held, in: table, column: column, where: scope, on: sql) }
        }
        // The journal names its writer by account (`actor_id`, relabelled below); an entry without
        // one is relabelled by the name only where it is about this person.
        if let scope = reach.idRows(in: AuditEntry.schema) {
            try await relabel(free, in: AuditEntry.schema, column: "actor_name", where: "actor_id IS NULL AND " + scope, on: sql)
        }
        // The name inside free text (audit details, notes, reasons, explanations).
        let ordered = identity.fullNames + identity.names.filter { !identity.fullNames.contains($0) }
        for (table, column) in textColumns {
            if let scope = reach.rows(in: table) { try await replace(ordered.filter { !others.contains($0) }, in: table, column: column, where: scope, on: sql) }
            if let scope = reach.idRows(in: table) { try await replace(ordered.filter { others.contains($0) }, in: table, column: column, where: scope, on: sql) }
        }
        // The first name alone, in the texts of the pairs the person stood in (both sides' texts:
        // the other side writes «Арсений опоздал»).
        if !pairingIDs.isEmpty {
            for (table, column) in textColumns {
                guard pairScopedTables.contains(table) || table == MeetingReflection.schema || table == FinalAnswer.schema,
                      let scope = ownRows(in: table, pairingIDs: pairingIDs, organizationID: nil) else { continue }
                try await replace(identity.firstNames, in: table, column: column, where: scope, on: sql)
            }
        }
        try await rebuildCaseSearchKeys(of: identity, organizationIDs: reach.organizationIDs, on: db)
        if let userID = identity.userID {
            var query = AuditEntry.query(on: db).filter(\.$actorID == userID)
            if reach.shared { query = query.filter(\.$organizationID == reach.organizationIDs.first) }
            try await query.set(\.$actorName, to: label).update()
        }
        lines.append("Имя заменено на «\(label)» в подписях записей пары (встречи, дневник, обращения, цели, итоги), в журнале действий и в примечаниях.")
        return lines
    }

    /// Puts the label in `column` of the rows `scope` selects that hold one of `names`.
    private static func relabel(_ names: [String], in table: String, column: String, where scope: SQLQueryString,
                                on sql: any SQLDatabase) async throws {
        guard !names.isEmpty else { return }
        try await sql.raw("UPDATE \(ident: table) SET \(ident: column) = \(bind: label) WHERE \(ident: column) IN (\(binds: names)) AND " + scope).run()
    }

    /// The person's name forms that another live person in the organizations reached also bears:
    /// a card (mentee or mentor, not anonymized) of those organizations, or an active account with a
    /// role in them, their municipality or region (the coordinator who created a contest). One
    /// query per kind of person, by the surname forms; their forms are compared here.
    static func namesOfOthers(_ identity: Identity, reach: Reach, subjectID: UUID, on db: any Database) async throws -> Set<String> {
        guard !identity.names.isEmpty, !reach.organizationIDs.isEmpty else { return [] }
        let words = Array(Set(identity.names.flatMap { $0.split(separator: " ").map(String.init) }.filter { $0.count >= 2 && !$0.hasSuffix(".") }))
        var people: [(String, String, String?)] = []
        // The person's own cards (this one, another linked to the same account) are not others.
        let account = identity.userID ?? subjectID
        for mentee in try await Mentee.query(on: db).filter(\.$organization.$id ~~ reach.organizationIDs).filter(\.$lastName ~~ words)
            .filter(\.$anonymizedAt == nil).filter(\.$id != subjectID).all() where mentee.$user.id != account {
            people.append((mentee.lastName, mentee.firstName, mentee.middleName))
        }
        for mentor in try await Mentor.query(on: db).filter(\.$organization.$id ~~ reach.organizationIDs).filter(\.$lastName ~~ words)
            .filter(\.$anonymizedAt == nil).filter(\.$id != subjectID).all() where mentor.$user.id != account {
            people.append((mentor.lastName, mentor.firstName, mentor.middleName))
        }
        let organizations = try await Organization.query(on: db).filter(\.$id ~~ reach.organizationIDs).all()
        let roles = try await RoleAssignment.query(on: db).group(.or) { group in
            group.filter(\.$organization.$id ~~ reach.organizationIDs)
            group.filter(\.$municipality.$id ~~ organizations.map { Optional($0.$municipality.id) })
            group.filter(\.$region.$id ~~ organizations.map { Optional($0.regionID) })
        }.all(\.$user.$id)
        var users = User.query(on: db).filter(\.$id ~~ Array(Set(roles))).filter(\.$lastName ~~ words).filter(\.$isActive == true)
        if let userID = identity.userID { users = users.filter(\.$id != userID) }
        for user in try await users.all() { people.append((user.lastName, user.firstName, user.middleName)) }
        var theirs = Set<String>()
        for (last, first, middle) in people {
            let forms = nameForms(lastName: last, firstName: first, middleName: middle)
            theirs.formUnion(forms.full + forms.short)
        }
        return Set(identity.names).intersection(theirs)
    }

    /// Replaces each of `names` by the label in `column` of the rows `scope` selects, in one
    /// statement: the replacements nest in the order given (longer forms first), as one statement
    /// per name would apply them, and the table is read once instead of once per name.
    private static func replace(_ names: [String], in table: String, column: String, where scope: SQLQueryString,
                                on sql: any SQLDatabase) async throws {
        guard !names.isEmpty else { return }
        var value: SQLQueryString = "\(ident: column)"
        for name in names { value = "REPLACE(" + value + ", \(bind: name), \(bind: label))" }
        let matches: [SQLQueryString] = names.map { "\(ident: column) LIKE \(bind: "%" + $0 + "%")" }
        try await sql.raw("UPDATE \(ident: table) SET \(ident: column) = " + value + " WHERE " + scope
                          + " AND (" + matches.joined(separator: " OR ") + ")").run()
    }

    /// Where a withdrawal looks for the person's name: the rows that belong to them in the
    /// organizations they took part in, never a namesake's rows in another school or region.
    ///
    /// - The organizations reached: the card's own and, when the account is used by it alone, the
    ///   organizations whose programs the person took part in (issue 18: a partner's mentor in the
    ///   host school's program — the pairs, selection and nomination there are the host's rows
    ///   about this person). An account another organization still uses (`shared`) reaches only
    ///   the card's organization, and there only the rows that say so (`ownRows`).
    /// - Every place that displays the name in those organizations is reached: their own rows
    ///   (`organization_id`), their programs' rows, their pairs' rows and the reflections through
    ///   the pairs' meetings, the files of their cases and contest applications, the partner rows
    ///   that name one of them (either side), and rows without an organization that are about this
    ///   person (an audit entry whose object is the card, the account or a pair) or addressed to
    ///   someone of those organizations (a daily digest letter to the curator).
    struct Reach {
        var pairingIDs: [UUID]
        /// The card's organization first.
        var organizationIDs: [UUID]
        var shared: Bool
        var userID: UUID?
        /// The audit's `object_id` values that are this person: the card, the account, the pairs.
        var objectIDs: [String]
        /// The card, when it is a mentor's: their selection, nomination and contest rows.
        var mentorID: UUID? = nil

        /// The journal's entries tied to the person by id, in any organization: about the card, the
        /// account or the pairs, or written from the account. (For an account other organizations
        /// still use, only the card's organization's entries.)
        private var auditByID: SQLQueryString {
            var own: SQLQueryString = "object_id IN (\(binds: objectIDs))"
            if let userID { own = own + " OR actor_id = \(bind: userID)" }
            if shared, let home = organizationIDs.first { return "(organization_id = \(bind: home) AND (" + own + "))" }
            return "(" + own + ")"
        }

        /// The rows of `table` tied to the person by id rather than by organization: their pairs'
        /// rows, a mentor's selection, nomination and applications, the journal's entries about
        /// them. A name form another person also bears is replaced only here. Nil when none.
        func idRows(in table: String) -> SQLQueryString? {
            switch table {
            case AuditEntry.schema:
                return auditByID
            case MentorSelection.schema, PartnerNomination.schema, ContestApplication.schema:
                guard let mentorID else { return nil }
                return "mentor_id = \(bind: mentorID)"
            case ContestApplicationFile.schema:
                guard let mentorID else { return nil }
                return "application_id IN (SELECT id FROM \(ident: ContestApplication.schema) WHERE mentor_id = \(bind: mentorID))"
            default:
                return ownRows(in: table, pairingIDs: pairingIDs, organizationID: nil)
            }
        }

        /// The rows of `table` the withdrawal rewrites; nil when none (a table that names no link
        /// to the organizations, for an account another organization still uses).
        func rows(in table: String) -> SQLQueryString? {
            guard !shared, !organizationIDs.isEmpty else {
                return ownRows(in: table, pairingIDs: pairingIDs, organizationID: organizationIDs.first)
            }
            let organizations: SQLQueryString = "organization_id IN (\(binds: organizationIDs))"
            let pairMentorApplications: SQLQueryString = pairingIDs.isEmpty ? "1 = 0"
                : "mentor_id IN (SELECT mentor_id FROM \(ident: Pairing.schema) WHERE id IN (\(binds: pairingIDs)))"
            let programs: SQLQueryString = "SELECT id FROM \(ident: Program.schema) WHERE organization_id IN (\(binds: organizationIDs))"
            let pairs: SQLQueryString = "SELECT id FROM \(ident: Pairing.schema) WHERE organization_id IN (\(binds: organizationIDs))"
            let regions: SQLQueryString = "SELECT region_id FROM \(ident: Organization.schema) WHERE id IN (\(binds: organizationIDs))"
            switch table {
            case AuditEntry.schema:
                // Entries about this person or written by them, in any organization (another
                // organization's entry about the child's role there) or outside one (a sign-in).
                return "(" + organizations + " OR " + auditByID + ")"
            case AppNotification.schema, OutboxMessage.schema:
                // A letter without an organization is a digest of several: reached when addressed
                // to someone who holds a role in one of the organizations.
                return "(" + organizations + " OR (organization_id IS NULL AND user_id IN (SELECT user_id FROM \(ident: RoleAssignment.schema) WHERE "
                    + organizations + ")))"
            case ContestJuror.schema:
                // A juror's row names the juror: their organization's, or the person's own.
                guard let userID else { return organizations }
                return "(" + organizations + " OR user_id = \(bind: userID))"
            case InvolvementTarget.schema:
                // A region's own target has no organization: the organizations' region.
                return "(" + organizations + " OR (organization_id IS NULL AND region_id IN (" + regions + ")))"
            case Contest.schema:
                // A contest belongs to a region and tells no organization: the organizations' region
                // (the narrowest link there is; its creator is one of the region's coordinators).
                return "region_id IN (" + regions + ")"
            case ProgramPartner.schema, PartnerNomination.schema:
                // Shared by the program's organization and its partner: either side reached.
                return "(" + organizations + " OR program_id IN (" + programs + "))"
            case CaseFile.schema:
                return "case_id IN (SELECT id FROM \(ident: PracticeCase.schema) WHERE " + organizations + ")"
            case ContestApplication.schema:
                // A mentee's pair mentor from a partner organization (issue 18) applies to contests
                // from there: that mentor's applications, not their whole organization's.
                return "(" + organizations + " OR " + pairMentorApplications + ")"
            case ContestApplicationFile.schema:
                return "application_id IN (SELECT id FROM \(ident: ContestApplication.schema) WHERE " + organizations + " OR "
                    + pairMentorApplications + ")"
            default:
                if organizationTables.contains(table) { return organizations }
                if pairScopedTables.contains(table) || table == FinalAnswer.schema { return "pairing_id IN (" + pairs + ")" }
                if table == MeetingReflection.schema {
                    return "meeting_id IN (SELECT id FROM \(ident: PairMeeting.schema) WHERE pairing_id IN (" + pairs + "))"
                }
                if programTables.contains(table) { return "program_id IN (" + programs + ")" }
                return nil
            }
        }
    }

    /// The person's reach (see `Reach`), from the places they held in pairs.
    static func reach(of identity: Identity, kind: BaseKind, subjectID: UUID, sides: [Side], on db: any Database) async throws -> Reach {
        let pairingIDs = Array(Set(sides.map(\.pairingID))).sorted()
        let home = try await cardOrganization(kind: kind, subjectID: subjectID, on: db)
        let shared = try await accountStays(userID: identity.userID, organizationID: home, on: db)
        var organizationIDs = home.map { [$0] } ?? []
        if !shared {
            // The programs the person took part in: their pairs' and, for a mentor, those a partner
            // put them forward to or that selected them.
            var programIDs = pairingIDs.isEmpty ? [] : try await Pairing.query(on: db).filter(\.$id ~~ pairingIDs).all(\.$program.$id)
            if kind == .mentor {
                programIDs += try await PartnerNomination.query(on: db).filter(\.$mentor.$id == subjectID).all(\.$program.$id)
                programIDs += try await MentorSelection.query(on: db).filter(\.$mentor.$id == subjectID).all(\.$program.$id)
            }
            let hosts = programIDs.isEmpty ? [] : try await Program.query(on: db).filter(\.$id ~~ Array(Set(programIDs))).all(\.$organization.$id)
            for host in Set(hosts).sorted() where !organizationIDs.contains(host) { organizationIDs.append(host) }
        }
        let objects = [subjectID] + (identity.userID.map { [$0] } ?? []) + pairingIDs
        return Reach(pairingIDs: pairingIDs, organizationIDs: organizationIDs, shared: shared, userID: identity.userID,
                     objectIDs: objects.flatMap { [$0.uuidString, $0.uuidString.lowercased()] }, mentorID: kind == .mentor ? subjectID : nil)
    }

    /// The rows of `table` that belong to this organization: the person's pairs here (a
    /// reflection through its meeting), or the organization's own rows; nil when the table tells
    /// neither (an account other organizations use keeps its name there).
    fileprivate static func ownRows(in table: String, pairingIDs: [UUID], organizationID: UUID?) -> SQLQueryString? {
        if pairScopedTables.contains(table) || table == FinalAnswer.schema {
            return pairingIDs.isEmpty ? nil : "pairing_id IN (\(binds: pairingIDs))"
        }
        if table == MeetingReflection.schema {
            return pairingIDs.isEmpty ? nil
                : "meeting_id IN (SELECT id FROM \(ident: PairMeeting.schema) WHERE pairing_id IN (\(binds: pairingIDs)))"
        }
        if let organizationID, organizationTables.contains(table) { return "organization_id = \(bind: organizationID)" }
        if let organizationID, programTables.contains(table) {
            return "program_id IN (SELECT id FROM \(ident: Program.schema) WHERE organization_id = \(bind: organizationID))"
        }
        return nil
    }

    /// Tables of `nameColumns`/`textColumns` with the organization's own `organization_id`.
    static let organizationTables: Set<String> = [
        Answer.schema, AppNotification.schema, AuditEntry.schema, ConsentRecord.schema, ContestApplication.schema, ContestJuror.schema,
        GuardianLink.schema, ImpactMeasurement.schema, Incentive.schema, InvolvementTarget.schema, Nomination.schema,
        OrganizationYearFigures.schema, OutboxMessage.schema, Pairing.schema, PracticeCase.schema, QuestionnaireAssignment.schema,
        RequestVocabularyEntry.schema,
    ]

    /// Tables of `nameColumns`/`textColumns` whose rows belong to one program (`program_id`), so to
    /// the program's organization. (`program_partners` and `partner_nominations` also name a
    /// partner organization and are not listed: their rows are shared by two.)
    static let programTables: Set<String> = [
        ClosingEvent.schema, MatchingRun.schema, MentorMatchSession.schema, MentorSelection.schema, ProgramTeamMember.schema, RoadmapItem.schema,
        SearchNote.schema,
        StageChecklistItem.schema, StageTransition.schema, SwotItem.schema, TrainingSession.schema,
    ]

    private static func cardOrganization(kind: BaseKind, subjectID: UUID, on db: any Database) async throws -> UUID? {
        switch kind {
        case .mentee: try await Mentee.find(subjectID, on: db)?.$organization.id
        case .mentor: try await Mentor.find(subjectID, on: db)?.$organization.id
        }
    }

    /// Whether something outside this organization still refers to the account: a role in
    /// another organization (or one of a municipality or region), or another organization's card
    /// linked to it. Then the withdrawal ends only this organization's part.
    static func accountStays(userID: UUID?, organizationID: UUID?, on db: any Database) async throws -> Bool {
        guard let userID, let organizationID else { return false }
        let roles = try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).all()
            .filter { $0.$organization.id != organizationID }
        if !roles.isEmpty { return true }
        let mentees = try await Mentee.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id != organizationID).count()
        let mentors = try await Mentor.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id != organizationID).count()
        return mentees + mentors > 0
    }

    /// Locks the rows of the pairs the person stands in, sorted, before the withdrawal writes any of
    /// their cases: a case save locks the pair and then raises the case's version, so a withdrawal
    /// that took a case down (or replaced the name in it) before `removePairWork` locked the pair
    /// deadlocked with it on PostgreSQL. Returns the places it read, for `removeTexts` and
    /// `removePairWork` (`endParticipation` declines and closes, it deletes no member row).
    static func lockPairs(kind: BaseKind, subjectID: UUID, on db: any Database) async throws -> [Side] {
        let sides = try await sides(kind: kind, subjectID: subjectID, on: db)
        for pairingID in Array(Set(sides.map(\.pairingID))).sorted() { try await RowLock.lock(Pairing.schema, id: pairingID, on: db) }
        return sides
    }

    /// A place the person held in a pair: the pair, and the member row of a mentee.
    typealias Side = (pairingID: UUID, memberID: UUID?)

    /// Where the person stood in pairs: the mentor's pairings, or the mentee's member rows. Read
    /// once per withdrawal and given to `removeTexts` and `removePairWork`.
    static func sides(kind: BaseKind, subjectID: UUID, on db: any Database) async throws -> [Side] {
        switch kind {
        case .mentor:
            return try await Pairing.query(on: db).filter(\.$mentor.$id == subjectID).all().compactMap { $0.id.map { ($0, nil) } }
        case .mentee:
            return try await PairingMember.query(on: db).filter(\.$mentee.$id == subjectID).all().compactMap { member in
                member.id.map { (member.$pairing.id, $0) }
            }
        }
    }

    /// Columns that store a person's name as the author or actor of a row. The journal's
    /// `actor_name` is not among them: the journal is the accountability record, so its writer is
    /// relabelled by account (`actor_id`) and never by a name another person may bear.
    static let nameColumns: [(String, String)] = [
        (PairMeeting.schema, "recorded_by_name"), (MeetingReflection.schema, "written_by_name"), (PairGoal.schema, "written_by_name"),
        (DiaryEntry.schema, "author_name"), (PairConcern.schema, "author_name"), (FinalAnswer.schema, "written_by_name"),
        (PairClosure.schema, "decided_by_name"), (PairResult.schema, "written_by_name"), (PairWish.schema, "written_by_name"),
        (PairAgreement.schema, "written_by_name"), (Pairing.schema, "created_by_name"), (SearchNote.schema, "written_by_name"),
        (PracticeCase.schema, "written_by_name"), (ClosingEvent.schema, "written_by_name"), (SwotItem.schema, "written_by_name"),
        (ImpactMeasurement.schema, "measured_by_name"), (MatchingRun.schema, "created_by_name"), (Incentive.schema, "created_by_name"),
        (Nomination.schema, "created_by_name"), (ContestApplication.schema, "submitted_by_name"), (Contest.schema, "created_by_name"),
        (StageChecklistItem.schema, "done_by_name"), (StageTransition.schema, "actor_name"), (OrganizationYearFigures.schema, "entered_by_name"),
        (MentorSelection.schema, "decided_by"), (MentorSelection.schema, "interviewer"),
        (TrainingSession.schema, "trainer_name"), (PairConcern.schema, "handled_by_name"), (RhythmAcknowledgement.schema, "acknowledged_by_name"),
        (InvolvementTarget.schema, "set_by_name"), (RequestVocabularyEntry.schema, "created_by_name"), (GuardianLink.schema, "created_by_name"),
        (ContestJuror.schema, "name"), (ProgramTeamMember.schema, "full_name"), (ConsentRecord.schema, "given_by_name"),
        (ProgramPartner.schema, "added_by_name"), (PartnerNomination.schema, "nominated_by_name"),
    ]

    /// Tables of `textColumns` whose rows belong to one pair (`pairing_id`).
    static let pairScopedTables: Set<String> = [
        DiaryEntry.schema, PairConcern.schema, PairingMember.schema, PairClosure.schema, PairMeeting.schema, PairGoal.schema, PairResult.schema,
        PracticeCase.schema, RhythmAcknowledgement.schema, PairAgreement.schema, PairWish.schema,
    ]

    /// Free-text columns where a name may have been typed or copied.
    static let textColumns: [(String, String)] = [
        (AuditEntry.schema, "details"), (DiaryEntry.schema, "text"), (PairConcern.schema, "text"), (PairConcern.schema, "curator_reply"),
        (Pairing.schema, "meeting_note"), (PairingMember.schema, "explanation"), (PairingMember.schema, "mentee_answer_note"),
        (PairingMember.schema, "mentor_answer_note"), (PairClosure.schema, "reason"), (PairMeeting.schema, "summary"),
        (PairMeeting.schema, "place"), (SearchNote.schema, "support"), (MentorSelection.schema, "decision_reason"),
        (MentorSelection.schema, "interview_conclusion"), (Incentive.schema, "reason"), (Nomination.schema, "note"),
        (PairGoal.schema, "title"), (PairGoal.schema, "completion_note"), (PairResult.schema, "title"),
        (PracticeCase.schema, "title"), (PracticeCase.schema, "story"), (PracticeCase.schema, "results"),
        (PracticeCase.schema, "goal"), (PracticeCase.schema, "what_was_done"), (PracticeCase.schema, "materials"),
        (PracticeCase.schema, "status_note"), (CaseFile.schema, "caption"), (CaseFile.schema, "file_name"),
        (PairResult.schema, "link"), (PairResult.schema, "file_name"),
        (PairWish.schema, "resources"), (PairWish.schema, "missing_resources"), (PairWish.schema, "measure"), (PairWish.schema, "time_needed"),
        (ContestApplication.schema, "materials"), (ContestApplicationFile.schema, "file_name"),
        (RhythmAcknowledgement.schema, "note"),
        (AppNotification.schema, "title"), (AppNotification.schema, "body"), (OutboxMessage.schema, "subject"), (OutboxMessage.schema, "body"),
        (PairAgreement.schema, "contacts"), (PairAgreement.schema, "boundaries"), (PairWish.schema, "wish"), (PairGoal.schema, "desired_result"),
        (PairGoal.schema, "actions"), (SwotItem.schema, "text"), (ClosingEvent.schema, "summary"), (RoadmapItem.schema, "responsible"),
        (RoadmapItem.schema, "note"), (Answer.schema, "sheet"),
        (MeetingReflection.schema, "liked"), (MeetingReflection.schema, "made_possible_by"),
        (MeetingReflection.schema, "went_well"), (MeetingReflection.schema, "to_change"), (MeetingReflection.schema, "feeling"),
        (MeetingReflection.schema, "next_steps"),
        (FinalAnswer.schema, "most_valuable"), (FinalAnswer.schema, "results"), (FinalAnswer.schema, "learned"),
        (FinalAnswer.schema, "changed"), (FinalAnswer.schema, "understood"), (FinalAnswer.schema, "remembered"),
        // Where a curator or a pair types what they like: a name lands here too («по телефону мамы
        // Арсения», «встреча у Иванова в кабинете», an unsent questionnaire's typed answers).
        (PairAgreement.schema, "confidentiality"), (PairAgreement.schema, "communication"), (PairGoal.schema, "indicator"),
        (QuestionnaireAssignment.schema, "draft"), (ClosingEvent.schema, "place"), (MentorMatchSession.schema, "place"),
        (TrainingSession.schema, "topic"), (TrainingSession.schema, "materials"),
        (RoadmapItem.schema, "title"), (RoadmapItem.schema, "expected_result"), (RoadmapItem.schema, "document"),
    ]

    // MARK: - The pairs' cases, results and files; a mentor's contest applications

    /// Put in the title of a case whose texts were removed.
    static let removedCaseTitle = "Кейс пары (тексты удалены после отзыва согласия участника)"

    /// What of the person's pairs and of a mentor's contest entries outlives the withdrawal, by
    /// the rule a school's data protection officer applies (152-FZ, art. 21 p. 5):
    ///
    /// - A practice case is the story of one pair, written for others to read. Once a
    ///   participant withdraws, it cannot be kept whole: its texts tell about the person even
    ///   where no name is typed (the class, the events, a phone typed into the goal, the name in
    ///   Latin letters inside a link), and a photo shows a child whatever its caption says. So in
    ///   every case of the person's pairs each free text (title, story, goal, what was done,
    ///   results, materials, the administration's note) is replaced by the removal note, the
    ///   search key is rebuilt from that, and every photo and material is deleted. A published or
    ///   waiting case is taken down (`CasePublication.takeDown`, run before this) and stays down:
    ///   nothing of it could be shown whole, and while the person is a participant the consent
    ///   check refuses it again. The row stays — form, topic, program, dates — so the count of
    ///   cases written stays right; the curator may write the story anew for a group's others.
    /// - The pairs' results keep kind, date and title (the name in the title is replaced by
    ///   `textColumns`) for the mentor rating and monitoring; their link and file go, since a
    ///   diploma or a project names its author and its bytes cannot be scrubbed.
    /// - The wishes table keeps its lines with the name replaced in every column (`textColumns`),
    ///   as the pair's goals do.
    /// - A mentor's contest applications are about the mentor: their materials (links and
    ///   description) and files are deleted; the nomination and the stage reached stay for the
    ///   contest's counts. (The child's name in someone else's application is replaced by
    ///   `textColumns`.)
    ///
    /// Files are stored in the database (`AttachedFile`: case files, result files, application
    /// files), so deleting their rows here belongs to the withdrawal's transaction: a rollback
    /// keeps the files of a person who still consents, and nothing is left on a disk to sweep.
    /// Returns lines with counts only, no names: they go to the withdrawal's audit entry.
    static func removePairWork(kind: BaseKind, subjectID: UUID, sides: [Side], on db: any Database) async throws -> [String] {
        var lines: [String] = []
        let pairingIDs = Array(Set(sides.map(\.pairingID))).sorted()
        if !pairingIDs.isEmpty {
            // The pair's writers (a case saved or a file attached, a result, the pair's work) lock the
            // pair's row first; the caller holds the same rows (`lockPairs`, sorted, so two
            // withdrawals in one group pair take them in the same order), which puts each writer
            // wholly before this removal or after it, never a file inserted beside it unseen.
            let cases = try await PracticeCase.query(on: db).filter(\.$pairingID ~~ pairingIDs).all()
            let caseIDs = try cases.map { try $0.requireID() }
            let files = caseIDs.isEmpty ? 0 : try await CaseFile.query(on: db).filter(\.$practiceCase.$id ~~ caseIDs).count()
            if files > 0 { try await CaseFile.query(on: db).filter(\.$practiceCase.$id ~~ caseIDs).delete() }
            for practice in cases {
                practice.title = removedCaseTitle
                practice.story = removedText
                practice.goal = ""
                practice.whatWasDone = ""
                practice.results = ""
                practice.materials = ""
                practice.statusNote = reason + ": тексты, фотографии и материалы кейса удалены."
                if practice.status == .published || practice.status == .submitted { practice.status = .takenDown }
                practice.updateSearchKey()
                // A case form opened before the withdrawal still holds the name: its save is refused as stale.
                practice.version = (practice.version ?? 0) + 1
                try await practice.save(on: db)
            }
            if !cases.isEmpty {
                lines.append("Кейсы пар человека (\(cases.count)): все тексты, фото и материалы (\(files)) удалены, кейс не публикуется; в счёте кейсов он остался.")
            }
            let results = try await PairResult.query(on: db).filter(\.$pairing.$id ~~ pairingIDs).all()
                .filter { !$0.link.isEmpty || $0.fileName != nil || $0.fileData != nil }
            for result in results {
                result.link = ""
                result.fileName = nil
                result.fileType = nil
                result.fileData = nil
                try await result.save(on: db)
            }
            if !results.isEmpty {
                lines.append("Ссылки и файлы результатов пар (\(results.count)); вид, дата и название результата остались для статистики без имени.")
            }
        }
        if kind == .mentor {
            let applications = try await ContestApplication.query(on: db).filter(\.$mentor.$id == subjectID).all()
            let applicationIDs = try applications.map { try $0.requireID() }
            let files = applicationIDs.isEmpty ? 0
                : try await ContestApplicationFile.query(on: db).filter(\.$application.$id ~~ applicationIDs).count()
            if files > 0 { try await ContestApplicationFile.query(on: db).filter(\.$application.$id ~~ applicationIDs).delete() }
            for application in applications {
                application.materials = removedText
                try await application.save(on: db)
            }
            if !applications.isEmpty {
                lines.append("Материалы конкурсных заявок (\(applications.count)), их файлы (\(files)) удалены; номинация и достигнутый этап остались для итогов конкурса.")
            }
        }
        return lines
    }

    /// The case library searches a lowercased copy of a case's texts (`PracticeCase.searchKey`),
    /// which the replacement of the name in the texts does not reach: rebuilt from the texts in
    /// every case of the organizations the withdrawal reaches where the name was.
    private static func rebuildCaseSearchKeys(of identity: Identity, organizationIDs: [UUID], on db: any Database) async throws {
        let names = unique(identity.names.map { $0.lowercased() })
        guard !names.isEmpty, !organizationIDs.isEmpty else { return }
        var query = PracticeCase.query(on: db).group(.or) { group in
            for name in names { group.filter(\.$searchKey ~~ name) }
        }
        query = query.filter(\.$organizationID ~~ organizationIDs)
        for practice in try await query.all() {
            practice.updateSearchKey()
            // The name was replaced in its texts: a form read before still holds it.
            practice.version = (practice.version ?? 0) + 1
            try await practice.save(on: db)
        }
    }

    // MARK: - Records about the person

    /// What staff wrote about the person that no statistic needs: the search notes about a
    /// mentee, the interview and test conclusions of a mentor's selection (the decision stays);
    /// and the links to the child's legal representatives, whose view of the child ends.
    static func removeRecords(kind: BaseKind, subjectID: UUID, on db: any Database) async throws -> [String] {
        var lines: [String] = []
        switch kind {
        case .mentee:
            let notes = try await SearchNote.query(on: db).filter(\.$mentee.$id == subjectID).count()
            if notes > 0 {
                try await SearchNote.query(on: db).filter(\.$mentee.$id == subjectID).delete()
                lines.append("Заметки куратора о поиске наставника (\(notes)).")
            }
        case .mentor:
            let selections = try await MentorSelection.query(on: db).filter(\.$mentor.$id == subjectID).all()
            for selection in selections {
                selection.decisionReason = nil
                selection.interviewConclusion = nil
                selection.skillGaps = nil
                try await selection.save(on: db)
            }
            if !selections.isEmpty { lines.append("Заключения собеседования и тестирования при отборе (\(selections.count)); решение об отборе осталось для статистики.") }
        }
        // A minor's representatives are linked to the mentee card or, for a minor mentor, to the mentor card.
        let linkKey = kind == .mentee ? Mentee.linkKey : Mentor.linkKey
        let links = try await GuardianLink.query(on: db).filter(linkKey == subjectID).count()
        if links > 0 {
            try await GuardianLink.query(on: db).filter(linkKey == subjectID).delete()
            lines.append("Связь с законными представителями в системе (\(links)): они больше не видят ребёнка.")
        }
        return lines
    }

    // MARK: - Account

    /// Ends the account: roles in the organization removed, the account switched off with its
    /// sessions, invitations and API tokens, its name replaced, questionnaire answers unlinked
    /// (their scores stay for the statistics without anyone's identity).
    static func closeAccount(userID: UUID, organizationID: UUID, on db: any Database) async throws -> [String] {
        guard let user = try await User.find(userID, on: db), !user.isPlatformAdmin else { return [] }
        let roles = try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID).all()
        for role in roles { try await role.delete(on: db) }
        let rolesLine = roles.isEmpty ? [] : ["Роли в организации сняты: " + roles.map(\.role.russianName).joined(separator: ", ") + "."]
        if try await accountStays(userID: userID, organizationID: organizationID, on: db) {
            // Another organization still uses the account: only this organization's part ends.
            try await Mentee.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID).set(\.$user.$id, to: nil).update()
            try await Mentor.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID).set(\.$user.$id, to: nil).update()
            try await AppNotification.query(on: db).filter(\.$userID == userID).filter(\.$organizationID == organizationID).delete()
            try await OutboxMessage.query(on: db).filter(\.$userID == userID).filter(\.$organizationID == organizationID).delete()
            try await QuestionnaireAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organizationID == organizationID)
                .set(\.$draft, to: nil).update()
            let answers = try await Answer.query(on: db).filter(\.$respondent.$id == userID).filter(\.$organizationID == organizationID).count()
            if answers > 0 {
                try await Answer.query(on: db).filter(\.$respondent.$id == userID).filter(\.$organizationID == organizationID)
                    .set(\.$respondent.$id, to: nil).update()
            }
            return ["Учётная запись осталась: у человека есть роли в других организациях; карточка этой организации отвязана от неё, уведомления, письма и черновики анкет этой организации удалены."]
                + rolesLine + (answers > 0 ? ["Ответы на анкеты этой организации отвязаны от человека (\(answers)); баллы остались в статистике без имени."] : [])
        }
        // The login is the name in Latin letters («ivanov.arseniy», as `ParticipantLogins` makes
        // it): it is replaced too, and the sign-in counters keyed by it go with it.
        let oldLogin = user.login
        user.isActive = false
        user.lastName = "Участник"
        user.firstName = "(данные удалены)"
        user.middleName = nil
        user.email = nil
        user.login = anonymousLogin()
        user.updateSearchKey()
        try await user.save(on: db)
        if let sql = db as? any SQLDatabase {
            // A failed sign-in's audit entry records the login typed: only the entries about this
            // person, and a failed sign-in typed exactly as the login («ivanov» is not «ivanova.maria»).
            try await sql.raw("""
                UPDATE \(ident: AuditEntry.schema) SET details = REPLACE(details, \(bind: oldLogin), \(bind: user.login))
                WHERE details LIKE \(bind: "%" + oldLogin + "%")
                  AND (object_id = \(bind: userID.uuidString) OR (action = \(bind: AuditAction.signInFailed.rawValue) AND details = \(bind: oldLogin)))
                """).run()
            try await sql.raw("""
                DELETE FROM \(ident: LoginRateLimit.table) WHERE "key" = \(bind: "account:" + oldLogin) OR "key" LIKE \(bind: "client:%|" + oldLogin)
                """).run()
        }
        try await UserSession.query(on: db).filter(\.$user.$id == userID).delete()
        try await Invitation.query(on: db).filter(\.$user.$id == userID).delete()
        try await ApiToken.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil).set(\.$revokedAt, to: Date()).update()
        // What was addressed to the person: notifications, letters (the address is theirs), the
        // mail settings with the unsubscribe secret, questionnaire drafts never sent.
        try await AppNotification.query(on: db).filter(\.$userID == userID).delete()
        try await OutboxMessage.query(on: db).filter(\.$userID == userID).delete()
        try await NotificationPreference.query(on: db).filter(\.$id == userID).delete()
        try await QuestionnaireAssignment.query(on: db).filter(\.$user.$id == userID).set(\.$draft, to: nil).update()
        let answers = try await Answer.query(on: db).filter(\.$respondent.$id == userID).count()
        if answers > 0 {
            try await Answer.query(on: db).filter(\.$respondent.$id == userID).set(\.$respondent.$id, to: nil).update()
        }
        var lines = ["Учётная запись отключена: вход, открытые сеансы и API-токены прекращены; уведомления, письма и черновики анкет удалены; имя в ней удалено, логин (имя латиницей) заменён на обезличенный «\(user.login)»."]
        lines += rolesLine
        if answers > 0 { lines.append("Ответы на анкеты отвязаны от человека (\(answers)); баллы остались в статистике без имени.") }
        return lines
    }
}

extension ConsentWithdrawal {
    /// A login that names no one: «udaleno-» and twelve random hex digits (unique like any login).
    static func anonymousLogin() -> String {
        "udaleno-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
    }
}

/// What a switched-off account is told at sign-in.
enum AccountDeactivation {
    static let signInMessage = "Учётная запись отключена: согласие на обработку персональных данных отозвано, участие в программе завершено. Если это ошибка, обратитесь к куратору наставничества своей организации."
}
