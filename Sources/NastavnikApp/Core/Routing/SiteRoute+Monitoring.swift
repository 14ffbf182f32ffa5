import Foundation

extension SiteRoute {
    /// Indicators of the target model and a program's monitoring: SWOT and the participants' measurements.
    enum Monitoring {
        static let territory = PageRoute("monitoring.territory", .GET, "/indicators")
        static let territorySpreadsheet = PageRoute("monitoring.territorySpreadsheet", .GET, "/indicators.xlsx")
        static let organization = PageRoute("monitoring.organization", .GET, "/orgs/:organizationID/indicators", UUID.self)
        static let organizationSpreadsheet = PageRoute("monitoring.organizationSpreadsheet", .GET, "/orgs/:organizationID/indicators.xlsx", UUID.self)
        static let saveFigures = PageRoute("monitoring.saveFigures", .POST, "/orgs/:organizationID/indicators/figures", UUID.self)
        static let program = PageRoute("monitoring.program", .GET, "/orgs/:organizationID/programs/:programID/monitoring", UUID.self, UUID.self)
        static let programSpreadsheet = PageRoute("monitoring.programSpreadsheet", .GET, "/orgs/:organizationID/programs/:programID/monitoring.xlsx",
                                                  UUID.self, UUID.self)
        static let addSwot = PageRoute("monitoring.addSwot", .POST, "/orgs/:organizationID/programs/:programID/monitoring/swot", UUID.self, UUID.self)
        static let acceptSwot = PageRoute("monitoring.acceptSwot", .POST, "/orgs/:organizationID/programs/:programID/monitoring/swot/accept",
                                          UUID.self, UUID.self)
        static let deleteSwot = PageRoute("monitoring.deleteSwot", .POST, "/orgs/:organizationID/programs/:programID/monitoring/swot/:itemID/delete",
                                          UUID.self, UUID.self, UUID.self)
        static let impact = PageRoute("monitoring.impact", .GET, "/orgs/:organizationID/programs/:programID/impact", UUID.self, UUID.self)
        static let measure = PageRoute("monitoring.measure", .POST, "/orgs/:organizationID/programs/:programID/impact", UUID.self, UUID.self)

        static let all: [any AnyPageRoute] = [
            territory, territorySpreadsheet, organization, organizationSpreadsheet, saveFigures, program, programSpreadsheet, addSwot,
            acceptSwot, deleteSwot, impact, measure,
        ]
    }

    /// The start page, the audit log and the coordinator's territory.
    enum Home {
        static let index = PageRoute("home.index", .GET, "/")
        static let organizationTarget = PageRoute("home.organizationTarget", .POST, "/orgs/:organizationID/involvement-target", UUID.self)
        static let regionTarget = PageRoute("home.regionTarget", .POST, "/territory/regions/:regionID/target", UUID.self)
        static let audit = PageRoute("home.audit", .GET, "/orgs/:organizationID/audit", UUID.self)
        static let territory = PageRoute("home.territory", .GET, "/territory")

        static let all: [any AnyPageRoute] = [index, organizationTarget, regionTarget, audit, territory]
    }
}
