import Fluent
import Vapor

/// The signed-in person's start page: where they hold which role, and where to go next.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(use: index)
    }

    struct HomePage: Encodable {
        struct Place: Encodable { let href: String; let name: String; let roles: String; let kind: String }
        let fullName: String
        let places: [Place]
        let isPlatformAdmin: Bool
        let isCoordinator: Bool
        /// Questionnaires waiting to be filled.
        let assignments: [MyQuestionnairesController.Row]
        /// Pairs proposed to the person or formed with them.
        let pairs: [MyPairsController.Row]
        /// For a legal representative: the linked children and what awaits their agreement.
        var children: [MyChildrenController.Page.Child] = []
    }

    /// GET /
    @Sendable func index(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let assignments = try await RoleAssignment.query(on: req.db)
            .filter(\.$user.$id == principal.userID)
            .with(\.$organization).with(\.$municipality).with(\.$region)
            .all()
        var places: [String: (HomePage.Place, [Role])] = [:]
        var order: [String] = []
        for assignment in assignments {
            let key: String, place: HomePage.Place
            if let organization = assignment.organization {
                key = "o" + (organization.id?.uuidString ?? "")
                place = .init(href: "/orgs/\(organization.id!)", name: organization.name, roles: "", kind: organization.kind.russianName)
            } else if let municipality = assignment.municipality {
                key = "m" + (municipality.id?.uuidString ?? "")
                place = .init(href: "/territory", name: municipality.name, roles: "", kind: "Муниципалитет")
            } else if let region = assignment.region {
                key = "r" + (region.id?.uuidString ?? "")
                place = .init(href: "/territory", name: region.name, roles: "", kind: "Регион")
            } else { continue }
            if places[key] == nil { order.append(key); places[key] = (place, []) }
            places[key]!.1.append(assignment.role)
        }
        let rows = order.compactMap { key -> HomePage.Place? in
            guard let (place, roles) = places[key] else { return nil }
            let names = Role.allCases.filter(roles.contains).map(\.russianName).joined(separator: ", ")
            return .init(href: place.href, name: place.name, roles: names, kind: place.kind)
        }
        return try await req.page("home/index", title: "Главная", content: HomePage(
            fullName: principal.fullName, places: rows, isPlatformAdmin: principal.isPlatformAdmin,
            isCoordinator: principal.holds(.regionalCoordinator),
            assignments: try await MyQuestionnairesController.rows(for: principal.userID, openOnly: true, limit: 20, on: req.db),
            pairs: try await MyPairsController.rows(for: principal.userID, on: req.db),
            children: principal.holds(.guardian) ? try await MyChildrenController.page(for: principal.userID, on: req.db).children : []
        ))
    }
}
