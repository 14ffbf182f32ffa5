import Foundation

extension SiteRoute {
    /// Signing in and out, and the sign-in sheets and letters an organization hands out.
    enum Accounts {
        static let signInForm = PageRoute("accounts.signInForm", .GET, "/login")
        static let signIn = PageRoute("accounts.signIn", .POST, "/login")
        static let signOut = PageRoute("accounts.signOut", .POST, "/logout")
        static let issueSheet = PageRoute("accounts.issueSheet", .POST, "/orgs/:organizationID/invitations", UUID.self)
        static let sheet = PageRoute("accounts.sheet", .GET, "/orgs/:organizationID/invitations/:sheetKey", UUID.self, String.self)
        static let sheetCSV = PageRoute("accounts.sheetCSV", .GET, "/orgs/:organizationID/invitations/:sheetKey/csv", UUID.self, String.self)
        static let mailSheet = PageRoute("accounts.mailSheet", .POST, "/orgs/:organizationID/invitations/:sheetKey/mail", UUID.self, String.self)
        static let mailMentee = PageRoute("accounts.mailMentee", .POST, "/orgs/:organizationID/mentees/:menteeID/invitation-mail", UUID.self, UUID.self)
        static let mailMentor = PageRoute("accounts.mailMentor", .POST, "/orgs/:organizationID/mentors/:mentorID/invitation-mail", UUID.self, UUID.self)
        /// The page behind an invitation link (its secret token), where a person sets a password.
        static let invitation = PageRoute("accounts.invitation", .GET, "/invitations/:token", String.self)
        static let acceptInvitation = PageRoute("accounts.acceptInvitation", .POST, "/invitations/:token", String.self)

        static let all: [any AnyPageRoute] = [
            signInForm, signIn, signOut, issueSheet, sheet, sheetCSV, mailSheet, mailMentee, mailMentor, invitation, acceptInvitation,
        ]

        /// The sign-in form that sends the person back to `target` (a path of this site, with its
        /// query) once signed in.
        static func signInLink(returningTo target: String) -> String {
            signInForm.path(query: ["next": target])
        }
    }

    /// Questionnaires: an organization's list, authoring and sending, a program's surveys, results,
    /// a person's own questionnaires, and the organization's own scales.
    enum Questionnaires {
        static let mine = PageRoute("questionnaires.mine", .GET, "/my/questionnaires")
        static let fill = PageRoute("questionnaires.fill", .GET, "/my/questionnaires/:assignmentID", UUID.self)
        static let answer = PageRoute("questionnaires.answer", .POST, "/my/questionnaires/:assignmentID", UUID.self)
        static let results = PageRoute("questionnaires.results", .GET, "/orgs/:organizationID/questionnaires/:questionnaireID/results",
                                       UUID.self, UUID.self)
        static let answersCSV = PageRoute("questionnaires.answersCSV", .GET, "/orgs/:organizationID/questionnaires/:questionnaireID/answers.csv",
                                          UUID.self, UUID.self)
        static let scales = PageRoute("questionnaires.scales", .GET, "/orgs/:organizationID/scales", UUID.self)
        static let changeScales = PageRoute("questionnaires.changeScales", .POST, "/orgs/:organizationID/scales", UUID.self)

        static let index = PageRoute("questionnaires.index", .GET, "/orgs/:organizationID/questionnaires", UUID.self)
        static let create = PageRoute("questionnaires.create", .POST, "/orgs/:organizationID/questionnaires", UUID.self)
        static let show = PageRoute("questionnaires.show", .GET, "/orgs/:organizationID/questionnaires/:questionnaireID", UUID.self, UUID.self)
        static let publish = PageRoute("questionnaires.publish", .POST, "/orgs/:organizationID/questionnaires/:questionnaireID/publish",
                                       UUID.self, UUID.self)
        static let assign = PageRoute("questionnaires.assign", .POST, "/orgs/:organizationID/questionnaires/:questionnaireID/assignments",
                                      UUID.self, UUID.self)
        static let edit = PageRoute("questionnaires.edit", .GET, "/orgs/:organizationID/questionnaires/:questionnaireID/edit", UUID.self, UUID.self)
        static let save = PageRoute("questionnaires.save", .POST, "/orgs/:organizationID/questionnaires/:questionnaireID/edit", UUID.self, UUID.self)
        static let attachToProgram = PageRoute("questionnaires.attachToProgram", .POST,
                                               "/orgs/:organizationID/questionnaires/:questionnaireID/program", UUID.self, UUID.self)
        static let markMeasurement = PageRoute("questionnaires.markMeasurement", .POST,
                                               "/orgs/:organizationID/questionnaires/:questionnaireID/measurement", UUID.self, UUID.self)
        static let programSurveys = PageRoute("questionnaires.programSurveys", .GET, "/orgs/:organizationID/programs/:programID/surveys",
                                              UUID.self, UUID.self)
        static let sendProgramSurvey = PageRoute("questionnaires.sendProgramSurvey", .POST, "/orgs/:organizationID/programs/:programID/surveys",
                                                 UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [
            mine, fill, answer, results, answersCSV, scales, changeScales, index, create, show, publish, assign, edit, save, attachToProgram,
            markMeasurement, programSurveys, sendProgramSurvey,
        ]
    }
}
