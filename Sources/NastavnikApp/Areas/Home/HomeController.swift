import Fluent
import Vapor

/// The signed-in person's start page: what to do now in each role they hold (issue 19), then
/// where they hold which role.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Home.index, use: index)
        routes.on(SiteRoute.Home.organizationTarget, use: setOrganizationTarget)
        routes.on(SiteRoute.Home.regionTarget, use: setRegionTarget)
    }

    struct HomePage: Encodable {
        struct Place: Encodable { let href: String; let name: String; let roles: String; let kind: String }
        /// A curator's organization with its lines.
        struct CuratorSection: Encodable {
            let organization: String
            let href: String
            let tasks: [HomeTask]
            let programs: [HomeTaskGroup]
            let isClear: Bool
        }
        struct AdministrationSection: Encodable {
            let organizationID: UUID
            let organization: String
            let tasks: [HomeTask]
            let programs: [ProgramSummary]
            /// The organization's own target, empty when it follows the region or the federal one.
            let ownTarget: String
            let federalTarget: Int
        }
        struct ChildTask: Encodable { let text: String; let href: String }
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
        var childTasks: [ChildTask] = []
        var curator: [CuratorSection] = []
        var administration: [AdministrationSection] = []
        var coordinator: [CoordinatorTasks.Scope] = []
        var nextMeeting: ParticipantTasks.NextMeeting?
        var participantTasks: [HomeTask] = []
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
                place = .init(href: SiteRoute.Organizations.show.path(organization.id!), name: organization.name, roles: "", kind: organization.kind.russianName)
            } else if let municipality = assignment.municipality {
                key = "m" + (municipality.id?.uuidString ?? "")
                place = .init(href: SiteRoute.Home.territory.path(), name: municipality.name, roles: "", kind: "Муниципалитет")
            } else if let region = assignment.region {
                key = "r" + (region.id?.uuidString ?? "")
                place = .init(href: SiteRoute.Home.territory.path(), name: region.name, roles: "", kind: "Регион")
            } else { continue }
            if places[key] == nil { order.append(key); places[key] = (place, []) }
            places[key]!.1.append(assignment.role)
        }
        let rows = order.compactMap { key -> HomePage.Place? in
            guard let (place, roles) = places[key] else { return nil }
            let names = Role.allCases.filter(roles.contains).map(\.russianName).joined(separator: ", ")
            return .init(href: place.href, name: place.name, roles: names, kind: place.kind)
        }
        let pairs = try await MyPairsController.rows(for: principal.userID, on: req.db)
        var page = HomePage(
            fullName: principal.fullName, places: rows, isPlatformAdmin: principal.isPlatformAdmin,
            isCoordinator: principal.holds(.regionalCoordinator),
            assignments: try await MyQuestionnairesController.rows(for: principal.userID, openOnly: true, limit: 20, on: req.db),
            pairs: pairs)
        if principal.holds(.guardian) {
            page.children = try await MyChildrenController.page(for: principal.userID, on: req.db).children
            page.childTasks = Self.childTasks(page.children)
        }
        let evidence = req.application.checklistEvidence
        let organizations = assignments.compactMap(\.organization)
        for organization in organizations where assignments.contains(where: { $0.role == .curator && $0.$organization.id == organization.id }) {
            guard !page.curator.contains(where: { $0.href == SiteRoute.Organizations.show.path(organization.id!) }) else { continue }
            let tasks = try await CuratorTasks.load(organizationID: organization.requireID(), evidence: evidence, on: req.db)
            page.curator.append(.init(organization: organization.name, href: SiteRoute.Organizations.show.path(organization.id!), tasks: Self.urgentFirst(tasks.organization),
                                      programs: tasks.programs.map { HomeTaskGroup(title: $0.title, href: $0.href, tasks: Self.urgentFirst($0.tasks)) },
                                      isClear: tasks.total == 0))
        }
        for organization in organizations where assignments.contains(where: { $0.role == .orgAdmin && $0.$organization.id == organization.id }) {
            guard !page.administration.contains(where: { $0.organizationID == organization.id }) else { continue }
            let tasks = try await AdministrationTasks.load(organizationID: organization.requireID(), kind: organization.kind, evidence: evidence, on: req.db)
            let own = try await InvolvementTarget.query(on: req.db).filter(\.$organizationID == organization.requireID()).first()
            page.administration.append(.init(organizationID: try organization.requireID(), organization: organization.name, tasks: tasks.tasks,
                                             programs: tasks.programs, ownTarget: own.map { String($0.percent) } ?? "",
                                             federalTarget: InvolvementTargets.federalPercent))
        }
        if principal.holds(.regionalCoordinator) {
            page.coordinator = try await CoordinatorTasks.load(principal, on: req.db)
        }
        if principal.holds(.mentor) || principal.holds(.mentee) || !pairs.isEmpty {
            let tasks = try await ParticipantTasks.load(userID: principal.userID, proposalsToAnswer: pairs.filter(\.mayAnswer).count, on: req.db)
            page.nextMeeting = tasks.nextMeeting
            page.participantTasks = tasks.tasks
        }
        return try await req.page("home/index", title: "Главная", content: page)
    }

    /// Urgent lines first, then the order the checks run in.
    static func urgentFirst(_ tasks: [HomeTask]) -> [HomeTask] {
        tasks.filter(\.isUrgent) + tasks.filter { !$0.isUrgent }
    }

    /// A representative's lines: children whose processing consent is not given, and pairs awaiting their agreement.
    static func childTasks(_ children: [MyChildrenController.Page.Child]) -> [HomePage.ChildTask] {
        var tasks: [HomePage.ChildTask] = []
        for child in children {
            if child.consents.first(where: { $0.purpose == ConsentPurpose.processing.russianName })?.valid == false {
                tasks.append(.init(text: "\(child.fullName): нет согласия на обработку персональных данных — дайте его в «Мои дети» или подпишите бланк у куратора",
                                   href: SiteRoute.MyChildren.index.path()))
            }
            let waiting = child.proposals.filter(\.mayAnswer).count
            if waiting > 0 {
                tasks.append(.init(text: "\(child.fullName): " + RussianPlural.count(waiting, "предложение пары ждёт", "предложения пары ждут", "предложений пары ждут") + " вашего согласия",
                                   href: SiteRoute.MyChildren.index.path()))
            }
        }
        return tasks
    }

    /// POST /orgs/:organizationID/involvement-target — the administration's own target (empty: back to the region's).
    @Sendable func setOrganizationTarget(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .setInvolvementTarget)
        do {
            let percent = try InvolvementTargets.parse(try req.formValues()["targetPercent"])
            try await InvolvementTargets.set(percent, organizationID: try organization.requireID(), by: req.auditActor, on: req.db)
            return req.redirect(to: "/", flash: FlashMessage(.success, percent.map { "Целевая доля организации: \($0) %." } ?? "Организация следует цели региона."))
        } catch AppError.validation(let errors) {
            return req.redirect(to: "/", flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
    }

    /// POST /territory/regions/:regionID/target — the regional coordinator's target for the region.
    @Sendable func setRegionTarget(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let regionID = req.parameters.get("regionID", as: UUID.self), try await Region.find(regionID, on: req.db) != nil else { throw AppError.notFound }
        let territory = AccessPolicy.coordinatedTerritory(of: principal)
        if !territory.coversWholeRegion(regionID) && !principal.isPlatformAdmin {
            let municipal = try await Municipality.query(on: req.db).filter(\.$id ~~ territory.municipalityIDs)
                .filter(\.$region.$id == regionID).count() > 0
            throw municipal ? AppError.forbidden : AppError.notFound
        }
        do {
            let percent = try InvolvementTargets.parse(try req.formValues()["targetPercent"])
            try await InvolvementTargets.set(percent, regionID: regionID, by: req.auditActor, on: req.db)
            return req.redirect(to: "/", flash: FlashMessage(.success, "Целевая доля региона: \(percent ?? InvolvementTargets.federalPercent) %."))
        } catch AppError.validation(let errors) {
            return req.redirect(to: "/", flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
    }
}
