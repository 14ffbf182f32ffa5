import Fluent
import Vapor

/// The programs of an organization: list, create, edit, the program page with its stage,
/// checklist and overdue items, stage moves and checklist ticks.
struct ProgramsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Programs.index, use: index)
        routes.on(SiteRoute.Programs.new, use: new)
        routes.on(SiteRoute.Programs.create, use: create)
        routes.on(SiteRoute.Programs.show, use: show)
        routes.on(SiteRoute.Programs.edit, use: edit)
        routes.on(SiteRoute.Programs.update, use: update)
        routes.on(SiteRoute.Programs.moveStage, use: moveStage)
        routes.on(SiteRoute.Programs.markChecklistItem, use: markChecklistItem)
    }

    struct ListPage: Encodable {
        let organizationID: UUID
        let programs: [ProgramSummary]
        let canManage: Bool
    }

    struct Option: Encodable { let value: String; let title: String; let checked: Bool }

    struct FormPage: Encodable {
        let organizationID: UUID
        /// nil while creating.
        let programID: UUID?
        let forms: [Option]
        let roleModels: [Option]
        let templates: [Option]
        /// «учитель – учитель», or «педагог – педагог» in a college.
        let teacherFormName: String
    }

    /// GET /orgs/:organizationID/programs
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .viewPrograms)
        let organizationID = try organization.requireID()
        let programs = try await ProgramSummary.list(organizationID: organizationID, kind: organization.kind, evidence: req.application.checklistEvidence,
                                                     today: .today(), on: req.db)
        return try await req.page("programs/index", title: "Программы наставничества",
                                  breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Программы")],
                                  organization: organization,
                                  content: ListPage(organizationID: organizationID, programs: programs,
                                                    canManage: req.may(.managePrograms, in: organization)))
    }

    /// GET /orgs/:organizationID/programs/new
    @Sendable func new(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .managePrograms)
        return try await formPage(req, organization: organization, program: nil,
                                  form: FormState(values: ["template": RoadmapTemplate.Kind.schoolPlan.rawValue]))
    }

    private func formPage(_ req: Request, organization: Organization, program: Program?, form: FormState,
                          status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID()
        let values = form.values
        let title = program == nil ? "Новая программа" : "Изменить программу"
        var crumbs: [Breadcrumb] = [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)),
                                    .init("Программы", SiteRoute.Programs.index.path(organizationID))]
        if let program { crumbs.append(.init(program.name, SiteRoute.Programs.show.path(organizationID, try program.requireID()))) }
        crumbs.append(.init(title))
        return try await req.page(
            "programs/form", title: title, breadcrumbs: crumbs, organization: organization, form: form, status: status,
            content: FormPage(
                organizationID: organizationID, programID: try program?.requireID(),
                forms: MentoringForm.allCases.map { .init(value: $0.rawValue, title: $0.russianName(in: organization.kind), checked: values["form_\($0.rawValue)"] != nil) },
                roleModels: TeacherRoleModel.allCases.map { .init(value: $0.rawValue, title: $0.russianName, checked: values["model_\($0.rawValue)"] != nil) },
                templates: [.init(value: "", title: "Без шаблона: заполню дорожную карту сам", checked: (values["template"] ?? "").isEmpty)]
                    + RoadmapTemplate.Kind.allCases.map { .init(value: $0.rawValue, title: $0.russianName, checked: values["template"] == $0.rawValue) },
                teacherFormName: MentoringForm.teacherTeacher.russianName(in: organization.kind)
            ))
    }

    /// POST /orgs/:organizationID/programs
    @Sendable func create(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .managePrograms)
        let values = try req.formValues()
        switch ProgramDraft.parse(values) {
        case .failure(let errors):
            return try await formPage(req, organization: organization, program: nil,
                                      form: FormState(values: values, errors: errors.fields), status: .unprocessableEntity)
        case .success(let draft):
            let organizationID = try organization.requireID()
            let template = RoadmapTemplate.Kind(rawValue: values["template"] ?? "")
            let program = try await ProgramService.create(draft, organizationID: organizationID, template: template, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Programs.show.path(organizationID, try program.requireID()),
                                flash: FlashMessage(.success, "Программа \(program.name.quoted()) создана. Этап 1: подготовка условий."))
        }
    }

    /// GET /orgs/:organizationID/programs/:programID/edit
    @Sendable func edit(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let team = try await program.$team.query(on: req.db).sort(\.$position).all()
        return try await formPage(req, organization: organization, program: program,
                                  form: FormState(values: ProgramDraft.formValues(program, team: team)))
    }

    /// POST /orgs/:organizationID/programs/:programID
    @Sendable func update(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let values = try req.formValues()
        switch ProgramDraft.parse(values) {
        case .failure(let errors):
            return try await formPage(req, organization: organization, program: program,
                                      form: FormState(values: values, errors: errors.fields), status: .unprocessableEntity)
        case .success(let draft):
            try await ProgramService.update(program, with: draft, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Programs.show.path(try organization.requireID(), try program.requireID()),
                                flash: FlashMessage(.success, "Изменения сохранены."))
        }
    }

    /// POST /orgs/:organizationID/programs/:programID/stage — `stage` is the number to move to.
    /// Work left undone is named in the message; it does not stop the move.
    @Sendable func moveStage(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        struct Input: Content { var stage: Int? }
        guard let target = (try? req.content.decode(Input.self))?.stage.flatMap(ProgramStage.init(rawValue:)) else { throw ProgramError.unknownStage }
        let page = SiteRoute.Programs.show.path(try organization.requireID(), try program.requireID())
        do {
            let move = try await ProgramService.move(program, to: target, by: req.auditActor, evidence: req.application.checklistEvidence, on: req.db)
            return req.redirect(to: page, flash: FlashMessage(move.openItems.isEmpty ? .success : .warning, move.message))
        } catch ProgramError.alreadyOnStage {
            return req.redirect(to: page, flash: FlashMessage(.info, ProgramError.alreadyOnStage.russianMessage))
        }
    }

    /// POST /orgs/:organizationID/programs/:programID/checklist/:itemID — `done` is "1" to tick, empty to untick.
    @Sendable func markChecklistItem(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        struct Input: Content { var done: String? }
        let done = !((try? req.content.decode(Input.self))?.done ?? "").isEmpty
        let item = try await ProgramService.markChecklistItem(req.parameters.get("itemID", as: UUID.self), of: program, done: done,
                                                              by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Programs.show.path(try organization.requireID(), try program.requireID()) + "#stage-\(item.stage.rawValue)")
    }
}
