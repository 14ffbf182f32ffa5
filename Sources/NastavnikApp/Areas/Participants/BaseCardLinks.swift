import Foundation

/// The links of a base card (`participants/card`), from the route table. One template serves the
/// mentee and the mentor bases, so it takes its links from here rather than naming either base's
/// routes, and never appends to a path of its own.
struct BaseCardLinks: Encodable, Sendable {
    let edit: String
    let consentForm: String
    let recordConsent: String
    let linkGuardian: String
    let mailInvitation: String
    let linkAccount: String
    private let withdrawConsentRoute: PageRoute<UUID, UUID, UUID>
    private let organizationID: UUID
    private let cardID: UUID

    init(_ kind: BaseKind, organizationID: UUID, id: UUID) {
        let base = SiteRoute.Bases.of(kind)
        edit = base.edit.path(organizationID, id)
        consentForm = base.consentForm.path(organizationID, id)
        recordConsent = base.recordConsent.path(organizationID, id)
        linkGuardian = base.linkGuardian.path(organizationID, id)
        switch kind {
        case .mentee:
            mailInvitation = SiteRoute.Accounts.mailMentee.path(organizationID, id)
            linkAccount = SiteRoute.People.linkMenteeAccount.path(organizationID, id)
        case .mentor:
            mailInvitation = SiteRoute.Accounts.mailMentor.path(organizationID, id)
            linkAccount = SiteRoute.People.linkMentorAccount.path(organizationID, id)
        }
        withdrawConsentRoute = base.withdrawConsent
        self.organizationID = organizationID
        cardID = id
    }

    /// Withdrawing one of the card's consents.
    func withdrawConsent(_ consentID: UUID) -> String { withdrawConsentRoute.path(organizationID, cardID, consentID) }

    private enum CodingKeys: String, CodingKey {
        case edit, consentForm, recordConsent, linkGuardian, mailInvitation, linkAccount
    }
}
