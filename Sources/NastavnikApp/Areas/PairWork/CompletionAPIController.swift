import Fluent
import Vapor

/// The completion of the cycle as JSON: a pair's final answers and closing decision, and a
/// program's outcomes, mentor rating and incentives, on the same rules as the pages.
struct CompletionAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped(RequireAPIPrincipal())
        let pair = api.grouped("pairs", ":pairingID")
        pair.get("completion", use: pairCompletion)
        pair.post("final-answers", use: saveFinalAnswers)
        pair.post("closure", use: close)
        let program = api.grouped("organizations", ":organizationID", "programs", ":programID")
        program.get("completion", use: programCompletion)
        program.get("incentives", use: incentives)
        program.post("incentives", use: addIncentive)
    }

    struct FinalAnswerDTO: Content {
        let side: BaseKind; let memberId: UUID?; let closeness: Int; let mostValuable: String; let results: String; let learned: String
        let changed: String; let understood: String; let remembered: String; let continueTogether: Bool; let wantsToMentor: Bool
        /// Sent back as `version` to change these answers.
        let version: Int
    }
    struct ClosureDTO: Content { let decision: ClosureDecision; let decidedOn: String; let decidedByRole: String; let reason: String }
    struct PairCompletionDTO: Content { let status: PairingStatus; let answers: [FinalAnswerDTO]; let closures: [ClosureDTO] }
    struct FinalAnswersInput: Content {
        /// For the curator: `mentor` or `mentee:<memberId>`; a participant answers for themselves.
        var side: String?
        var closeness: Int; var results: String; var mostValuable: String?; var learned: String?; var changed: String?
        var understood: String?; var remembered: String?; var continueTogether: Bool; var wantsToMentor: Bool
        /// The `version` of the saved answers being changed; absent for the first answers (409 when they exist).
        var version: Int?
    }
    struct NewGoalInput: Content { var horizon: String?; var title: String; var dueOn: String; var indicator: String; var desiredResult: String? }
    struct ClosureInput: Content { var decision: String; var reason: String?; var newGoal: NewGoalInput? }
    struct IncentiveDTO: Content {
        let id: UUID; let mentorId: UUID; let mentorName: String; let kind: IncentiveKind; let reason: String; let awardedOn: String
        let orderNumber: String?; let orderOn: String?
    }
    struct IncentiveList: Content { let items: [IncentiveDTO] }
    struct IncentiveInput: Content { var mentorId: UUID; var kind: String; var reason: String; var awardedOn: String }

    static func dto(_ answer: FinalAnswer) -> FinalAnswerDTO {
        FinalAnswerDTO(side: answer.side, memberId: answer.memberID, closeness: answer.closeness, mostValuable: answer.mostValuable, results: answer.results,
                       learned: answer.learned, changed: answer.changed, understood: answer.understood, remembered: answer.remembered,
                       continueTogether: answer.continueTogether, wantsToMentor: answer.wantsToMentor, version: answer.version ?? 1)
    }

    /// Without `reasonShown` an early end's reason is left empty (`PairAccess.mayReadReason`).
    static func dto(_ closure: PairClosure, reasonShown: Bool = true) -> ClosureDTO {
        ClosureDTO(decision: closure.decision, decidedOn: closure.decidedOn, decidedByRole: closure.decidedByRole,
                   reason: reasonShown ? closure.reason : "")
    }

    static func dto(_ incentive: Incentive) -> IncentiveDTO {
        IncentiveDTO(id: incentive.id!, mentorId: incentive.$mentor.id, mentorName: incentive.mentor.fullName, kind: incentive.kind, reason: incentive.reason,
                     awardedOn: incentive.awardedOn, orderNumber: incentive.orderNumber, orderOn: incentive.orderOn)
    }

    /// GET /api/v1/pairs/:pairingID/completion
    @Sendable func pairCompletion(req: Request) async throws -> PairCompletionDTO {
        let access = try await PairAccess.load(req)
        let id = try access.pairing.requireID()
        let answers = try await FinalAnswer.query(on: req.db).filter(\.$pairing.$id == id).all()
        let closures = try await PairClosure.query(on: req.db).filter(\.$pairing.$id == id).sort(\.$createdAt).all()
        return PairCompletionDTO(status: access.pairing.status,
                                 answers: answers.filter { access.mayRead(side: $0.side, memberID: $0.memberID) }.map(Self.dto),
                                 closures: closures.map { Self.dto($0, reasonShown: access.mayReadReason(of: $0)) })
    }

    /// POST /api/v1/pairs/:pairingID/final-answers — 200 with the saved answers.
    @Sendable func saveFinalAnswers(req: Request) async throws -> FinalAnswerDTO {
        let access = try await PairAccess.load(req)
        let input = try req.content.decode(FinalAnswersInput.self)
        let values = ["closeness": String(input.closeness), "results": input.results, "mostValuable": input.mostValuable ?? "",
                      "learned": input.learned ?? "", "changed": input.changed ?? "", "understood": input.understood ?? "",
                      "remembered": input.remembered ?? "", "continueTogether": input.continueTogether ? "yes" : "no",
                      "wantsToMentor": input.wantsToMentor ? "yes" : "no"]
        return Self.dto(try await PairWorkService.saveFinalAnswers(values, side: input.side, version: input.version, in: access,
                                                                   by: req.auditActor, on: req.db))
    }

    /// POST /api/v1/pairs/:pairingID/closure — 201 with the decision.
    @Sendable func close(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let input = try req.content.decode(ClosureInput.self)
        var values = ["decision": input.decision, "reason": input.reason ?? ""]
        if let goal = input.newGoal {
            values.merge(["nextHorizon": goal.horizon ?? "short", "nextTitle": goal.title, "nextDueOn": goal.dueOn, "nextIndicator": goal.indicator,
                          "nextDesiredResult": goal.desiredResult ?? ""]) { $1 }
        }
        let closure = try await PairWorkService.closePair(values, in: access, by: req.auditActor, on: req.db)
        return try await Self.dto(closure).encodeResponse(status: .created, for: req)
    }

    /// GET /api/v1/organizations/:organizationID/programs/:programID/completion
    @Sendable func programCompletion(req: Request) async throws -> ProgramCompletionDTO {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        return ProgramCompletionDTO(try await ProgramCompletion.facts(programID: program.requireID(), organizationID: organization.requireID(), on: req.db))
    }

    /// GET …/incentives
    @Sendable func incentives(req: Request) async throws -> IncentiveList {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        let incentives = try await Incentive.query(on: req.db).filter(\.$program.$id == program.requireID()).with(\.$mentor).sort(\.$awardedOn).all()
        return IncentiveList(items: incentives.map(Self.dto))
    }

    /// POST …/incentives — 201 with the incentive.
    @Sendable func addIncentive(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let input = try req.content.decode(IncentiveInput.self)
        let incentive: Incentive
        do {
            incentive = try await CompletionService.awardIncentive(mentorID: input.mentorId, kind: input.kind, reason: input.reason,
                                                                   awardedOn: input.awardedOn, in: organization, program: program,
                                                                   by: req.auditActor, on: req.db)
        } catch AppError.validation(var errors) {
            errors["mentorId"] = errors.removeValue(forKey: "mentor")
            throw AppError.validation(errors)
        }
        return try await Self.dto(incentive).encodeResponse(status: .created, for: req)
    }
}
