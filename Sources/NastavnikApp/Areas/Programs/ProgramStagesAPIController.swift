import Fluent
import Vapor

/// `/api/v1/organizations/:organizationID/programs/:programID`: the program's seven stages with
/// their checklists (what the platform's data ticks by itself and what people ticked), the stage
/// move with the same warning as the program's page, and ticking an item — over `ProgramService`.
struct ProgramStagesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let program = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "programs", ":programID")
        program.get("stages", use: stages)
        program.put("stage", use: move)
        program.put("checklist", ":itemID", use: mark)
    }

    struct ChecklistItemDTO: Content {
        let id: UUID
        let stage: Int
        let contour: String
        let title: String
        let isDone: Bool
        /// Done because the platform's data shows it (the bases formed, pairs formed…), not ticked by a person.
        let isDerived: Bool
        /// Who ticked it by hand; null for an open or a derived item.
        let doneBy: String?
    }

    struct StageDTO: Content {
        let number: Int
        let name: String
        let isCurrent: Bool
        let isPast: Bool
        let openCount: Int
        let items: [ChecklistItemDTO]
    }

    struct TransitionDTO: Content { let at: Date; let from: Int; let to: Int; let actor: String; let openItems: Int }

    struct StagesDTO: Content {
        let stage: Int
        let stageName: String
        /// Items of the current stage and the ones before it still open: what a move forward warns about.
        let openBeforeNext: Int
        let stages: [StageDTO]
        /// The latest moves, newest first (up to 20).
        let transitions: [TransitionDTO]
    }

    struct MoveInput: Content { var stage: Int }

    struct MoveResult: Content {
        let from: Int
        let to: Int
        let stageName: String
        /// Titles of the items left open on the earlier stages; the move happened anyway.
        let openItems: [String]
        /// The same sentence the program's page shows after the move.
        let message: String
    }

    struct MarkInput: Content { var done: Bool }

    /// GET …/stages
    @Sendable func stages(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .viewPrograms)
        let checklist = try await StageChecklist.load(program, evidence: req.application.checklistEvidence, on: req.db)
        let transitions = try await StageTransition.query(on: req.db).filter(\.$program.$id == program.requireID())
            .sort(\.$at, .descending).range(..<20).all()
        let overview = StagesDTO(
            stage: program.stage.rawValue, stageName: program.stage.russianName, openBeforeNext: checklist.openItems(upTo: program.stage).count,
            stages: ProgramStage.allCases.map { stage in
                let items = checklist.entries(of: stage)
                return StageDTO(number: stage.rawValue, name: stage.russianName, isCurrent: stage == program.stage, isPast: stage < program.stage,
                                openCount: items.filter { !$0.isDone }.count, items: items.map(Self.item))
            },
            transitions: transitions.map { .init(at: $0.at, from: $0.fromStage.rawValue, to: $0.toStage.rawValue, actor: $0.actorName, openItems: $0.openItems) })
        return try Self.json(overview)
    }

    /// PUT …/stage — `stage` 1–7. Open items do not stop the move; they come back in `openItems` and `message`.
    @Sendable func move(req: Request) async throws -> MoveResult {
        let (_, program) = try await req.authorizedProgram(for: .managePrograms)
        guard let target = ProgramStage(rawValue: try req.content.decode(MoveInput.self).stage) else { throw ProgramError.unknownStage }
        let move = try await ProgramService.move(program, to: target, by: req.auditActor, evidence: req.application.checklistEvidence, on: req.db)
        return MoveResult(from: move.from.rawValue, to: move.to.rawValue, stageName: move.to.russianName, openItems: move.openItems, message: move.message)
    }

    /// PUT …/checklist/:itemID — `done` true ticks the item by hand, false takes the tick away (an item
    /// the data ticks stays done while the data shows it).
    @Sendable func mark(req: Request) async throws -> ChecklistItemDTO {
        let (_, program) = try await req.authorizedProgram(for: .managePrograms)
        let done = try req.content.decode(MarkInput.self).done
        let item = try await ProgramService.markChecklistItem(req.parameters.get("itemID", as: UUID.self), of: program, done: done,
                                                              by: req.auditActor, on: req.db)
        let checklist = try await StageChecklist.load(program, evidence: req.application.checklistEvidence, on: req.db)
        guard let entry = checklist.entries.first(where: { $0.id == item.id }) else { throw AppError.notFound }
        return Self.item(entry)
    }

    static func item(_ entry: StageChecklist.Entry) -> ChecklistItemDTO {
        ChecklistItemDTO(id: entry.id, stage: entry.stage, contour: entry.contour, title: entry.title, isDone: entry.isDone,
                         isDerived: entry.isDerived, doneBy: entry.doneBy)
    }

    /// Dates as ISO 8601, as the document says.
    static func json(_ value: some Encodable) throws -> Response {
        let response = Response(status: .ok)
        try response.content.encode(value, using: NotificationsAPIController.encoder)
        return response
    }
}
