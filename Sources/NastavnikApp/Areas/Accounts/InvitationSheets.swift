import Fluent
import FluentSQL
import Foundation
import Vapor

/// Invitations at the scale of a school (issue 18, item 3): the curator selects people of a base
/// (or a whole class or group) and issues their one-time links in one step. People without an
/// account get one (login «фамилия.имя», the base's role in the organization, linked to their
/// card); a link is issued only through `Invitations.issue`, so it never reaches an account
/// whose other roles the curator may not manage.
///
/// The links are not kept on the server: each is an HMAC of the invitation's id under the sheet's
/// secret, and the secret travels only in the sheet's address (its hash is stored), so a reader
/// of the database or a backup cannot rebuild a link, while the curator can open the sheet again.
enum InvitationSheets {
    struct Skipped: Encodable, Sendable {
        let fullName: String
        let reason: String
    }

    struct Issued: Sendable {
        let sheetID: UUID
        let secret: String
        let issued: Int
        let skipped: [Skipped]
    }

    /// The most people in one step: a school's parallel of classes, with room to spare.
    static let maximum = 300

    /// The link's token for an invitation of a sheet.
    static func token(secret: String, invitationID: UUID) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Data(invitationID.uuidString.utf8), using: key)
        return Data(code).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// A card of either base, as much as an invitation needs.
    struct Card: Sendable {
        let id: UUID
        let lastName: String
        let firstName: String
        let middleName: String?
        let gender: String?
        let className: String?
        let userID: UUID?
        let anonymized: Bool
        let consentValid: Bool
        let graduated: Bool

        var fullName: String { [lastName, firstName, middleName ?? ""].filter { !$0.isEmpty }.joined(separator: " ") }

        static func load(kind: BaseKind, ids: [UUID], organizationID: UUID, on db: any Database) async throws -> [Card] {
            switch kind {
            case .mentee:
                return try await Mentee.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$id ~~ ids).all().map {
                    Card(id: try $0.requireID(), lastName: $0.lastName, firstName: $0.firstName, middleName: $0.middleName,
                         gender: $0.storedGender, className: $0.className, userID: $0.$user.id, anonymized: $0.anonymizedAt != nil,
                         consentValid: $0.consentState == .valid, graduated: $0.graduatedYear != nil)
                }
            case .mentor:
                return try await Mentor.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$id ~~ ids).all().map {
                    Card(id: try $0.requireID(), lastName: $0.lastName, firstName: $0.firstName, middleName: $0.middleName,
                         gender: $0.storedGender, className: $0.className, userID: $0.$user.id, anonymized: $0.anonymizedAt != nil,
                         consentValid: $0.consentState == .valid, graduated: $0.graduatedYear != nil)
                }
            }
        }
    }

    /// Issues the links of the selected cards in one transaction that holds the organization's
    /// bases (`BaseWriteLock`): a double click or two curators at once never make two accounts for
    /// one card. Cards that cannot get a link are listed with the reason.
    static func issue(kind: BaseKind, cardIDs: [UUID], organization: Organization, by principal: Principal,
                      on db: any Database) async throws -> Issued {
        let organizationID = try organization.requireID()
        let role: Role = kind == .mentee ? .mentee : .mentor
        let secret = SecureToken.generate()
        return try await db.transaction { db in
            try await BaseWriteLock.acquire(organizationID: organizationID, on: db)
            let cards = try await Card.load(kind: kind, ids: Array(Set(cardIDs)), organizationID: organizationID, on: db)
                .sorted { ($0.className ?? "", $0.lastName, $0.firstName) < ($1.className ?? "", $1.lastName, $1.firstName) }
            let sheet = InvitationSheet()
            sheet.$organization.id = organizationID
            sheet.$createdBy.id = principal.userID
            sheet.kind = kind.rawValue
            sheet.secretHash = SecureToken.hash(secret)
            try await sheet.create(on: db)
            let sheetID = try sheet.requireID()
            var skipped: [Skipped] = [], issuedByClass: [String: Int] = [:]
            var newLogins: Set<String> = []
            for (position, card) in cards.enumerated() {
                let row = InvitationSheetRow()
                row.$sheet.id = sheetID
                row.position = position
                row.cardID = card.id
                row.className = card.className
                switch try await accountForLink(card, role: role, organizationID: organizationID, by: principal, newLogins: newLogins, on: db) {
                case .skip(let reason):
                    skipped.append(Skipped(fullName: card.anonymized ? ConsentWithdrawal.label : card.fullName, reason: reason))
                    row.$user.id = card.userID
                    row.skipReason = reason
                case .account(let account):
                    newLogins.insert(account.login)
                    let invitationID = UUID()
                    try await Invitations.issue(for: account, by: principal, organizationID: organizationID, invitationID: invitationID,
                                                token: token(secret: secret, invitationID: invitationID), on: db)
                    row.$user.id = try account.requireID()
                    row.invitationID = invitationID
                    issuedByClass[card.className ?? "без \(GroupLabels.of(organization.kind).genitive)", default: 0] += 1
                }
                try await row.create(on: db)
            }
            let issued = issuedByClass.values.reduce(0, +)
            let summary = issuedByClass.keys.sorted().map { "\($0) — \(issuedByClass[$0]!)" }.joined(separator: ", ")
            try await Audit.record(.invitationSheetIssued, by: principal, organizationID: organizationID, objectType: "invitation_sheet",
                                   objectID: sheetID, details: "\(kind.russianName): ссылок \(issued)\(summary.isEmpty ? "" : " (\(summary))"), не выдано \(skipped.count)",
                                   on: db)
            return Issued(sheetID: sheetID, secret: secret, issued: issued, skipped: skipped)
        }
    }

    enum AccountDecision {
        case account(User)
        case skip(String)
    }

    /// The account a card's link is for: its linked one while it has no password, or a new one.
    static func accountForLink(_ card: Card, role: Role, organizationID: UUID, by principal: Principal, newLogins: Set<String>,
                               on db: any Database) async throws -> AccountDecision {
        if card.anonymized { return .skip("данные обезличены после отзыва согласия") }
        if card.graduated { return .skip("выпускник: в действующей базе его нет") }
        if !card.consentValid { return .skip("нет действующего согласия на обработку персональных данных") }
        if let userID = card.userID {
            guard let user = try await User.find(userID, on: db) else { return .skip("связанная учётная запись не найдена") }
            if user.passwordHash != nil { return .skip("уже пользуется системой: пароль задан") }
            guard try await Invitations.mayManageEveryRole(of: user, by: principal, on: db) else {
                return .skip("у учётной записи есть роли, которыми вы не управляете (сотрудник или другая организация): ссылку выдаёт администрация")
            }
            return .account(user)
        }
        // A person invited another way keeps their account: it is linked on the card
        // (`AccountLinking.candidates`), never replaced by a second one.
        if try await !AccountLinking.candidates(kind: role == .mentee ? .mentee : .mentor, lastName: card.lastName, firstName: card.firstName,
                                                 middleName: card.middleName, organizationID: organizationID, on: db).isEmpty {
            return .skip("в организации уже есть учётная запись с этим именем и ролью: свяжите её на карточке")
        }
        let login = try await ParticipantLogins.free(lastName: card.lastName, firstName: card.firstName, taken: newLogins, on: db)
        let user = User(login: login, lastName: card.lastName, firstName: card.firstName, middleName: card.middleName)
        user.storedGender = card.gender
        try await user.create(on: db)
        let userID = try user.requireID()
        try await RoleAssignment(userID: userID, role: role, organizationID: organizationID).create(on: db)
        guard try await link(card: card.id, kind: role == .mentee ? .mentee : .mentor, to: userID, on: db) else {
            throw AppError.conflict("Карточку «\(card.fullName)» только что связали с другой учётной записью. Обновите страницу и выдайте ссылки ещё раз.")
        }
        return .account(user)
    }

    /// Links a card that has no account yet; false when it got one in the meantime.
    static func link(card id: UUID, kind: BaseKind, to userID: UUID, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        let rows = try await sql.update(kind == .mentee ? Mentee.schema : Mentor.schema)
            .set("user_id", to: SQLBind(userID))
            .set("version", to: SQLRaw("COALESCE(version, 0) + 1"))
            .where("id", .equal, SQLBind(id))
            .where("user_id", .is, SQLLiteral.null)
            .returning("id")
            .all()
        return rows.count == 1
    }
}

