import Fluent
import Vapor

/// A program's roadmap (дорожная карта): the table, adding and updating items, filling it from a
/// template, exports, and the DOCX documents of the preparation stage.
struct RoadmapController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let program = routes.grouped("orgs", ":organizationID", "programs", ":programID")
        program.get("roadmap", use: index)
        program.post("roadmap", use: add)
        program.post("roadmap", "template", use: fillFromTemplate)
        program.post("roadmap", ":itemID", use: update)
        program.get("roadmap.xlsx", use: spreadsheet)
        program.get("roadmap.docx", use: document)
        program.get("roadmap.ics", use: calendar)
        program.get("documents", ":document", use: preparationDocument)
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
            breadcrumbs: [.init(organization.shortName, "/orgs/\(organizationID)"), .init("Программы", "/orgs/\(organizationID)/programs"),
                          .init(program.name, "/orgs/\(organizationID)/programs/\(programID)"), .init("Дорожная карта")],
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
        "/orgs/\(try organization.requireID())/programs/\(try program.requireID())/roadmap"
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
            let item = try await RoadmapService.add(draft, to: program, on: req.db)
            try await req.audit(.roadmapItemAdded, organizationID: organization.id, objectType: "program", objectID: program.id, details: item.title)
            return req.redirect(to: try roadmapPath(organization, program), flash: FlashMessage(.success, "Мероприятие добавлено в дорожную карту."))
        }
    }

    /// POST /orgs/:organizationID/programs/:programID/roadmap/:itemID — status and note from the row's form.
    @Sendable func update(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let item = try await RoadmapService.item(req.parameters.get("itemID", as: UUID.self), of: program, on: req.db)
        struct Input: Content { var status: String?; var note: String? }
        let input = try req.content.decode(Input.self)
        guard let status = RoadmapStatus(rawValue: input.status ?? ""), status != .overdue else {
            throw AppError.badRequest("Статус: запланировано, выполняется или выполнено.")
        }
        item.markedStatus = status
        if let note = input.note { item.note = note.trimmingCharacters(in: .whitespacesAndNewlines) }
        try await item.save(on: req.db)
        try await req.audit(.roadmapItemUpdated, organizationID: organization.id, objectType: "program", objectID: program.id,
                            details: "\(item.title): \(status.russianName)")
        return req.redirect(to: try roadmapPath(organization, program) + "#item-\(try item.requireID())",
                            flash: FlashMessage(.success, "\(item.title.quoted(limit: 60)): \(status.russianName)."))
    }

    /// POST /orgs/:organizationID/programs/:programID/roadmap/template — `template` names the seed plan.
    @Sendable func fillFromTemplate(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        struct Input: Content { var template: String? }
        guard let kind = RoadmapTemplate.Kind(rawValue: (try req.content.decode(Input.self)).template ?? "") else {
            throw AppError.badRequest("Выберите шаблон дорожной карты.")
        }
        let added = try await ProgramService.addRoadmap(from: kind.template, to: program, on: req.db)
        try await req.audit(.roadmapGenerated, organizationID: organization.id, objectType: "program", objectID: program.id,
                            details: "\(kind.russianName): мероприятий \(added)")
        return req.redirect(to: try roadmapPath(organization, program),
                            flash: FlashMessage(.success, "Добавлено мероприятий: \(added), сроки пересчитаны на период \(program.periodText)."))
    }

    /// GET /orgs/:organizationID/programs/:programID/roadmap.xlsx
    @Sendable func spreadsheet(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        let items = try await RoadmapService.items(of: program, on: req.db)
        return try DocumentResponse.xlsx(RoadmapExport.workbook(program: program, organization: organization, items: items, today: .today()),
                                         fileName: RoadmapExport.fileName(program, "xlsx"))
    }

    /// GET /orgs/:organizationID/programs/:programID/roadmap.ics — the events with dates, for a calendar.
    @Sendable func calendar(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .viewPrograms)
        let items = try await RoadmapService.items(of: program, on: req.db)
        return DocumentResponse.file(Data(RoadmapCalendar.ics(program: program, items: items).utf8), type: DocumentResponse.calendarType,
                                     fileName: RoadmapExport.fileName(program, "ics"))
    }

    /// GET /orgs/:organizationID/programs/:programID/roadmap.docx
    @Sendable func document(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        let items = try await RoadmapService.items(of: program, on: req.db)
        return try DocumentResponse.docx(RoadmapExport.document(program: program, organization: organization, items: items, today: .today()),
                                         fileName: RoadmapExport.fileName(program, "docx"))
    }

    /// GET /orgs/:organizationID/programs/:programID/documents/curator-order.docx | regulation.docx
    @Sendable func preparationDocument(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let name = req.parameters.get("document") ?? ""
        guard name.hasSuffix(".docx"), let kind = PreparationDocuments.Kind(rawValue: String(name.dropLast(5))) else { throw AppError.notFound }
        var inputs = PreparationDocuments.Inputs(team: try await program.$team.query(on: req.db).sort(\.$position).all(), today: .today())
        switch kind {
        case .program: inputs.roadmap = try await RoadmapService.items(of: program, on: req.db)
        case .trainingOrder:
            inputs.sessions = try await TrainingService.sessions(of: program, on: req.db)
            inputs.trainees = try await SelectionService.selectedMentors(of: program, on: req.db)
        case .curatorOrder, .regulation, .partnerLetters: break
        }
        let document = PreparationDocuments.document(kind, program: program, organization: organization, inputs: inputs)
        try await req.audit(.programDocumentIssued, organizationID: organization.id, objectType: "program", objectID: program.id, details: kind.fileTitle)
        return try DocumentResponse.docx(document, fileName: "\(kind.fileTitle) — \(program.name).docx")
    }
}

/// Roadmap reads and writes shared by the pages and the API.
enum RoadmapService {
    static func items(of program: Program, on db: any Database) async throws -> [RoadmapItem] {
        try await RoadmapItem.query(on: db).filter(\.$program.$id == program.requireID()).sort(\.$position).all()
    }

    static func item(_ id: UUID?, of program: Program, on db: any Database) async throws -> RoadmapItem {
        guard let id, let item = try await RoadmapItem.query(on: db)
            .filter(\.$id == id).filter(\.$program.$id == program.requireID()).first() else { throw AppError.notFound }
        return item
    }

    static func add(_ draft: RoadmapItemDraft, to program: Program, on db: any Database) async throws -> RoadmapItem {
        let programID = try program.requireID()
        let last = try await RoadmapItem.query(on: db).filter(\.$program.$id == programID).max(\.$position) ?? 0
        let item = RoadmapItem(programID: programID, position: last + 1, title: draft.title, stage: draft.stage, contour: draft.contour,
                               deadline: draft.deadline, expectedResult: draft.expectedResult, responsible: draft.responsible,
                               document: draft.document)
        draft.apply(to: item)
        try await item.save(on: db)
        return item
    }
}
