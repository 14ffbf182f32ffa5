import Fluent
import Vapor

/// Sending invitation links by mail: from a card, or the whole sheet. The letters go through the
/// outbox; the page only says how many were written.
struct InvitationMailController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        for kind in BaseKind.allCases {
            routes.on(kind == .mentee ? SiteRoute.Accounts.mailMentee : SiteRoute.Accounts.mailMentor, use: { try await card(req: $0, kind: kind) })
        }
        routes.on(SiteRoute.Accounts.mailSheet, use: sheet)
    }

    /// POST /orgs/:organizationID/{mentees|mentors}/:cardID/invitation-mail
    func card(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .inviteParticipants)
        let principal = try req.requirePrincipal()
        let organizationID = try organization.requireID()
        guard let cardID = req.parameters.get(kind.idParameter, as: UUID.self),
              try await InvitationSheets.Card.load(kind: kind, ids: [cardID], organizationID: organizationID, on: req.db).first != nil else {
            throw AppError.notFound
        }
        let path = SiteRoute.Bases.of(kind).show.path(organizationID, cardID)
        do {
            let email = try await InvitationMail.sendFromCard(kind: kind, cardID: cardID, organization: organization,
                                                              mailConfigured: req.application.mail != nil, by: principal, on: req.db)
            return req.redirect(to: path, flash: FlashMessage(.success, "Письмо со ссылкой для входа поставлено в очередь на \(email); ссылка действует 7 дней и один раз."))
        } catch let problem as InvitationMail.Problem {
            return req.redirect(to: path, flash: FlashMessage(.error, problem.russianMessage))
        }
    }

    /// POST /orgs/:organizationID/invitations/:sheetKey/mail
    @Sendable func sheet(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .inviteParticipants)
        let principal = try req.requirePrincipal()
        let secret = req.parameters.get("sheetKey") ?? ""
        let path = SiteRoute.Accounts.sheet.path(try organization.requireID(), secret)
        do {
            let (written, withoutAddress) = try await InvitationMail.sendFromSheet(secret: secret, organization: organization,
                                                                                   mailConfigured: req.application.mail != nil, by: principal, on: req.db)
            var message = "Поставлено в очередь: \(RussianPlural.count(written, "письмо", "письма", "писем"))."
            if withoutAddress > 0 { message += " Без адреса эл. почты в карточке: \(RussianPlural.count(withoutAddress, "человек", "человека", "человек")) — им передайте лист." }
            return req.redirect(to: path, flash: FlashMessage(written > 0 ? .success : .warning, message))
        } catch let problem as InvitationMail.Problem {
            return req.redirect(to: path, flash: FlashMessage(.error, problem.russianMessage))
        }
    }
}
