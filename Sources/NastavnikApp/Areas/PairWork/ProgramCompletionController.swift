import Fluent
import Vapor

/// `/orgs/:organizationID/programs/:programID/completion`: the program's completion (seed 003,
/// all three levels) on one page — the pairs' outcomes, the mentor rating, incentives, nominations,
/// the closing events, and mentees who move to the long-term mentor base. Its forms are answered by
/// `IncentivesController` and `ClosingEventsController`, all over `CompletionService`; the view
/// model is in `ProgramCompletionController+Model.swift`.
struct ProgramCompletionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.ProgramWork.completion, use: show)
        routes.on(SiteRoute.ProgramWork.longTermBase, use: moveToLongTermBase)
    }

    /// The completion page, with `anchor` («#incentives») when given.
    static func path(_ organization: Organization, _ program: Program, _ anchor: String = "") -> String {
        SiteRoute.ProgramWork.completion.path(organization.id!, program.id!) + anchor
    }

    /// GET …/completion
    @Sendable func show(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let today = CalendarDay.today()
        return try await Self.page(req, organization, program, form: FormState(values: [
            "awardedOn": today.iso, "year": String(today.year), "heldOn": today.iso, "orderOn": today.iso,
        ]))
    }

    /// POST …/completion/long-term/:menteeID — a mentee who answered that they want to mentor.
    @Sendable func moveToLongTermBase(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let (mentee, _, created) = try await CompletionService.moveToLongTermBase(try req.objectID("menteeID"), in: organization, program: program,
                                                                                  by: req.auditActor, on: req.db)
        return req.redirect(to: Self.path(organization, program, "#long-term"), flash: FlashMessage(
            .success, created ? "\(mentee.fullName) — в долгосрочной базе наставников как кандидат. Перед отбором нужно согласие на обработку данных в новой роли."
                              : "\(mentee.fullName) уже в базе наставников; \(mentee.gendered("отмечен", "отмечена")) для долгосрочной базы."))
    }
}
