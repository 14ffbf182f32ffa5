import Fluent
import Vapor

/// Applications to the contest: an organization of the contest's region puts a mentor forward
/// with materials; the materials open for the coordinator, the applying organization and the
/// jurors who may judge the application, never for the public.
struct ContestApplicationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Contests.applyPage, use: applyPage)
        routes.on(SiteRoute.Contests.apply, body: .collect(maxSize: "20mb"), use: apply)
        routes.on(SiteRoute.Contests.applicationFile, use: applicationFile)
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
            let files: [ContestQueries.FileLink]
        }
    }

    private func applyPage(_ req: Request, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let (organization, contest) = try await req.contestForApplying()
        let mentors = try await Mentor.query(on: req.db).filter(\.$organization.$id == organization.requireID()).filter(\.$anonymizedAt == nil)
            .filter(\.$status ~~ [.trained, .active, .resting, .selected])
            .filter(\.$isMinor == false).filter(\.$origin != .student) // ContestRules.mayEnter
            .sort(\.$lastName).range(..<500).all()
        let applications = try await ContestQueries.applications(of: organization.requireID(), to: contest, on: req.db)
        let window = contest.window(.semiFinal)
        let files = try await ContestQueries.fileLinks(applications, on: req.db)
        return try await req.page(
            "contests/apply", title: "Заявка на конкурс", breadcrumbs: [.init("Конкурсы", SiteRoute.Contests.index.path()), .init("Заявка")],
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
        let (organization, contest) = try await req.contestForApplying()
        let form = try req.content.decode(ApplyForm.self)
        let values = ["mentorID": form.mentorID ?? "", "nomination": form.nomination ?? "", "materials": form.materials ?? ""]
        let input = ContestService.ApplicationInput(mentorID: UUID(uuidString: values["mentorID"]!), nomination: values["nomination"]!,
                                                    materials: values["materials"]!, uploads: ContestService.uploads(form.files))
        do {
            _ = try await ContestService.apply(input, to: contest, organizationID: try organization.requireID(), by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return try await applyPage(req, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        } catch let refusal as ContestError {
            return try await applyPage(req, form: FormState(values: values, errors: refusal.fields ?? [:]), status: refusal.status)
        }
        return req.redirect(to: SiteRoute.Contests.applyPage.path(organization.id!, contest.id!), flash: FlashMessage(.success, "Заявка подана."))
    }

    /// GET /contests/:contestID/applications/:applicationID/files/:fileID — for the coordinator,
    /// the applying organization and the jurors who may judge the application; never public.
    @Sendable func applicationFile(req: Request) async throws -> Response {
        let file = try await req.contestApplicationFile()
        return Request.privateDownload(file.data, type: file.fileType, fileName: file.fileName)
    }
}
