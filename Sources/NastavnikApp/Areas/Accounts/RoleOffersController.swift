import Fluent
import Vapor

/// «Предложения ролей»: the person accepts or declines a role another organization offered to
/// their account. Anyone else's offer is not found.
struct RoleOffersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.People.roleOffers, use: index)
        routes.on(SiteRoute.People.acceptOffer, use: { try await answer(req: $0, accept: true) })
        routes.on(SiteRoute.People.declineOffer, use: { try await answer(req: $0, accept: false) })
    }

    struct Page: Encodable {
        let offers: [RoleOffers.Row]
        /// The organizations where the person already holds roles, to compare with.
        let places: [String]
    }

    /// GET /me/role-offers
    @Sendable func index(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let places = try await RoleAssignment.query(on: req.db).filter(\.$user.$id == principal.userID).filter(\.$organization.$id != nil)
            .with(\.$organization).all().compactMap { assignment in assignment.organization.map { "\($0.shortName): \(assignment.role.russianName)" } }
        return try await req.page("accounts/role_offers", title: "Предложения ролей", breadcrumbs: [.init("Главная", "/"), .init("Предложения ролей")],
                                  content: Page(offers: try await RoleOffers.open(for: principal.userID, on: req.db), places: places.sorted()))
    }

    /// POST /me/role-offers/:offerID/accept|decline
    func answer(req: Request, accept: Bool) async throws -> Response {
        _ = try req.requirePrincipal()
        guard let offer = try await RoleOffers.answer(req.parameters.get("offerID", as: UUID.self), accept: accept, by: req.auditActor, on: req.db) else {
            return req.redirect(to: SiteRoute.People.roleOffers.path(), flash: FlashMessage(.info, "На это предложение уже дан ответ."))
        }
        let organization = offer.organization.shortName
        if accept {
            return req.redirect(to: "/", flash: FlashMessage(.success,
                "Роль «\(offer.role.russianName)» в организации \(organization.quoted()) добавлена. Работа всех ваших организаций — на главной и в «Мои пары»."))
        }
        return req.redirect(to: SiteRoute.People.roleOffers.path(), flash: FlashMessage(.success, "Вы отказались от роли «\(offer.role.russianName)» в организации \(organization.quoted())."))
    }
}
