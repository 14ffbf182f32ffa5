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
    }

    struct SwotEntry: Content { let quadrant: String; let text: String; let source: String }

    struct Monitoring: Content {
        let quality: ProgramQuality
        let swot: [SwotEntry]
        /// Pairs, involvement and satisfaction per academic year of the program's period.
        let years: [IndicatorRow]
        let byParameter: [ProgramImpact.Group]
        let bySide: [ProgramImpact.Group]
        let byForm: [ProgramImpact.Group]
        let byScheme: [ProgramImpact.Group]
    }

    struct MeasurementList: Content { let people: [ProgramImpact.Person] }

    /// `person` is `mentee-<id>` or `mentor-<id>`; `values` maps parameters to numbers.
    struct MeasureBody: Content {
        let person: String
        let phase: String
        let measuredOn: String
        let source: String?
        let values: [String: Double]
    }

    struct MeasureResult: Content { let saved: Int }

    /// GET /api/v1/organizations/:organizationID/programs/:programID/monitoring
    @Sendable func monitoring(req: Request) async throws -> Monitoring {
        let (_, program) = try await req.authorizedProgram(for: .monitorPrograms)
        let quality = try await ProgramQuality.load(program, on: req.db)
        let items = try await SwotItem.query(on: req.db).filter(\.$program.$id == program.requireID()).sort(\.$createdAt).all()
        let impact = try await ProgramImpact.load(program, on: req.db)
        return Monitoring(quality: quality, swot: items.map { .init(quadrant: $0.quadrant.rawValue, text: $0.text, source: $0.source) },
                          years: try await ProgramMonitoringController.years(program, on: req.db),
                          byParameter: impact.byParameter, bySide: impact.bySide, byForm: impact.byForm, byScheme: impact.byScheme)
    }

    /// GET /api/v1/organizations/:organizationID/programs/:programID/measurements
    @Sendable func measurements(req: Request) async throws -> MeasurementList {
        let (organization, program) = try await req.authorizedProgram(for: .measureImpact)
        try await req.audit(.impactViewed, organizationID: organization.id, objectType: "program", objectID: program.id, details: "API")
        return MeasurementList(people: try await ProgramImpact.load(program, on: req.db).people)
    }

    /// POST /api/v1/organizations/:organizationID/programs/:programID/measurements
    @Sendable func measure(req: Request) async throws -> MeasureResult {
        let (organization, program) = try await req.authorizedProgram(for: .measureImpact)
        let body = try req.content.decode(MeasureBody.self)
        var values = ["person": body.person, "phase": body.phase, "measuredOn": body.measuredOn, "source": body.source ?? ""]
        let known = Set(try await MeasureScale.all(of: organization.requireID(), on: req.db).map(\.code))
        for (key, value) in body.values {
            guard known.contains(key) else { throw AppError.validation([key: "Неизвестный параметр измерения."]) }
            values[key] = String(value)
        }
        let (person, count) = try await ProgramMonitoringController.measure(values, organization: organization, program: program,
                                                                            by: req.principal?.fullName ?? "", on: req.db)
        try await req.audit(.impactMeasured, organizationID: organization.id, objectType: person.side.rawValue, objectID: person.id, details: "API: \(count)")
        return MeasureResult(saved: count)
    }
}
