import Fluent
import SQLKit
import Vapor

private struct MailSettingsKey: StorageKey { typealias Value = MailSettings }

extension Application {
    /// The SMTP server when mail is configured (`serve` sets it from `NASTAVNIK_SMTP_*`); pages
    /// offer to send a letter only then.
    public var mail: MailSettings? {
        get { storage[MailSettingsKey.self] }
        set { storage[MailSettingsKey.self] = newValue }
    }
}

/// Invitation links sent by mail (issue 18, item 3): from a card with an e-mail, or for everyone
/// with an e-mail on an invitation sheet. The letter is written to the outbox in the transaction
/// that issues the link and goes out from the background worker, never inside the request; the
/// site's address is put before the link when the letter is sent (`LetterText.sitePlaceholder`).
enum InvitationMail {
    static func subject(organization: Organization) -> String {
        "Приглашение в «Наставник»: \(organization.shortName)"
    }

    static func body(fullName: String, login: String, organization: Organization, path: String, validUntil: Date) -> String {
        """
        Здравствуйте, \(fullName)!

        \(organization.name) приглашает вас в систему «Наставник», где ведётся программа наставничества.

        Ваш логин: \(login)
        Задайте пароль по ссылке (она действует до \(RussianDate.dateTime(validUntil)) и работает один раз):
        \(LetterText.sitePlaceholder)\(path)

        Если вы не ждали этого письма, просто не открывайте ссылку.
        """
    }

    enum Problem: Error, Equatable, AppErrorConvertible {
        case notConfigured
        case noAddress
        case cannotInvite(String)

        var status: HTTPResponseStatus { self == .notConfigured ? .conflict : .unprocessableEntity }
        var code: String { "invitation_mail" }
        var russianMessage: String {
            switch self {
            case .notConfigured: "Почта не настроена: письма не отправляются. Выдайте ссылку списком и передайте её человеку."
            case .noAddress: "В карточке нет адреса электронной почты: впишите его в карточку или выдайте ссылку списком."
            case .cannotInvite(let reason): "Ссылку отправить нельзя: \(reason)."
            }
        }
    }

    /// The card's e-mail, when it has a valid one.
    static func address(kind: BaseKind, cardID: UUID, organizationID: UUID, on db: any Database) async throws -> String? {
        let email = switch kind {
        case .mentee: try await Mentee.query(on: db).filter(\.$id == cardID).filter(\.$organization.$id == organizationID).first()?.email
        case .mentor: try await Mentor.query(on: db).filter(\.$id == cardID).filter(\.$organization.$id == organizationID).first()?.email
        }
        let trimmed = email?.trimmingCharacters(in: .whitespaces)
        return MailAddress.isValid(trimmed) ? trimmed : nil
    }

    /// Issues the card's link (a new account when it has none, as a sheet does) and writes the
    /// letter to the outbox, in one transaction under the organization's base lock. Returns the address.
    static func sendFromCard(kind: BaseKind, cardID: UUID, organization: Organization, mailConfigured: Bool, by principal: Principal,
                             on db: any Database) async throws -> String {
        guard mailConfigured else { throw Problem.notConfigured }
        let organizationID = try organization.requireID()
        return try await db.transaction { db in
            try await BaseWriteLock.acquire(organizationID: organizationID, on: db)
            guard let card = try await InvitationSheets.Card.load(kind: kind, ids: [cardID], organizationID: organizationID, on: db).first else {
                throw AppError.notFound
            }
            guard let email = try await address(kind: kind, cardID: cardID, organizationID: organizationID, on: db) else { throw Problem.noAddress }
            let role: Role = kind == .mentee ? .mentee : .mentor
            switch try await InvitationSheets.accountForLink(card, role: role, organizationID: organizationID, by: principal, newLogins: [], on: db) {
            case .skip(let reason):
                throw Problem.cannotInvite(reason)
            case .account(let user):
                let path = try await Invitations.issue(for: user, by: principal, organizationID: organizationID, on: db)
                try await enqueue(user: user, email: email, organization: organization, path: path, dedupeKey: nil, on: db)
                try await Audit.record(.invitationMailed, by: principal, organizationID: organizationID, objectType: kind.rawValue, objectID: cardID,
                                       details: "\(user.login) → \(email)", on: db)
                return email
            }
        }
    }

    /// Writes a letter for every line of the sheet whose link still works and whose card has an
    /// e-mail; a line mailed before is not mailed again (the outbox's key is the invitation).
    static func sendFromSheet(secret: String, organization: Organization, mailConfigured: Bool, by principal: Principal,
                              on db: any Database) async throws -> (written: Int, withoutAddress: Int) {
        guard mailConfigured else { throw Problem.notConfigured }
        let organizationID = try organization.requireID()
        return try await db.transaction { db in
            guard secret.count >= 20, let sheet = try await InvitationSheet.query(on: db)
                .filter(\.$secretHash == SecureToken.hash(secret)).filter(\.$organization.$id == organizationID).first() else {
                throw AppError.notFound
            }
            let kind = BaseKind(rawValue: sheet.kind) ?? .mentee
            let rows = try await InvitationSheetRow.query(on: db).filter(\.$sheet.$id == sheet.requireID()).sort(\.$position).all()
            let invitations = Dictionary(uniqueKeysWithValues: try await Invitation.query(on: db).filter(\.$id ~~ rows.compactMap(\.invitationID))
                .with(\.$user).all().map { (try $0.requireID(), $0) })
            var written = 0, withoutAddress = 0
            let now = Date()
            for row in rows {
                guard let invitationID = row.invitationID, let invitation = invitations[invitationID] else { continue }
                let token = InvitationSheets.token(secret: secret, invitationID: invitationID)
                // Only a link that still works: not replaced, not used, not expired.
                guard invitation.tokenHash == SecureToken.hash(token), invitation.usedAt == nil, invitation.expiresAt > now else { continue }
                guard let email = try await address(kind: kind, cardID: row.cardID, organizationID: organizationID, on: db) else {
                    withoutAddress += 1
                    continue
                }
                try await enqueue(user: invitation.user, email: email, organization: organization, path: SiteRoute.Accounts.invitation.path(token),
                                  validUntil: invitation.expiresAt, dedupeKey: "invitation-\(invitationID)", on: db)
                written += 1
            }
            try await Audit.record(.invitationMailed, by: principal, organizationID: organizationID, objectType: "invitation_sheet",
                                   objectID: sheet.id, details: "писем: \(written), без адреса: \(withoutAddress)", on: db)
            return (written, withoutAddress)
        }
    }

    private static func enqueue(user: User, email: String, organization: Organization, path: String,
                                validUntil: Date = Date().addingTimeInterval(Invitations.lifetime), dedupeKey: String?, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await Outbox.enqueue(userID: user.requireID(), recipient: email, kind: .single, subject: subject(organization: organization),
                                 body: body(fullName: user.fullName, login: user.login, organization: organization, path: path, validUntil: validUntil),
                                 dedupeKey: dedupeKey, now: Date(), on: sql)
    }
}
