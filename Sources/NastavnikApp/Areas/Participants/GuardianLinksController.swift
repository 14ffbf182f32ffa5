import Fluent
import Vapor

/// The child's card: the curator or the administration links the legal representative's account
/// (one holding the guardian role in the organization) or removes the link. The rules and the
/// audit are `GuardianLinks.link` / `unlink`.
struct GuardianLinksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Bases.mentees.linkGuardian, use: link)
        routes.on(SiteRoute.Bases.mentees.unlinkGuardian, use: unlink)
        // A minor mentor (a pupil or student) is represented the same way.
        routes.on(SiteRoute.Bases.mentors.linkGuardian, use: linkMentor)
        routes.on(SiteRoute.Bases.mentors.unlinkGuardian, use: unlinkMentor)
    }

    struct LinkForm: Content { var guardianLogin: String?; var representativeRelation: String? }

    /// POST /orgs/:organizationID/mentees/:menteeID/guardians
    @Sendable func link(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentee = try await ParticipantBases.mentee(req.parameters.get("menteeID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        return try await link(req, child: mentee, whom: "ребёнком") { form in
            try await MenteeBaseController().card(req, organization: organization, mentee: mentee, form: form, status: .unprocessableEntity)
        }
    }

    /// POST /orgs/:organizationID/mentors/:mentorID/guardians
    @Sendable func linkMentor(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentor = try await ParticipantBases.mentor(req.parameters.get("mentorID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        return try await link(req, child: mentor, whom: "наставником") { form in
            try await MentorBaseController().card(req, organization: organization, mentor: mentor, form: form, status: .unprocessableEntity)
        }
    }

    /// POST /orgs/:organizationID/mentees/:menteeID/guardians/:userID/remove
    @Sendable func unlink(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentee = try await ParticipantBases.mentee(req.parameters.get("menteeID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        return try await unlink(req, child: mentee, whom: "ребёнком")
    }

    /// POST /orgs/:organizationID/mentors/:mentorID/guardians/:userID/remove
    @Sendable func unlinkMentor(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentor = try await ParticipantBases.mentor(req.parameters.get("mentorID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        return try await unlink(req, child: mentor, whom: "наставником")
    }

    private func link<Child: GuardedChild>(_ req: Request, child: Child, whom: String,
                                           refused: (FormState) async throws -> Response) async throws -> Response {
        let input = try req.content.decode(LinkForm.self)
        let login = (input.guardianLogin ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        do {
            let user = try await GuardianLinks.link(login: login, relation: FieldParsing.trimmedOrNil(input.representativeRelation), child: child,
                                                    by: req.auditActor, on: req.db)
            return req.redirect(to: try Self.cardPath(child), flash: FlashMessage(.success,
                "\(user.fullName) \(user.gendered("связан", "связана")) с \(whom) как законный представитель: видит его согласия и отвечает на предложения пар на странице «Мои дети»."))
        } catch AppError.validation(let errors) {
            return try await refused(FormState(values: ["guardianLogin": login, "representativeRelation": input.representativeRelation ?? ""], errors: errors))
        }
    }

    private func unlink<Child: GuardedChild>(_ req: Request, child: Child, whom: String) async throws -> Response {
        let guardian = try await GuardianLinks.unlink(guardianUserID: req.parameters.get("userID", as: UUID.self), child: child, by: req.auditActor, on: req.db)
        return req.redirect(to: try Self.cardPath(child),
                            flash: FlashMessage(.success, "\(guardian.fullName) больше не \(guardian.gendered("связан", "связана")) с \(whom)."))
    }

    static func cardPath<Child: GuardedChild>(_ child: Child) throws -> String {
        SiteRoute.Bases.of(Child.baseKind).show.path(child.childOrganizationID, try child.requireID())
    }
}
