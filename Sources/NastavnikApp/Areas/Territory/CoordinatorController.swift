import Fluent
import SQLKit
import Vapor

/// A regional or municipal coordinator's view of its territory: organizations and how many
/// people take part, in aggregate only (no names of minors or anyone else).
struct CoordinatorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Home.territory, use: index)
    }

    struct TerritoryPage: Encodable {
        struct Row: Encodable {
            let id: UUID
            let name: String
            let municipality: String
            let kind: String
            let mentors: Int
            let mentees: Int
        }
        let scopes: [String]
        let organizations: [Row]
    }

    /// GET /territory
    @Sendable func index(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let territory = AccessPolicy.coordinatedTerritory(of: principal)
        guard !territory.isEmpty || principal.isPlatformAdmin else { throw AppError.forbidden }
        let (regionIDs, municipalityIDs) = (territory.regionIDs, territory.municipalityIDs)

        var scopes: [String] = []
        for region in try await Region.query(on: req.db).filter(\.$id ~~ regionIDs).all() { scopes.append(region.name) }
        for municipality in try await Municipality.query(on: req.db).filter(\.$id ~~ municipalityIDs).all() { scopes.append(municipality.name) }

        let organizations = try await organizationRows(regionIDs: regionIDs, municipalityIDs: municipalityIDs, on: req.db)
        let mentees = try await baseCounts(Mentee.schema, regionIDs: regionIDs, municipalityIDs: municipalityIDs, on: req.db)
        let mentors = try await baseCounts(Mentor.schema, regionIDs: regionIDs, municipalityIDs: municipalityIDs, on: req.db)
        let rows = organizations.map { organization in
            TerritoryPage.Row(
                id: organization.id, name: organization.name, municipality: organization.municipality,
                kind: OrganizationKind(rawValue: organization.kind)?.russianName ?? organization.kind,
                mentors: mentors[organization.id] ?? 0, mentees: mentees[organization.id] ?? 0
            )
        }
        return try await req.page("territory/index", title: "Территория", breadcrumbs: [.init("Главная", "/"), .init("Территория")],
                                  content: TerritoryPage(scopes: scopes, organizations: rows))
    }

    /// People in a base per organization, not counting those who left: counted by the database,
    /// never listed by name.
    /// Driven by the organizations of the territory (a subquery, not a list of a thousand ids), so
    /// the (organization_id, status) index answers each organization's count.
    private func baseCounts(_ table: String, regionIDs: [UUID], municipalityIDs: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !(regionIDs.isEmpty && municipalityIDs.isEmpty), let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable { let organization_id: UUID; let n: Int }
        let rows = try await sql.select()
            .column("organization_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(table)
            .where(SQLIdentifier("organization_id"), .in, SQLGroupExpression(organizationsInScope(regionIDs: regionIDs, municipalityIDs: municipalityIDs, sql: sql)))
            .where("status", .notEqual, "left")
            .groupBy("organization_id")
            .all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.organization_id, $0.n) })
    }

    /// The territory's organizations with their municipality, through SQLKit: a region has a
    /// thousand of them, and Fluent's model decoding would dominate the page.
    private func organizationRows(regionIDs: [UUID], municipalityIDs: [UUID], on db: any Database) async throws -> [OrganizationRow] {
        guard !(regionIDs.isEmpty && municipalityIDs.isEmpty), let sql = db as? any SQLDatabase else { return [] }
        var select = sql.select()
            .column(SQLColumn("id", table: "o")).column(SQLColumn("name", table: "o")).column(SQLColumn("kind", table: "o"))
            .column(SQLColumn("name", table: "m"), as: "municipality")
            .from(SQLAlias(SQLIdentifier(Organization.schema), as: SQLIdentifier("o")))
            .join(SQLAlias(SQLIdentifier(Municipality.schema), as: SQLIdentifier("m")), on: SQLColumn("id", table: "m"), .equal, SQLColumn("municipality_id", table: "o"))
        if !regionIDs.isEmpty { select = select.orWhere(SQLColumn("region_id", table: "o"), .in, SQLBind.group(regionIDs)) }
        if !municipalityIDs.isEmpty { select = select.orWhere(SQLColumn("municipality_id", table: "o"), .in, SQLBind.group(municipalityIDs)) }
        return try await select.orderBy(SQLColumn("name", table: "o")).all(decoding: OrganizationRow.self)
    }

    struct OrganizationRow: Decodable {
        let id: UUID
        let name: String
        let kind: String
        let municipality: String
    }

    private func organizationsInScope(regionIDs: [UUID], municipalityIDs: [UUID], sql: any SQLDatabase) -> any SQLExpression {
        var select = sql.select().column("id").from(Organization.schema)
        if !regionIDs.isEmpty { select = select.orWhere("region_id", .in, regionIDs) }
        if !municipalityIDs.isEmpty { select = select.orWhere("municipality_id", .in, municipalityIDs) }
        return select.select
    }
}
