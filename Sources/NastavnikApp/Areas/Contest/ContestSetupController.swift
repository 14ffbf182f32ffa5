import Fluent
import Vapor

/// The contest's setup: the list of contests, the coordinator opening the year's contest, its
/// page with the stages and rankings, the stage dates and the jury.
struct ContestSetupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Contests.index, use: index)
        routes.on(SiteRoute.Contests.create, use: create)
        routes.on(SiteRoute.Contests.show, use: show)
        routes.on(SiteRoute.Contests.addJuror, use: addJuror)
        routes.on(SiteRoute.Contests.saveWindows, use: saveWindows)
    }

    struct ContestRow: Encodable {
        let id: UUID
        let title: String
        let year: Int
        let stage: String
        let manage: Bool
        let judge: Bool
        let applyOrganizations: [SelectOption]
        let published: Bool
    }

    struct IndexPage: Encodable {
        let contests: [ContestRow]
        let mayCreate: Bool
        let year: Int
    }

    /// GET /contests — what the person may do in each contest of their region(s).
    @Sendable func index(req: Request) async throws -> Response {
        try await indexPage(req, form: FormState(values: ["title": "Быть учителем!", "year": String(CalendarDay.today().year + 1),
                                                          "nominations": ContestRules.defaultNominations.joined(separator: "\n"),
                                                          "criteria": ContestRules.defaultCriteria.joined(separator: "\n")]))
    }

    private func indexPage(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let principal = try req.requirePrincipal()
        let visible = try await ContestQueries.visible(to: principal, on: req.db)
        return try await req.page(
            "contests/index", title: "Конкурс «Быть учителем!»", breadcrumbs: [.init("Главная", "/"), .init("Конкурсы")], form: form, status: status,
            content: IndexPage(contests: visible.contests.map { contest in
                ContestRow(id: contest.id!, title: contest.title, year: contest.year, stage: contest.currentStage.shortName,
                           manage: AccessPolicy.managesContest(principal, regionID: contest.regionID), judge: visible.jurorOf.contains(contest.id!),
                           applyOrganizations: visible.applying.filter { $0.regionID == contest.regionID }.map { SelectOption($0.id!.uuidString, $0.shortName) },
                           published: contest.resultsPublished)
            }, mayCreate: !AccessPolicy.contestRegions(of: principal).isEmpty, year: CalendarDay.today().year))
    }

    /// POST /contests — a regional coordinator opens the year's contest.
    @Sendable func create(req: Request) async throws -> Response {
        guard let regionID = AccessPolicy.contestRegions(of: try req.requirePrincipal()).first else { throw AppError.forbidden }
        let values = try req.formValues()
        let input = ContestService.ContestInput(title: values["title"] ?? "", year: values["year"] ?? "", nominations: values["nominations"] ?? "",
                                                criteria: values["criteria"] ?? "")
        do {
            let contest = try await ContestService.create(input, regionID: regionID, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Contests.show.path(contest.id!), flash: FlashMessage(.success, "Конкурс объявлен. Добавьте жюри; организации подают заявки в окно полуфинала."))
        } catch AppError.validation(let errors) {
            return try await indexPage(req, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
    }

    struct StageView: Encodable {
        let stage: String
        let name: String
        let window: String
        let isCurrent: Bool
        let ranking: [ContestRules.Ranked]
    }

    struct ShowPage: Encodable {
        let id: UUID
        let title: String
        let year: Int
        let nominations: [String]
        let criteria: [String]
        let stages: [StageView]
        let jurors: [String]
        let currentStage: String
        let hasNext: Bool
        let published: Bool
    }

    /// GET /contests/:contestID — the coordinator's view.
    @Sendable func show(req: Request) async throws -> Response {
        try await Self.show(req, form: nil)
    }

    static func show(_ req: Request, form: FormState?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let contest = try await req.managedContest()
        let jurors = try await ContestQueries.jurors(of: contest, on: req.db)
        let stages = try await ContestQueries.stages(contest, on: req.db)
        return try await req.page(
            "contests/show", title: "\(contest.title) \(contest.year)", breadcrumbs: [.init("Конкурсы", SiteRoute.Contests.index.path()), .init("\(contest.title) \(contest.year)")],
            form: form ?? FormState(values: contest.windowDays), status: status,
            content: ShowPage(id: try contest.requireID(), title: contest.title, year: contest.year, nominations: contest.nominationList,
                              criteria: contest.criteriaList,
                              stages: stages.map { StageView(stage: $0.stage.rawValue, name: $0.stage.russianName, window: $0.windowText,
                                                             isCurrent: $0.stage == contest.currentStage, ranking: $0.ranking) },
                              jurors: jurors.map { $0.name + ($0.organization.map { " (\($0))" } ?? "") },
                              currentStage: contest.currentStage.shortName, hasNext: contest.currentStage.next != nil, published: contest.resultsPublished))
    }

    /// POST /contests/:contestID/windows — the regulations may move the dates of the stages.
    @Sendable func saveWindows(req: Request) async throws -> Response {
        let contest = try await req.managedContest()
        let values = try req.formValues()
        do {
            try await ContestService.saveWindows(values, of: contest, by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return try await Self.show(req, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        return req.redirect(to: SiteRoute.Contests.show.path(contest.id!), flash: FlashMessage(.success, "Сроки этапов сохранены."))
    }

    /// POST /contests/:contestID/jurors — by login; the juror's organization, when given, is never scored by them.
    @Sendable func addJuror(req: Request) async throws -> Response {
        let contest = try await req.managedContest()
        do {
            let juror = try await ContestService.addJuror(login: try req.formValues()["login"] ?? "", to: contest, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Contests.show.path(contest.id!), flash: FlashMessage(.success, "\(juror.name) — в жюри."))
        } catch let error as ContestError {
            return req.redirect(to: SiteRoute.Contests.show.path(contest.id!), flash: FlashMessage(.error, error.russianMessage))
        }
    }
}
