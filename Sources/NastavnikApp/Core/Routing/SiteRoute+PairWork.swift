import Foundation

extension SiteRoute {
    /// A pair's space: meetings, goals, the diary, the agreement, results, concerns and the closure.
    enum PairSpace {
        static let show = PageRoute("pair.show", .GET, "/pairs/:pairingID", UUID.self)
        static let calendar = PageRoute("pair.calendar", .GET, "/pairs/:pairingID/meetings.ics", UUID.self)
        static let plan = PageRoute("pair.plan", .GET, "/pairs/:pairingID/plan.docx", UUID.self)
        static let addMeeting = PageRoute("pair.addMeeting", .POST, "/pairs/:pairingID/meetings", UUID.self)
        static let updateMeeting = PageRoute("pair.updateMeeting", .POST, "/pairs/:pairingID/meetings/:meetingID", UUID.self, UUID.self)
        static let reflect = PageRoute("pair.reflect", .POST, "/pairs/:pairingID/meetings/:meetingID/reflection", UUID.self, UUID.self)
        static let addGoal = PageRoute("pair.addGoal", .POST, "/pairs/:pairingID/goals", UUID.self)
        static let markGoal = PageRoute("pair.markGoal", .POST, "/pairs/:pairingID/goals/:goalID", UUID.self, UUID.self)
        static let diary = PageRoute("pair.diary", .POST, "/pairs/:pairingID/diary", UUID.self)
        static let agreement = PageRoute("pair.agreement", .POST, "/pairs/:pairingID/agreement", UUID.self)
        static let wishes = PageRoute("pair.wishes", .POST, "/pairs/:pairingID/wishes", UUID.self)
        static let addResult = PageRoute("pair.addResult", .POST, "/pairs/:pairingID/results", UUID.self)
        static let resultFile = PageRoute("pair.resultFile", .GET, "/pairs/:pairingID/results/:resultID/file", UUID.self, UUID.self)
        static let raiseConcern = PageRoute("pair.raiseConcern", .POST, "/pairs/:pairingID/concerns", UUID.self)
        static let replyConcern = PageRoute("pair.replyConcern", .POST, "/pairs/:pairingID/concerns/:concernID/reply", UUID.self, UUID.self)
        static let acknowledgeRhythm = PageRoute("pair.acknowledgeRhythm", .POST, "/pairs/:pairingID/rhythm/acknowledge", UUID.self)
        static let finalAnswers = PageRoute("pair.finalAnswers", .POST, "/pairs/:pairingID/final-answers", UUID.self)
        static let closure = PageRoute("pair.closure", .POST, "/pairs/:pairingID/closure", UUID.self)

        static let all: [any AnyPageRoute] = [
            show, calendar, plan, addMeeting, updateMeeting, reflect, addGoal, markGoal, diary, agreement, wishes, addResult,
            resultFile, raiseConcern, replyConcern, acknowledgeRhythm, finalAnswers, closure,
        ]
    }

    /// A program's work of pairs as the curator follows it: the rhythm, concerns, the completion,
    /// nominations, closing events and incentives.
    enum ProgramWork {
        static let rhythm = PageRoute("programWork.rhythm", .GET, "/orgs/:organizationID/programs/:programID/rhythm", UUID.self, UUID.self)
        static let concerns = PageRoute("programWork.concerns", .GET, "/orgs/:organizationID/concerns", UUID.self)
        static let concernHandled = PageRoute("programWork.concernHandled", .POST, "/orgs/:organizationID/concerns/:concernID/handled",
                                              UUID.self, UUID.self)
        static let completion = PageRoute("programWork.completion", .GET, "/orgs/:organizationID/programs/:programID/completion",
                                          UUID.self, UUID.self)
        static let longTermBase = PageRoute("programWork.longTermBase", .POST,
                                            "/orgs/:organizationID/programs/:programID/completion/long-term/:menteeID", UUID.self, UUID.self, UUID.self)
        static let addNomination = PageRoute("programWork.addNomination", .POST, "/orgs/:organizationID/programs/:programID/completion/nominations",
                                             UUID.self, UUID.self)
        static let addEvent = PageRoute("programWork.addEvent", .POST, "/orgs/:organizationID/programs/:programID/completion/events",
                                        UUID.self, UUID.self)
        static let addIncentive = PageRoute("programWork.addIncentive", .POST, "/orgs/:organizationID/programs/:programID/completion/incentives",
                                            UUID.self, UUID.self)
        static let incentivesOrderDocument = PageRoute("programWork.incentivesOrderDocument", .GET,
                                                       "/orgs/:organizationID/programs/:programID/completion/incentives/order.docx", UUID.self, UUID.self)
        static let fixIncentivesOrder = PageRoute("programWork.fixIncentivesOrder", .POST,
                                                  "/orgs/:organizationID/programs/:programID/completion/incentives/order", UUID.self, UUID.self)
        static let certificateDocument = PageRoute("programWork.certificateDocument", .GET,
                                                   "/orgs/:organizationID/programs/:programID/completion/incentives/:incentiveID/certificate.docx",
                                                   UUID.self, UUID.self, UUID.self)
        static let certificate = PageRoute("programWork.certificate", .GET,
                                           "/orgs/:organizationID/programs/:programID/completion/incentives/:incentiveID/certificate",
                                           UUID.self, UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [
            rhythm, concerns, concernHandled, completion, longTermBase, addNomination, addEvent, addIncentive, incentivesOrderDocument,
            fixIncentivesOrder, certificateDocument, certificate,
        ]
    }
}
