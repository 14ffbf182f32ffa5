import Fluent
import Vapor

/// `/api/v1/organizations/:organizationID/programs`: programs and their roadmaps as JSON.
struct ProgramsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let programs = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "programs")
        programs.get(use: list)
        programs.post(use: create)
        programs.get(":programID", use: show)
        programs.get(":programID", "roadmap", use: roadmap)
        programs.post(":programID", "roadmap", use: addItem)
        programs.put(":programID", "roadmap", ":itemID", use: updateItem)
        programs.put(":programID", use: update)
        programs.post(":programID", "roadmap", "template", use: fillFromTemplate)
        for format in ProgramExports.RoadmapFormat.allCases {
            programs.get(":programID", "roadmap.\(format.rawValue)") { req in try await roadmapFile(req, format) }
        }
        programs.get(":programID", "documents", ":document", use: preparationDocument)
    }

    struct TeamMemberDTO: Content { let fullName: String; let responsibility: String? }
    struct ProgramDTO: Content {
        let id: UUID; let name: String; let forms: [MentoringForm]; let roleModels: [TeacherRoleModel]
        let goals: String; let expectedResults: String; let startsOn: String; let endsOn: String
        let stage: Int; let stageName: String; let health: ProgramHealth; let overdueItems: Int
        let curators: [TeamMemberDTO]; let team: [TeamMemberDTO]; let partners: [String]
    }
    struct ProgramList: Content { let items: [ProgramDTO] }
    struct ProgramInput: Content {
        var name: String; var forms: [String]; var roleModels: [String]?; var goals: String?; var expectedResults: String?
        var startsOn: String; var endsOn: String; var curators: [TeamMemberDTO]?; var team: [TeamMemberDTO]?; var partners: [String]?
        /// `schoolPlan` or `collegePlan`: fill the roadmap from a seed plan shifted to the period.
        var template: String?
    }
    struct RoadmapItemDTO: Content {
        let id: UUID; let number: Int; let title: String; let stage: Int; let contour: Contour; let deadline: String
        let startsOn: String?; let dueOn: String?; let isYearly: Bool; let academicYear: String?
        let expectedResult: String; let responsible: String; let document: String; let status: RoadmapStatus; let note: String
    }
    struct RoadmapList: Content { let items: [RoadmapItemDTO] }
    struct RoadmapItemUpdate: Content { var status: String; var note: String? }
    struct TemplateInput: Content { var template: String }
    struct TemplateResult: Content { let added: Int; let items: [RoadmapItemDTO] }

    /// GET …/programs
    @Sendable func list(req: Request) async throws -> ProgramList {
        let organization = try await req.authorizedOrganization(for: .viewPrograms)
        let programs = try await Program.query(on: req.db).filter(\.$organization.$id == organization.requireID()).sort(\.$name).all()
        var items: [ProgramDTO] = []
        for program in programs { items.append(try await dto(program, req: req)) }
        return ProgramList(items: items)
    }

    /// POST …/programs — 201 with the new program.
    @Sendable func create(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .managePrograms)
        let input = try req.content.decode(ProgramInput.self)
        let (draft, template) = try Self.draft(input)
        let program = try await ProgramService.create(draft, organizationID: organization.requireID(), template: template, by: req.auditActor, on: req.db)
        return try await dto(program, req: req).encodeResponse(status: .created, for: req)
    }

    /// PUT …/programs/:programID — the whole program as on its form; `template` is ignored here
    /// (`POST …/roadmap/template` adds a plan).
    @Sendable func update(req: Request) async throws -> ProgramDTO {
        let (_, program) = try await req.authorizedProgram(for: .managePrograms)
        let (draft, _) = try Self.draft(try req.content.decode(ProgramInput.self))
        try await ProgramService.update(program, with: draft, by: req.auditActor, on: req.db)
        return try await dto(program, req: req)
    }

    /// The JSON body read into the page form's draft, with the same checks and messages.
    static func draft(_ input: ProgramInput) throws -> (ProgramDraft, RoadmapTemplate.Kind?) {
        var errors: [String: String] = [:]
        let forms = input.forms.compactMap(MentoringForm.init(rawValue:))
        if forms.count != input.forms.count { errors["forms"] = "Неизвестная форма наставничества; допустимы: \(MentoringForm.allCases.map(\.rawValue).joined(separator: ", "))." }
        let models = (input.roleModels ?? []).compactMap(TeacherRoleModel.init(rawValue:))
        if models.count != (input.roleModels ?? []).count { errors["roleModels"] = "Неизвестная ролевая модель." }
        let template = input.template.map { RoadmapTemplate.Kind(rawValue: $0) }
        if case .some(.none) = template { errors["template"] = ProgramError.unknownTemplate.russianMessage }
        let lines = { (members: [TeamMemberDTO]?) in (members ?? []).map { ProgramDraft.TeamLine(fullName: $0.fullName, responsibility: $0.responsibility ?? "") } }
        let result = ProgramDraft.validate(
            name: input.name.trimmingCharacters(in: .whitespaces), forms: forms, roleModels: models, goals: input.goals ?? "",
            expectedResults: input.expectedResults ?? "", startsOn: input.startsOn, endsOn: input.endsOn,
            curators: lines(input.curators), team: lines(input.team), partners: (input.partners ?? []).joined(separator: "\n"))
        if case .failure(let invalid) = result { errors.merge(invalid.fields) { first, _ in first } }
        guard errors.isEmpty, case .success(let draft) = result else { throw AppError.validation(errors) }
        return (draft, template ?? nil)
    }

    /// GET …/programs/:programID
    @Sendable func show(req: Request) async throws -> ProgramDTO {
        let (_, program) = try await req.authorizedProgram(for: .viewPrograms)
        return try await dto(program, req: req)
    }

    /// GET …/programs/:programID/roadmap
    @Sendable func roadmap(req: Request) async throws -> RoadmapList {
        let (_, program) = try await req.authorizedProgram(for: .viewPrograms)
        let today = CalendarDay.today()
        return RoadmapList(items: try await RoadmapService.items(of: program, on: req.db).enumerated().map { try itemDTO($0.element, number: $0.offset + 1, today: today) })
    }

    /// POST …/programs/:programID/roadmap — the fields of `RoadmapItemDraft.parse`; 201 with the new item.
    @Sendable func addItem(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .managePrograms)
        let values = try req.content.decode([String: String].self)
        switch RoadmapItemDraft.parse(values) {
        case .failure(let errors): throw AppError.validation(errors.fields)
        case .success(let draft):
            let item = try await RoadmapService.add(draft, to: program, by: req.auditActor, on: req.db)
            let number = try await RoadmapItem.query(on: req.db).filter(\.$program.$id == program.requireID()).filter(\.$position <= item.position).count()
            return try await itemDTO(item, number: number, today: .today()).encodeResponse(status: .created, for: req)
        }
    }

    /// PUT …/programs/:programID/roadmap/:itemID — status and note.
    @Sendable func updateItem(req: Request) async throws -> RoadmapItemDTO {
        let (_, program) = try await req.authorizedProgram(for: .managePrograms)
        let input = try req.content.decode(RoadmapItemUpdate.self)
        let item = try await RoadmapService.update(req.parameters.get("itemID", as: UUID.self), of: program, status: input.status, note: input.note,
                                                   by: req.auditActor, on: req.db)
        let items = try await RoadmapService.items(of: program, on: req.db)
        return try itemDTO(item, number: (items.firstIndex { $0.id == item.id } ?? 0) + 1, today: .today())
    }

    /// POST …/programs/:programID/roadmap/template — appends a seed plan shifted to the program's period.
    @Sendable func fillFromTemplate(req: Request) async throws -> TemplateResult {
        let (_, program) = try await req.authorizedProgram(for: .managePrograms)
        let added = try await RoadmapService.fill(program, from: try req.content.decode(TemplateInput.self).template, by: req.auditActor, on: req.db)
        let today = CalendarDay.today()
        return TemplateResult(added: added, items: try await RoadmapService.items(of: program, on: req.db).enumerated()
            .map { try itemDTO($0.element, number: $0.offset + 1, today: today) })
    }

    /// GET …/programs/:programID/roadmap.xlsx | .docx | .ics — the same files as the roadmap page's.
    @Sendable func roadmapFile(_ req: Request, _ format: ProgramExports.RoadmapFormat) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        return try await ProgramExports.roadmap(format, program: program, organization: organization, on: req.db)
    }

    /// GET …/programs/:programID/documents/:document — a preparation document (DOCX), as on the program's page.
    @Sendable func preparationDocument(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let (kind, response) = try await ProgramExports.preparationDocument(named: req.parameters.get("document") ?? "", program: program,
                                                                             organization: organization, on: req.db)
        // A read: recorded on the request's database, in the page's words; the actor adds the one «(API)» mark.
        try await req.auditActor.record(.programDocumentIssued, organizationID: organization.id, objectType: "program", objectID: program.id,
                                        details: kind.fileTitle, on: req.db)
        return response
    }

    private func dto(_ program: Program, req: Request) async throws -> ProgramDTO {
        let summary = try await ProgramSummary.summary(program, evidence: req.application.checklistEvidence, today: .today(), on: req.db)
        let team = try await program.$team.query(on: req.db).sort(\.$position).all()
        let members = { (curator: Bool) in team.filter { $0.isCurator == curator }.map { TeamMemberDTO(fullName: $0.fullName, responsibility: $0.responsibility) } }
        return ProgramDTO(id: try program.requireID(), name: program.name, forms: program.forms, roleModels: program.roleModels,
                          goals: program.goals, expectedResults: program.expectedResults, startsOn: program.startsOn, endsOn: program.endsOn,
                          stage: program.stage.rawValue, stageName: program.stage.russianName, health: summary.health,
                          overdueItems: summary.overdueItems, curators: members(true), team: members(false), partners: program.partnerList)
    }

    private func itemDTO(_ item: RoadmapItem, number: Int, today: CalendarDay) throws -> RoadmapItemDTO {
        RoadmapItemDTO(id: try item.requireID(), number: number, title: item.title, stage: item.stage.rawValue, contour: item.contour,
                       deadline: item.deadlineText, startsOn: item.startsOn, dueOn: item.dueOn, isYearly: item.isYearly,
                       academicYear: item.academicYear, expectedResult: item.expectedResult, responsible: item.responsible,
                       document: item.document, status: item.status(today: today), note: item.note)
    }
}
