import Fluent
import Vapor

/// The draft proposal a matching run wrote: a page of it at a time, the curator's edits (remove,
/// another mentor, swap, a pair added by hand) and sending it to both sides. Each edit is one
/// `PairingService` operation; a refused edit draws the draft again with the reason.
struct ProposalController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Pairs.proposal, use: show)
        routes.on(SiteRoute.Pairs.proposalRemove, use: remove)
        routes.on(SiteRoute.Pairs.proposalReassign, use: reassign)
        routes.on(SiteRoute.Pairs.proposalSwap, use: swap)
        routes.on(SiteRoute.Pairs.proposalAdd, use: add)
        routes.on(SiteRoute.Pairs.proposalSend, use: send)
    }

    /// GET …/pairs/proposal — the draft, a page of rows at a time.
    @Sendable func show(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        return try await Self.page(req, organization: organization, program: program, form: FormState())
    }

    /// Runs one edit; on a refusal the draft page comes back with what was chosen and why.
    private func edit(_ req: Request, _ operation: @Sendable (Program, [String: String]) async throws -> Void) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = (try? req.formValues()) ?? [:]
        do {
            try await operation(program, values)
        } catch {
            guard let refusal = PairingRefusal(error, values: values) else { throw error }
            return try await Self.page(req, organization: organization, program: program, form: refusal.form, status: refusal.status)
        }
        return req.redirect(to: SiteRoute.Pairs.proposal.path(organization.id!, program.id!), flash: FlashMessage(.success, "Предложение изменено."))
    }

    /// POST …/pairs/proposal/members/:memberID/remove
    @Sendable func remove(req: Request) async throws -> Response {
        let memberID = try req.parameters.require("memberID", as: UUID.self)
        return try await edit(req) { program, _ in
            try await PairingService.removeFromDraft(memberID: memberID, program: program, by: req.auditActor, on: req.db)
        }
    }

    /// POST …/pairs/proposal/members/:memberID/reassign — another mentor with a free seat.
    @Sendable func reassign(req: Request) async throws -> Response {
        let memberID = try req.parameters.require("memberID", as: UUID.self)
        return try await edit(req) { program, values in
            try await PairingService.reassign(memberID: memberID, mentorID: values["mentorID"].flatMap(UUID.init(uuidString:)), program: program,
                                              by: req.auditActor, on: req.db)
        }
    }

    /// POST …/pairs/proposal/swap — two mentees exchange mentors.
    @Sendable func swap(req: Request) async throws -> Response {
        try await edit(req) { program, values in
            try await PairingService.swap(values["first"].flatMap(UUID.init(uuidString:)), values["second"].flatMap(UUID.init(uuidString:)),
                                          program: program, by: req.auditActor, on: req.db)
        }
    }

    /// POST …/pairs/proposal/add — a mentee without a mentor, added by hand.
    @Sendable func add(req: Request) async throws -> Response {
        try await edit(req) { program, values in
            try await PairingService.addToDraft(menteeID: values["menteeID"].flatMap(UUID.init(uuidString:)),
                                                mentorID: values["mentorID"].flatMap(UUID.init(uuidString:)),
                                                program: program, by: req.auditActor, on: req.db)
        }
    }

    /// POST …/pairs/proposal/send — the draft goes to both sides for their consent.
    @Sendable func send(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let count = try await PairingService.send(program: program, by: req.auditActor, on: req.db)
        guard count > 0 else {
            return req.redirect(to: SiteRoute.Pairs.proposal.path(organization.id!, program.id!), flash: FlashMessage(.warning, "В предложении нет пар: отправлять нечего."))
        }
        return req.redirect(to: SiteRoute.Pairs.index.path(organization.id!, program.id!),
                            flash: FlashMessage(.success, "Предложение отправлено: \(count) пар и групп ждут согласия наставников и наставляемых."))
    }
}
