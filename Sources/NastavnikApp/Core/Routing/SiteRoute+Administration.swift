import Foundation

extension SiteRoute {
    /// A person's own profile (password, API tokens) and the platform administrator's regions.
    enum Administration {
        static let account = PageRoute("administration.account", .GET, "/account")
        static let passwordForm = PageRoute("administration.passwordForm", .GET, "/account/password")
        static let changePassword = PageRoute("administration.changePassword", .POST, "/account/password")
        static let createToken = PageRoute("administration.createToken", .POST, "/account/tokens")
        static let revokeToken = PageRoute("administration.revokeToken", .POST, "/account/tokens/:tokenID/revoke", UUID.self)
        static let regions = PageRoute("administration.regions", .GET, "/admin/regions")
        static let createRegion = PageRoute("administration.createRegion", .POST, "/admin/regions")
        static let region = PageRoute("administration.region", .GET, "/admin/regions/:regionID", UUID.self)
        static let createMunicipality = PageRoute("administration.createMunicipality", .POST, "/admin/regions/:regionID/municipalities", UUID.self)
        static let createOrganization = PageRoute("administration.createOrganization", .POST, "/admin/regions/:regionID/organizations", UUID.self)
        static let inviteCoordinator = PageRoute("administration.inviteCoordinator", .POST, "/admin/regions/:regionID/coordinators", UUID.self)

        static let all: [any AnyPageRoute] = [
            account, passwordForm, changePassword, createToken, revokeToken, regions, createRegion, region, createMunicipality,
            createOrganization, inviteCoordinator,
        ]
    }
}
