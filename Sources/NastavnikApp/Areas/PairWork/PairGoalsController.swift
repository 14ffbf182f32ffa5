import Fluent
import Vapor

/// The pair's goal map and diary on its page. Thin adapters over `PairWorkService`.
struct PairGoalsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.PairSpace.addGoal, use: addGoal)
        routes.on(SiteRoute.PairSpace.markGoal, use: markGoal)
        routes.on(SiteRoute.PairSpace.diary, use: writeDiary)
    }

    /// POST /pairs/:pairingID/goals — a line of the goal map.
    @Sendable func addGoal(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let values = try req.formValues()
        return try await PairSpaceController.submit(req, access, values, back: PairSpaceController.path(access, "#goals")) {
            try await PairWorkService.addGoal(values, in: access, by: req.auditActor, on: req.db)
            return "Цель добавлена в карту целей."
        }
    }

    /// POST /pairs/:pairingID/goals/:goalID — progress marked after a meeting.
    @Sendable func markGoal(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let goalID = try req.objectID("goalID")
        let values = try req.formValues()
        return try await PairSpaceController.act(req, back: PairSpaceController.path(access, "#goals")) {
            try await PairWorkService.markGoal(goalID, progress: values["progress"] ?? "", note: values["completionNote"], in: access,
                                               by: req.auditActor, on: req.db)
            return "Продвижение к цели отмечено."
        }
    }

    /// POST /pairs/:pairingID/diary
    @Sendable func writeDiary(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let text = try req.formValues()["text"] ?? ""
        return try await PairSpaceController.act(req, back: PairSpaceController.path(access, "#diary")) {
            try await PairWorkService.writeDiary(text, in: access, by: req.auditActor, on: req.db)
            return "Запись добавлена в дневник."
        }
    }
}
