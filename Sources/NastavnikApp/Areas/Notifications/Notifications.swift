import Fluent
import Foundation
import SQLKit

/// What a notification is about; stored as a string.
public enum NotificationKind: String, Codable, CaseIterable, Sendable {
    case pairProposed, questionnaireSent, caseSubmitted
    case meetingTomorrow, deadlineSoon, pairWithoutMeetings, consentMissing
    /// An organization offers a role to an existing account (`RoleOffers`).
    case roleOffered
    /// A participant of a pair wrote a private concern to the curator (`PairWorkService.raiseConcern`).
    case concernRaised
    /// A partner organization put mentors forward to a program (`ProgramPartners.nominate`).
    case partnerNominated

    public var russianName: String {
        switch self {
        case .pairProposed: "Предложение пары"
        case .questionnaireSent: "Анкета"
        case .caseSubmitted: "Кейс на согласовании"
        case .meetingTomorrow: "Встреча завтра"
        case .deadlineSoon: "Срок анкеты"
        case .pairWithoutMeetings: "Нет встреч"
        case .consentMissing: "Нет согласия"
        case .roleOffered: "Предложение роли"
        case .partnerNominated: "Наставники от партнёра"
        case .concernRaised: "Обращение к куратору"
        }
    }
}

/// One notification as written: the text a person reads on the site and in the letter.
/// Texts name the program and the action, never a child or another person: a letter travels
/// through mail servers, and the page it links to shows the rest to those allowed to see it.
struct NotificationMessage: Sendable {
    var kind: NotificationKind
    var title: String
    var body: String
    /// A path of the site.
    var link: String
    var organizationID: UUID?
}

/// Writes notifications and their letters. Every call runs inside the transaction of the change
/// that causes it, so the change and its messages are committed together or not at all; sending
/// is the outbox worker's job (`OutboxWorker`), never a request's.
enum Notifications {
    /// A letter waits this long at most: one older than that (a server without mail for a week)
    /// is cancelled rather than sent late.
    static let letterLifetime: TimeInterval = 7 * 24 * 3600

    /// Notifies each person once (repeated ids are dropped). A `dedupeKey` per person makes the
    /// call idempotent: a reminder already written under that key is not written again, which
    /// the database's unique index decides, so two servers running the same job cannot both write it.
    /// Returns how many notifications were written.
    @discardableResult
    static func notify(_ userIDs: [UUID], _ message: NotificationMessage, dedupeKey: ((UUID) -> String)? = nil,
                       now: Date = Date(), on db: any Database) async throws -> Int {
        var seen = Set<UUID>()
        let recipients = userIDs.filter { seen.insert($0).inserted }
        guard !recipients.isEmpty, let sql = db as? any SQLDatabase else { return 0 }
        let people = try await deliveryChoices(of: recipients, on: sql)
        var written = 0
        for userID in recipients {
            guard let person = people[userID], person.isActive else { continue }
            let key = dedupeKey?(userID)
            let digest = person.email != nil && person.emailEnabled && person.frequency == .daily
            // A reminder already written under its key is skipped by the unique index itself.
            let inserted = try await sql.insert(into: AppNotification.schema)
                .columns("id", "user_id", "organization_id", "kind", "title", "body", "link", "digest_pending", "dedupe_key", "created_at")
                .values(SQLBind(UUID()), SQLBind(userID), SQLBind(message.organizationID), SQLBind(message.kind.rawValue),
                        SQLBind(message.title), SQLBind(message.body), SQLBind(message.link), SQLBind(digest), SQLBind(key), SQLBind(now))
                .ignoringConflicts()
                .returning("id")
                .all()
            guard !inserted.isEmpty else { continue }
            written += 1
            if let email = person.email, person.emailEnabled, person.frequency == .immediate {
                try await Outbox.enqueue(userID: userID, organizationID: message.organizationID, recipient: email, kind: .single,
                                         subject: LetterText.subject(message), body: LetterText.single(message, at: now),
                                         dedupeKey: key.map { "letter:" + $0 }, now: now, on: sql)
            }
        }
        return written
    }

    struct DeliveryChoice {
        let isActive: Bool
        let email: String?
        let emailEnabled: Bool
        let frequency: NotificationFrequency
    }

