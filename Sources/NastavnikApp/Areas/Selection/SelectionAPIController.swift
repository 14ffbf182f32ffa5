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

    /// A candidate not in the selection yet.
    struct AvailableDTO: Content {
        let mentorID: UUID; let fullName: String; let origin: MentorOrigin; let forms: [MentoringForm]; let status: MentorStatus

        init(_ mentor: Mentor) throws {
            mentorID = try mentor.requireID(); fullName = mentor.fullName; origin = mentor.origin; forms = mentor.forms; status = mentor.status
        }
    }
    /// The mentor's application questionnaire, when filled in.
    struct ApplicationDTO: Content {
        let questionnaireID: UUID; let submittedAt: Date?; let selfAssessedReadiness: Int?

        init(_ application: SelectionBoard.MentorApplication) {
            questionnaireID = application.questionnaireID; submittedAt = application.submittedAt
            selfAssessedReadiness = application.selfAssessedReadiness
        }
    }
    /// A candidate in the selection as stored: codes, ISO dates, no labels (the page's
    /// `SelectionBoard.Candidate` prints those).
    struct CandidateDTO: Content {
        // The mentor's card.
        let mentorID: UUID, fullName: String, origin: MentorOrigin, contour: Contour, forms: [MentoringForm]
        let competencies: String, lifeExperience: String, capacity: Int, status: MentorStatus
        let application: ApplicationDTO?
        // The interview and, for student mentors, the test; dates ISO.
        let interviewedOn: String?, interviewer: String?, readiness: PsychologicalReadiness?, interviewConclusion: String?
        let testedOn: String?, communicationScore: Int?, empathyScore: Int?, skillGaps: [String]
        // The decision.
        let decision: SelectionDecision, decisionReason: String?, decidedAt: Date?, decidedBy: String?

        init(_ mentor: Mentor, _ selection: MentorSelection, application: SelectionBoard.MentorApplication?) throws {
            mentorID = try mentor.requireID(); fullName = mentor.fullName; origin = mentor.origin; contour = mentor.contour
            forms = mentor.forms; competencies = mentor.competencies ?? ""; lifeExperience = mentor.lifeExperience ?? ""
            capacity = mentor.capacity; status = mentor.status; self.application = application.map(ApplicationDTO.init)
            interviewedOn = selection.interviewedOn; interviewer = selection.interviewer; readiness = selection.readiness
            interviewConclusion = selection.interviewConclusion; testedOn = selection.testedOn
            communicationScore = selection.communicationScore; empathyScore = selection.empathyScore; skillGaps = selection.gapList
            decision = selection.decision; decisionReason = selection.decisionReason; decidedAt = selection.decidedAt; decidedBy = selection.decidedBy
        }
    }
    struct SelectionDTO: Content {
        let criteria: [SelectionCriteria.Row]
        let items: [CandidateDTO]
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
        return SelectionDTO(criteria: board.criteria.rows, items: try board.entries.map { try CandidateDTO($0.mentor, $0.selection, application: $0.application) },
                            available: try board.availableMentors.map(AvailableDTO.init))
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

    private func result(_ mentor: Mentor, _ selection: MentorSelection, organization: Organization, on db: any Database) async throws -> CandidateDTO {
        let applications = try await SelectionBoard.applications(of: [mentor], organizationID: organization.requireID(), on: db)
        return try CandidateDTO(mentor, selection, application: mentor.$user.id.flatMap { applications[$0] })
    }

    private func parsed<T>(_ result: Result<T, ProgramDraft.FieldErrors>) throws -> T {
        switch result {
        case .failure(let invalid): throw AppError.validation(invalid.fields)
        case .success(let value): return value
        }
    }

    /// PUT …/selection/:mentorID/interview
    @Sendable func interview(req: Request) async throws -> CandidateDTO {
        let (organization, program, mentor, selection) = try await candidate(req)
        let body = try req.content.decode(InterviewInput.self)
        let input = try parsed(SelectionInput.interview(["interviewedOn": body.interviewedOn ?? "", "interviewer": body.interviewer ?? "",
                                                         "readiness": body.readiness ?? "", "conclusion": body.conclusion ?? ""]))
        try await SelectionService.recordInterview(input, on: selection, mentor: mentor, program: program, by: req.auditActor, db: req.db)
        return try await result(mentor, selection, organization: organization, on: req.db)
    }

    /// PUT …/selection/:mentorID/test — for student mentors only.
    @Sendable func test(req: Request) async throws -> CandidateDTO {
        let (organization, program, mentor, selection) = try await candidate(req)
        let body = try req.content.decode(TestInput.self)
        let input = try parsed(SelectionInput.test(["testedOn": body.testedOn ?? "", "communicationScore": body.communicationScore.map(String.init) ?? "",
                                                    "empathyScore": body.empathyScore.map(String.init) ?? "", "gaps": body.gaps ?? ""]))
        try await SelectionService.recordTest(input, on: selection, mentor: mentor, program: program, by: req.auditActor, db: req.db)
        return try await result(mentor, selection, organization: organization, on: req.db)
    }

    /// PUT …/selection/:mentorID/decision — `selected`, `notNow` (with a reason) or `pending`.
    @Sendable func decide(req: Request) async throws -> CandidateDTO {
        let (organization, program, mentor, selection) = try await candidate(req)
        let body = try req.content.decode(DecisionInput.self)
        let input = try parsed(SelectionInput.decision(["decision": body.decision ?? "", "reason": body.reason ?? ""]))
        try await SelectionService.decide(input, on: selection, mentor: mentor, program: program, by: req.auditActor, db: req.db)
        return try await result(mentor, selection, organization: organization, on: req.db)
    }
}
