import Fluent
import Vapor

/// Links for many people at once (issue 18, item 3): issued from a base's list, then a printable
/// sheet per class with a QR code for each link, and the same as CSV for a mail merge. The
/// sheet's address carries its secret (`RedactedRouteLogging` hides the segment after
/// `invitations`); the curator may open it again until the links are spent.
struct InvitationSheetController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Accounts.issueSheet, use: issue)
        routes.on(SiteRoute.Accounts.sheet, use: show)
        routes.on(SiteRoute.Accounts.sheetCSV, use: csv)
    }

    struct IssueForm: Content {
        var kind: String?
        /// Card ids ticked in the list.
        var cards: [String]?
        /// A whole class or group of the mentee base.
        var className: String?
    }

    /// POST /orgs/:organizationID/invitations — the selected cards, or the whole class.
    @Sendable func issue(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .inviteParticipants)
        let principal = try req.requirePrincipal()
        let organizationID = try organization.requireID()
        let input = try req.content.decode(IssueForm.self)
        let kind = BaseKind(rawValue: input.kind ?? "") ?? .mentee
        let listPath = SiteRoute.Bases.of(kind).index.path(organizationID)
        var ids = Set((input.cards ?? []).compactMap { UUID(uuidString: $0) })
        if kind == .mentee, let className = FieldParsing.trimmedOrNil(input.className) {
            ids.formUnion(try await Mentee.query(on: req.db).filter(\.$organization.$id == organizationID)
                .filter(\.$className == className).filter(\.$graduatedYear == nil).filter(\.$anonymizedAt == nil).all(\.$id))
        }
        guard !ids.isEmpty else {
            return req.redirect(to: listPath, flash: FlashMessage(.error, "Отметьте людей в списке или выберите \(GroupLabels.of(organization.kind).accusative), чтобы выдать ссылки."))
        }
        guard ids.count <= InvitationSheets.maximum else {
            return req.redirect(to: listPath, flash: FlashMessage(.error, "За один раз — не больше \(InvitationSheets.maximum) человек: выдайте ссылки \(GroupLabels.of(organization.kind).byMany)."))
        }
        let issued = try await InvitationSheets.issue(kind: kind, cardIDs: Array(ids), organization: organization, by: principal, on: req.db)
        let people = RussianPlural.count(issued.issued, "ссылка", "ссылки", "ссылок")
        let message = issued.skipped.isEmpty
            ? "Выдано: \(people). Распечатайте лист или скачайте CSV; каждая ссылка действует один раз."
            : "Выдано: \(people); не выдано: \(issued.skipped.count) — причины внизу листа."
        return req.redirect(to: SiteRoute.Accounts.sheet.path(organizationID, issued.secret), flash: FlashMessage(issued.issued > 0 ? .success : .warning, message))
    }

    struct SheetPage: Encodable {
        let organizationID: UUID
        let organizationName: String
        let sheetKey: String
        let kind: String
        let createdAt: Date?
        let groups: [InvitationSheets.Group]
        let skipped: [InvitationSheets.Skipped]
        let validCount: Int
        let total: Int
        let basePath: String
        /// Mail is configured: the sheet offers to send its links by letter (`InvitationMail`).
        var mailConfigured = false
    }

    /// GET /orgs/:organizationID/invitations/:sheetKey — the print page, one class per printed page.
    @Sendable func show(req: Request) async throws -> Response {
        let (organization, sheet) = try await load(req)
        let organizationID = try organization.requireID()
        let kind = BaseKind(rawValue: sheet.sheet.kind) ?? .mentee
        return try await req.page(
            "accounts/invitation_sheet", title: "Ссылки-приглашения",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init(kind.russianName, SiteRoute.Bases.of(kind).index.path(organizationID)),
                          .init("Ссылки-приглашения")],
            organization: organization,
            content: SheetPage(organizationID: organizationID, organizationName: organization.name, sheetKey: req.parameters.get("sheetKey") ?? "",
                               kind: kind.russianName, createdAt: sheet.sheet.createdAt, groups: sheet.groups, skipped: sheet.skipped,
                               validCount: sheet.lines.filter(\.valid).count, total: sheet.lines.count,
                               basePath: SiteRoute.Bases.of(kind).index.path(organizationID), mailConfigured: req.application.mail != nil)
        )
    }

    /// GET /orgs/:organizationID/invitations/:sheetKey/csv
    @Sendable func csv(req: Request) async throws -> Response {
        let (organization, sheet) = try await load(req)
        try await req.audit(.baseExported, organizationID: organization.id, objectType: "invitation_sheet", objectID: sheet.sheet.id,
                            details: "ссылки-приглашения, CSV: \(sheet.lines.count)")
        return DocumentResponse.csv(InvitationSheets.csv(sheet, group: GroupLabels.of(organization.kind)), fileName: "Ссылки-приглашения.csv")
    }

    private func load(_ req: Request) async throws -> (Organization, InvitationSheets.Sheet) {
        let organization = try await req.authorizedOrganization(for: .inviteParticipants)
        guard let sheet = try await InvitationSheets.load(secret: req.parameters.get("sheetKey") ?? "", organizationID: organization.requireID(),
                                                          site: Self.site(req), on: req.db) else {
            throw AppError.notFound
        }
        return (organization, sheet)
    }

    /// The address before each link on paper: the configured site (`NASTAVNIK_SITE_URL`), else the
    /// address the server listens on. Never the request's Host header: a forged one made links
    /// that handed their tokens to another site.
    static func site(_ req: Request) -> String {
        if let site = req.application.settings.siteURL { return site }
        let server = req.application.http.server.configuration
        let scheme = req.application.settings.secureCookies ? "https" : "http"
        let host = server.hostname.contains(":") ? "[\(server.hostname)]" : server.hostname
        return "\(scheme)://\(host):\(server.port)"
    }
}
