import Foundation

extension SiteRoute {
    /// A pair's case of practice, its files, and the organization's review of cases.
    enum Cases {
        static let edit = PageRoute("cases.edit", .GET, "/pairs/:pairingID/case", UUID.self)
        static let save = PageRoute("cases.save", .POST, "/pairs/:pairingID/case", UUID.self)
        static let submit = PageRoute("cases.submit", .POST, "/pairs/:pairingID/case/submit", UUID.self)
        static let attachFile = PageRoute("cases.attachFile", .POST, "/pairs/:pairingID/case/files", UUID.self)
        static let deleteFile = PageRoute("cases.deleteFile", .POST, "/pairs/:pairingID/case/files/:fileID/delete", UUID.self, UUID.self)
        static let list = PageRoute("cases.list", .GET, "/orgs/:organizationID/cases", UUID.self)
        static let preview = PageRoute("cases.preview", .GET, "/orgs/:organizationID/cases/:caseID", UUID.self, UUID.self)
        static let internalFile = PageRoute("cases.internalFile", .GET, "/orgs/:organizationID/cases/:caseID/files/:fileID",
                                            UUID.self, UUID.self, UUID.self)
        static let publish = PageRoute("cases.publish", .POST, "/orgs/:organizationID/cases/:caseID/publish", UUID.self, UUID.self)
        static let takeDown = PageRoute("cases.takeDown", .POST, "/orgs/:organizationID/cases/:caseID/take-down", UUID.self, UUID.self)
        static let returnForRevision = PageRoute("cases.returnForRevision", .POST, "/orgs/:organizationID/cases/:caseID/return",
                                                 UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [
            edit, save, submit, attachFile, deleteFile, list, preview, internalFile, publish, takeDown, returnForRevision,
        ]
    }

    /// The public pages, open without signing in: the library of practices, the board of honour,
    /// a contest's results.
    enum Public {
        static let library = PageRoute("public.library", .GET, "/cases")
        static let practice = PageRoute("public.practice", .GET, "/cases/:caseID", UUID.self)
        static let caseFile = PageRoute("public.caseFile", .GET, "/cases/:caseID/files/:fileID", UUID.self, UUID.self)
        static let honor = PageRoute("public.honor", .GET, "/honor")
        static let contestResults = PageRoute("public.contestResults", .GET, "/contests/:contestID/results", UUID.self)

        static let all: [any AnyPageRoute] = [library, practice, caseFile, honor, contestResults]
    }

    /// The contest of practices: its setup, applications, the jury and the results.
    enum Contests {
        static let index = PageRoute("contests.index", .GET, "/contests")
        static let create = PageRoute("contests.create", .POST, "/contests")
        static let show = PageRoute("contests.show", .GET, "/contests/:contestID", UUID.self)
        static let addJuror = PageRoute("contests.addJuror", .POST, "/contests/:contestID/jurors", UUID.self)
        static let saveWindows = PageRoute("contests.saveWindows", .POST, "/contests/:contestID/windows", UUID.self)
        static let applyPage = PageRoute("contests.applyPage", .GET, "/orgs/:organizationID/contests/:contestID/apply", UUID.self, UUID.self)
        static let apply = PageRoute("contests.apply", .POST, "/orgs/:organizationID/contests/:contestID/apply", UUID.self, UUID.self)
        static let applicationFile = PageRoute("contests.applicationFile", .GET,
                                               "/contests/:contestID/applications/:applicationID/files/:fileID", UUID.self, UUID.self, UUID.self)
        static let jury = PageRoute("contests.jury", .GET, "/contests/:contestID/jury", UUID.self)
        static let score = PageRoute("contests.score", .POST, "/contests/:contestID/applications/:applicationID/scores", UUID.self, UUID.self)
        static let advance = PageRoute("contests.advance", .POST, "/contests/:contestID/advance", UUID.self)
        static let publish = PageRoute("contests.publish", .POST, "/contests/:contestID/publish", UUID.self)

        static let all: [any AnyPageRoute] = [
            index, create, show, addJuror, saveWindows, applyPage, apply, applicationFile, jury, score, advance, publish,
        ]
    }
}