    /// Each person's address and choice; without a row of choices, e-mail at once.
    static func deliveryChoices(of userIDs: [UUID], on sql: any SQLDatabase) async throws -> [UUID: DeliveryChoice] {
        struct Row: Decodable {
            let id: UUID
            let is_active: Bool
            let email: String?
            let email_enabled: Bool?
            let frequency: String?
        }
        var result: [UUID: DeliveryChoice] = [:]
        for chunk in stride(from: 0, to: userIDs.count, by: 500).map({ Array(userIDs[$0..<min($0 + 500, userIDs.count)]) }) {
            let rows = try await sql.select()
                .column(SQLColumn("id", table: "u")).column(SQLColumn("is_active", table: "u")).column(SQLColumn("email", table: "u"))
                .column(SQLColumn("email_enabled", table: "p")).column(SQLColumn("frequency", table: "p"))
                .from(SQLAlias(SQLIdentifier(User.schema), as: SQLIdentifier("u")))
                .join(SQLAlias(SQLIdentifier(NotificationPreference.schema), as: SQLIdentifier("p")), method: SQLJoinMethod.left,
                      on: SQLColumn("user_id", table: "p"), .equal, SQLColumn("id", table: "u"))
                .where(SQLColumn("id", table: "u"), .in, SQLBind.group(chunk))
                .all(decoding: Row.self)
            for row in rows {
                let address = row.email?.trimmingCharacters(in: CharacterSet.whitespaces)
                result[row.id] = DeliveryChoice(isActive: row.is_active, email: MailAddress.isValid(address) ? address : nil,
                                                emailEnabled: row.email_enabled ?? true,
                                                frequency: row.frequency.flatMap(NotificationFrequency.init(rawValue:)) ?? .immediate)
            }
        }
        return result
    }

    // MARK: - The places that cause messages (one call each, inside their transaction)

    /// Proposals went out: the mentor (or a minor mentor's representatives) and each proposed
    /// mentee's side — the child's own account and, for a minor, the linked representatives,
    /// whose agreement the pair needs. `memberIDs` limits the mentees to those just proposed.
    static func proposalsSent(pairingIDs: [UUID], memberIDs: [UUID]? = nil, on db: any Database) async throws {
        guard !pairingIDs.isEmpty else { return }
        let pairings = try await Pairing.query(on: db).filter(\.$id ~~ pairingIDs)
            .with(\.$program).with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
        for pairing in pairings {
            let members = pairing.members.filter { memberIDs?.contains($0.id!) ?? true }
            guard !members.isEmpty else { continue }
            let program = pairing.program.name
            let organizationID = pairing.organizationID
            let count = members.count
            let mentorSide = try await ownAccountAndRepresentatives(userID: pairing.mentor.$user.id, isMinor: pairing.mentor.isMinor,
                                                                     mentorID: pairing.$mentor.id, on: db)
            try await notifyProposal(mentorSide, program: program, organizationID: organizationID,
                                     ownTitle: "Предложение стать наставником",
                                     ownOffer: "предлагает вам \(count.russian("наставляемого", "наставляемых", "наставляемых"))",
                                     childTitle: "Ребёнку предложено стать наставником", childOffer: "быть наставником", on: db)
            for member in members {
                let mentee = member.mentee
                let side = try await ownAccountAndRepresentatives(userID: mentee.$user.id, isMinor: mentee.isMinor, menteeID: mentee.id, on: db)
                try await notifyProposal(side, program: program, organizationID: organizationID,
                                         ownTitle: "Вам предложен наставник", ownOffer: "предлагает вам наставника",
                                         childTitle: "Ребёнку предложен наставник", childOffer: "наставника", on: db)
            }
        }
    }

    /// One side of a proposal: the person's own account («Мои пары») and a minor's representatives
    /// («Мои дети», whose agreement the pair needs).
    private static func notifyProposal(_ side: (own: [UUID], representatives: [UUID]), program: String, organizationID: UUID,
                                       ownTitle: String, ownOffer: String, childTitle: String, childOffer: String,
                                       on db: any Database) async throws {
        try await notify(side.own, NotificationMessage(
            kind: .pairProposed, title: "\(ownTitle) в программе «\(program)»",
            body: "Куратор программы наставничества «\(program)» \(ownOffer). "
                + "Откройте «Мои пары», посмотрите предложение и примите или отклоните его.",
            link: SiteRoute.MyPairs.index.path(), organizationID: organizationID), on: db)
        try await notify(side.representatives, NotificationMessage(
            kind: .pairProposed, title: "\(childTitle) в программе «\(program)»",
            body: "Куратор программы наставничества «\(program)» предлагает вашему ребёнку \(childOffer). "
                + "Без вашего согласия пара не сформируется: ответьте на странице «Мои дети».",
            link: SiteRoute.MyChildren.index.path(), organizationID: organizationID), on: db)
    }

