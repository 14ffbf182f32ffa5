import Foundation
@testable import NastavnikApp

extension LeafRenderTests {
    static let invitationPages = ["accounts/invitation_sheet", "participants/academic_year", "accounts/role_offers"]

    /// Issue 18: the invitation sheet (links with QR codes, a spent link, a card without one), the
    /// new academic year (form, preview, history), and the card and lists with their new parts.
    func renderInvitations(render: (String, any Encodable) async throws -> Void, id: UUID, pagination: Pagination) async throws {
        let h = Self.hostile
        try await render("accounts/role_offers", RoleOffersController.Page(offers: [], places: []))
        try await render("accounts/role_offers", RoleOffersController.Page(
            offers: [.init(id: id, organization: h, organizationKind: h, role: h, position: h, offeredAt: Date()),
                     .init(id: id, organization: h, organizationKind: h, role: h, position: "", offeredAt: Date())],
            places: [h, h]))
        let link = "http://localhost/invitations/" + String(repeating: "A", count: 43)
        let valid = InvitationSheets.Line(fullName: h, className: h, login: "ivanova.mariia", link: link, state: "действует", valid: true,
                                          validUntil: Date(), qr: try QRCode(link).svg(label: "QR-код ссылки для \(h)"))
        let spent = InvitationSheets.Line(fullName: h, className: h, login: "petrov.ivan", link: "", state: h, valid: false, validUntil: nil, qr: "")
        try await render("accounts/invitation_sheet", InvitationSheetController.SheetPage(
            organizationID: id, organizationName: h, sheetKey: "key", kind: h, createdAt: Date(),
            groups: [.init(className: h, lines: [valid, spent]), .init(className: "", lines: [spent])],
            skipped: [.init(fullName: h, reason: h)], validCount: 1, total: 3, basePath: "/orgs/\(id)/mentees", mailConfigured: true))

        let options = [SelectOption("2026", "2026/2027", selected: true), SelectOption("2027", "2027/2028")]
        let rows = [AcademicYearAdvanceController.Page.Row(index: 0, className: h, people: 25, inWorkingPairs: 2, to: h, graduate: false, unknown: true, mentors: 3),
                    .init(index: 1, className: "11А", people: 20, inWorkingPairs: 0, to: "11А", graduate: true, unknown: false)]
        let history = [AcademicYearAdvanceController.Page.Step(id: id, year: "2026/2027", createdAt: Date(), createdBy: h, changed: 45, undoneAt: nil, mayUndo: true),
                       .init(id: id, year: "2025/2026", createdAt: Date(), createdBy: h, changed: 40, undoneAt: Date(), mayUndo: false)]
        try await render("participants/academic_year", AcademicYearAdvanceController.Page(organizationID: id, years: options, rows: [], history: []))
        try await render("participants/academic_year", AcademicYearAdvanceController.Page(
            organizationID: id, years: options, rows: rows,
            preview: .init(rows: [.init(from: h, to: h, graduate: false, people: 25, inWorkingPairs: 2, mentors: 3), .init(from: "11А", to: "11А", graduate: true, people: 20, inWorkingPairs: 0)],
                           unchanged: [h], merges: [h], moved: 25, graduated: 20),
            history: history))

        let choices = [SelectOption("a", h, selected: true), SelectOption("b", h)]
        try await render("participants/mentees", MenteeBaseController.ListPage(
            organizationID: id, rows: [.init(id: id, fullName: h, className: h, form: h, requests: h, status: h, consent: h, consentOK: false, isMinor: true)],
            search: h, forms: choices, requests: choices, statuses: choices, classes: choices, consents: choices, sorts: choices,
            pagination: pagination, exportQuery: "q=1", mayInvite: true, graduates: "only"))
        try await render("participants/mentors", MentorBaseController.ListPage(
            organizationID: id, rows: [.init(id: id, fullName: h, origin: h, contour: h, forms: h, subjects: h, capacity: 2, status: h, consent: h, consentOK: true, longTerm: true,
                                         className: h, graduated: true)],
            search: h, forms: choices, statuses: choices, contours: choices, consents: choices, sorts: choices, pagination: pagination, exportQuery: "",
            mayInvite: true, graduates: "all"))
        let account = CardAccount.Account(login: "ivanova.mariia", fullName: h, activated: false, invitationValidUntil: Date())
        for section in [CardAccount(linked: account, candidates: [], mailTo: h), CardAccount(linked: nil, candidates: [account, account])] {
            try await render("participants/card", MenteeBaseController.CardPage(
                organizationID: id, id: id, fullName: h, facts: [.init(label: h, value: h)], anonymized: false, isMinor: true, consents: [],
                purposes: choices, eligibility: [], links: BaseCardLinks(.mentee, organizationID: id, id: id), account: section))
        }
    }
}
