import Fluent
import Vapor

/// A mentor or mentee sees their own rows of the bases and edits what is theirs: a mentor what
/// describes them as a mentor (competencies, interests, time, meeting preferences), a mentee
/// their own words about the request and their contacts. Staff link a row to an account.
struct OwnProfileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("me", "participation", use: show)
        routes.post("me", "participation", "mentors", ":mentorID", use: updateMentor)
        routes.post("me", "participation", "mentees", ":menteeID", use: updateMentee)
        for kind in BaseKind.allCases {
            routes.post("orgs", ":organizationID", PathComponent(stringLiteral: kind.pathComponent), PathComponent(stringLiteral: ":" + kind.idParameter), "account",
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

    /// The fields a mentor may change about themselves; the rest is the curator's.
    static let mentorOwnFields = ["competencies", "lifeExperience", "interests", "subjects", "preferredAge", "hoursPerWeek", "meetingTimes", "meetingPlace", "phone", "email", "gender"]

    /// POST /me/participation/mentors/:mentorID
    @Sendable func updateMentor(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("mentorID", as: UUID.self),
              let mentor = try await Mentor.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == principal.userID).with(\.$organization).first() else {
            throw AppError.notFound
        }
        let submitted = try req.content.decode([String: String].self)
        var values = MentorDraft.formValues(of: mentor)
        for field in Self.mentorOwnFields { values[field] = submitted[field] ?? values[field] }
        let (draft, errors) = MentorDraft.parse(values)
        if !errors.isEmpty {
            return try await page(req, form: FormState(values: values, errors: errors), typedFor: id, status: .unprocessableEntity)
        }
        try await ParticipantBases.save(draft, into: mentor, organization: mentor.organization, on: req.db)
        try await Self.keepGender(draft.gender, given: submitted["gender"] != nil, userID: principal.userID, on: req.db)
        try await req.audit(.mentorUpdated, organizationID: mentor.$organization.id, objectType: "mentor", objectID: id, details: "изменено самим наставником")
        return req.redirect(to: "/me/participation", flash: FlashMessage(.success, "Профиль наставника обновлён."))
    }

    /// What a mentee may change about themselves; requests, class and status stay the curator's.
    static let menteeOwnFields = ["requestNote", "phone", "email", "gender"]

    /// POST /me/participation/mentees/:menteeID
    @Sendable func updateMentee(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("menteeID", as: UUID.self),
              let mentee = try await Mentee.query(on: req.db).filter(\.$id == id).filter(\.$user.$id == principal.userID)
                .filter(\.$anonymizedAt == nil).with(\.$organization).first() else {
            throw AppError.notFound
        }
        let submitted = try req.content.decode([String: String].self)
        var values = MenteeDraft.formValues(of: mentee)
        for field in Self.menteeOwnFields { values[field] = submitted[field] ?? values[field] }
        var errors: [String: String] = [:]
        if (values["requestNote"] ?? "").count > 2000 { errors["requestNote"] = "Не более 2000 знаков." }
        let catalogue = try await RequestCatalogue.load(organizationID: mentee.$organization.id, on: req.db)
        let (draft, parseErrors) = MenteeDraft.parse(values, catalogue: catalogue)
        errors.merge(parseErrors) { first, _ in first }
        if !errors.isEmpty {
            return try await page(req, form: FormState(values: values, errors: errors), typedFor: id, status: .unprocessableEntity)
        }
        try await ParticipantBases.save(draft, into: mentee, organization: mentee.organization, on: req.db)
        try await Self.keepGender(draft.gender, given: submitted["gender"] != nil, userID: principal.userID, on: req.db)
        try await req.audit(.menteeUpdated, organizationID: mentee.$organization.id, objectType: "mentee", objectID: id, details: "изменено самим наставляемым")
        return req.redirect(to: "/me/participation", flash: FlashMessage(.success, "Ваши данные обновлены."))
    }

    /// The gender a person gives about themselves is their account's too, so messages to them
    /// agree with it as the documents do.
    static func keepGender(_ gender: String?, given: Bool, userID: UUID, on db: any Database) async throws {
        guard given else { return }
        try await User.query(on: db).filter(\.$id == userID).set(\.$storedGender, to: gender).update()
    }

    struct LinkForm: Content { var login: String? }

    /// POST /orgs/:organizationID/{mentees|mentors}/:subjectID/account — only the person's own
    /// account (`AccountLinking`), so a child's row cannot be handed to another child or a parent.
    func link(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let subject = try await ConsentController.Subject.load(kind, req.parameters.get(kind.idParameter, as: UUID.self), organizationID: organizationID, on: req.db)
        let login = try req.content.decode(LinkForm.self).login.trimmed.lowercased()
        let user = try await User.query(on: req.db).filter(\.$login == login).first()
        let names = subject.mentee.map { ($0.lastName, $0.firstName, $0.middleName) } ?? subject.mentor.map { ($0.lastName, $0.firstName, $0.middleName) }
            ?? ("", "", nil)
        let problem = subject.anonymized ? "Данные обезличены: запись нельзя связать с учётной записью."
            : try await AccountLinking.problem(account: user, login: login, kind: kind, rowID: subject.id, lastName: names.0, firstName: names.1,
                                               middleName: names.2, organizationID: organizationID, on: req.db)
        guard let user, problem == nil else {
            return try await subject.card(req, organization: organization,
                                          form: FormState(values: ["login": login], errors: ["login": problem ?? ""]),
                                          status: .unprocessableEntity)
        }
        do {
            switch kind {
            case .mentee: subject.mentee!.$user.id = user.id; try await subject.mentee!.save(on: req.db)
            case .mentor: subject.mentor!.$user.id = user.id; try await subject.mentor!.save(on: req.db)
            }
        } catch where RowLock.isUniqueViolation(error) {
            // Another card was linked to the account at the same moment: the one-card index refused this one.
            return try await subject.card(req, organization: organization,
                                          form: FormState(values: ["login": login], errors: ["login": AccountLinking.linkedElsewhere(login)]),
                                          status: .conflict)
        }
        try await req.audit(kind == .mentee ? .menteeUpdated : .mentorUpdated, organizationID: organizationID, objectType: kind.rawValue,
                            objectID: subject.id, details: "связано с учётной записью \(login)")
        return req.redirect(to: subject.path, flash: FlashMessage(.success, "Запись связана с учётной записью «\(login)»: человек видит её на странице «Моё участие»."))
    }
}