    /// A person's own account, and the accounts of a minor's linked legal representatives.
    private static func ownAccountAndRepresentatives(userID: UUID?, isMinor: Bool, menteeID: UUID? = nil, mentorID: UUID? = nil,
                                                     on db: any Database) async throws -> (own: [UUID], representatives: [UUID]) {
        var representatives: [UUID] = []
        if isMinor {
            let links = GuardianLink.query(on: db)
            if let menteeID { links.filter(\.$mentee.$id == menteeID) } else if let mentorID { links.filter(\.$mentor.$id == mentorID) } else { return (userID.map { [$0] } ?? [], []) }
            representatives = try await links.all().map { $0.$guardian.id }
        }
        return (userID.map { [$0] } ?? [], representatives)
    }

    /// A questionnaire was sent to people.
    static func questionnaireSent(_ questionnaire: Questionnaire, to userIDs: [UUID], dueAt: Date?, on db: any Database) async throws {
        var program: Program?
        if let programID = questionnaire.programID { program = try await Program.find(programID, on: db) }
        let organization = try await Organization.find(questionnaire.$organization.id, on: db)
        let place = program.map { "программы наставничества «\($0.name)»" } ?? "«\(organization?.shortName ?? "организации")»"
        let due = dueAt.map { " до \(LetterText.day($0))" } ?? ""
        try await notify(userIDs, NotificationMessage(
            kind: .questionnaireSent, title: "Новая анкета «\(questionnaire.title)»",
            body: "Куратор \(place) просит заполнить анкету «\(questionnaire.title)»\(due). Анкета открыта в разделе «Мои анкеты».",
            link: SiteRoute.Questionnaires.mine.path(), organizationID: questionnaire.$organization.id), on: db)
    }

    /// A participant of a pair wrote to the curator. The curators of the pair's organization (or,
    /// without one, whoever reads its concerns) learn that there is a concern and whether help is
    /// asked — never who wrote it or what: the text is read in the concerns list, which only they
    /// open, and a letter travels through mail servers. The author is not told of their own concern.
    static func concernRaised(_ concern: PairConcern, in pairing: Pairing, author: UUID?, on db: any Database) async throws {
        let organizationID = pairing.organizationID
        func holders(_ roles: [Role]) async throws -> [UUID] {
            try await RoleAssignment.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$role ~~ roles).all()
                .map { $0.$user.id }.filter { $0 != author }
        }
        var recipients = try await holders([.curator])
        if recipients.isEmpty { recipients = try await holders(Array(AccessPolicy.roles(for: .formPairs))) }
        let program = try await Program.find(pairing.$program.id, on: db)?.name ?? "—"
        let who = concern.side == .mentor ? "Наставник" : "Наставляемый"
        try await notify(recipients, NotificationMessage(
            kind: .concernRaised,
            title: concern.asksIntervention ? "Просят вмешаться: обращение в программе «\(program)»" : "Новое обращение в программе «\(program)»",
            body: "\(who) одной из пар программы наставничества «\(program)» написал обращение к куратору"
                + (concern.asksIntervention ? " и просит вмешаться" : "") + ". "
                + "Текст обращения и пара — в разделе «Обращения к куратору»; в уведомлении и письме их нет.",
            link: SiteRoute.ProgramWork.concerns.path(organizationID), organizationID: organizationID), on: db)
    }

    /// A case was sent for review: the organization's administration approves publications.
    static func caseSubmitted(_ practice: PracticeCase, on db: any Database) async throws {
        let approvers = try await RoleAssignment.query(on: db).filter(\.$organization.$id == practice.organizationID)
            .filter(\.$role ~~ AccessPolicy.roles(for: .approvePublications)).all().map { $0.$user.id }
        let program = try await Program.find(practice.programID, on: db)?.name ?? "—"
        try await notify(approvers, NotificationMessage(
            kind: .caseSubmitted, title: "Кейс программы «\(program)» ждёт согласования",
            body: "Куратор программы наставничества «\(program)» отправил кейс в библиотеку практик. "
                + "Проверьте его и опубликуйте или снимите на странице «Кейсы организации».",
            link: SiteRoute.Cases.list.path(practice.organizationID), organizationID: practice.organizationID), on: db)
    }
}
