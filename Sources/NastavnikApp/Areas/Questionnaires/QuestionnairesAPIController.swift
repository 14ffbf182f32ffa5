import Fluent
import Vapor

/// `/api/v1`: questionnaires, results and answers of an organization; a person's assignments
/// and submitting answers to one of them.
struct QuestionnairesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let authed = routes.grouped(RequireAPIPrincipal())
        let questionnaires = authed.grouped("organizations", ":organizationID", "questionnaires")
        questionnaires.get(use: list)
        questionnaires.get(":questionnaireID", use: detail)
        questionnaires.get(":questionnaireID", "results", use: results)
        questionnaires.get(":questionnaireID", "answers", use: answers)
        authed.get("my", "assignments", use: myAssignments)
        authed.post("my", "assignments", ":assignmentID", "answers", use: submit)
    }

    struct QuestionnaireDTO: Content {
        let id: UUID; let title: String; let purpose: String; let audience: Role; let isAnonymous: Bool
        let templateKey: String?; let programID: UUID?
        init(_ q: Questionnaire) throws {
            id = try q.requireID(); title = q.title; purpose = q.purpose; audience = q.audience; isAnonymous = q.isAnonymous
            templateKey = q.templateKey; programID = q.programID
        }
    }
    struct QuestionnaireList: Content { let items: [QuestionnaireDTO] }
    struct QuestionnaireDetail: Content {
        let questionnaire: QuestionnaireDTO; let versionNumber: Int; let published: Bool; let definition: QuestionnaireDefinition
    }
    struct AnswerItem: Content { let questionID: String; let key: QuestionKey?; let value: String }
    struct AnswerDTO: Content { let id: UUID; let respondentID: UUID?; let role: Role?; let submittedAt: Date?; let versionNumber: Int; let items: [AnswerItem] }
    struct AnswerList: Content { let items: [AnswerDTO]; let page: APIController.PageInfo }
    struct AssignmentDTO: Content {
        let id: UUID; let questionnaireID: UUID; let title: String; let status: AssignmentStatus; let dueAt: Date?
        let isAnonymous: Bool; let definition: QuestionnaireDefinition
    }
    struct AssignmentList: Content { let items: [AssignmentDTO] }
    /// The same field names as the page's form: `q-<id>`, `q-<id>-<n>`, `q-<id>-r<row>-c<column>`.
    struct SubmitBody: Content { let fields: [String: String]; let draft: Bool? }
    struct SubmitResult: Content { let status: AssignmentStatus }

    /// GET /api/v1/organizations/:organizationID/questionnaires
    @Sendable func list(req: Request) async throws -> QuestionnaireList {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let items = try await Questionnaire.query(on: req.db).filter(\.$organization.$id == organization.requireID())
            .sort(\.$createdAt, .descending).limit(500).all()
        return QuestionnaireList(items: try items.map(QuestionnaireDTO.init))
    }

    /// GET /api/v1/organizations/:organizationID/questionnaires/:questionnaireID — with its latest wording.
    @Sendable func detail(req: Request) async throws -> QuestionnaireDetail {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let questionnaire = try await req.questionnaire(in: organization)
        let latest = try await QuestionnaireAuthoring.latestVersion(of: questionnaire.requireID(), on: req.db)
        return QuestionnaireDetail(questionnaire: try QuestionnaireDTO(questionnaire), versionNumber: latest.number,
                                   published: latest.isPublished, definition: try latest.definition())
    }

    /// GET /api/v1/organizations/:organizationID/questionnaires/:questionnaireID/results?version=
    @Sendable func results(req: Request) async throws -> QuestionnaireResultsDTO {
        let organization = try await req.authorizedOrganization(for: .readAnswers)
        let questionnaire = try await req.questionnaire(in: organization)
        let version = try await QuestionnaireResultsController.version(req, of: questionnaire.requireID())
        return QuestionnaireResultsDTO(try await QuestionnaireTally.build(questionnaire: questionnaire, version: version, on: req.db))
    }

    /// GET /api/v1/organizations/:organizationID/questionnaires/:questionnaireID/answers?page= — an
    /// anonymous survey's answers come without a person, and only from the anonymity threshold on.
    @Sendable func answers(req: Request) async throws -> AnswerList {
        let organization = try await req.authorizedOrganization(for: .readAnswers)
        let questionnaire = try await req.questionnaire(in: organization)
        let questionnaireID = try questionnaire.requireID()
        func query() -> QueryBuilder<Answer> { Answer.query(on: req.db).filter(\.$questionnaire.$id == questionnaireID) }
        let total = try await query().count()
        if try await !AnonymousAudience.mayShow(questionnaire, answers: total, on: req.db) {
            throw AppError.conflict("Ответы анонимного опроса доступны, когда их не меньше \(QuestionnaireResults.anonymityThreshold).")
        }
        let pagination = Pagination(request: req, total: total)
        let page = try await query().with(\.$version).sort(\.$submittedAt).sort(\.$id)
            .range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        try await req.audit(.answersRead, organizationID: organization.requireID(), objectType: "questionnaire", objectID: questionnaireID,
                            details: "\(questionnaire.title): API, страница \(pagination.page)")
        let items = try page.map { answer in
            let definition = try answer.version.definition(), sheet = try answer.sheet()
            return AnswerDTO(id: try answer.requireID(), respondentID: answer.$respondent.id, role: answer.role, submittedAt: answer.submittedAt,
                             versionNumber: answer.version.number,
                             items: definition.questions.compactMap { q in sheet.values[q.id].map { AnswerItem(questionID: q.id, key: q.key, value: $0.display()) } })
        }
        return AnswerList(items: items, page: .init(page: pagination.page, perPage: pagination.perPage, total: total))
    }

    /// GET /api/v1/my/assignments — what the token's owner must fill, with the wording.
    @Sendable func myAssignments(req: Request) async throws -> AssignmentList {
        let principal = try req.requirePrincipal()
        let assignments = try await QuestionnaireAssignment.query(on: req.db).filter(\.$user.$id == principal.userID)
            .with(\.$questionnaire).with(\.$version).sort(\.$createdAt, .descending).limit(200).all()
        return AssignmentList(items: try assignments.map {
            AssignmentDTO(id: try $0.requireID(), questionnaireID: $0.$questionnaire.id, title: $0.questionnaire.title, status: $0.status,
                          dueAt: $0.dueAt, isAnonymous: $0.questionnaire.isAnonymous, definition: try $0.version.definition())
        })
    }

    /// POST /api/v1/my/assignments/:assignmentID/answers — a draft or the final answers; bad
    /// answers come back as 422 with a Russian message per question field.
    @Sendable func submit(req: Request) async throws -> SubmitResult {
        let assignment = try await req.ownAssignment()
        let body = try req.content.decode(SubmitBody.self)
        if body.draft == true {
            try await Answering.saveDraft(assignment, fields: body.fields, on: req.db)
            return SubmitResult(status: assignment.status)
        }
        let outcome = try await Answering.submit(assignment, questionnaire: assignment.questionnaire, fields: body.fields, by: req.auditActor, on: req.db)
        guard outcome.errors.isEmpty else {
            throw AppError.validation(Dictionary(uniqueKeysWithValues: outcome.errors.map { ("q-" + $0.key, $0.value) }))
        }
        return SubmitResult(status: assignment.status)
    }
}