extension InvitationSheets {
    /// A line of the sheet as printed and exported: the link rebuilt from the secret, and whether it still works.
    struct Line: Encodable, Sendable {
        let fullName: String
        let className: String
        let login: String
        let link: String
        let state: String
        let valid: Bool
        let validUntil: Date?
        /// The QR code of the link as SVG, drawn on the server; empty when the link no longer works.
        let qr: String
    }

    /// The lines of the class or group, for one printed page each.
    struct Group: Encodable, Sendable {
        let className: String
        let lines: [Line]
    }

    struct Sheet: Sendable {
        let sheet: InvitationSheet
        let lines: [Line]
        let skipped: [Skipped]

        var groups: [Group] {
            var order: [String] = [], byClass: [String: [Line]] = [:]
            for line in lines {
                if byClass[line.className] == nil { order.append(line.className) }
                byClass[line.className, default: []].append(line)
            }
            return order.map { Group(className: $0, lines: byClass[$0]!) }
        }
    }

    /// The sheet whose address carries this secret, in the organization; nil for any other secret.
    /// `site` is the address people open («https://nastavnik.school.ru»), put before each link.
    static func load(secret: String, organizationID: UUID, site: String, on db: any Database) async throws -> Sheet? {
        guard secret.count >= 20, let sheet = try await InvitationSheet.query(on: db)
            .filter(\.$secretHash == SecureToken.hash(secret)).filter(\.$organization.$id == organizationID).first() else { return nil }
        let rows = try await InvitationSheetRow.query(on: db).filter(\.$sheet.$id == sheet.requireID()).sort(\.$position).all()
        let kind = BaseKind(rawValue: sheet.kind) ?? .mentee
        let cards = try await Card.load(kind: kind, ids: rows.map(\.cardID), organizationID: organizationID, on: db)
        let names = Dictionary(uniqueKeysWithValues: cards.map { ($0.id, $0.anonymized ? ConsentWithdrawal.label : $0.fullName) })
        // After a withdrawal the login (the name in Latin letters) goes with the name.
        let withdrawn = Set(cards.filter(\.anonymized).map(\.id))
        let userIDs = rows.compactMap { $0.$user.id }
        let logins = Dictionary(uniqueKeysWithValues: try await User.query(on: db).filter(\.$id ~~ userIDs).all().map { (try $0.requireID(), $0.login) })
        let invitationIDs = rows.compactMap(\.invitationID)
        let invitations = Dictionary(uniqueKeysWithValues: try await Invitation.query(on: db).filter(\.$id ~~ invitationIDs).all()
            .map { (try $0.requireID(), $0) })
        var lines: [Line] = [], skipped: [Skipped] = []
        let now = Date()
        for row in rows {
            let name = names[row.cardID] ?? ConsentWithdrawal.label
            guard let invitationID = row.invitationID else {
                skipped.append(Skipped(fullName: name, reason: row.skipReason ?? ""))
                continue
            }
            let token = token(secret: secret, invitationID: invitationID)
            let invitation = invitations[invitationID].flatMap { $0.tokenHash == SecureToken.hash(token) ? $0 : nil }
            let state: String, valid: Bool
            switch invitation {
            case nil: (state, valid) = ("заменена новой ссылкой или отозвана", false)
            case let invitation? where invitation.usedAt != nil: (state, valid) = ("использована: пароль задан", false)
            case let invitation? where invitation.expiresAt <= now: (state, valid) = ("срок действия истёк", false)
            default: (state, valid) = ("действует", true)
            }
            let link = site + SiteRoute.Accounts.invitation.path(token)
            let qr = valid ? try QRCode(link).svg(label: "QR-код ссылки для \(name)") : ""
            lines.append(Line(fullName: name, className: row.className ?? "", login: withdrawn.contains(row.cardID) ? "" : row.$user.id.flatMap { logins[$0] } ?? "",
                              link: valid ? link : "", state: state, valid: valid, validUntil: valid ? invitation?.expiresAt : nil, qr: qr))
        }
        return Sheet(sheet: sheet, lines: lines, skipped: skipped)
    }

    /// The CSV of the sheet for a mail merge: UTF-8 with BOM and «;», as Russian Excel opens it.
    static func csv(_ sheet: Sheet, group: GroupLabels) -> Data {
        CSVTable.write(header: ["ФИО", group.title, "Логин", "Ссылка", "Действует до", "Состояние"],
                       rows: sheet.lines.map { line in
                           [line.fullName, line.className, line.login, line.link,
                            line.validUntil.map(RussianDate.dateTime) ?? "", line.state]
                       })
    }
}
