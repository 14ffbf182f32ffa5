import Fluent
import Vapor

/// Indicators as JSON, by scope and academic year, on the same rules as the dashboards.
struct IndicatorsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped(RequireAPIPrincipal())
        api.get("indicators", use: territory)
        api.get("organizations", ":organizationID", "indicators", use: organization)
    }

    struct IndicatorTable: Content {
        let year: String
        let scope: String
        let total: IndicatorRow
        /// Municipalities of a region, organizations of a municipality, or forms of an organization.
        let rows: [IndicatorRow]
    }

    /// GET /api/v1/indicators?year=&municipality=
    @Sendable func territory(req: Request) async throws -> IndicatorTable {
        let territory = try await IndicatorsController.territory(req)
        let year = IndicatorsController.year(req)
        let (total, rows) = try await IndicatorsController.territoryRows(territory, year: year, on: req.db)
        return IndicatorTable(year: year.title, scope: territory.name, total: total, rows: rows)
    }

    /// GET /api/v1/organizations/:organizationID/indicators?year=
    @Sendable func organization(req: Request) async throws -> IndicatorTable {
        let organization = try await req.authorizedOrganization(for: .viewIndicators)
        let year = IndicatorsController.year(req)
        let (total, forms) = try await IndicatorsController.organizationRows(organization, year: year, on: req.db)
        return IndicatorTable(year: year.title, scope: organization.shortName, total: total, rows: forms)
    }
}
