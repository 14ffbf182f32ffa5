import MentorMatching
import Vapor

/// Matching by questionnaires (scheme 1) from the pairs page: the curator's weights go to
/// `PairingService.runMatching`, the same operation the API runs; a refusal draws the pairs page
/// again with what was typed.
struct MatchingController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Pairs.match, use: match)
    }

    /// The form's fields as the service's input: `weight-<criterion>` (a missing field is 0),
    /// `required-<criterion>`, `objective`, `previousPairs`.
    static func input(_ values: [String: String]) -> PairingService.MatchingInput {
        var weights: [String: PairingService.WeightInput] = [:]
        for criterion in Criterion.allCases {
            let text = (values["weight-\(criterion.rawValue)"] ?? "0").trimmingCharacters(in: .whitespaces)
            weights[criterion.rawValue] = .init(weight: Int(text), required: values["required-\(criterion.rawValue)"] != nil)
        }
        return .init(weights: weights, objective: FieldParsing.trimmedOrNil(values["objective"]), previousPairs: FieldParsing.trimmedOrNil(values["previousPairs"]))
    }

    /// POST …/pairs/match — runs the matching with the weights from the form.
    @Sendable func match(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        let run: MatchingRun
        do {
            run = try await PairingService.runMatching(Self.input(values), program: program, by: req.auditActor, on: req.db).run
        } catch {
            guard let refusal = PairingRefusal(error, values: values, field: "weights") else { throw error }
            // The page shows a weight's problem above the weights table.
            var errors = refusal.form.errors.filter { !$0.key.hasPrefix("weights.") }
            if let weight = refusal.form.errors.filter({ $0.key.hasPrefix("weights.") }).min(by: { $0.key < $1.key }) {
                errors["weights"] = weight.value
            }
            return try await PairsController.indexPage(req, organization: organization, program: program,
                                                       form: FormState(values: values, errors: errors), status: refusal.status)
        }
        let message = run.menteeCount == 0
            ? "Подбирать некого: в программе нет наставляемых без пары с действующим согласием."
            : "Подбор выполнен за \(run.milliseconds) мс: наставник предложен \(run.matchedCount) из \(run.menteeCount) наставляемых. Проверьте предложение и отправьте его сторонам."
        return req.redirect(to: SiteRoute.Pairs.proposal.path(organization.id!, program.id!), flash: FlashMessage(run.menteeCount == 0 ? .warning : .success, message))
    }
}
