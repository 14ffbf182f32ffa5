import Fluent
import Vapor

/// `/api/v1/organizations/:organizationID/programs/:programID/selection`: the program's
/// selection of mentors as JSON — criteria, candidates, interview, test and decision.
struct SelectionAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let selection = routes.grouped(RequireAPIPrincipal())
            .grouped("organizations", ":organizationID", "programs", ":programID", "selection")
        selection.get(use: list)
        selection.post(use: add)
        selection.put(":mentorID", "interview", use: interview)
        selection.put(":mentorID", "test", use: test)
        selection.put(":mentorID", "decision", use: decide)
    }

    struct AvailableDTO: Content { let mentorID: UUID; let fullName: String; let origin: String; let forms: String }
    struct SelectionDTO: Content {
        let criteria: [SelectionCriteria.Row]
        let items: [SelectionBoard.Candidate]
        let available: [AvailableDTO]
    }
    struct AddInput: Content { var mentorIDs: [UUID]?; var all: Bool? }
    struct InterviewInput: Content { var interviewedOn: String?; var interviewer: String?; var readiness: String?; var conclusion: String? }
    struct TestInput: Content { var testedOn: String?; var communicationScore: Int?; var empathyScore: Int?; var gaps: String? }
    struct DecisionInput: Content { var decision: String?; var reason: String? }

    /// GET …/selection — criteria from the mentees' requests, candidates in the selection, candidates not added yet.
    @Sendable func list(req: Request) async throws -> SelectionDTO {
        let (_, program) = try await req.authorizedProgram(for: .selectMentors)
        return try await dto(program, on: req.db)
    }

    private func dto(_ program: Program, on db: any Database) async throws -> SelectionDTO {
        let board = try await SelectionBoard.load(program: program, on: db)
        return SelectionDTO(criteria: board.criteria.rows, items: board.inSelection,
                            available: board.available.map { .init(mentorID: $0.mentorID, fullName: $0.fullName, origin: $0.originName, forms: $0.formNames) })
    }

    /// POST …/selection — `{"mentorIDs": [...]}` or `{"all": true}`; 201 with the selection.
    @Sendable func add(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let input = try req.content.decode(AddInput.self)
        guard input.all == true || !(input.mentorIDs ?? []).isEmpty else {
            throw AppError.validation(["mentorIDs": "Передайте mentorIDs или all: true."])
        }
        _ = try await SelectionService.add(input.all == true ? nil : input.mentorIDs, to: program, by: req.auditActor, on: req.db)
        return try await dto(program, on: req.db).encodeResponse(status: .created, for: req)
    }

    private func candidate(_ req: Request) async throws -> (Organization, Program, Mentor, MentorSelection) {
        let (organization, program) = try await req.authorizedProgram(for: .selectMentors)
        let (mentor, selection) = try await SelectionService.selection(of: req.parameters.get("mentorID", as: UUID.self), in: program, on: req.db)
        return (organization, program, mentor, selection)
    }

    private func result(_ mentor: Mentor, _ selection: MentorSelection, organization: Organization, on db: any Database) async throws -> SelectionBoard.Candidate {
        let applications = try await SelectionBoard.applications(of: [mentor], organizationID: organization.requireID(), on: db)
        return SelectionBoard.candidate(mentor, selection, application: mentor.$user.id.flatMap { applications[$0] })
    }

    private func parsed<T>(_ result: Result<T, ProgramDraft.FieldErrors>) throws -> T {
        switch result {
        case .failure(let invalid): throw AppError.validation(invalid.fields)
        case .success(let value): return value
        }
    }

    /// PUT …/selection/:mentorID/interview
    @Sendable func interview(req: Request) async throws -> SelectionBoard.Candidate {
        let (organization, program, mentor, selection) = try await candidate(req)
        let body = try req.content.decode(InterviewInput.self)
        let input = try parsed(SelectionInput.interview(["interviewedOn": body.interviewedOn ?? "", "interviewer": body.interviewer ?? "",
                                                         "readiness": body.readiness ?? "", "conclusion": body.conclusion ?? ""]))
        try await SelectionService.recordInterview(input, on: selection, mentor: mentor, program: program, by: req.auditActor, db: req.db)
        return try await result(mentor, selection, organization: organization, on: req.db)
    }

    /// PUT …/selection/:mentorID/test — for student mentors only.
    @Sendable func test(req: Request) async throws -> SelectionBoard.Candidate {
        let (organization, program, mentor, selection) = try await candidate(req)
        let body = try req.content.decode(TestInput.self)
        let input = try parsed(SelectionInput.test(["testedOn": body.testedOn ?? "", "communicationScore": body.communicationScore.map(String.init) ?? "",
                                                    "empathyScore": body.empathyScore.map(String.init) ?? "", "gaps": body.gaps ?? ""]))
        try await SelectionService.recordTest(input, on: selection, mentor: mentor, program: program, by: req.auditActor, db: req.db)
        return try await result(mentor, selection, organization: organization, on: req.db)
    }

    /// PUT …/selection/:mentorID/decision — `selected`, `notNow` (with a reason) or `pending`.
    @Sendable func decide(req: Request) async throws -> SelectionBoard.Candidate {
        let (organization, program, mentor, selection) = try await candidate(req)
        let body = try req.content.decode(DecisionInput.self)
        let input = try parsed(SelectionInput.decision(["decision": body.decision ?? "", "reason": body.reason ?? ""]))
        try await SelectionService.decide(input, on: selection, mentor: mentor, program: program, by: req.auditActor, db: req.db)
        return try await result(mentor, selection, organization: organization, on: req.db)
    }
}
