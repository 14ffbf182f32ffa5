import Fluent
import Vapor

/// `/api/v1/organizations/:organizationID/programs/:programID/training`: the training plan of a
/// program's mentors as JSON — sessions, attendance, the rule for «обучен» and who meets it.
struct TrainingAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let training = routes.grouped(RequireAPIPrincipal())
            .grouped("organizations", ":organizationID", "programs", ":programID", "training")
        training.get(use: overview)
        training.put("rule", use: setRule)
        training.post("sessions", use: add)
        training.put("sessions", ":sessionID", use: update)
        training.delete("sessions", ":sessionID", use: delete)
        training.put("sessions", ":sessionID", "attendance", use: attendance)
    }

    struct SessionDTO: Content {
        let id: UUID; let kind: TrainingKind; let topic: String; let heldOn: String; let format: TrainingFormat
        let trainerName: String; let trainerKind: TrainerKind; let materials: String; let attendedMentorIDs: [UUID]
    }
    struct MentorProgressDTO: Content {
        let mentorID: UUID; let fullName: String; let primaryAttended: Int; let totalAttended: Int; let trained: Bool; let status: MentorStatus
    }
    struct NormDTO: Content { let form: MentoringForm; let minimumSessions: Int; let maximumSessions: Int; let advice: String; let optional: Bool }
    struct TrainingDTO: Content {
        let primarySessionsRequired: Int
        let suggested: NormDTO?
        let suggestedTopics: [String]
        let sessions: [SessionDTO]
        let mentors: [MentorProgressDTO]
    }
    struct SessionInput: Content {
        var kind: String?; var topic: String?; var heldOn: String?; var format: String?
        var trainerName: String?; var trainerKind: String?; var materials: String?

        var values: [String: String] {
            ["kind": kind ?? "", "topic": topic ?? "", "heldOn": heldOn ?? "", "format": format ?? "", "trainerName": trainerName ?? "",
             "trainerKind": trainerKind ?? "", "materials": materials ?? ""]
        }
    }
    struct RuleInput: Content { var primarySessionsRequired: Int }
    struct AttendanceInput: Content { var mentorIDs: [UUID] }

    /// GET …/training
    @Sendable func overview(req: Request) async throws -> TrainingDTO {
        let (_, program) = try await req.authorizedProgram(for: .selectMentors)
        return try await dto(program, on: req.db)
    }

    private func dto(_ program: Program, on db: any Database) async throws -> TrainingDTO {
        let sessions = try await TrainingService.sessions(of: program, on: db)
        let attendance = try await TrainingService.attendance(in: program, on: db)
        let progress = try await TrainingService.progress(in: program, on: db)
        let norm = TrainingNorm.norm(for: program.forms)
        return TrainingDTO(
            primarySessionsRequired: try await TrainingService.requiredSessions(for: program, on: db),
            suggested: norm.map { .init(form: $0.form, minimumSessions: $0.minimumSessions, maximumSessions: $0.maximumSessions, advice: $0.advice, optional: $0.isOptional) },
            suggestedTopics: TrainingNorm.suggestedTopics,
            sessions: try sessions.map { try sessionDTO($0, attended: attendance[try $0.requireID()] ?? []) },
            mentors: try progress.map {
                .init(mentorID: try $0.mentor.requireID(), fullName: $0.mentor.fullName, primaryAttended: $0.primaryAttended,
                      totalAttended: $0.totalAttended, trained: $0.meetsRule || [.trained, .active].contains($0.mentor.status), status: $0.mentor.status)
            })
    }

    private func sessionDTO(_ session: TrainingSession, attended: Set<UUID>) throws -> SessionDTO {
        SessionDTO(id: try session.requireID(), kind: session.kind, topic: session.topic, heldOn: session.heldOn, format: session.format,
                   trainerName: session.trainerName, trainerKind: session.trainerKind, materials: session.materials,
                   attendedMentorIDs: attended.sorted { $0.uuidString < $1.uuidString })
    }

    private func draft(_ req: Request) throws -> TrainingSessionDraft {
        switch TrainingSessionDraft.parse(try req.content.decode(SessionInput.self).values) {
        case .failure(let invalid): throw AppError.validation(invalid.fields)
        case .success(let draft): return draft
        }
    }

    /// PUT …/training/rule — `{"primarySessionsRequired": 3}`.
    @Sendable func setRule(req: Request) async throws -> TrainingDTO {
        let (_, program) = try await req.authorizedProgram(for: .selectMentors)
        let input = try req.content.decode(RuleInput.self)
        try await TrainingService.setRequiredSessions(input.primarySessionsRequired, for: program, by: req.auditActor, on: req.db)
        return try await dto(program, on: req.db)
    }

    /// POST …/training/sessions — 201 with the session.
    @Sendable func add(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .selectMentors)
        let session = try await TrainingService.add(try draft(req), to: program, by: req.auditActor, on: req.db)
        return try await sessionDTO(session, attended: []).encodeResponse(status: .created, for: req)
    }

    /// PUT …/training/sessions/:sessionID
    @Sendable func update(req: Request) async throws -> SessionDTO {
        let (_, program) = try await req.authorizedProgram(for: .selectMentors)
        let session = try await TrainingService.session(req.parameters.get("sessionID", as: UUID.self), of: program, on: req.db)
        try await TrainingService.update(session, with: try draft(req), program: program, by: req.auditActor, on: req.db)
        return try sessionDTO(session, attended: try await TrainingService.attendance(in: program, on: req.db)[try session.requireID()] ?? [])
    }

    /// DELETE …/training/sessions/:sessionID — answers the plan without the session.
    @Sendable func delete(req: Request) async throws -> TrainingDTO {
        let (_, program) = try await req.authorizedProgram(for: .selectMentors)
        let session = try await TrainingService.session(req.parameters.get("sessionID", as: UUID.self), of: program, on: req.db)
        try await TrainingService.delete(session, program: program, by: req.auditActor, on: req.db)
        return try await dto(program, on: req.db)
    }

    /// PUT …/training/sessions/:sessionID/attendance — `{"mentorIDs": [...]}`: who attended, replacing the previous marks.
    @Sendable func attendance(req: Request) async throws -> SessionDTO {
        let (_, program) = try await req.authorizedProgram(for: .selectMentors)
        let session = try await TrainingService.session(req.parameters.get("sessionID", as: UUID.self), of: program, on: req.db)
        let input = try req.content.decode(AttendanceInput.self)
        try await TrainingService.setAttendance(of: session, mentorIDs: Set(input.mentorIDs), program: program, by: req.auditActor, on: req.db)
        return try sessionDTO(session, attended: Set(input.mentorIDs))
    }

}
