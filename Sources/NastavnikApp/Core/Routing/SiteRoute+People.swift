import Foundation

extension SiteRoute {
    /// An organization's people and roles, the role offers a person answers, and a participant's own
    /// profile with the link of a base card to an account.
    enum People {
        static let members = PageRoute("people.members", .GET, "/orgs/:organizationID/members", UUID.self)
        static let invite = PageRoute("people.invite", .POST, "/orgs/:organizationID/members", UUID.self)
        static let revoke = PageRoute("people.revoke", .POST, "/orgs/:organizationID/members/:assignmentID/revoke", UUID.self, UUID.self)
        static let reissue = PageRoute("people.reissue", .POST, "/orgs/:organizationID/members/people/:userID/invitation", UUID.self, UUID.self)
        static let roleOffers = PageRoute("people.roleOffers", .GET, "/me/role-offers")
        static let acceptOffer = PageRoute("people.acceptOffer", .POST, "/me/role-offers/:offerID/accept", UUID.self)
        static let declineOffer = PageRoute("people.declineOffer", .POST, "/me/role-offers/:offerID/decline", UUID.self)
        static let participation = PageRoute("people.participation", .GET, "/me/participation")
        static let updateOwnMentor = PageRoute("people.updateOwnMentor", .POST, "/me/participation/mentors/:mentorID", UUID.self)
        static let updateOwnMentee = PageRoute("people.updateOwnMentee", .POST, "/me/participation/mentees/:menteeID", UUID.self)
        static let linkMenteeAccount = PageRoute("people.linkMenteeAccount", .POST, "/orgs/:organizationID/mentees/:menteeID/account", UUID.self, UUID.self)
        static let linkMentorAccount = PageRoute("people.linkMentorAccount", .POST, "/orgs/:organizationID/mentors/:mentorID/account", UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [
            members, invite, revoke, reissue, roleOffers, acceptOffer, declineOffer, participation, updateOwnMentor, updateOwnMentee,
            linkMenteeAccount, linkMentorAccount,
        ]
    }
}
