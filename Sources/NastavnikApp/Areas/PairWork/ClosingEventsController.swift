import Fluent
import Vapor

/// The program's closing (seed 003, the third level): nominations announced at the closing event
/// and the events themselves — the group reflection meeting and the public event. Thin adapters
/// over `CompletionService`; a refused form draws the completion page again with what was typed.
struct ClosingEventsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.ProgramWork.addNomination, use: addNomination)
        routes.on(SiteRoute.ProgramWork.addEvent, use: addEvent)
    }

    /// POST …/completion/nominations — «Наставник года», «Лучшая пара» or the curator's own title.
    @Sendable func addNomination(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        do {
            let nomination = try await CompletionService.addNomination(values, in: organization, program: program, by: req.auditActor, on: req.db)
            return req.redirect(to: ProgramCompletionController.path(organization, program, "#nominations"),
                                flash: FlashMessage(.success, "Номинация \(nomination.title.quoted()) записана."))
        } catch AppError.validation(let errors) {
            return try await ProgramCompletionController.page(req, organization, program, form: FormState(values: values, errors: errors),
                                                              status: .unprocessableEntity)
        }
    }

    /// POST …/completion/events — the group reflection meeting or the public event.
    @Sendable func addEvent(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        do {
            try await CompletionService.recordClosingEvent(values, in: organization, program: program, by: req.auditActor, on: req.db)
            return req.redirect(to: ProgramCompletionController.path(organization, program, "#events"), flash: FlashMessage(.success, "Мероприятие записано."))
        } catch AppError.validation(let errors) {
            return try await ProgramCompletionController.page(req, organization, program, form: FormState(values: values, errors: errors),
                                                              status: .unprocessableEntity)
        }
    }
}
