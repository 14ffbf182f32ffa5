import Foundation

extension SiteRoute {
    /// An organization's own page.
    enum Organizations {
        static let show = PageRoute("organizations.show", .GET, "/orgs/:organizationID", UUID.self)

        static let all: [any AnyPageRoute] = [show]
    }

    /// Mentoring programs: the list, the card with its stages and checklist, the roadmap, partners.
    enum Programs {
        static let index = PageRoute("programs.index", .GET, "/orgs/:organizationID/programs", UUID.self)
        static let new = PageRoute("programs.new", .GET, "/orgs/:organizationID/programs/new", UUID.self)
        static let create = PageRoute("programs.create", .POST, "/orgs/:organizationID/programs", UUID.self)
        static let show = PageRoute("programs.show", .GET, "/orgs/:organizationID/programs/:programID", UUID.self, UUID.self)
        static let edit = PageRoute("programs.edit", .GET, "/orgs/:organizationID/programs/:programID/edit", UUID.self, UUID.self)
        static let update = PageRoute("programs.update", .POST, "/orgs/:organizationID/programs/:programID", UUID.self, UUID.self)
        static let moveStage = PageRoute("programs.moveStage", .POST, "/orgs/:organizationID/programs/:programID/stage", UUID.self, UUID.self)
        static let markChecklistItem = PageRoute("programs.markChecklistItem", .POST,
                                                 "/orgs/:organizationID/programs/:programID/checklist/:itemID", UUID.self, UUID.self, UUID.self)

        static let roadmap = PageRoute("programs.roadmap", .GET, "/orgs/:organizationID/programs/:programID/roadmap", UUID.self, UUID.self)
        static let addRoadmapItem = PageRoute("programs.addRoadmapItem", .POST, "/orgs/:organizationID/programs/:programID/roadmap",
                                              UUID.self, UUID.self)
        static let roadmapFromTemplate = PageRoute("programs.roadmapFromTemplate", .POST,
                                                   "/orgs/:organizationID/programs/:programID/roadmap/template", UUID.self, UUID.self)
        static let updateRoadmapItem = PageRoute("programs.updateRoadmapItem", .POST,
                                                 "/orgs/:organizationID/programs/:programID/roadmap/:itemID", UUID.self, UUID.self, UUID.self)
        static let roadmapSpreadsheet = PageRoute("programs.roadmapSpreadsheet", .GET, "/orgs/:organizationID/programs/:programID/roadmap.xlsx",
                                                  UUID.self, UUID.self)
        static let roadmapDocument = PageRoute("programs.roadmapDocument", .GET, "/orgs/:organizationID/programs/:programID/roadmap.docx",
                                               UUID.self, UUID.self)
        static let roadmapCalendar = PageRoute("programs.roadmapCalendar", .GET, "/orgs/:organizationID/programs/:programID/roadmap.ics",
                                               UUID.self, UUID.self)
        static let preparationDocument = PageRoute("programs.preparationDocument", .GET,
                                                   "/orgs/:organizationID/programs/:programID/documents/:document", UUID.self, UUID.self, String.self)

        static let partners = PageRoute("programs.partners", .GET, "/orgs/:organizationID/programs/:programID/partners", UUID.self, UUID.self)
        static let addPartner = PageRoute("programs.addPartner", .POST, "/orgs/:organizationID/programs/:programID/partners", UUID.self, UUID.self)
        static let removePartner = PageRoute("programs.removePartner", .POST, "/orgs/:organizationID/programs/:programID/partners/remove",
                                             UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [
            index, new, create, show, edit, update, moveStage, markChecklistItem, roadmap, addRoadmapItem, roadmapFromTemplate,
            updateRoadmapItem, roadmapSpreadsheet, roadmapDocument, roadmapCalendar, preparationDocument, partners, addPartner, removePartner,
        ]
    }

    /// The programs a partner organization takes part in, and its nominated mentors.
    enum PartnerPrograms {
        static let index = PageRoute("partnerPrograms.index", .GET, "/orgs/:organizationID/partner-programs", UUID.self)
        static let show = PageRoute("partnerPrograms.show", .GET, "/orgs/:organizationID/partner-programs/:partnerProgramID", UUID.self, UUID.self)
        static let nominate = PageRoute("partnerPrograms.nominate", .POST, "/orgs/:organizationID/partner-programs/:partnerProgramID/nominations",
                                        UUID.self, UUID.self)
        static let withdraw = PageRoute("partnerPrograms.withdraw", .POST,
                                        "/orgs/:organizationID/partner-programs/:partnerProgramID/nominations/:mentorID/withdraw",
                                        UUID.self, UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [index, show, nominate, withdraw]
    }
}
