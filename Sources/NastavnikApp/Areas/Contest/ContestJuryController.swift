import Fluent
import Vapor

/// The jury's own page: a juror scores the current stage's applications except their own
/// organization's, criterion by criterion.
struct ContestJuryController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Contests.jury, use: jury)
        routes.on(SiteRoute.Contests.score, use: score)
    }

    struct JuryPage: Encodable {
        let id: UUID
        let title: String
        let stage: String
        let criteria: [String]
        let applications: [Row]
        let excluded: Int

        struct Row: Encodable {
            let id: UUID
            let mentorName: String
            let organization: String
            let nomination: String
            let materials: String
            let files: [ContestQueries.FileLink]
            let fields: [ScoreField]
            let scored: Bool
        }

        struct ScoreField: Encodable {
            let criterion: String
            let name: String
            let value: String
        }
    }

    /// GET /contests/:contestID/jury
    @Sendable func jury(req: Request) async throws -> Response {
        let contest = try await req.contest()
        let jury = try await ContestQueries.jury(of: try req.requirePrincipal().userID, in: contest, on: req.db)
        let criteria = contest.criteriaList
        return try await req.page(
            "contests/jury", title: "Оценка заявок", breadcrumbs: [.init("Конкурсы", SiteRoute.Contests.index.path()), .init("Оценка заявок")],
            content: JuryPage(id: try contest.requireID(), title: "\(contest.title) \(contest.year)", stage: contest.currentStage.russianName, criteria: criteria,
                              applications: jury.applications.map { application in
                                  let own = jury.scores(of: application)
                                  let values = own ?? Array(repeating: "", count: criteria.count)
                                  return .init(id: application.id!, mentorName: application.mentor.fullName,
                                               organization: jury.organizations[application.organizationID] ?? "", nomination: application.nomination,
                                               materials: application.materials, files: jury.files[application.id!] ?? [],
                                               fields: criteria.enumerated().map { .init(criterion: $1, name: "c\($0)", value: $0 < values.count ? values[$0] : "") },
                                               scored: own != nil)
                              }, excluded: jury.excluded))
    }

    /// POST /contests/:contestID/applications/:applicationID/scores
    @Sendable func score(req: Request) async throws -> Response {
        let contest = try await req.contest()
        let juror = try await ContestService.juror(try req.requirePrincipal().userID, of: contest, on: req.db)
        let application = try await ContestService.application(req.parameters.get("applicationID", as: UUID.self), of: contest, on: req.db)
        let values = try req.formValues()
        do {
            _ = try await ContestService.score(application, values: contest.criteriaList.indices.map { values["c\($0)"] ?? "" }, by: juror, in: contest,
                                               actor: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return req.redirect(to: SiteRoute.Contests.jury.path(contest.id!), flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
        return req.redirect(to: SiteRoute.Contests.jury.path(contest.id!) + "#application-\(application.id!)", flash: FlashMessage(.success, "Оценка сохранена."))
    }
}
