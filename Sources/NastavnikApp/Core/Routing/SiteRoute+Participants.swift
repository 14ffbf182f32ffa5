import Foundation

extension SiteRoute {
    /// The mentee and the mentor bases: the same pages for either kind.
    enum Bases {
        static let mentees = BaseRoutes(.mentee)
        static let mentors = BaseRoutes(.mentor)

        static func of(_ kind: BaseKind) -> BaseRoutes { kind == .mentee ? mentees : mentors }

        static let all: [any AnyPageRoute] = mentees.all + mentors.all
    }

    /// Imports into the bases, the request catalogue and the move to the next academic year.
    enum Participants {
        static let importNew = PageRoute("participants.importNew", .GET, "/orgs/:organizationID/imports/new", UUID.self)
        static let importUpload = PageRoute("participants.importUpload", .POST, "/orgs/:organizationID/imports", UUID.self)
        static let importBatch = PageRoute("participants.importBatch", .GET, "/orgs/:organizationID/imports/:batchID", UUID.self, UUID.self)
        static let importMapping = PageRoute("participants.importMapping", .POST, "/orgs/:organizationID/imports/:batchID/mapping",
                                             UUID.self, UUID.self)
        static let importConfirm = PageRoute("participants.importConfirm", .POST, "/orgs/:organizationID/imports/:batchID/confirm",
                                             UUID.self, UUID.self)
        static let requests = PageRoute("participants.requests", .GET, "/orgs/:organizationID/requests", UUID.self)
        static let addRequest = PageRoute("participants.addRequest", .POST, "/orgs/:organizationID/requests", UUID.self)
        static let addVocabulary = PageRoute("participants.addVocabulary", .POST, "/orgs/:organizationID/requests/vocabulary", UUID.self)
        static let academicYear = PageRoute("participants.academicYear", .GET, "/orgs/:organizationID/academic-year", UUID.self)
        static let academicYearPreview = PageRoute("participants.academicYearPreview", .POST, "/orgs/:organizationID/academic-year/preview",
                                                   UUID.self)
        static let academicYearApply = PageRoute("participants.academicYearApply", .POST, "/orgs/:organizationID/academic-year", UUID.self)
        static let academicYearUndo = PageRoute("participants.academicYearUndo", .POST, "/orgs/:organizationID/academic-year/undo", UUID.self)

        static let all: [any AnyPageRoute] = [
            importNew, importUpload, importBatch, importMapping, importConfirm, requests, addRequest, addVocabulary, academicYear,
            academicYearPreview, academicYearApply, academicYearUndo,
        ]
    }

    /// «Мои дети»: a representative's linked children, their pairs and consents.
    enum MyChildren {
        static let index = PageRoute("myChildren.index", .GET, "/me/children")
        static let answer = PageRoute("myChildren.answer", .POST, "/me/children/pairs/:memberID/answer", UUID.self)
        static let menteeConsent = PageRoute("myChildren.menteeConsent", .POST, "/me/children/mentees/:menteeID/consents", UUID.self)
        static let menteeConsentWithdraw = PageRoute("myChildren.menteeConsentWithdraw", .POST,
                                                     "/me/children/mentees/:menteeID/consents/:consentID/withdraw", UUID.self, UUID.self)
        static let mentorConsent = PageRoute("myChildren.mentorConsent", .POST, "/me/children/mentors/:mentorID/consents", UUID.self)
        static let mentorConsentWithdraw = PageRoute("myChildren.mentorConsentWithdraw", .POST,
                                                     "/me/children/mentors/:mentorID/consents/:consentID/withdraw", UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [index, answer, menteeConsent, menteeConsentWithdraw, mentorConsent, mentorConsentWithdraw]
    }
}

/// One base's pages (`/orgs/:organizationID/mentees…` or `…/mentors…`): the list, a card, its
/// consents and representatives, the export; named «mentees.show», «mentors.show»…
struct BaseRoutes: Sendable {
    let index, create, new, export, blankConsentForm: PageRoute<UUID>
    let show, edit, update, recordConsent, consentForm, linkGuardian: PageRoute<UUID, UUID>
    let withdrawConsent, unlinkGuardian: PageRoute<UUID, UUID, UUID>

    init(_ kind: BaseKind) {
        let area = kind.pathComponent, base = "/orgs/:organizationID/" + kind.pathComponent, card = base + "/:" + kind.idParameter
        index = PageRoute(area + ".index", .GET, base, UUID.self)
        create = PageRoute(area + ".create", .POST, base, UUID.self)
        new = PageRoute(area + ".new", .GET, base + "/new", UUID.self)
        export = PageRoute(area + ".export", .GET, base + "/export", UUID.self)
        blankConsentForm = PageRoute(area + ".blankConsentForm", .GET, base + "/consent-form.docx", UUID.self)
        show = PageRoute(area + ".show", .GET, card, UUID.self, UUID.self)
        edit = PageRoute(area + ".edit", .GET, card + "/edit", UUID.self, UUID.self)
        update = PageRoute(area + ".update", .POST, card, UUID.self, UUID.self)
        recordConsent = PageRoute(area + ".recordConsent", .POST, card + "/consents", UUID.self, UUID.self)
        consentForm = PageRoute(area + ".consentForm", .GET, card + "/consent-form.docx", UUID.self, UUID.self)
        linkGuardian = PageRoute(area + ".linkGuardian", .POST, card + "/guardians", UUID.self, UUID.self)
        withdrawConsent = PageRoute(area + ".withdrawConsent", .POST, card + "/consents/:consentID/withdraw", UUID.self, UUID.self, UUID.self)
        unlinkGuardian = PageRoute(area + ".unlinkGuardian", .POST, card + "/guardians/:userID/remove", UUID.self, UUID.self, UUID.self)
    }

    var all: [any AnyPageRoute] {
        [index, create, new, export, blankConsentForm, show, edit, update, recordConsent, consentForm, linkGuardian, withdrawConsent, unlinkGuardian]
    }
}
