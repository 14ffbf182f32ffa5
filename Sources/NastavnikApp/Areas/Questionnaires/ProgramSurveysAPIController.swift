import Fluent
import Vapor

/// `/api/v1`: what the program's surveys page does — the program's questionnaires with who has not
/// answered, sending one to the program's people, attaching an existing questionnaire to a program.
struct ProgramSurveysAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organization = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID")
        organization.get("programs", ":programID", "surveys", use: list)
        organization.post("programs", ":programID", "surveys", use: send)
        organization.post("questionnaires", ":questionnaireID", "program", use: attach)
    }

    struct SurveyList: Content { let items: [SurveyDTO] }

    /// A program's questionnaire as data: the due day as YYYY-MM-DD (as `SendBody.dueDate` takes
    /// it) and roles as codes, not the page's «20.12.2026» and «Наставляемый».
    struct SurveyDTO: Content {
        struct Waiting: Content { let userID: UUID; let name: String; let role: Role; let overdue: Bool }
        let id: UUID
        let title: String
        let anonymous: Bool
        let measurement: Bool
        let sent: Int
        let answered: Int
        let dueDate: String?
        let waitingCount: Int
        let waiting: [Waiting]

        init(_ survey: ProgramSurveys.Survey, now: Date) {
            id = survey.id; title = survey.title; anonymous = survey.anonymous; measurement = survey.measurement
            sent = survey.sent; answered = survey.answered; dueDate = survey.dueAt.map { DateFormatting.string($0, "yyyy-MM-dd", locale: "en_US_POSIX") }
            waitingCount = survey.waitingCount
            waiting = survey.waiting.map { Waiting(userID: $0.userID, name: $0.name, role: $0.role, overdue: $0.dueAt.map { $0 < now } ?? false) }
        }
    }

    /// The same fields as the page's form; `source` is `template:<key>` or `own:<questionnaire id>`.
    struct SendBody: Content {
        let source: String
        let audience: String
        let pairingID: UUID?
        let dueDate: String?
    }

    struct SendResult: Content {
        let questionnaireID: UUID
        let title: String
        let sent: Int
        let withoutAccount: [String]
    }

    struct AttachBody: Content { let programID: UUID? }
    struct AttachResult: Content { let questionnaireID: UUID; let programID: UUID? }

    /// GET /api/v1/organizations/:organizationID/programs/:programID/surveys
    @Sendable func list(req: Request) async throws -> SurveyList {
        let (_, program) = try await req.authorizedProgram(for: .manageQuestionnaires)
        let now = Date()
        return SurveyList(items: try await ProgramSurveys.surveys(program, on: req.db).map { SurveyDTO($0, now: now) })
    }

    /// POST /api/v1/organizations/:organizationID/programs/:programID/surveys
    @Sendable func send(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .manageQuestionnaires)
        let body = try req.content.decode(SendBody.self)
        var fields = ["source": body.source, "audience": body.audience, "dueDate": body.dueDate ?? ""]
        fields["pairingID"] = body.pairingID?.uuidString
        let (source, audience, pairingID, due) = try ProgramSurveysController.read(fields)
        let outcome = try await ProgramSurveys.send(source, program: program, audience: audience, pairingID: pairingID, dueAt: due,
                                                    by: req.auditActor, on: req.db)
        let result = SendResult(questionnaireID: try outcome.questionnaire.requireID(), title: outcome.questionnaire.title,
                                sent: outcome.sent, withoutAccount: outcome.withoutAccount)
        return try await result.encodeResponse(status: .created, for: req)
    }

    /// POST /api/v1/organizations/:organizationID/questionnaires/:questionnaireID/program — `programID` null detaches.
    @Sendable func attach(req: Request) async throws -> AttachResult {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let questionnaire = try await req.questionnaire(in: organization)
        let body = try req.content.decode(AttachBody.self)
        try await ProgramSurveys.attach(questionnaire, to: body.programID, by: req.auditActor, on: req.db)
        return AttachResult(questionnaireID: try questionnaire.requireID(), programID: body.programID)
    }
}
