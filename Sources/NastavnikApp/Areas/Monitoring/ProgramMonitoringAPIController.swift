import Fluent
import Vapor

/// `/api/v1`: a program's monitoring as its page shows it (no names), and the entry and exit
/// measurements of its mentees and mentors (names: curator and psychologist, every read audited).
struct ProgramMonitoringAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let program = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "programs", ":programID")
        program.get("monitoring", use: monitoring)
        program.get("measurements", use: measurements)
        program.post("measurements", use: measure)
        program.get("monitoring.xlsx", use: spreadsheet)
        program.get("swot", use: swot)
        program.post("swot", use: addSwot)
        program.post("swot", "accept", use: acceptSuggestions)
        program.delete("swot", ":itemID", use: deleteSwot)
    }

    struct SwotEntry: Content { let quadrant: String; let text: String; let source: String }

    struct Monitoring: Content {
        let quality: Quality
        let swot: [SwotEntry]
        /// Pairs, involvement and satisfaction per academic year of the program's period.
        let years: [IndicatorsAPIController.Row]
        let byParameter: [ImpactGroup]
        let bySide: [ImpactGroup]
        let byForm: [ImpactGroup]
        let byScheme: [ImpactGroup]
    }

    struct MeasurementList: Content { let people: [MeasuredPerson] }

    /// `person` is `mentee-<id>` or `mentor-<id>`; `values` maps parameters to numbers.
    struct MeasureBody: Content {
        let person: String
        let phase: String
        let measuredOn: String
        let source: String?
        let values: [String: Double]
    }

    struct MeasureResult: Content { let saved: Int }

    struct SwotItemDTO: Content { let id: UUID; let quadrant: SwotQuadrant; let text: String; let source: String; let writtenBy: String }

    struct Swot: Content {
        let items: [SwotItemDTO]
        /// What the quality survey's answers propose and the table does not hold yet.
        let suggestions: [SwotEntry]
    }

    struct SwotInput: Content { var quadrant: String?; var text: String?; var source: String? }
    struct AcceptResult: Content { let added: Int; let swot: Swot }

    /// GET /api/v1/organizations/:organizationID/programs/:programID/monitoring
    @Sendable func monitoring(req: Request) async throws -> Monitoring {
        let (organization, program) = try await req.authorizedProgram(for: .monitorPrograms)
        let quality = try await ProgramQuality.load(program, readsAnswers: req.may(.readAnswers, in: organization), on: req.db)
        let items = try await MonitoringService.swot(of: program, on: req.db)
        let impact = try await ProgramImpact.load(program, on: req.db)
        return Monitoring(quality: Quality(quality), swot: items.map { .init(quadrant: $0.quadrant.rawValue, text: $0.text, source: $0.source) },
                          years: try await ProgramMonitoringController.years(program, on: req.db).map(IndicatorsAPIController.Row.init),
                          byParameter: impact.byParameter.map(ImpactGroup.init), bySide: impact.bySide.map(ImpactGroup.init),
                          byForm: impact.byForm.map(ImpactGroup.init), byScheme: impact.byScheme.map(ImpactGroup.init))
    }

    /// GET /api/v1/organizations/:organizationID/programs/:programID/measurements
    @Sendable func measurements(req: Request) async throws -> MeasurementList {
        let (organization, program) = try await req.authorizedProgram(for: .measureImpact)
        try await req.audit(.impactViewed, organizationID: organization.id, objectType: "program", objectID: program.id, details: "API")
        return MeasurementList(people: try await ProgramImpact.load(program, on: req.db).people.map(MeasuredPerson.init))
    }

    /// POST /api/v1/organizations/:organizationID/programs/:programID/measurements
    @Sendable func measure(req: Request) async throws -> MeasureResult {
        let (organization, program) = try await req.authorizedProgram(for: .measureImpact)
        let body = try req.content.decode(MeasureBody.self)
        let input = MonitoringService.MeasurementInput(person: body.person, phase: body.phase, measuredOn: body.measuredOn, source: body.source,
                                                       values: body.values.mapValues { String($0) })
        let (_, count) = try await MonitoringService.measure(input, organization: organization, program: program, by: req.auditActor, on: req.db)
        return MeasureResult(saved: count)
    }

    /// GET …/monitoring.xlsx — the monitoring page's tables as a workbook.
    @Sendable func spreadsheet(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .monitorPrograms)
        return try await ProgramMonitoringController.spreadsheet(req, organization: organization, program: program)
    }

    /// GET …/swot — the table and what the answers propose for it.
    @Sendable func swot(req: Request) async throws -> Swot {
        let (organization, program) = try await req.authorizedProgram(for: .monitorPrograms)
        return try await Self.swot(program, readsAnswers: req.may(.readAnswers, in: organization), on: req.db)
    }

    /// POST …/swot — 201 with the item.
    @Sendable func addSwot(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .managePrograms)
        let input = try req.content.decode(SwotInput.self)
        let item = try await MonitoringService.addSwot(.init(quadrant: input.quadrant, text: input.text, source: input.source),
                                                      to: program, by: req.auditActor, on: req.db)
        return try await Self.item(item).encodeResponse(status: .created, for: req)
    }

    /// POST …/swot/accept — every proposed item at once.
    @Sendable func acceptSuggestions(req: Request) async throws -> AcceptResult {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let readsAnswers = req.may(.readAnswers, in: organization)
        let added = try await MonitoringService.acceptSuggestions(of: program, readsAnswers: readsAnswers, by: req.auditActor, on: req.db)
        return AcceptResult(added: added, swot: try await Self.swot(program, readsAnswers: readsAnswers, on: req.db))
    }

    /// DELETE …/swot/:itemID
    @Sendable func deleteSwot(req: Request) async throws -> Swot {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        _ = try await MonitoringService.deleteSwot(req.parameters.get("itemID", as: UUID.self), of: program, by: req.auditActor, on: req.db)
        return try await Self.swot(program, readsAnswers: req.may(.readAnswers, in: organization), on: req.db)
    }

    /// `readsAnswers`: the reader's `Permission.readAnswers`; without it no suggestion (the answers' own words).
    static func swot(_ program: Program, readsAnswers: Bool, on db: any Database) async throws -> Swot {
        let items = try await MonitoringService.swot(of: program, on: db)
        let quality = try await ProgramQuality.load(program, readsAnswers: readsAnswers, on: db)
        return Swot(items: items.map(item), suggestions: MonitoringService.openSuggestions(quality, items: items)
            .map { SwotEntry(quadrant: $0.quadrant, text: $0.text, source: $0.source) })
    }

    static func item(_ item: SwotItem) -> SwotItemDTO {
        SwotItemDTO(id: item.id!, quadrant: item.quadrant, text: item.text, source: item.source, writtenBy: item.writtenByName)
    }
}
