import Fluent
import Vapor

/// A mentor or mentee sees their own rows of the bases and edits what is theirs: a mentor what
/// describes them as a mentor (competencies, interests, time, meeting preferences), a mentee
/// their own words about the request and their contacts. Staff link a row to an account.
struct OwnProfileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.People.participation, use: show)
        routes.on(SiteRoute.People.updateOwnMentor, use: updateMentor)
        routes.on(SiteRoute.People.updateOwnMentee, use: updateMentee)
        for kind in BaseKind.allCases {
            routes.on(kind == .mentee ? SiteRoute.People.linkMenteeAccount : SiteRoute.People.linkMentorAccount,
                      use: { try await link(req: $0, kind: kind) })
        }
    }

    struct ParticipationPage: Encodable {
        struct MenteeRow: Encodable {
            let id: UUID; let organization: String; let form: String; let requests: String; let status: String; let className: String?
            let values: [String: String]
            var group = GroupLabels(.schoolClass)
        }
        struct MentorRow: Encodable { let id: UUID; let organization: String; let forms: String; let status: String; let values: [String: String] }
        let mentees: [MenteeRow]
        let mentors: [MentorRow]
        let errors: [String]
    }

    /// GET /me/participation
    @Sendable func show(req: Request) async throws -> Response {
        try await page(req, form: FormState())
    }

    /// `typed` holds what a mentor sent when it did not pass the checks, so the form shows it again.
    private func page(_ req: Request, form: FormState, typedFor editedID: UUID? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let principal = try req.requirePrincipal()
        let mentees = try await Mentee.query(on: req.db).filter(\.$user.$id == principal.userID).with(\.$organization).all()
        let mentors = try await Mentor.query(on: req.db).filter(\.$user.$id == principal.userID).with(\.$organization).all()
        var menteeRows: [ParticipationPage.MenteeRow] = []
        for mentee in mentees {
            let catalogue = try await RequestCatalogue.load(organizationID: mentee.$organization.id, on: req.db)
            menteeRows.append(.init(id: try mentee.requireID(), organization: mentee.organization.shortName, form: mentee.form.russianName,
                                    requests: mentee.requests.map(catalogue.name).joined(separator: ", "),
                                    status: mentee.status.russianName, className: mentee.className,
                                    values: mentee.id == editedID ? form.values : MenteeDraft.formValues(of: mentee),
                                    group: GroupLabels.of(mentee.organization.kind)))
        }
        return try await req.page(
            "participants/participation", title: "Моё участие", breadcrumbs: [.init("Главная", "/"), .init("Моё участие")],
            form: form, status: status,
            content: ParticipationPage(mentees: menteeRows, mentors: try mentors.map {
                .init(id: try $0.requireID(), organization: $0.organization.shortName, forms: $0.forms.map(\.russianName).joined(separator: ", "),
                      status: $0.status.russianName, values: $0.id == editedID ? form.values : MentorDraft.formValues(of: $0))
            }, errors: form.errors.sorted { $0.key < $1.key }.map(\.value))
        )
    }

    /// POST /me/participation/mentors/:mentorID
    @Sendable func updateMentor(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("mentorID", as: UUID.self),
              let mentor = try await Mentor.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == principal.userID).with(\.$organization).first() else {
            throw AppError.notFound
        }
        return try await saveOwn(req, mentor, of: mentor.organization, id: id, message: "Профиль наставника обновлён.")
    }

    /// POST /me/participation/mentees/:menteeID
    @Sendable func updateMentee(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("menteeID", as: UUID.self),
              let mentee = try await Mentee.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == principal.userID)
                .filter(\.$anonymizedAt == nil).with(\.$organization).first() else {
            throw AppError.notFound
        }
        return try await saveOwn(req, mentee, of: mentee.organization, id: id, message: "Ваши данные обновлены.")
    }

    /// Saves the person's own fields (`ParticipantsService.updateOwn`); a refusal shows the form again with what was typed.
    private func saveOwn<Card: BaseCard>(_ req: Request, _ card: Card, of organization: Organization, id: UUID, message: String) async throws -> Response {
        let submitted = try req.content.decode([String: String].self)
        do {
            try await ParticipantsService.updateOwn(card, submitted: submitted, in: organization, by: req.auditActor, on: req.db)
        } catch let error as ParticipantsError {
            return try await page(req, form: FormState(values: ParticipantsService.ownValues(card, submitted: submitted), errors: ["card": error.russianMessage]),
                                  typedFor: id, status: error.status)
        } catch AppError.validation(let errors) {
            return try await page(req, form: FormState(values: ParticipantsService.ownValues(card, submitted: submitted), errors: errors),
                                  typedFor: id, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteRoute.People.participation.path(), flash: FlashMessage(.success, message))
    }

    struct LinkForm: Content { var login: String? }

    /// POST /orgs/:organizationID/{mentees|mentors}/:subjectID/account — only the person's own
    /// account (`AccountLinking`), so a child's row cannot be handed to another child or a parent.
    func link(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let subject = try await ConsentController.Subject.load(kind, req.parameters.get(kind.idParameter, as: UUID.self), organizationID: organizationID, on: req.db)
        let login = try req.content.decode(LinkForm.self).login.trimmed.lowercased()
        do {
            try await ParticipantsService.linkAccount(subject, login: login, by: req.auditActor, on: req.db)
        } catch let error as AccountLinkError {
            return try await subject.card(req, organization: organization, form: FormState(values: ["login": login], errors: ["login": error.russianMessage]),
                                          status: error.status)
        }
        return req.redirect(to: subject.path, flash: FlashMessage(.success, "Запись связана с учётной записью «\(login)»: человек видит её на странице «Моё участие»."))
    }
}
