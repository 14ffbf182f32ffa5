import Fluent
import Vapor

/// The mentor base of an organization: the list with filters, the card, adding and editing.
struct MentorBaseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let mentors = SiteRoute.Bases.mentors
        routes.on(mentors.index, use: index)
        routes.on(mentors.create, use: create)
        routes.on(mentors.new, use: new)
        routes.on(mentors.show, use: show)
        routes.on(mentors.edit, use: edit)
        routes.on(mentors.update, use: update)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let id: UUID
            let fullName: String
            let origin: String
            let contour: String
            let forms: String
            let subjects: String?
            let capacity: Int
            let status: String
            let consent: String
            let consentOK: Bool
            let longTerm: Bool
            /// A pupil or student mentor's class or group, and whether they graduated.
            var className: String? = nil
            var graduated = false
        }
        let organizationID: UUID
        let rows: [Row]
        let search: String
        let forms: [SelectOption]
        let statuses: [SelectOption]
        let contours: [SelectOption]
        let consents: [SelectOption]
        let sorts: [SelectOption]
        let pagination: Pagination
        let exportQuery: String
        /// Links for the ticked people (`InvitationSheetController`): curator and administration.
        var mayInvite = false
        /// Whether graduated pupil and student mentors are shown (`?graduates=only|all`) instead of the active base.
        var graduates = ""
    }

    struct FormPage: Encodable {
        let organizationID: UUID
        let mentorID: UUID?
        let origins: [SelectOption]
        let forms: [SelectOption]
        let places: [SelectOption]
        let statuses: [SelectOption]
        let longTerm: Bool
        let formerMentee: Bool
        /// The card's version the form was opened with (`CardVersion`).
        var version: String? = nil
        var conflicts: [CardVersion.Conflict] = []
        var conflictMessage: String? = nil
        /// «Класс» in a school, «Группа» in a college: a pupil or student mentor's class.
        var group = GroupLabels(.schoolClass)
    }

    struct MentorForm: Content {
        var lastName, firstName, middleName, birthDate, origin, competencies, lifeExperience, interests, subjects: String?
        var preferredAge, hoursPerWeek, capacity, meetingTimes, meetingPlace, workplace, position, className, phone, email, status, enteredOn: String?
        var longTerm, formerMentee: String?
        var forms: [String]?
        var version: String?
        /// «Пол»: `male`, `female` or empty (не указан).
        var gender: String?

        var values: [String: String] {
            var values: [String: String] = [:]
            let pairs: [(String, String?)] = [
                ("lastName", lastName), ("firstName", firstName), ("middleName", middleName), ("birthDate", birthDate), ("origin", origin),
                ("competencies", competencies), ("lifeExperience", lifeExperience), ("interests", interests), ("subjects", subjects),
                ("preferredAge", preferredAge), ("hoursPerWeek", hoursPerWeek), ("capacity", capacity), ("meetingTimes", meetingTimes),
                ("meetingPlace", meetingPlace), ("workplace", workplace), ("position", position), ("className", className), ("phone", phone), ("email", email),
                ("status", status), ("enteredOn", enteredOn),
            ]
            for (key, value) in pairs { values[key] = value ?? "" }
            // Unchecked checkboxes send nothing.
            values["longTerm"] = longTerm == nil ? "нет" : "да"
            values["formerMentee"] = formerMentee == nil ? "нет" : "да"
            values["forms"] = (forms ?? []).joined(separator: ";")
            if let gender { values["gender"] = gender }
            return values
        }
    }

    /// GET /orgs/:organizationID/mentors
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let filter = BaseListFilter(request: req)
        let total = try await filter.mentors(organizationID: organizationID, on: req.db).count()
        let pagination = Pagination(request: req, total: total, baseQuery: filter.query)
        let mentors = try await filter.mentors(organizationID: organizationID, on: req.db)
            .range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        let rows = try mentors.map {
            ListPage.Row(id: try $0.requireID(), fullName: $0.fullName, origin: $0.origin.russianName, contour: $0.contour.russianName,
                         forms: $0.forms.map { $0.russianName(in: organization.kind) }.joined(separator: ", "), subjects: $0.subjects, capacity: $0.capacity,
                         status: $0.status.russianName, consent: $0.consentState.russianName, consentOK: $0.consentState == .valid,
                         longTerm: $0.longTerm, className: $0.className, graduated: $0.graduatedYear != nil)
        }
        return try await req.page(
            "participants/mentors", title: "База наставников",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("База наставников")],
            organization: organization,
            content: ListPage(
                organizationID: organizationID, rows: rows, search: filter.search,
                forms: SelectOption.all(MentoringForm.self, selected: [filter.form?.rawValue ?? ""]) { $0.russianName(in: organization.kind) },
                statuses: SelectOption.all(MentorStatus.self, selected: [filter.mentorStatus?.rawValue ?? ""]) { $0.russianName },
                contours: SelectOption.all(Contour.self, selected: [filter.contour?.rawValue ?? ""]) { $0.russianName },
                consents: SelectOption.all(ConsentState.self, selected: [filter.consent?.rawValue ?? ""]) { $0.russianName },
                sorts: [("name", "по фамилии"), ("entered", "по дате включения"), ("status", "по статусу")]
                    .map { SelectOption($0.0, $0.1, selected: $0.0 == filter.sort) },
                pagination: pagination, exportQuery: MenteeBaseController.queryString(filter.query),
                mayInvite: req.may(.inviteParticipants, in: organization), graduates: filter.graduates.rawValue
            )
        )
    }

    /// GET /orgs/:organizationID/mentors/new
    @Sendable func new(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let values = ["enteredOn": FieldParsing.text(FieldParsing.today()), "status": MentorStatus.candidate.rawValue,
                      "capacity": "1", "meetingPlace": MeetingPlace.inPerson.rawValue, "origin": MentorOrigin.teacher.rawValue]
        return try await formPage(req, organization: organization, mentor: nil, form: FormState(values: values))
    }

    private func formPage(_ req: Request, organization: Organization, mentor: Mentor?, form: FormState, status: HTTPResponseStatus = .ok,
                          conflicts: [CardVersion.Conflict] = []) async throws -> Response {
        let organizationID = try organization.requireID()
        let title = mentor == nil ? "Новый наставник" : "Изменить: \(mentor!.fullName)"
        let chosenForms = Set(FieldParsing.list(form.values["forms"] ?? ""))
        return try await req.page(
            "participants/mentor_form", title: title,
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("База наставников", SiteRoute.Bases.mentors.index.path(organizationID)), .init(title)],
            organization: organization, form: form, status: status,
            content: FormPage(
                organizationID: organizationID, mentorID: mentor?.id,
                origins: SelectOption.all(MentorOrigin.self, selected: [form.values["origin"] ?? ""]) { "\($0.russianName) (\($0.contour.russianName.lowercased()))" },
                forms: SelectOption.all(MentoringForm.self, selected: chosenForms) { $0.russianName },
                places: SelectOption.all(MeetingPlace.self, selected: [form.values["meetingPlace"] ?? ""]) { $0.russianName },
                statuses: SelectOption.all(MentorStatus.self, selected: [form.values["status"] ?? ""]) { $0.russianName },
                longTerm: form.values["longTerm"] == "да", formerMentee: form.values["formerMentee"] == "да",
                version: form.values["version"] ?? mentor.map { String($0.version ?? 0) },
                conflicts: conflicts, conflictMessage: conflicts.isEmpty ? nil : CardVersion.message,
                group: GroupLabels.of(organization.kind)
            )
        )
    }

    /// POST /orgs/:organizationID/mentors — the rule is `ParticipantsService.create`.
    @Sendable func create(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let values = try req.content.decode(MentorForm.self).values
        return try await BaseCardPages.create(req, Mentor.self, values: values, organization: organization, render: { mentor, form, status, _ in
            try await formPage(req, organization: organization, mentor: mentor, form: form, status: status)
        }) { mentor in
            req.redirect(to: SiteRoute.Bases.mentors.show.path(mentor.$organization.id, try mentor.requireID()), flash: FlashMessage(.success, "\(mentor.fullName) \(mentor.gendered("добавлен", "добавлена")) в базу наставников. Внесите согласие на обработку персональных данных."))
        }
    }

    /// GET /orgs/:organizationID/mentors/:mentorID/edit
    @Sendable func edit(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentor = try await ParticipantBases.mentor(req.parameters.get("mentorID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        try ParticipantsService.requireEditable(mentor)
        return try await formPage(req, organization: organization, mentor: mentor, form: FormState(values: MentorDraft.formValues(of: mentor)))
    }

    /// POST /orgs/:organizationID/mentors/:mentorID — refused with both texts when the card was
    /// saved by someone else since the form was opened (`ParticipantsService.update`).
    @Sendable func update(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentor = try await ParticipantBases.mentor(req.parameters.get("mentorID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        try ParticipantsService.requireEditable(mentor)
        let input = try req.content.decode(MentorForm.self)
        return try await BaseCardPages.update(req, mentor, values: input.values, version: input.version, organization: organization) { current, form, status, conflicts in
            try await formPage(req, organization: organization, mentor: current, form: form, status: status, conflicts: conflicts)
        }
    }

    /// GET /orgs/:organizationID/mentors/:mentorID
    @Sendable func show(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let mentor = try await ParticipantBases.mentor(req.parameters.get("mentorID", as: UUID.self), organizationID: organizationID, on: req.db)
        try await req.audit(.mentorViewed, organizationID: organizationID, objectType: "mentor", objectID: mentor.id)
        return try await card(req, organization: organization, mentor: mentor, form: FormState())
    }

    func card(_ req: Request, organization: Organization, mentor: Mentor, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID()
        let mentorID = try mentor.requireID()
        let consents = try await PairingEligibility.consents(kind: .mentor, subjectID: mentorID, on: req.db)
        let facts: [(String, String?)] = [
            ("Категория", "\(mentor.origin.russianName), \(mentor.contour.russianName.lowercased())"),
            ("Формы наставничества", mentor.forms.map(\.russianName).joined(separator: ", ")),
            ("Компетенции", mentor.competencies), ("Жизненный опыт", mentor.lifeExperience), ("Сфера интересов", mentor.interests),
            ("Предметы", mentor.subjects), ("Возраст наставляемых", MentorDraft.preferredAgeText(mentor)),
            ("Ресурс времени", mentor.hoursPerWeek.map { "\(String(format: "%g", $0)) ч в неделю" }),
            ("Наставляемых одновременно", String(mentor.capacity)), ("Время встреч", mentor.meetingTimes),
            ("Формат встреч", mentor.meetingPlace.russianName), ("Место работы", mentor.workplace), ("Должность", mentor.position),
            (GroupLabels.of(organization.kind).title, mentor.className),
            ("Выпуск", mentor.graduatedYear.map { "\(AcademicYear(startYear: $0).title) учебный год; в действующую базу больше не входит" }),
            ("Телефон", mentor.phone), ("Эл. почта", mentor.email), ("Статус", mentor.status.russianName),
            ("Долгосрочная база", mentor.longTerm ? "да, \(mentor.gendered("готов", "готова")) наставлять в следующем цикле" : "нет"),
            ("Бывший наставляемый", mentor.formerMentee ? "да" : nil),
            ("Дата включения в базу", FieldParsing.text(mentor.enteredOn)),
        ]
        return try await req.page(
            "participants/card", title: mentor.fullName,
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("База наставников", SiteRoute.Bases.mentors.index.path(organizationID)), .init(mentor.fullName)],
            organization: organization, form: form, status: status,
            content: MenteeBaseController.CardPage(
                organizationID: organizationID, id: mentorID, fullName: mentor.fullName,
                facts: facts.compactMap { label, value in value.flatMap { $0.isEmpty ? nil : .init(label: label, value: $0) } },
                anonymized: mentor.anonymizedAt != nil, isMinor: mentor.isMinor,
                consents: try await ConsentCard.rows(consents, anonymized: mentor.anonymizedAt != nil,
                                                     links: BaseCardLinks(.mentor, organizationID: organizationID, id: mentorID), on: req.db),
                purposes: SelectOption.all(ConsentPurpose.self, selected: [form.values["purpose"] ?? ConsentPurpose.processing.rawValue]) { $0.russianName },
                eligibility: PairingEligibility.problems(mentor: mentor, consents: consents),
                links: BaseCardLinks(.mentor, organizationID: organizationID, id: mentorID),
                // A pupil or student mentor: representatives shown and linked like a mentee's.
                guardians: mentor.isMinor ? try await GuardianLinks.cardSection(mentee: mentor, on: req.db) : nil,
                removed: mentor.anonymizedAt == nil ? [] : try await WithdrawalReport.removed(kind: .mentor, subjectID: mentorID, on: req.db),
                account: try await CardAccount.load(kind: .mentor, rowID: mentorID, userID: mentor.$user.id, lastName: mentor.lastName,
                                                    firstName: mentor.firstName, middleName: mentor.middleName, organizationID: organizationID, on: req.db)
                    .offeringMail(to: mentor.email, configured: req.application.mail != nil)
            )
        )
    }
}
