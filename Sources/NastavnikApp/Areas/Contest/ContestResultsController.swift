import Vapor

/// The contest's results: the coordinator passes the best of each nomination to the next stage
/// and publishes the results (the public page is `PublicPagesController.contestResults`).
struct ContestResultsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Contests.advance, use: advance)
        routes.on(SiteRoute.Contests.publish, use: publish)
    }

    /// POST /contests/:contestID/advance — the best of each nomination pass to the next stage.
    @Sendable func advance(req: Request) async throws -> Response {
        let contest = try await req.managedContest()
        let count = Int(try req.formValues()["count"] ?? "") ?? 0
        do {
            let passed = try await ContestService.advance(contest, top: count, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Contests.show.path(contest.id!), flash: FlashMessage(.success, "В этап «\(contest.currentStage.shortName)» прошли заявок: \(passed)."))
        } catch AppError.validation(let errors) {
            return req.redirect(to: SiteRoute.Contests.show.path(contest.id!), flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        } catch let error as ContestError {
            return req.redirect(to: SiteRoute.Contests.show.path(contest.id!), flash: FlashMessage(.error, error.russianMessage))
        }
    }

    /// POST /contests/:contestID/publish
    @Sendable func publish(req: Request) async throws -> Response {
        let contest = try await req.managedContest()
        try await ContestService.publish(contest, by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Public.contestResults.path(contest.id!), flash: FlashMessage(.success, "Итоги опубликованы."))
    }
}
