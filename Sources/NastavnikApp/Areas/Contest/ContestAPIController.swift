import Fluent
import Vapor

/// The contest «Быть учителем!» as JSON, for a regional system: the coordinator opens and runs
/// a contest, an organization applies, a juror scores. The same `ContestService` functions and
/// the same roles as the pages.
struct ContestAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped(RequireAPIPrincipal())
        api.get("contests", use: list)
        api.post("contests", use: create)
        let contest = api.grouped("contests", ":contestID")
        contest.get(use: show)
        contest.put("windows", use: saveWindows)
        contest.post("jurors", use: addJuror)
        contest.post("advance", use: advance)
        contest.post("publish", use: publish)
        contest.get("jury", use: jury)
        contest.post("applications", ":applicationID", "scores", use: score)
        contest.get("applications", ":applicationID", "files", ":fileID", use: applicationFile)
        let applications = api.grouped("organizations", ":organizationID", "contests", ":contestID", "applications")
        applications.get(use: applicationList)
        // JSON, or multipart with the files as the page sends them (`BodyLimits.uploads`).
        applications.on(.POST, body: .collect(maxSize: "20mb"), use: apply)
    }

    struct ContestSummaryDTO: Content {
        let id: UUID
        let title: String
        let year: Int
        let stage: String
        let stageName: String
        let resultsPublished: Bool
        /// The person coordinates the contest.
        let manage: Bool
        /// The person is on its jury.
        let judge: Bool
        /// Their organizations that may apply to it.
        let applyOrganizationIds: [UUID]
    }

    struct ContestList: Content { let items: [ContestSummaryDTO] }

    struct StageDTO: Content {
        let stage: String
        let name: String
        let from: String
        let to: String
        let isCurrent: Bool
        let ranking: [ContestRules.Ranked]
    }

    struct JurorDTO: Content {
        let name: String
        let organization: String?
    }

    struct ContestDTO: Content {
        let id: UUID
        let title: String
        let year: Int
        let nominations: [String]
        let criteria: [String]
        let stage: String
        let stageName: String
        let resultsPublished: Bool
        let stages: [StageDTO]
        let jurors: [JurorDTO]
    }

    struct ContestInput: Content {
        var title: String
        var year: Int
        var nominations: [String]
        var criteria: [String]
    }

    struct WindowsInput: Content {
        var semiFinalFrom: String; var semiFinalTo: String
        var finalFrom: String; var finalTo: String
        var superFinalFrom: String; var superFinalTo: String
    }

    struct JurorInput: Content { var login: String }
    struct AdvanceInput: Content { var count: Int }
    struct AdvanceResult: Content { let passed: Int; let stage: String; let stageName: String }

    struct FileDTO: Content { let id: UUID; let fileName: String; let size: String }

    struct ApplicationDTO: Content {
        let id: UUID
        let mentorId: UUID
        let mentorName: String
        let nomination: String
        let materials: String
        let stage: String
        let stageName: String
        let files: [FileDTO]
    }

    struct ApplicationList: Content { let items: [ApplicationDTO] }
    /// JSON, or a multipart form whose files are parts named `files[]`, as the page's form sends them.
    struct ApplicationInput: Content { var mentorId: UUID?; var nomination: String; var materials: String; var files: [File]? }

    struct JuryApplicationDTO: Content {
        let id: UUID
        let mentorName: String
        let organization: String
        let nomination: String
        let materials: String
        let files: [FileDTO]
        /// The juror's own scores by criterion, null before they score.
        let scores: [Int]?
    }

    struct JuryDTO: Content {
        let contestId: UUID
        let stage: String
        let stageName: String
        let criteria: [String]
        let applications: [JuryApplicationDTO]
        /// Applications of the juror's own organization, which they do not score.
        let excluded: Int
    }

    struct ScoreInput: Content { var scores: [Int] }
    struct ScoreDTO: Content { let applicationId: UUID; let stage: String; let scores: [Int]; let total: Int }

    /// GET /api/v1/contests — the contests of the person's region(s), those they judge or may apply to.
    @Sendable func list(req: Request) async throws -> ContestList {
        let principal = try req.requirePrincipal()
        let visible = try await ContestQueries.visible(to: principal, on: req.db)
        return ContestList(items: visible.contests.map { contest in
            ContestSummaryDTO(id: contest.id!, title: contest.title, year: contest.year, stage: contest.currentStage.rawValue,
                              stageName: contest.currentStage.russianName, resultsPublished: contest.resultsPublished,
                              manage: AccessPolicy.managesContest(principal, regionID: contest.regionID), judge: visible.jurorOf.contains(contest.id!),
                              applyOrganizationIds: visible.applying.filter { $0.regionID == contest.regionID }.compactMap(\.id))
        })
    }

    static func dto(_ contest: Contest, on db: any Database) async throws -> ContestDTO {
        let stages = try await ContestQueries.stages(contest, on: db)
        let jurors = try await ContestQueries.jurors(of: contest, on: db)
        return ContestDTO(id: try contest.requireID(), title: contest.title, year: contest.year, nominations: contest.nominationList,
                          criteria: contest.criteriaList, stage: contest.currentStage.rawValue, stageName: contest.currentStage.russianName,
                          resultsPublished: contest.resultsPublished,
                          stages: stages.map { StageDTO(stage: $0.stage.rawValue, name: $0.stage.russianName, from: $0.from, to: $0.to,
                                                        isCurrent: $0.stage == contest.currentStage, ranking: $0.ranking) },
                          jurors: jurors.map { JurorDTO(name: $0.name, organization: $0.organization) })
    }

    /// POST /api/v1/contests — a regional coordinator opens the year's contest; 201.
    @Sendable func create(req: Request) async throws -> Response {
        guard let regionID = AccessPolicy.contestRegions(of: try req.requirePrincipal()).first else { throw AppError.forbidden }
        let input = try req.content.decode(ContestInput.self)
        let contest = try await ContestService.create(.init(title: input.title, year: String(input.year), nominations: input.nominations.joined(separator: "\n"),
                                                            criteria: input.criteria.joined(separator: "\n")),
                                                      regionID: regionID, by: req.auditActor, on: req.db)
        return try await Self.dto(contest, on: req.db).encodeResponse(status: .created, for: req)
    }

    /// GET /api/v1/contests/:contestID — for its coordinator: stages with rankings and the jury.
    @Sendable func show(req: Request) async throws -> ContestDTO {
        try await Self.dto(req.managedContest(), on: req.db)
    }

    /// PUT /api/v1/contests/:contestID/windows
    @Sendable func saveWindows(req: Request) async throws -> ContestDTO {
        let contest = try await req.managedContest()
        let input = try req.content.decode(WindowsInput.self)
        try await ContestService.saveWindows(["semiFinalFrom": input.semiFinalFrom, "semiFinalTo": input.semiFinalTo, "finalFrom": input.finalFrom,
                                              "finalTo": input.finalTo, "superFinalFrom": input.superFinalFrom, "superFinalTo": input.superFinalTo],
                                             of: contest, by: req.auditActor, on: req.db)
        return try await Self.dto(contest, on: req.db)
    }

    /// POST /api/v1/contests/:contestID/jurors — 201 with the juror.
    @Sendable func addJuror(req: Request) async throws -> Response {
        let contest = try await req.managedContest()
        let input = try req.content.decode(JurorInput.self)
        let juror = try await ContestService.addJuror(login: input.login, to: contest, by: req.auditActor, on: req.db)
        let organization = try await PublicCases.organizationNames(juror.organizationID.map { [$0] } ?? [], on: req.db)
        return try await JurorDTO(name: juror.name, organization: juror.organizationID.flatMap { organization[$0] })
            .encodeResponse(status: .created, for: req)
    }

    /// POST /api/v1/contests/:contestID/advance
    @Sendable func advance(req: Request) async throws -> AdvanceResult {
        let contest = try await req.managedContest()
        let input = try req.content.decode(AdvanceInput.self)
        let passed = try await ContestService.advance(contest, top: input.count, by: req.auditActor, on: req.db)
        return AdvanceResult(passed: passed, stage: contest.currentStage.rawValue, stageName: contest.currentStage.russianName)
    }

    /// POST /api/v1/contests/:contestID/publish
    @Sendable func publish(req: Request) async throws -> ContestDTO {
        let contest = try await req.managedContest()
        try await ContestService.publish(contest, by: req.auditActor, on: req.db)
        return try await Self.dto(contest, on: req.db)
    }

    static func files(_ links: [ContestQueries.FileLink]) -> [FileDTO] {
        links.compactMap { link in link.id.map { FileDTO(id: $0, fileName: link.name, size: link.size) } }
    }

    /// GET /api/v1/contests/:contestID/jury — the juror's applications of the current stage.
    @Sendable func jury(req: Request) async throws -> JuryDTO {
        let contest = try await req.contest()
        let jury = try await ContestQueries.jury(of: try req.requirePrincipal().userID, in: contest, on: req.db)
        return JuryDTO(contestId: try contest.requireID(), stage: contest.currentStage.rawValue, stageName: contest.currentStage.russianName,
                       criteria: contest.criteriaList,
                       applications: jury.applications.map { application in
                           JuryApplicationDTO(id: application.id!, mentorName: application.mentor.fullName,
                                              organization: jury.organizations[application.organizationID] ?? "", nomination: application.nomination,
                                              materials: application.materials, files: Self.files(jury.files[application.id!] ?? []),
                                              scores: jury.scores(of: application)?.compactMap { Int($0) })
                       }, excluded: jury.excluded)
    }

    /// POST /api/v1/contests/:contestID/applications/:applicationID/scores
    @Sendable func score(req: Request) async throws -> ScoreDTO {
        let contest = try await req.contest()
        let juror = try await ContestService.juror(try req.requirePrincipal().userID, of: contest, on: req.db)
        let application = try await ContestService.application(req.parameters.get("applicationID", as: UUID.self), of: contest, on: req.db)
        let input = try req.content.decode(ScoreInput.self)
        let score = try await ContestService.score(application, values: input.scores.map(String.init), by: juror, in: contest,
                                                   actor: req.auditActor, on: req.db)
        return ScoreDTO(applicationId: score.$application.id, stage: score.stage.rawValue,
                        scores: score.scores.split(separator: ",").compactMap { Int($0) }, total: score.total)
    }

    static func dto(_ application: ContestApplication, files: [ContestQueries.FileLink]) -> ApplicationDTO {
        ApplicationDTO(id: application.id!, mentorId: application.$mentor.id, mentorName: application.mentor.fullName, nomination: application.nomination,
                       materials: application.materials, stage: application.stage.rawValue, stageName: application.stage.russianName,
                       files: Self.files(files))
    }

    /// GET /api/v1/organizations/:organizationID/contests/:contestID/applications — the organization's own.
    @Sendable func applicationList(req: Request) async throws -> ApplicationList {
        let (organization, contest) = try await req.contestForApplying()
        let applications = try await ContestQueries.applications(of: organization.requireID(), to: contest, on: req.db)
        let files = try await ContestQueries.fileLinks(applications, on: req.db)
        return ApplicationList(items: applications.map { Self.dto($0, files: files[$0.id!] ?? []) })
    }

    /// POST …/applications — 201 with the application and its files. The page's rules
    /// (`ContestService.apply`): up to three files, each checked by `AttachedFile`, all or nothing.
    @Sendable func apply(req: Request) async throws -> Response {
        let (organization, contest) = try await req.contestForApplying()
        let input = try req.content.decode(ApplicationInput.self)
        let application = try await ContestService.apply(.init(mentorID: input.mentorId, nomination: input.nomination, materials: input.materials,
                                                               uploads: ContestService.uploads(input.files)),
                                                         to: contest, organizationID: organization.requireID(), by: req.auditActor, on: req.db)
        try await application.$mentor.load(on: req.db)
        let files = try await ContestQueries.fileLinks([application], on: req.db)
        return try await Self.dto(application, files: files[application.requireID()] ?? []).encodeResponse(status: .created, for: req)
    }

    /// GET /api/v1/contests/:contestID/applications/:applicationID/files/:fileID — for the
    /// coordinator, the applying organization and the jurors who may judge the application.
    @Sendable func applicationFile(req: Request) async throws -> Response {
        let file = try await req.contestApplicationFile()
        return Request.privateDownload(file.data, type: file.fileType, fileName: file.fileName)
    }
}
