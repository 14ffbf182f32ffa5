import Fluent
import Vapor

/// Training of mentors in a program (stage 4): the plan of sessions, the norm the program's
/// forms suggest, attendance, and the program's rule for «обучен».
struct TrainingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Training.index, use: index)
        routes.on(SiteRoute.Training.addSession, use: add)
        routes.on(SiteRoute.Training.setRule, use: setRule)
        routes.on(SiteRoute.Training.markAttendance, use: markAttendance)
        routes.on(SiteRoute.Training.session, use: edit)
        routes.on(SiteRoute.Training.updateSession, use: update)
        routes.on(SiteRoute.Training.deleteSession, use: delete)
    }

    struct SessionRow: Encodable, Sendable {
        let id: UUID
        let number: Int
        let kind: String
        let isPrimary: Bool
        let topic: String
        let day: String
        let format: String
        let trainer: String
        let trainerKind: String
        let materials: [String]
        let attended: Int
    }

    struct MentorRow: Encodable, Sendable {
        struct Tick: Encodable, Sendable { let value: String; let attended: Bool; let label: String }
        let mentorID: UUID
        let fullName: String
        let ticks: [Tick]
        let primaryAttended: Int
        let totalAttended: Int
        let isTrained: Bool
        let statusName: String
    }

    struct IndexPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let normForm: String?
        let normRange: String?
        let normAdvice: String?
        let normOptional: Bool
        let requiredSessions: Int
        let primaryPlanned: Int
        let sessions: [SessionRow]
        let mentors: [MentorRow]
        let trainedCount: Int
        let suggestedTopics: [String]
        let kinds: [SelectOption]
        let formats: [SelectOption]
        let trainerKinds: [SelectOption]
    }

    struct EditPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let sessionID: UUID
        let kinds: [SelectOption]
        let formats: [SelectOption]
        let trainerKinds: [SelectOption]
        let suggestedTopics: [String]
    }

    private func trainingPath(_ organization: Organization, _ program: Program) throws -> String {
        SiteRoute.Training.index.path(try organization.requireID(), try program.requireID())
    }

    private func breadcrumbs(_ organization: Organization, _ program: Program, _ tail: [Breadcrumb]) throws -> [Breadcrumb] {
        let organizationID = try organization.requireID()
        return [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)),
                .init("Программы", SiteRoute.Programs.index.path(organizationID)),
                .init(program.name, SiteRoute.Programs.show.path(organizationID, try program.requireID()))] + tail
    }

    static func options(_ values: [String: String]) -> (kinds: [SelectOption], formats: [SelectOption], trainerKinds: [SelectOption]) {
        (SelectOption.all(TrainingKind.self, selected: [values["kind"] ?? TrainingKind.primary.rawValue]) { $0.russianName },
         SelectOption.all(TrainingFormat.self, selected: [values["format"] ?? ""]) { $0.russianName },
         SelectOption.all(TrainerKind.self, selected: [values["trainerKind"] ?? TrainerKind.internal.rawValue]) { $0.russianName })
    }

    /// GET /orgs/:organizationID/programs/:programID/training
    @Sendable func index(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        return try await page(req, organization: organization, program: program, form: FormState(values: ["heldOn": CalendarDay.today().iso]))
    }

    private func page(_ req: Request, organization: Organization, program: Program, form: FormState,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let sessions = try await TrainingService.sessions(of: program, on: req.db)
        let attendance = try await TrainingService.attendance(in: program, on: req.db)
        let progress = try await TrainingService.progress(in: program, on: req.db)
        let required = try await TrainingService.requiredSessions(for: program, on: req.db)
        let norm = TrainingNorm.norm(for: program.forms)
        let rows = try sessions.enumerated().map { index, session in
            let id = try session.requireID()
            return SessionRow(id: id, number: index + 1, kind: session.kind.russianName, isPrimary: session.kind == .primary, topic: session.topic,
                              day: session.day?.russian ?? session.heldOn, format: session.format.russianName, trainer: session.trainerName,
                              trainerKind: session.trainerKind.russianName,
                              materials: session.materials.split(whereSeparator: \.isNewline).map(String.init), attended: attendance[id]?.count ?? 0)
        }
        let mentors = try progress.map { entry in
            let mentorID = try entry.mentor.requireID()
            return MentorRow(
                mentorID: mentorID, fullName: entry.mentor.fullName,
                ticks: rows.map { .init(value: "\($0.id):\(mentorID)", attended: attendance[$0.id]?.contains(mentorID) ?? false,
                                        label: "\(entry.mentor.fullName) — занятие \($0.number)") },
                primaryAttended: entry.primaryAttended, totalAttended: entry.totalAttended,
                isTrained: entry.meetsRule || [.trained, .active].contains(entry.mentor.status), statusName: entry.mentor.status.russianName)
        }
        let options = Self.options(form.values)
        return try await req.page(
            "training/index", title: "Обучение наставников",
            breadcrumbs: try breadcrumbs(organization, program, [.init("Обучение наставников")]), organization: organization,
            form: form, status: status,
            content: IndexPage(
                organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name,
                normForm: norm?.form.russianName, normRange: norm?.rangeText, normAdvice: norm?.advice, normOptional: norm?.isOptional ?? false,
                requiredSessions: required, primaryPlanned: sessions.filter { $0.kind == .primary }.count, sessions: rows, mentors: mentors,
                trainedCount: mentors.filter(\.isTrained).count, suggestedTopics: TrainingNorm.suggestedTopics,
                kinds: options.kinds, formats: options.formats, trainerKinds: options.trainerKinds))
    }

    /// POST …/training/sessions
    @Sendable func add(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let values = try req.formValues()
        switch TrainingSessionDraft.parse(values) {
        case .failure(let invalid):
            return try await page(req, organization: organization, program: program, form: FormState(values: values, errors: invalid.fields),
                                  status: .unprocessableEntity)
        case .success(let draft):
            try await TrainingService.add(draft, to: program, by: req.auditActor, on: req.db)
            return req.redirect(to: try trainingPath(organization, program), flash: FlashMessage(.success, "Занятие добавлено в план обучения."))
        }
    }

    /// GET …/training/sessions/:sessionID
    @Sendable func edit(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let session = try await TrainingService.session(req.parameters.get("sessionID", as: UUID.self), of: program, on: req.db)
        return try await editPage(req, organization: organization, program: program, session: session,
                                  form: FormState(values: TrainingSessionDraft.values(of: session)))
    }

    private func editPage(_ req: Request, organization: Organization, program: Program, session: TrainingSession, form: FormState,
                          status: HTTPResponseStatus = .ok) async throws -> Response {
        let options = Self.options(form.values)
        return try await req.page(
            "training/session", title: "Занятие обучения наставников",
            breadcrumbs: try breadcrumbs(organization, program, [.init("Обучение наставников", try trainingPath(organization, program)),
                                                                 .init(session.topic)]),
            organization: organization, form: form, status: status,
            content: EditPage(organizationID: try organization.requireID(), programID: try program.requireID(), sessionID: try session.requireID(),
                              kinds: options.kinds, formats: options.formats, trainerKinds: options.trainerKinds,
                              suggestedTopics: TrainingNorm.suggestedTopics))
    }

    /// POST …/training/sessions/:sessionID
    @Sendable func update(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let session = try await TrainingService.session(req.parameters.get("sessionID", as: UUID.self), of: program, on: req.db)
        let values = try req.formValues()
        switch TrainingSessionDraft.parse(values) {
        case .failure(let invalid):
            return try await editPage(req, organization: organization, program: program, session: session,
                                      form: FormState(values: values, errors: invalid.fields), status: .unprocessableEntity)
        case .success(let draft):
            try await TrainingService.update(session, with: draft, program: program, by: req.auditActor, on: req.db)
            return req.redirect(to: try trainingPath(organization, program), flash: FlashMessage(.success, "Занятие изменено."))
        }
    }

    /// POST …/training/sessions/:sessionID/delete
    @Sendable func delete(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let session = try await TrainingService.session(req.parameters.get("sessionID", as: UUID.self), of: program, on: req.db)
        try await TrainingService.delete(session, program: program, by: req.auditActor, on: req.db)
        return req.redirect(to: try trainingPath(organization, program), flash: FlashMessage(.success, "Занятие удалено из плана."))
    }

    /// POST …/training/rule — `primarySessionsRequired`.
    @Sendable func setRule(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let values = try req.formValues()
        guard let count = Int((values["primarySessionsRequired"] ?? "").trimmingCharacters(in: .whitespaces)),
              TrainingService.requiredRange.contains(count) else {
            return try await page(req, organization: organization, program: program,
                                  form: FormState(values: values, errors: ["primarySessionsRequired": "Укажите число занятий первичного обучения от \(TrainingService.requiredRange.lowerBound) до \(TrainingService.requiredRange.upperBound)."]),
                                  status: .unprocessableEntity)
        }
        try await TrainingService.setRequiredSessions(count, for: program, by: req.auditActor, on: req.db)
        return req.redirect(to: try trainingPath(organization, program), flash: FlashMessage(.success, "Правило сохранено: обучен после \(count) \(RussianPlural.form(count, "занятия", "занятий", "занятий")) первичного обучения."))
    }

    /// POST …/training/attendance — the whole table: `attended[]` values «sessionID:mentorID».
    @Sendable func markAttendance(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        struct Input: Content { var attended: [String]? }
        var ticks: [UUID: Set<UUID>] = [:]
        for value in try req.content.decode(Input.self).attended ?? [] {
            let parts = value.split(separator: ":").compactMap { UUID(uuidString: String($0)) }
            guard parts.count == 2 else { throw AppError.badRequest("Неверная отметка посещения.") }
            ticks[parts[0], default: []].insert(parts[1])
        }
        let sessions = try await TrainingService.sessions(of: program, on: req.db)
        guard Set(ticks.keys).isSubset(of: Set(sessions.compactMap(\.id))) else { throw AppError.notFound }
        let promoted: [Mentor]
        do {
            promoted = try await TrainingService.setAttendance(try sessions.map { ($0, ticks[try $0.requireID()] ?? []) }, program: program,
                                                               by: req.auditActor, on: req.db)
        } catch let error as SelectionError {
            return req.redirect(to: try trainingPath(organization, program), flash: FlashMessage(.error, error.russianMessage))
        }
        let message = promoted.isEmpty ? "Посещение сохранено." : "Посещение сохранено. Обучены: \(promoted.map(\.fullName).joined(separator: ", "))."
        return req.redirect(to: try trainingPath(organization, program), flash: FlashMessage(.success, message))
    }

}
