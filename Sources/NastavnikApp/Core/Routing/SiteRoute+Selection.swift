import Foundation

extension SiteRoute {
    /// The selection of mentors into a program and the registry of selected mentors.
    enum Selection {
        static let index = PageRoute("selection.index", .GET, "/orgs/:organizationID/programs/:programID/selection", UUID.self, UUID.self)
        static let add = PageRoute("selection.add", .POST, "/orgs/:organizationID/programs/:programID/selection", UUID.self, UUID.self)
        static let candidate = PageRoute("selection.candidate", .GET, "/orgs/:organizationID/programs/:programID/selection/:mentorID",
                                         UUID.self, UUID.self, UUID.self)
        static let interview = PageRoute("selection.interview", .POST, "/orgs/:organizationID/programs/:programID/selection/:mentorID/interview",
                                         UUID.self, UUID.self, UUID.self)
        static let test = PageRoute("selection.test", .POST, "/orgs/:organizationID/programs/:programID/selection/:mentorID/test",
                                    UUID.self, UUID.self, UUID.self)
        static let decide = PageRoute("selection.decide", .POST, "/orgs/:organizationID/programs/:programID/selection/:mentorID/decision",
                                      UUID.self, UUID.self, UUID.self)
        static let registry = PageRoute("selection.registry", .GET, "/orgs/:organizationID/programs/:programID/registry", UUID.self, UUID.self)
        static let registryOrder = PageRoute("selection.registryOrder", .GET, "/orgs/:organizationID/programs/:programID/registry.docx",
                                             UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [index, add, candidate, interview, test, decide, registry, registryOrder]
    }

    /// The training of a program's mentors: sessions, the attendance rule and the marks.
    enum Training {
        static let index = PageRoute("training.index", .GET, "/orgs/:organizationID/programs/:programID/training", UUID.self, UUID.self)
        static let addSession = PageRoute("training.addSession", .POST, "/orgs/:organizationID/programs/:programID/training/sessions",
                                          UUID.self, UUID.self)
        static let setRule = PageRoute("training.setRule", .POST, "/orgs/:organizationID/programs/:programID/training/rule", UUID.self, UUID.self)
        static let markAttendance = PageRoute("training.markAttendance", .POST, "/orgs/:organizationID/programs/:programID/training/attendance",
                                              UUID.self, UUID.self)
        static let session = PageRoute("training.session", .GET, "/orgs/:organizationID/programs/:programID/training/sessions/:sessionID",
                                       UUID.self, UUID.self, UUID.self)
        static let updateSession = PageRoute("training.updateSession", .POST,
                                             "/orgs/:organizationID/programs/:programID/training/sessions/:sessionID", UUID.self, UUID.self, UUID.self)
        static let deleteSession = PageRoute("training.deleteSession", .POST,
                                             "/orgs/:organizationID/programs/:programID/training/sessions/:sessionID/delete",
                                             UUID.self, UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [index, addSession, setRule, markAttendance, session, updateSession, deleteSession]
    }
}
