import Fluent
import Vapor

/// A respondent's side: what is waiting for them, the form to fill (a draft first if they
/// like), and what they sent.
struct MyQuestionnairesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Questionnaires.mine, use: index)
        routes.on(SiteRoute.Questionnaires.fill, use: fill)
        routes.on(SiteRoute.Questionnaires.answer, use: answer)
    }

    struct Row: Encodable, Sendable {
        let id: UUID; let title: String; let status: String; let isOpen: Bool; let due: String?; let overdue: Bool; let anonymous: Bool
    }

    /// The person's assignments, open ones first by due date; used by the home page too.
    static func rows(for userID: UUID, openOnly: Bool, limit: Int = 100, on db: any Database) async throws -> [Row] {
        var query = QuestionnaireAssignment.query(on: db).filter(\.$user.$id == userID).with(\.$questionnaire)
        if openOnly { query = query.filter(\.$status != .submitted) }
        let now = Date()
        // Open ones first, the nearest due date first, those without a date after them.
        let assignments = try await query.sort(\.$createdAt, .descending).limit(limit).all().sorted {
            ($0.status == .submitted ? 1 : 0, $0.dueAt ?? .distantFuture) < ($1.status == .submitted ? 1 : 0, $1.dueAt ?? .distantFuture)
        }
        return try assignments.map { assignment in
            Row(id: try assignment.requireID(), title: assignment.questionnaire.title, status: assignment.status.russianName,
                isOpen: assignment.status != .submitted, due: DueDate.format(assignment.dueAt),
                overdue: assignment.status != .submitted && (assignment.dueAt.map { $0 < now } ?? false),
                anonymous: assignment.questionnaire.isAnonymous)
        }
    }

    struct ListPage: Encodable { let assignments: [Row]; let done: [Row] }

    /// GET /my/questionnaires
    @Sendable func index(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let rows = try await Self.rows(for: principal.userID, openOnly: false, on: req.db)
        return try await req.page("questionnaires/mine", title: "Мои анкеты", breadcrumbs: [.init("Главная", "/"), .init("Мои анкеты")],
                                  content: ListPage(assignments: rows.filter(\.isOpen), done: rows.filter { !$0.isOpen }))
    }

    struct FillPage: Encodable {
        let id: UUID
        let title: String
        let purpose: String
        let anonymous: Bool
        let submitted: Bool
        let due: String?
        let versionNumber: Int
        let form: QuestionnaireFormView
    }

    /// GET /my/questionnaires/:assignmentID
    @Sendable func fill(req: Request) async throws -> Response {
        let assignment = try await req.ownAssignment()
        return try await page(req, assignment: assignment, fields: Answering.draftFields(assignment), errors: [:])
    }

    func page(_ req: Request, assignment: QuestionnaireAssignment, fields: [String: String], errors: [String: String],
              status: HTTPResponseStatus = .ok) async throws -> Response {
        let questionnaire = assignment.questionnaire
        guard let version = try await QuestionnaireVersion.find(assignment.$version.id, on: req.db) else { throw AppError.notFound }
        let definition = try version.definition()
        var submitted: AnswerSheet?
        var names: [UUID: String] = [:]
        if assignment.status == .submitted, !questionnaire.isAnonymous,
           let answer = try await Answer.query(on: req.db).filter(\.$assignmentID == assignment.requireID()).first() {
            submitted = try answer.sheet()
            names = try await QuestionnaireResults.rankedNames(in: [submitted!], on: req.db)
        }
        let candidates = assignment.status == .submitted ? [:] :
            try await Answering.candidates(for: definition, organizationID: assignment.organizationID, excluding: assignment.$user.id, on: req.db)
        return try await req.page(
            "questionnaires/fill", title: questionnaire.title,
            breadcrumbs: [.init("Мои анкеты", SiteRoute.Questionnaires.mine.path()), .init(questionnaire.title)],
            status: status,
            content: FillPage(
                id: try assignment.requireID(), title: questionnaire.title, purpose: questionnaire.purpose,
                anonymous: questionnaire.isAnonymous, submitted: assignment.status == .submitted, due: DueDate.format(assignment.dueAt),
                versionNumber: version.number,
                form: QuestionnaireFormView(definition: definition, fields: fields, errors: errors, candidates: candidates,
                                            submitted: submitted, names: names)))
    }

    /// POST /my/questionnaires/:assignmentID — `action=draft` keeps a draft, anything else submits.
    @Sendable func answer(req: Request) async throws -> Response {
        let assignment = try await req.ownAssignment()
        let fields = try req.content.decode([String: String].self)
        let id = try assignment.requireID()
        if fields["action"] == "draft" {
            try await Answering.saveDraft(assignment, fields: fields, on: req.db)
            return req.redirect(to: SiteRoute.Questionnaires.fill.path(id), flash: FlashMessage(.success, "Черновик сохранён. Вернитесь к анкете в любое время и отправьте её."))
        }
        let outcome = try await Answering.submit(assignment, questionnaire: assignment.questionnaire, fields: fields, by: req.auditActor, on: req.db)
        guard outcome.errors.isEmpty else {
            return try await page(req, assignment: assignment, fields: fields, errors: outcome.errors, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteRoute.Questionnaires.mine.path(), flash: FlashMessage(.success, "Спасибо! Ответы на анкету \(assignment.questionnaire.title.quoted()) отправлены."))
    }
}
