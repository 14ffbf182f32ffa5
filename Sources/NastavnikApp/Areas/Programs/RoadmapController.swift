import Fluent
import Vapor

/// A program's roadmap (дорожная карта): the table, adding and updating items, filling it from a
/// template, exports, and the DOCX documents of the preparation stage.
struct RoadmapController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Programs.roadmap, use: index)
        routes.on(SiteRoute.Programs.addRoadmapItem, use: add)
        routes.on(SiteRoute.Programs.roadmapFromTemplate, use: fillFromTemplate)
        routes.on(SiteRoute.Programs.updateRoadmapItem, use: update)
        routes.on(SiteRoute.Programs.roadmapSpreadsheet, use: spreadsheet)
        routes.on(SiteRoute.Programs.roadmapDocument, use: document)
        routes.on(SiteRoute.Programs.roadmapCalendar, use: calendar)
        routes.on(SiteRoute.Programs.preparationDocument, use: preparationDocument)
    }

    struct Option: Encodable { let value: String; let title: String; let selected: Bool }

    struct RoadmapPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let period: String
        let rows: [RoadmapRow]
        let overdueCount: Int
        let stages: [Option]
        let contours: [Option]
        let deadlineKinds: [Option]
        let statuses: [Option]
        let templates: [Option]
        let canManage: Bool
    }

    /// GET /orgs/:organizationID/programs/:programID/roadmap
    @Sendable func index(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        return try await page(req, organization: organization, program: program, form: FormState(values: ["deadlineKind": "month", "stage": "\(program.stage.rawValue)"]))
    }

    private func page(_ req: Request, organization: Organization, program: Program, form: FormState,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID(), programID = try program.requireID()
        let items = try await RoadmapItem.query(on: req.db).filter(\.$program.$id == programID).sort(\.$position).all()
        let rows = RoadmapRow.rows(items, today: .today())
        let values = form.values
        return try await req.page(
            "programs/roadmap", title: "Дорожная карта",
            breadcrumbs: PairingPaths.breadcrumbs(organization, program, "Дорожная карта"),
            organization: organization, form: form, status: status,
            content: RoadmapPage(
                organizationID: organizationID, programID: programID, programName: program.name, period: program.periodText,
                rows: rows, overdueCount: rows.filter(\.isOverdue).count,
                stages: ProgramStage.allCases.map { .init(value: "\($0.rawValue)", title: $0.numberedName, selected: values["stage"] == "\($0.rawValue)") },
                contours: Contour.allCases.map { .init(value: $0.rawValue, title: $0.russianName, selected: values["contour"] == $0.rawValue) },
                deadlineKinds: RoadmapItemDraft.deadlineKinds.map { .init(value: $0.value, title: $0.title, selected: values["deadlineKind"] == $0.value) },
                statuses: RoadmapStatus.settable.map { .init(value: $0.rawValue, title: $0.russianName, selected: false) },
                templates: RoadmapTemplate.Kind.allCases.map { .init(value: $0.rawValue, title: $0.russianName, selected: false) },
                canManage: req.may(.managePrograms, in: organization)))
    }

    private func roadmapPath(_ organization: Organization, _ program: Program) throws -> String {
        SiteRoute.Programs.roadmap.path(try organization.requireID(), try program.requireID())
    }

    /// POST /orgs/:organizationID/programs/:programID/roadmap
    @Sendable func add(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let values = try req.formValues()
        switch RoadmapItemDraft.parse(values) {
        case .failure(let errors):
            return try await page(req, organization: organization, program: program, form: FormState(values: values, errors: errors.fields),
                                  status: .unprocessableEntity)
        case .success(let draft):
            _ = try await RoadmapService.add(draft, to: program, by: req.auditActor, on: req.db)
            return req.redirect(to: try roadmapPath(organization, program), flash: FlashMessage(.success, "Мероприятие добавлено в дорожную карту."))
        }
    }

    /// POST /orgs/:organizationID/programs/:programID/roadmap/:itemID — status and note from the row's form.
    @Sendable func update(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        struct Input: Content { var status: String?; var note: String? }
        let input = try req.content.decode(Input.self)
        let item = try await RoadmapService.update(req.parameters.get("itemID", as: UUID.self), of: program, status: input.status, note: input.note,
                                                   by: req.auditActor, on: req.db)
        let status = item.markedStatus
        return req.redirect(to: try roadmapPath(organization, program) + "#item-\(try item.requireID())",
                            flash: FlashMessage(.success, "\(item.title.quoted(limit: 60)): \(status.russianName)."))
    }

    /// POST /orgs/:organizationID/programs/:programID/roadmap/template — `template` names the seed plan.
    @Sendable func fillFromTemplate(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        struct Input: Content { var template: String? }
        let added = try await RoadmapService.fill(program, from: try req.content.decode(Input.self).template, by: req.auditActor, on: req.db)
        return req.redirect(to: try roadmapPath(organization, program),
                            flash: FlashMessage(.success, "Добавлено мероприятий: \(added), сроки пересчитаны на период \(program.periodText)."))
    }

    /// GET /orgs/:organizationID/programs/:programID/roadmap.xlsx
    @Sendable func spreadsheet(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        return try await ProgramExports.roadmap(.xlsx, program: program, organization: organization, on: req.db)
    }

    /// GET /orgs/:organizationID/programs/:programID/roadmap.ics — the events with dates, for a calendar.
    @Sendable func calendar(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        return try await ProgramExports.roadmap(.ics, program: program, organization: organization, on: req.db)
    }

    /// GET /orgs/:organizationID/programs/:programID/roadmap.docx
    @Sendable func document(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        return try await ProgramExports.roadmap(.docx, program: program, organization: organization, on: req.db)
    }

    /// GET /orgs/:organizationID/programs/:programID/documents/curator-order.docx | regulation.docx
    @Sendable func preparationDocument(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let (kind, response) = try await ProgramExports.preparationDocument(named: req.parameters.get("document") ?? "", program: program,
                                                                             organization: organization, on: req.db)
        try await req.audit(.programDocumentIssued, organizationID: organization.id, objectType: "program", objectID: program.id, details: kind.fileTitle)
        return response
    }
}
