import Fluent
import Foundation
import SQLKit

/// What a regional or municipal coordinator has to look at now (issue 19): organizations of
/// the territory whose share of involved students is below their target — the organization's
/// own, else the region's, else the federal 70 % — with both figures, in numbers only.
enum CoordinatorTasks {
    struct Lagging: Encodable, Sendable, Equatable {
        let name: String
        let actual: String
        let target: String
        let href: String
    }

    struct Scope: Encodable, Sendable {
        let title: String
        /// The region's target as the coordinator sees it, and whether the region set its own.
        let regionTarget: Int
        let regionHasOwnTarget: Bool
        /// A regional coordinator may set the region's target here.
        let regionID: UUID?
        let lagging: [Lagging]
        let laggingCount: Int
        let laggingLabel: String
        let unreported: Int
        let unreportedLabel: String
        let year: String
    }

    /// The worst organizations shown on the home page; the indicators page has them all.
    static let shown = 30

    static func load(_ principal: Principal, today: CalendarDay = .today(), on db: any Database) async throws -> [Scope] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let year = AcademicYear.current(today)
        var scopes: [Scope] = []
        let territory = AccessPolicy.coordinatedTerritory(of: principal)
        let granted = territory.regionIDs.map(IndicatorScope.region) + territory.municipalityIDs.map(IndicatorScope.municipality)
        for grant in granted {
            let scope: IndicatorScope, title: String, regionID: UUID, isRegional: Bool
            if case .municipality(let municipalityID) = grant, let municipality = try await Municipality.find(municipalityID, on: db) {
                scope = .municipality(municipalityID); title = municipality.name; regionID = municipality.$region.id; isRegional = false
            } else if case .region(let id) = grant, let region = try await Region.find(id, on: db) {
                scope = .region(id); title = region.name; regionID = id; isRegional = true
            } else { continue }
            let own = try await InvolvementTargets.region(regionID, on: db)
            let regionTarget = own ?? InvolvementTargets.federalPercent
            let targets = try await InvolvementTargets.organizations(regionIDs: [regionID], on: db)
            // The stored counts (`IndicatorCountsTable`): aggregating the raw tables took 170–260 ms for 1,000 organizations.
            let counts = try await IndicatorCountsTable.byOrganization(scope, years: [year], on: db)[year] ?? [:]
            let organizations = try await sql.raw("""
                SELECT o.id AS id, o.name AS name FROM \(ident: Organization.schema) o WHERE
                """ + " " + scope.condition + " ORDER BY o.name").all()
            var lagging: [(share: Double, row: Lagging)] = []
            var unreported = 0
            for row in organizations {
                let id = try row.decode(column: "id", as: UUID.self)
                guard let share = counts[id]?.studentShare else { unreported += 1; continue }
                let target = targets[id] ?? regionTarget
                if share * 100 < Double(target) {
                    lagging.append((share, Lagging(name: try row.decode(column: "name", as: String.self), actual: (share * 100).russian() + " %",
                                                   target: "\(target) %", href: SiteRoute.Monitoring.organization.path(id))))
                }
            }
            lagging.sort { $0.share < $1.share }
            scopes.append(Scope(
                title: title, regionTarget: regionTarget, regionHasOwnTarget: own != nil, regionID: isRegional ? regionID : nil,
                lagging: lagging.prefix(shown).map(\.row), laggingCount: lagging.count,
                laggingLabel: RussianPlural.form(lagging.count, "организация ниже целевой доли вовлечённых обучающихся", "организации ниже целевой доли вовлечённых обучающихся", "организаций ниже целевой доли вовлечённых обучающихся"),
                unreported: unreported,
                unreportedLabel: RussianPlural.form(unreported, "организация не указала число обучающихся за", "организации не указали число обучающихся за", "организаций не указали число обучающихся за") + " \(year.title) учебный год",
                year: year.title))
        }
        return scopes
    }
}
