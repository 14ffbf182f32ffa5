import Foundation

extension SiteRoute {
    /// A program's pairs and groups: the list, matching, the proposal, Mentor Match, the order.
    enum Pairs {
        static let index = PageRoute("pairs.index", .GET, "/orgs/:organizationID/programs/:programID/pairs", UUID.self, UUID.self)
        static let memberAnswer = PageRoute("pairs.memberAnswer", .POST, "/orgs/:organizationID/programs/:programID/pairs/members/:memberID/answer",
                                            UUID.self, UUID.self, UUID.self)
        static let searchNote = PageRoute("pairs.searchNote", .POST, "/orgs/:organizationID/programs/:programID/pairs/search-notes/:menteeID",
                                          UUID.self, UUID.self, UUID.self)
        static let match = PageRoute("pairs.match", .POST, "/orgs/:organizationID/programs/:programID/pairs/match", UUID.self, UUID.self)

        static let propose = PageRoute("pairs.propose", .GET, "/orgs/:organizationID/programs/:programID/pairs/propose", UUID.self, UUID.self)
        static let proposeSend = PageRoute("pairs.proposeSend", .POST, "/orgs/:organizationID/programs/:programID/pairs/propose", UUID.self, UUID.self)

        static let proposal = PageRoute("pairs.proposal", .GET, "/orgs/:organizationID/programs/:programID/pairs/proposal", UUID.self, UUID.self)
        static let proposalRemove = PageRoute("pairs.proposalRemove", .POST,
                                              "/orgs/:organizationID/programs/:programID/pairs/proposal/members/:memberID/remove",
                                              UUID.self, UUID.self, UUID.self)
        static let proposalReassign = PageRoute("pairs.proposalReassign", .POST,
                                                "/orgs/:organizationID/programs/:programID/pairs/proposal/members/:memberID/reassign",
                                                UUID.self, UUID.self, UUID.self)
        static let proposalSwap = PageRoute("pairs.proposalSwap", .POST, "/orgs/:organizationID/programs/:programID/pairs/proposal/swap",
                                            UUID.self, UUID.self)
        static let proposalAdd = PageRoute("pairs.proposalAdd", .POST, "/orgs/:organizationID/programs/:programID/pairs/proposal/add",
                                           UUID.self, UUID.self)
        static let proposalSend = PageRoute("pairs.proposalSend", .POST, "/orgs/:organizationID/programs/:programID/pairs/proposal/send",
                                            UUID.self, UUID.self)

        static let orderDocument = PageRoute("pairs.orderDocument", .GET, "/orgs/:organizationID/programs/:programID/pairs/order.docx",
                                             UUID.self, UUID.self)
        static let spreadsheet = PageRoute("pairs.spreadsheet", .GET, "/orgs/:organizationID/programs/:programID/pairs/pairs.xlsx",
                                           UUID.self, UUID.self)
        static let fixOrder = PageRoute("pairs.fixOrder", .POST, "/orgs/:organizationID/programs/:programID/pairs/order", UUID.self, UUID.self)

        static let mentorMatchNew = PageRoute("pairs.mentorMatchNew", .GET, "/orgs/:organizationID/programs/:programID/pairs/mentor-match/new",
                                              UUID.self, UUID.self)
        static let mentorMatchCreate = PageRoute("pairs.mentorMatchCreate", .POST, "/orgs/:organizationID/programs/:programID/pairs/mentor-match",
                                                 UUID.self, UUID.self)
        static let mentorMatch = PageRoute("pairs.mentorMatch", .GET, "/orgs/:organizationID/programs/:programID/pairs/mentor-match/:sessionID",
                                           UUID.self, UUID.self, UUID.self)
        static let mentorMatchWishes = PageRoute("pairs.mentorMatchWishes", .POST,
                                                 "/orgs/:organizationID/programs/:programID/pairs/mentor-match/:sessionID/wishes",
                                                 UUID.self, UUID.self, UUID.self)
        static let mentorMatchImportWishes = PageRoute("pairs.mentorMatchImportWishes", .POST,
                                                       "/orgs/:organizationID/programs/:programID/pairs/mentor-match/:sessionID/import-wishes",
                                                       UUID.self, UUID.self, UUID.self)
        static let mentorMatchForm = PageRoute("pairs.mentorMatchForm", .POST,
                                               "/orgs/:organizationID/programs/:programID/pairs/mentor-match/:sessionID/form",
                                               UUID.self, UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [
            index, memberAnswer, searchNote, match, propose, proposeSend, proposal, proposalRemove, proposalReassign, proposalSwap,
            proposalAdd, proposalSend, orderDocument, spreadsheet, fixOrder, mentorMatchNew, mentorMatchCreate, mentorMatch,
            mentorMatchWishes, mentorMatchImportWishes, mentorMatchForm,
        ]
    }

    /// «Мои пары»: a participant's (or a representative's) proposed pairs and answers.
    enum MyPairs {
        static let index = PageRoute("myPairs.index", .GET, "/me/pairs")
        static let answer = PageRoute("myPairs.answer", .POST, "/me/pairs/:memberID/answer", UUID.self)

        static let all: [any AnyPageRoute] = [index, answer]
    }
}
