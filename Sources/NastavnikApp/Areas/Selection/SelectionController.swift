import Fluent
import Vapor

/// Selection of mentors in a program (stage 4): criteria from the mentees' requests, the
/// candidates with their interview, test and decision, and the approved registry with its order.
struct SelectionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Selection.index, use: index)
        routes.on(SiteRoute.Selection.add, use: add)
        routes.on(SiteRoute.Selection.candidate, use: candidate)
        routes.on(SiteRoute.Selection.interview, use: interview)
        routes.on(SiteRoute.Selection.test, use: test)
        routes.on(SiteRoute.Selection.decide, use: decide)
        routes.on(SiteRoute.Selection.registry, use: registry)
        routes.on(SiteRoute.Selection.registryOrder, use: registryOrder)
    }

    struct IndexPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let forms: String
        let criteria: [SelectionCriteria.Row]
        let shortCount: Int
        let candidates: [SelectionBoard.Candidate]
        let available: [SelectionBoard.Available]
        let selectedCount: Int
    }

    struct CandidatePage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let candidate: SelectionBoard.Candidate
        /// The application was filled in this organization, so its answers open here; a partner's stay with the partner.
        let applicationHere: Bool
        let workplace: String
        let readinessOptions: [SelectOption]
        let decisionOptions: [SelectOption]
        let scoreRange: String
    }

    struct RegistryPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let period: String
        let rows: [MentorRegistry.Row]
        let requiredSessions: Int
    }

    private func selectionPath(_ organization: Organization, _ program: Program) throws -> String {
        SiteRoute.Selection.index.path(try organization.requireID(), try program.requireID())
    }

    private func breadcrumbs(_ organization: Organization, _ program: Program, _ tail: [Breadcrumb]) throws -> [Breadcrumb] {
        let organizationID = try organization.requireID()
        return [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)),
                .init("Программы", SiteRoute.Programs.index.path(organizationID)),
                .init(program.name, SiteRoute.Programs.show.path(organizationID, try program.requireID()))] + tail
    }

    /// GET /orgs/:organizationID/programs/:programID/selection
    @Sendable func index(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let board = try await SelectionBoard.load(program: program, on: req.db)
        return try await req.page(
            "selection/index", title: "Отбор наставников",
            breadcrumbs: try breadcrumbs(organization, program, [.init("Отбор наставников")]), organization: organization,
            content: IndexPage(
                organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name,
                forms: program.forms.map(\.russianName).joined(separator: ", "), criteria: board.criteria.rows,
                shortCount: board.criteria.rows.filter(\.isShort).count, candidates: board.inSelection, available: board.available,
                selectedCount: board.inSelection.filter { $0.decision == .selected }.count))
    }

    /// POST /orgs/:organizationID/programs/:programID/selection — `mentorID` adds one candidate, `all` every one.
    @Sendable func add(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        struct Input: Content { var mentorID: UUID?; var all: String? }
        let input = try req.content.decode(Input.self)
        guard input.mentorID != nil || !(input.all ?? "").isEmpty else { throw AppError.badRequest("Выберите наставника для отбора.") }
        let added = try await SelectionService.add(input.mentorID.map { [$0] }, to: program, by: req.auditActor, on: req.db)
        return req.redirect(to: try selectionPath(organization, program),
                            flash: FlashMessage(.success, added.isEmpty ? "Все кандидаты уже в отборе." : "Добавлено в отбор: \(added.count)."))
    }

    /// GET /orgs/:organizationID/programs/:programID/selection/:mentorID
    @Sendable func candidate(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let (mentor, selection) = try await SelectionService.selection(of: req.parameters.get("mentorID", as: UUID.self), in: program, on: req.db)
        return try await candidatePage(req, organization: organization, program: program, mentor: mentor, selection: selection,
                                       form: FormState(values: Self.values(of: selection)))
    }

    /// What the three forms show for a recorded selection.
    static func values(of selection: MentorSelection) -> [String: String] {
        var values: [String: String] = ["decision": selection.decision.rawValue]
        values["interviewedOn"] = selection.interviewedOn ?? CalendarDay.today().iso
        values["interviewer"] = selection.interviewer
        values["readiness"] = selection.readiness?.rawValue
        values["conclusion"] = selection.interviewConclusion
        values["testedOn"] = selection.testedOn ?? CalendarDay.today().iso
        values["communicationScore"] = selection.communicationScore.map(String.init)
        values["empathyScore"] = selection.empathyScore.map(String.init)
        values["gaps"] = selection.skillGaps
        values["reason"] = selection.decisionReason
        return values
    }

    /// «выдвинут партнёром: ППК» for a partner's mentor (issue 18): the card and consent are the partner's.
    private func partnerName(of mentor: Mentor, program: Program, on db: any Database) async throws -> String? {
        guard mentor.$organization.id != program.$organization.id,
              let partner = try await Organization.find(mentor.$organization.id, on: db) else { return nil }
        return "\(mentor.gendered("выдвинут", "выдвинута")) организацией-партнёром \(partner.shortName.quoted()) (карточка и согласие — у партнёра)"
    }

    private func candidatePage(_ req: Request, organization: Organization, program: Program, mentor: Mentor, selection: MentorSelection,
                               form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let applications = try await SelectionBoard.applications(of: [mentor], organizationID: organization.requireID(), on: req.db)
        let candidate = SelectionBoard.candidate(mentor, selection, application: mentor.$user.id.flatMap { applications[$0] })
        var applicationHere = false
        if let application = candidate.application {
            applicationHere = try await Questionnaire.find(application.questionnaireID, on: req.db)?.$organization.id == organization.id
        }
        return try await req.page(
            "selection/candidate", title: mentor.fullName,
            breadcrumbs: try breadcrumbs(organization, program, [.init("Отбор наставников", try selectionPath(organization, program)),
                                                                 .init(mentor.fullName)]),
            organization: organization, form: form, status: status,
            content: CandidatePage(
                organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name,
                candidate: candidate, applicationHere: applicationHere,
                workplace: ([try await partnerName(of: mentor, program: program, on: req.db)] + [mentor.workplace, mentor.position])
                    .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                readinessOptions: SelectOption.all(PsychologicalReadiness.self, selected: [form.values["readiness"] ?? ""]) { $0.russianName },
                decisionOptions: SelectOption.all(SelectionDecision.self, selected: [form.values["decision"] ?? ""]) { $0.russianName },
                scoreRange: "\(SelectionInput.scoreRange.lowerBound)–\(SelectionInput.scoreRange.upperBound)"))
    }

    /// Runs one of the candidate's forms: on bad input the page comes back with what was typed
    /// (the other forms keep their recorded values) and status 422.
    private func record<T>(_ req: Request, parse: ([String: String]) -> Result<T, ProgramDraft.FieldErrors>,
                           save: (T, Organization, Program, Mentor, MentorSelection) async throws -> FlashMessage) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let (mentor, selection) = try await SelectionService.selection(of: req.parameters.get("mentorID", as: UUID.self), in: program, on: req.db)
        let typed = try req.formValues()
        func again(_ errors: [String: String]) async throws -> Response {
            try await candidatePage(req, organization: organization, program: program, mentor: mentor, selection: selection,
                                    form: FormState(values: Self.values(of: selection).merging(typed) { _, new in new }, errors: errors),
                                    status: .unprocessableEntity)
        }
        switch parse(typed) {
        case .failure(let invalid): return try await again(invalid.fields)
        case .success(let input):
            do {
                let flash = try await save(input, organization, program, mentor, selection)
                return req.redirect(to: SiteRoute.Selection.candidate.path(try organization.requireID(), try program.requireID(), try mentor.requireID()), flash: flash)
            } catch AppError.validation(let errors) {
                return try await again(errors)
            } catch let error as SelectionError {
                // Nothing typed about a person who withdrew the consent is kept, not even in the form.
                return req.redirect(to: try selectionPath(organization, program), flash: FlashMessage(.error, error.russianMessage))
            }
        }
    }

    /// POST …/selection/:mentorID/interview
    @Sendable func interview(req: Request) async throws -> Response {
        try await record(req, parse: SelectionInput.interview) { input, organization, program, mentor, selection in
            try await SelectionService.recordInterview(input, on: selection, mentor: mentor, program: program, by: req.auditActor, db: req.db)
            return FlashMessage(.success, "Собеседование записано.")
        }
    }

    /// POST …/selection/:mentorID/test
    @Sendable func test(req: Request) async throws -> Response {
        try await record(req, parse: SelectionInput.test) { input, organization, program, mentor, selection in
            try await SelectionService.recordTest(input, on: selection, mentor: mentor, program: program, by: req.auditActor, db: req.db)
            return FlashMessage(.success, "Результаты тестирования записаны: пробелы войдут в план обучения.")
        }
    }

    /// POST …/selection/:mentorID/decision
    @Sendable func decide(req: Request) async throws -> Response {
        try await record(req, parse: SelectionInput.decision) { input, organization, program, mentor, selection in
            try await SelectionService.decide(input, on: selection, mentor: mentor, program: program, by: req.auditActor, db: req.db)
            return FlashMessage(.success, "\(mentor.fullName): \(input.decision.russianName.lowercased()).")
        }
    }

    /// GET /orgs/:organizationID/programs/:programID/registry
    @Sendable func registry(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let registry = try await MentorRegistry.load(program: program, on: req.db)
        return try await req.page(
            "selection/registry", title: "Реестр наставников",
            breadcrumbs: try breadcrumbs(organization, program, [.init("Реестр наставников")]), organization: organization,
            content: RegistryPage(organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name,
                                  period: program.periodText, rows: registry.rows, requiredSessions: registry.requiredSessions))
    }

    /// GET /orgs/:organizationID/programs/:programID/registry.docx — the order approving the registry.
    @Sendable func registryOrder(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let registry = try await MentorRegistry.load(program: program, on: req.db)
        let document = registry.order(program: program, organization: organization)
        try await req.audit(.registryOrderIssued, organizationID: organization.id, objectType: "program", objectID: program.id,
                            details: "\(program.name): наставников \(registry.rows.count)")
        return try DocumentResponse.docx(document, fileName: MentorRegistry.fileName(program))
    }
}
