import Fluent
import Vapor

/// The contest's pages: the regional coordinator creates and runs it (jury, rankings, who
/// passes, results), organizations apply with a mentor, jurors score on their own page.
struct ContestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("contests", use: index)
        routes.post("contests", use: create)
        let contest = routes.grouped("contests", ":contestID")
        contest.get(use: show)
        contest.post("jurors", use: addJuror)
        contest.post("advance", use: advance)
        contest.post("publish", use: publish)
        contest.get("jury", use: jury)
        contest.post("applications", ":applicationID", "scores", use: score)
        routes.get("orgs", ":organizationID", "contests", ":contestID", "apply", use: applyPage)
        routes.on(.POST, "orgs", ":organizationID", "contests", ":contestID", "apply", body: .collect(maxSize: "20mb"), use: apply)
        contest.post("windows", use: saveWindows)
        contest.get("applications", ":applicationID", "files", ":fileID", use: applicationFile)
    }

    static func contest(_ req: Request) async throws -> Contest {
        guard let id = req.parameters.get("contestID", as: UUID.self), let contest = try await Contest.find(id, on: req.db) else { throw AppError.notFound }
        return contest
    }

    /// The contest, for its coordinator only.
    static func managed(_ req: Request) async throws -> Contest {
        let contest = try await contest(req)
        guard AccessPolicy.managesContest(try req.requirePrincipal(), regionID: contest.regionID) else { throw AppError.forbidden }
        return contest
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
        let regions = AccessPolicy.contestRegions(of: principal)
        let jurorOf = Set(try await ContestJuror.query(on: req.db).filter(\.$user.$id == principal.userID).all().map(\.$contest.id))
        // Organizations where the person may put mentors forward.
        let applying = principal.grants.filter { AccessPolicy.roles(for: .applyToContests).contains($0.role) }.compactMap(\.organizationID)
        let organizations = applying.isEmpty ? [] : try await Organization.query(on: req.db).filter(\.$id ~~ applying).all()
        let regionIDs = Set(regions + organizations.map(\.regionID))
        let contests = try await Contest.query(on: req.db).group(.or) { group in
            group.filter(\.$regionID ~~ Array(regionIDs))
            if !jurorOf.isEmpty { group.filter(\.$id ~~ Array(jurorOf)) }
        }.sort(\.$year, .descending).all()
        return try await req.page(
            "contests/index", title: "Конкурс «Быть учителем!»", breadcrumbs: [.init("Главная", "/"), .init("Конкурсы")], form: form, status: status,
            content: IndexPage(contests: contests.map { contest in
                ContestRow(id: contest.id!, title: contest.title, year: contest.year, stage: contest.currentStage.shortName,
                           manage: AccessPolicy.managesContest(principal, regionID: contest.regionID), judge: jurorOf.contains(contest.id!),
                           applyOrganizations: organizations.filter { $0.regionID == contest.regionID }.map { SelectOption($0.id!.uuidString, $0.shortName) },
                           published: contest.resultsPublished)
            }, mayCreate: !regions.isEmpty, year: CalendarDay.today().year))
    }

    /// POST /contests — a regional coordinator opens the year's contest.
    @Sendable func create(req: Request) async throws -> Response {
        guard let regionID = AccessPolicy.contestRegions(of: try req.requirePrincipal()).first else { throw AppError.forbidden }
        let values = try req.formValues()
        var errors: [String: String] = [:]
        let title = (values["title"] ?? "").trimmingCharacters(in: .whitespaces)
        if title.isEmpty || title.count > 200 { errors["title"] = "Назовите конкурс." }
        let year = Int(values["year"] ?? "")
        if year == nil || !(2000...2100).contains(year!) { errors["year"] = "Укажите год." }
        let contest = Contest()
        contest.nominations = (values["nominations"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        contest.criteria = (values["criteria"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if contest.nominationList.isEmpty { errors["nominations"] = "Хотя бы одна номинация." }
        if contest.criteriaList.isEmpty || contest.criteriaList.count > 12 { errors["criteria"] = "От одного до двенадцати критериев." }
        guard errors.isEmpty, let year else { return try await indexPage(req, form: FormState(values: values, errors: errors), status: .unprocessableEntity) }
        let windows = ContestRules.defaultWindows(year)
        contest.regionID = regionID
        contest.title = title
        contest.year = year
        contest.windowDays = windows
        contest.currentStage = .semiFinal
        contest.resultsPublished = false
        contest.createdByName = req.principal?.fullName ?? ""
        try await contest.create(on: req.db)
        try await req.audit(.contestChanged, objectType: "contest", objectID: contest.id, details: "Объявлен конкурс «\(title)» \(year)")
        return req.redirect(to: "/contests/\(contest.id!)", flash: FlashMessage(.success, "Конкурс объявлен. Добавьте жюри; организации подают заявки в окно полуфинала."))
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

    static func stages(_ contest: Contest, on db: any Database) async throws -> [StageView] {
        var views: [StageView] = []
        for stage in ContestStage.allCases {
            let window = contest.window(stage)
            views.append(StageView(stage: stage.rawValue, name: stage.russianName,
                                   window: "\(CalendarDay(iso: window.from)?.russian ?? window.from) — \(CalendarDay(iso: window.to)?.russian ?? window.to)",
                                   isCurrent: stage == contest.currentStage,
                                   ranking: stage <= contest.currentStage ? try await ContestRules.ranking(contest, stage: stage, on: db) : []))
        }
        return views
    }

    /// GET /contests/:contestID — the coordinator's view.
    @Sendable func show(req: Request) async throws -> Response {
        try await show(req, form: nil)
    }

    private func show(_ req: Request, form: FormState?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let contest = try await Self.managed(req)
        let jurors = try await ContestJuror.query(on: req.db).filter(\.$contest.$id == contest.requireID()).all()
        let organizations = try await PublicCases.organizationNames(jurors.compactMap(\.organizationID), on: req.db)
        return try await req.page(
            "contests/show", title: "\(contest.title) \(contest.year)", breadcrumbs: [.init("Конкурсы", "/contests"), .init("\(contest.title) \(contest.year)")],
            form: form ?? FormState(values: contest.windowDays), status: status,
            content: ShowPage(id: try contest.requireID(), title: contest.title, year: contest.year, nominations: contest.nominationList,
                              criteria: contest.criteriaList, stages: try await Self.stages(contest, on: req.db),
                              jurors: jurors.map { $0.name + ($0.organizationID.flatMap { organizations[$0] }.map { " (\($0))" } ?? "") },
                              currentStage: contest.currentStage.shortName, hasNext: contest.currentStage.next != nil, published: contest.resultsPublished))
    }

    /// POST /contests/:contestID/windows — the regulations may move the dates of the stages.
    @Sendable func saveWindows(req: Request) async throws -> Response {
        let contest = try await Self.managed(req)
        let values = try req.formValues()
        let windows: [String: String]
        do {
            windows = try ContestRules.windows(values)
        } catch AppError.validation(let errors) {
            return try await show(req, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        contest.windowDays = windows
        try await contest.save(on: req.db)
        try await req.audit(.contestChanged, objectType: "contest", objectID: contest.id, details: "Сроки этапов изменены")
        return req.redirect(to: "/contests/\(contest.id!)", flash: FlashMessage(.success, "Сроки этапов сохранены."))
    }

    /// GET /contests/:contestID/applications/:applicationID/files/:fileID — for the coordinator,
    /// the applying organization and the jurors who may judge the application; never public.
    @Sendable func applicationFile(req: Request) async throws -> Response {
        let contest = try await Self.contest(req)
        guard let applicationID = req.parameters.get("applicationID", as: UUID.self), let fileID = req.parameters.get("fileID", as: UUID.self),
              let application = try await ContestApplication.query(on: req.db).filter(\.$id == applicationID).filter(\.$contest.$id == contest.requireID()).first(),
              let file = try await ContestApplicationFile.query(on: req.db).filter(\.$id == fileID).filter(\.$application.$id == applicationID).first() else {
            throw AppError.notFound
        }
        let principal = try req.requirePrincipal()
        let coordinates = AccessPolicy.managesContest(principal, regionID: contest.regionID)
        let applied = try await Organization.find(application.organizationID, on: req.db).map { req.may(.applyToContests, in: $0) } ?? false
        let judges = try await ContestJuror.query(on: req.db).filter(\.$contest.$id == contest.requireID()).filter(\.$user.$id == principal.userID).first()
            .map { ContestRules.mayJudge($0, application) } ?? false
        guard coordinates || applied || judges else { throw AppError.notFound }
        let response = DocumentResponse.file(file.data, type: file.fileType, fileName: file.fileName)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    /// POST /contests/:contestID/jurors — by login; the juror's organization, when given, is never scored by them.
    @Sendable func addJuror(req: Request) async throws -> Response {
        let contest = try await Self.managed(req)
        let values = try req.formValues()
        guard let user = try await User.query(on: req.db).filter(\.$login == (values["login"] ?? "").trimmingCharacters(in: .whitespaces)).first() else {
            return req.redirect(to: "/contests/\(contest.id!)", flash: FlashMessage(.error, "Нет пользователя с таким логином."))
        }
        let roles = try await RoleAssignment.query(on: req.db).filter(\.$user.$id == user.requireID()).all()
        let juror = ContestJuror()
        juror.$contest.id = try contest.requireID()
        juror.$user.id = try user.requireID()
        juror.organizationID = roles.compactMap(\.$organization.id).first
        juror.name = user.fullName
        do {
            try await juror.create(on: req.db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return req.redirect(to: "/contests/\(contest.id!)", flash: FlashMessage(.error, "\(user.fullName) уже в жюри."))
        }
        try await req.audit(.contestChanged, objectType: "contest", objectID: contest.id, details: "В жюри: \(user.fullName)")
        return req.redirect(to: "/contests/\(contest.id!)", flash: FlashMessage(.success, "\(user.fullName) — в жюри."))
    }

    /// POST /contests/:contestID/advance — the best of each nomination pass to the next stage.
    @Sendable func advance(req: Request) async throws -> Response {
        let contest = try await Self.managed(req)
        let count = Int(try req.formValues()["count"] ?? "") ?? 0
        do {
            let passed = try await ContestRules.advance(contest, top: count, on: req.db)
            try await req.audit(.contestChanged, objectType: "contest", objectID: contest.id, details: "В этап «\(contest.currentStage.shortName)» прошли: \(passed)")
            return req.redirect(to: "/contests/\(contest.id!)", flash: FlashMessage(.success, "В этап «\(contest.currentStage.shortName)» прошли заявок: \(passed)."))
        } catch AppError.validation(let errors) {
            return req.redirect(to: "/contests/\(contest.id!)", flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        } catch AppError.conflict(let message) {
            return req.redirect(to: "/contests/\(contest.id!)", flash: FlashMessage(.error, message))
        }
    }

    /// POST /contests/:contestID/publish
    @Sendable func publish(req: Request) async throws -> Response {
        let contest = try await Self.managed(req)
        contest.resultsPublished = true
        try await contest.save(on: req.db)
        try await req.audit(.contestChanged, objectType: "contest", objectID: contest.id, details: "Итоги опубликованы")
        return req.redirect(to: "/contests/\(contest.id!)/results", flash: FlashMessage(.success, "Итоги опубликованы."))
    }

    /// A material of an application, by its address for those who may see it.
    struct FileLink: Encodable {
        let name: String
        let size: String
        let url: String
    }

    static func fileLinks(_ applications: [ContestApplication], on db: any Database) async throws -> [UUID: [FileLink]] {
        guard !applications.isEmpty else { return [:] }
        let files = try await ContestApplicationFile.query(on: db).filter(\.$application.$id ~~ applications.compactMap(\.id))
            .field(\.$id).field(\.$application.$id).field(\.$fileName).field(\.$size).field(\.$createdAt).sort(\.$createdAt).all()
        let contests = Dictionary(uniqueKeysWithValues: applications.map { ($0.id!, $0.$contest.id) })
        return Dictionary(grouping: files, by: \.$application.id).mapValues { group in
            group.map { file in
                FileLink(name: file.fileName, size: CaseFiles.sizeText(file.size),
                         url: "/contests/\(contests[file.$application.id]!)/applications/\(file.$application.id)/files/\(file.id!)")
            }
        }
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
            let files: [FileLink]
            let fields: [ScoreField]
            let scored: Bool
        }

        struct ScoreField: Encodable {
            let criterion: String
            let name: String
            let value: String
        }
    }

    private func juror(_ req: Request, _ contest: Contest) async throws -> ContestJuror {
        let principal = try req.requirePrincipal()
        guard let juror = try await ContestJuror.query(on: req.db).filter(\.$contest.$id == contest.requireID()).filter(\.$user.$id == principal.userID).first() else {
            throw AppError.forbidden
        }
        return juror
    }

    /// GET /contests/:contestID/jury — the juror's own page: the current stage's applications
    /// except their organization's.
    @Sendable func jury(req: Request) async throws -> Response {
        let contest = try await Self.contest(req)
        let juror = try await juror(req, contest)
        let applications = try await ContestApplication.query(on: req.db).filter(\.$contest.$id == contest.requireID())
            .filter(\.$stage == contest.currentStage).with(\.$mentor).all()
        let allowed = applications.filter { ContestRules.mayJudge(juror, $0) }
        let scores = try await ContestScore.query(on: req.db).filter(\.$juror.$id == juror.requireID()).filter(\.$stage == contest.currentStage).all()
        let organizations = try await PublicCases.organizationNames(allowed.map(\.organizationID), on: req.db)
        let files = try await Self.fileLinks(allowed, on: req.db)
        let criteria = contest.criteriaList
        return try await req.page(
            "contests/jury", title: "Оценка заявок", breadcrumbs: [.init("Конкурсы", "/contests"), .init("Оценка заявок")],
            content: JuryPage(id: try contest.requireID(), title: "\(contest.title) \(contest.year)", stage: contest.currentStage.russianName, criteria: criteria,
                              applications: allowed.sorted { ($0.nomination, $0.mentor.fullName) < ($1.nomination, $1.mentor.fullName) }.map { application in
                                  let own = scores.first { $0.$application.id == application.id }
                                  let values = own?.scores.split(separator: ",").map(String.init) ?? Array(repeating: "", count: criteria.count)
                                  return .init(id: application.id!, mentorName: application.mentor.fullName,
                                               organization: organizations[application.organizationID] ?? "", nomination: application.nomination,
                                               materials: application.materials, files: files[application.id!] ?? [],
                                               fields: criteria.enumerated().map { .init(criterion: $1, name: "c\($0)", value: $0 < values.count ? values[$0] : "") },
                                               scored: own != nil)
                              }, excluded: applications.count - allowed.count))
    }

    /// POST /contests/:contestID/applications/:applicationID/scores
    @Sendable func score(req: Request) async throws -> Response {
        let contest = try await Self.contest(req)
        let juror = try await juror(req, contest)
        guard let id = req.parameters.get("applicationID", as: UUID.self),
              let application = try await ContestApplication.query(on: req.db).filter(\.$id == id).filter(\.$contest.$id == contest.requireID()).first() else {
            throw AppError.notFound
        }
        let values = try req.formValues()
        do {
            _ = try await ContestRules.score(application, by: juror, contest: contest,
                                             values: contest.criteriaList.indices.map { values["c\($0)"] ?? "" }, on: req.db)
        } catch AppError.validation(let errors) {
            return req.redirect(to: "/contests/\(contest.id!)/jury", flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
        return req.redirect(to: "/contests/\(contest.id!)/jury#application-\(id)", flash: FlashMessage(.success, "Оценка сохранена."))
    }

    struct ApplyPage: Encodable {
        let organizationID: UUID
        let contestID: UUID
        let title: String
        let window: String
        let mentors: [SelectOption]
        let nominations: [SelectOption]
        let applications: [Application]
        let maxFiles: Int

        struct Application: Encodable {
            let summary: String
            let files: [FileLink]
        }
    }

    private func applyPage(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .applyToContests)
        let contest = try await Self.contest(req)
        guard contest.regionID == organization.regionID else { throw AppError.notFound }
        let mentors = try await Mentor.query(on: req.db).filter(\.$organization.$id == organization.requireID()).filter(\.$anonymizedAt == nil)
            .filter(\.$status ~~ [.trained, .active, .resting, .selected])
            .filter(\.$isMinor == false).filter(\.$origin != .student) // ContestRules.mayEnter
            .sort(\.$lastName).range(..<500).all()
        let applications = try await ContestApplication.query(on: req.db).filter(\.$contest.$id == contest.requireID())
            .filter(\.$organizationID == organization.requireID()).with(\.$mentor).all()
        let window = contest.window(.semiFinal)
        let files = try await Self.fileLinks(applications, on: req.db)
        return try await req.page(
            "contests/apply", title: "Заявка на конкурс", breadcrumbs: [.init("Конкурсы", "/contests"), .init("Заявка")],
            organization: organization, form: form, status: status,
            content: ApplyPage(organizationID: try organization.requireID(), contestID: try contest.requireID(), title: "\(contest.title) \(contest.year)",
                               window: "\(CalendarDay(iso: window.from)?.russian ?? "") — \(CalendarDay(iso: window.to)?.russian ?? "")",
                               mentors: mentors.map { SelectOption($0.id!.uuidString, $0.fullName, selected: form.values["mentorID"] == $0.id!.uuidString) },
                               nominations: contest.nominationList.map { SelectOption($0, $0, selected: form.values["nomination"] == $0) },
                               applications: applications.map {
                                   .init(summary: "\($0.mentor.fullName) — «\($0.nomination)», \($0.stage.shortName.lowercased())", files: files[$0.id!] ?? [])
                               }, maxFiles: ContestRules.maxApplicationFiles))
    }

    /// GET /orgs/:organizationID/contests/:contestID/apply
    @Sendable func applyPage(req: Request) async throws -> Response { try await applyPage(req, form: FormState()) }

    struct ApplyForm: Content {
        var mentorID: String?
        var nomination: String?
        var materials: String?
        var files: [File]?
    }

    /// POST /orgs/:organizationID/contests/:contestID/apply (multipart, with up to three files)
    @Sendable func apply(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .applyToContests)
        let contest = try await Self.contest(req)
        guard contest.regionID == organization.regionID else { throw AppError.notFound }
        let input = try req.content.decode(ApplyForm.self)
        let values = ["mentorID": input.mentorID ?? "", "nomination": input.nomination ?? "", "materials": input.materials ?? ""]
        var files: [AttachedFile] = []
        var fileError: String?
        for upload in input.files ?? [] where upload.data.readableBytes > 0 {
            switch AttachedFile.check(name: upload.filename, data: Data(buffer: upload.data)) {
            case .success(let file): files.append(file)
            case .failure(let rejection): fileError = fileError ?? rejection.message
            }
        }
        do {
            let application = try await ContestRules.apply(contest, organizationID: try organization.requireID(), mentorID: UUID(uuidString: values["mentorID"]!),
                                                           nomination: values["nomination"]!, materials: values["materials"]!,
                                                           files: files, fileError: fileError, by: req.principal?.fullName ?? "", on: req.db)
            try await req.audit(.contestChanged, organizationID: organization.id, objectType: "contestApplication", objectID: application.id, details: "Заявка на конкурс")
        } catch AppError.validation(let errors) {
            return try await applyPage(req, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        return req.redirect(to: "/orgs/\(organization.id!)/contests/\(contest.id!)/apply", flash: FlashMessage(.success, "Заявка подана."))
    }
}
