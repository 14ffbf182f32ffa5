import Fluent
import SQLKit
import Vapor

/// A regional or municipal coordinator's view of its territory: organizations and how many
/// people take part, in aggregate only (no names of minors or anyone else).
struct CoordinatorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("territory", use: index)
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
        let grants = principal.grants.filter { $0.role == .regionalCoordinator }
        guard !grants.isEmpty || principal.isPlatformAdmin else { throw AppError.forbidden }
        let regionIDs = grants.filter { $0.municipalityID == nil }.compactMap(\.regionID)
        let municipalityIDs = grants.compactMap(\.municipalityID)

        var scopes: [String] = []
        for region in try await Region.query(on: req.db).filter(\.$id ~~ regionIDs).all() { scopes.append(region.name) }
        for municipality in try await Municipality.query(on: req.db).filter(\.$id ~~ municipalityIDs).all() { scopes.append(municipality.name) }

        let organizations = try await Organization.query(on: req.db)
            .group(.or) { $0.filter(\.$regionID ~~ regionIDs).filter(\.$municipality.$id ~~ municipalityIDs) }
            .with(\.$municipality)
            .sort(\.$name)
            .all()
        let counts = try await roleCounts(organizations.compactMap(\.id), on: req.db)
        let rows = try organizations.map { organization in
            let id = try organization.requireID()
            return TerritoryPage.Row(
                id: id, name: organization.name, municipality: organization.municipality.name, kind: organization.kind.russianName,
                mentors: counts[id]?[.mentor] ?? 0, mentees: counts[id]?[.mentee] ?? 0
            )
        }
        return try await req.page("territory/index", title: "Территория", breadcrumbs: [.init("Главная", "/"), .init("Территория")],
                                  content: TerritoryPage(scopes: scopes, organizations: rows))
    }

    /// People per organization and role, counted by the database.
    private func roleCounts(_ organizationIDs: [UUID], on db: any Database) async throws -> [UUID: [Role: Int]] {
        guard !organizationIDs.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable { let organization_id: UUID; let role: String; let n: Int }
        let rows = try await sql.select()
            .column("organization_id").column("role").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(RoleAssignment.schema)
            .where("organization_id", .in, organizationIDs)
            .groupBy("organization_id").groupBy("role")
            .all(decoding: Row.self)
        var result: [UUID: [Role: Int]] = [:]
        for row in rows {
            if let role = Role(rawValue: row.role) { result[row.organization_id, default: [:]][role] = row.n }
        }
        return result
    }
}
