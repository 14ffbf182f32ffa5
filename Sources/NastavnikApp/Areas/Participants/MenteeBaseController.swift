import Fluent
import Vapor

/// The mentee base of an organization: the list with filters, the card, adding and editing.
struct MenteeBaseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let mentees = SiteRoute.Bases.mentees
        routes.on(mentees.index, use: index)
        routes.on(mentees.create, use: create)
        routes.on(mentees.new, use: new)
        routes.on(mentees.show, use: show)
        routes.on(mentees.edit, use: edit)
        routes.on(mentees.update, use: update)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let id: UUID
            let fullName: String
            let className: String?
            let form: String
            let requests: String
            let status: String
            let consent: String
            let consentOK: Bool
            let isMinor: Bool
        }
        let organizationID: UUID
        let rows: [Row]
        let search: String
        let forms: [SelectOption]
        let requests: [SelectOption]
        let statuses: [SelectOption]
        let classes: [SelectOption]
        let consents: [SelectOption]
        let sorts: [SelectOption]
        let pagination: Pagination
        let exportQuery: String
        /// Links for the ticked people or a whole class (`InvitationSheetController`): curator and administration.
        var mayInvite = false
        /// Whether graduates are shown (`?graduates=only|all`) instead of the active base.
        var graduates = ""
        /// «Класс», «Группа» or «Подразделение» by the organization (issue 20, item 3).
        var group = GroupLabels(.schoolClass)
    }

    struct FormPage: Encodable {
        let organizationID: UUID
        let menteeID: UUID?
        let forms: [SelectOption]
        let requests: [SelectOption]
        let channels: [SelectOption]
        let statuses: [SelectOption]
        /// The card's version the form was opened with (`CardVersion`).
        var version: String? = nil
        var conflicts: [CardVersion.Conflict] = []
        var conflictMessage: String? = nil
        var group = GroupLabels(.schoolClass)
    }

    /// The form's fields; `requests` comes from the checkbox list.
    struct MenteeForm: Content {
        var lastName, firstName, middleName, birthDate, age, className, form, requestNote, channel, enteredOn, status: String?
        var guardianName, guardianPhone, phone, email: String?
        var requests: [String]?
        var version: String?
        /// «Пол»: `male`, `female` or empty (не указан).
        var gender: String?

        var values: [String: String] {
            var values: [String: String] = [:]
            let pairs: [(String, String?)] = [
                ("lastName", lastName), ("firstName", firstName), ("middleName", middleName), ("birthDate", birthDate), ("age", age),
                ("className", className), ("form", form), ("requestNote", requestNote), ("channel", channel), ("enteredOn", enteredOn),
                ("status", status), ("guardianName", guardianName), ("guardianPhone", guardianPhone), ("phone", phone), ("email", email),
            ]
            for (key, value) in pairs { values[key] = value ?? "" }
            values["requests"] = (requests ?? []).joined(separator: ";")
            if let gender { values["gender"] = gender }
            return values
        }
    }

    /// GET /orgs/:organizationID/mentees
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let filter = BaseListFilter(request: req)
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: req.db)
        let total = try await filter.mentees(organizationID: organizationID, on: req.db).count()
        let pagination = Pagination(request: req, total: total, baseQuery: filter.query)
        let mentees = try await filter.mentees(organizationID: organizationID, on: req.db)
            .range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        let rows = try mentees.map {
            ListPage.Row(id: try $0.requireID(), fullName: $0.fullName, className: $0.className, form: $0.form.russianName,
                         requests: $0.requests.map(catalogue.name).joined(separator: ", "), status: $0.status.russianName,
                         consent: $0.consentState.russianName, consentOK: $0.consentState == .valid, isMinor: $0.isMinor)
        }
        let classes = try await BaseListFilter.classNames(organizationID: organizationID, on: req.db)
        return try await req.page(
            "participants/mentees", title: "База наставляемых",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("База наставляемых")],
            organization: organization,
            content: ListPage(
                organizationID: organizationID, rows: rows, search: filter.search,
                forms: SelectOption.all(MentoringForm.self, selected: [filter.form?.rawValue ?? ""]) { $0.russianName },
                requests: catalogue.items.map { SelectOption($0.code, $0.name, selected: $0.code == filter.request) },
                statuses: SelectOption.all(MenteeStatus.self, selected: [filter.menteeStatus?.rawValue ?? ""]) { $0.russianName },
                classes: classes.map { SelectOption($0, $0, selected: $0 == filter.className) },
                consents: SelectOption.all(ConsentState.self, selected: [filter.consent?.rawValue ?? ""]) { $0.russianName },
                sorts: [("name", "по фамилии"), ("class", GroupLabels.of(organization.kind).byOne), ("entered", "по дате включения"), ("status", "по статусу")]
                    .map { SelectOption($0.0, $0.1, selected: $0.0 == filter.sort) },
                pagination: pagination, exportQuery: Self.queryString(filter.query),
                mayInvite: req.may(.inviteParticipants, in: organization), graduates: filter.graduates.rawValue,
                group: GroupLabels.of(organization.kind)
            )
        )
    }

    static func queryString(_ query: [String: String]) -> String {
        var components = URLComponents()
        components.queryItems = query.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
        return components.percentEncodedQuery ?? ""
    }

    /// GET /orgs/:organizationID/mentees/new
    @Sendable func new(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let values = ["enteredOn": FieldParsing.text(FieldParsing.today()), "status": MenteeStatus.inBase.rawValue, "channel": DataChannel.classTeacher.rawValue]
        return try await formPage(req, organization: organization, mentee: nil, form: FormState(values: values))
    }

    private func formPage(_ req: Request, organization: Organization, mentee: Mentee?, form: FormState, status: HTTPResponseStatus = .ok,
                          conflicts: [CardVersion.Conflict] = []) async throws -> Response {
        let organizationID = try organization.requireID()
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: req.db)
        let chosen = Set(FieldParsing.list(form.values["requests"] ?? ""))
        let title = mentee == nil ? "Новый наставляемый" : "Изменить: \(mentee!.fullName)"
        return try await req.page(
            "participants/mentee_form", title: title,
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("База наставляемых", SiteRoute.Bases.mentees.index.path(organizationID)), .init(title)],
            organization: organization, form: form, status: status,
            content: FormPage(
                organizationID: organizationID, menteeID: mentee?.id,
                forms: SelectOption.all(MentoringForm.self, selected: [form.values["form"] ?? ""]) { $0.russianName },
                requests: catalogue.items.map { SelectOption($0.code, $0.name, selected: chosen.contains($0.code)) },
                channels: SelectOption.all(DataChannel.self, selected: [form.values["channel"] ?? ""]) { $0.name(in: organization.kind) },
                statuses: SelectOption.all(MenteeStatus.self, selected: [form.values["status"] ?? ""]) { $0.russianName },
                version: form.values["version"] ?? mentee.map { String($0.version ?? 0) },
                conflicts: conflicts, conflictMessage: conflicts.isEmpty ? nil : CardVersion.message,
                group: GroupLabels.of(organization.kind)
            )
        )
    }

    /// POST /orgs/:organizationID/mentees — the rule is `ParticipantsService.create`.
    @Sendable func create(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let values = try req.content.decode(MenteeForm.self).values
        return try await BaseCardPages.create(req, Mentee.self, values: values, organization: organization, render: { mentee, form, status, _ in
            try await formPage(req, organization: organization, mentee: mentee, form: form, status: status)
        }) { mentee in
            req.redirect(to: SiteRoute.Bases.mentees.show.path(mentee.$organization.id, try mentee.requireID()), flash: FlashMessage(.success, "\(mentee.fullName) \(mentee.gendered("добавлен", "добавлена")) в базу. Внесите согласие на обработку персональных данных."))
        }
    }

    /// GET /orgs/:organizationID/mentees/:menteeID/edit
    @Sendable func edit(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentee = try await ParticipantBases.mentee(req.parameters.get("menteeID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        try ParticipantsService.requireEditable(mentee)
        return try await formPage(req, organization: organization, mentee: mentee, form: FormState(values: MenteeDraft.formValues(of: mentee)))
    }

    /// POST /orgs/:organizationID/mentees/:menteeID — refused with both texts when the card was
    /// saved by someone else since the form was opened (`ParticipantsService.update`).
    @Sendable func update(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentee = try await ParticipantBases.mentee(req.parameters.get("menteeID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        try ParticipantsService.requireEditable(mentee)
        let input = try req.content.decode(MenteeForm.self)
        return try await BaseCardPages.update(req, mentee, values: input.values, version: input.version, organization: organization) { current, form, status, conflicts in
            try await formPage(req, organization: organization, mentee: current, form: form, status: status, conflicts: conflicts)
        }
    }

    struct CardPage: Encodable {
        struct Fact: Encodable { let label: String; let value: String }
        let organizationID: UUID
        let id: UUID
        let fullName: String
        let facts: [Fact]
        let anonymized: Bool
        let isMinor: Bool
        let consents: [ConsentCard.Row]
        let purposes: [SelectOption]
        let eligibility: [String]
        let links: BaseCardLinks
        /// Legal representatives linked to a mentee; nil on a mentor's card.
        var guardians: GuardianLinks.CardSection? = nil
        /// After a withdrawal of the processing consent: what was removed, and what stays.
        var removed: [String] = []
        /// The linked account's login, or the accounts of the same person to pick from.
        var account: CardAccount? = nil
    }

    /// GET /orgs/:organizationID/mentees/:menteeID — every view of a card is audited.
    @Sendable func show(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let mentee = try await ParticipantBases.mentee(req.parameters.get("menteeID", as: UUID.self), organizationID: organizationID, on: req.db)
        try await req.audit(.menteeViewed, organizationID: organizationID, objectType: "mentee", objectID: mentee.id)
        return try await card(req, organization: organization, mentee: mentee, form: FormState())
    }

    func card(_ req: Request, organization: Organization, mentee: Mentee, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID()
        let menteeID = try mentee.requireID()
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: req.db)
        let consents = try await PairingEligibility.consents(kind: .mentee, subjectID: menteeID, on: req.db)
        let links = BaseCardLinks(.mentee, organizationID: organizationID, id: menteeID)
        let facts: [(String, String?)] = [
            (GroupLabels.of(organization.kind).title, mentee.className), ("Дата рождения", mentee.birthDate.map { FieldParsing.text($0) }),
            ("Возраст", mentee.age.map { "\($0)" }), ("Несовершеннолетний", mentee.isMinor ? "да" : "нет"),
            ("Форма наставничества", mentee.form.russianName), ("Запросы", mentee.requests.map(catalogue.name).joined(separator: ", ")),
            ("Описание запроса", mentee.requestNote), ("Источник данных", mentee.channel.name(in: organization.kind)),
            ("Дата включения в базу", FieldParsing.text(mentee.enteredOn)), ("Статус", mentee.status.russianName),
            ("Законный представитель", mentee.guardianName), ("Телефон представителя", mentee.guardianPhone),
            ("Телефон", mentee.phone), ("Эл. почта", mentee.email),
            ("Выпуск", mentee.graduatedYear.map { "\(AcademicYear(startYear: $0).title) учебный год; в действующую базу больше не входит" }),
        ]
        return try await req.page(
            "participants/card", title: mentee.fullName,
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("База наставляемых", SiteRoute.Bases.mentees.index.path(organizationID)), .init(mentee.fullName)],
            organization: organization, form: form, status: status,
            content: CardPage(
                organizationID: organizationID, id: menteeID, fullName: mentee.fullName,
                facts: facts.compactMap { label, value in value.flatMap { $0.isEmpty ? nil : CardPage.Fact(label: label, value: $0) } },
                anonymized: mentee.anonymizedAt != nil, isMinor: mentee.isMinor,
                consents: try await ConsentCard.rows(consents, anonymized: mentee.anonymizedAt != nil, links: links, on: req.db),
                purposes: SelectOption.all(ConsentPurpose.self, selected: [form.values["purpose"] ?? ConsentPurpose.processing.rawValue]) { $0.russianName },
                eligibility: PairingEligibility.problems(mentee: mentee, consents: consents),
                links: links,
                guardians: try await GuardianLinks.cardSection(mentee: mentee, on: req.db),
                removed: mentee.anonymizedAt == nil ? [] : try await WithdrawalReport.removed(kind: .mentee, subjectID: menteeID, on: req.db),
                account: try await CardAccount.load(kind: .mentee, rowID: menteeID, userID: mentee.$user.id, lastName: mentee.lastName,
                                                    firstName: mentee.firstName, middleName: mentee.middleName, organizationID: organizationID, on: req.db)
                    .offeringMail(to: mentee.email, configured: req.application.mail != nil)
            )
        )
    }
}

/// Consent rows as a card shows them.
enum ConsentCard {
    struct Row: Encodable {
        let id: UUID
        let purpose: String
        let givenOn: String
        let givenBy: String
        let version: String
        let active: Bool
        let withdrawnAt: Date?
        /// «в личном кабинете законного представителя (логин), дата и время» or «на бумаге, внёс куратор».
        var source = ""
        /// The exact text agreed in the app, kept by its hash; empty for a paper consent.
        var text = ""
        /// Where the card withdraws it.
        var withdrawLink = ""
    }

    /// The rows with how each consent was given: in the app (the account, the moment, the text
    /// agreed) or on paper. An anonymized person's card names no representative's login.
    static func rows(_ consents: [ConsentRecord], anonymized: Bool = false, links: BaseCardLinks, on db: any Database) async throws -> [Row] {
        let texts = try await ConsentTexts.texts(consents.compactMap(\.textHash), on: db)
        let userIDs = Set(consents.compactMap(\.givenByUserID))
        let logins = anonymized || userIDs.isEmpty ? [:]
            : Dictionary(try await User.query(on: db).filter(\.$id ~~ userIDs).all().map { ($0.id!, $0.login) }, uniquingKeysWith: { a, _ in a })
        return consents.sorted { $0.givenOn > $1.givenOn }.compactMap { record in
            guard let id = record.id else { return nil }
            let by = record.givenByGuardian
                ? "\(record.givenByName) (законный представитель\(record.guardianRelation.map { ", \($0)" } ?? ""))"
                : record.givenByName
            let source = record.givenAt.map { at in
                "в личном кабинете\(record.givenByUserID.flatMap { logins[$0] }.map { " (\($0))" } ?? ""), \(RussianDate.dateTime(at))"
            } ?? "на бумаге, внесено сотрудником"
            return Row(id: id, purpose: record.purpose.russianName, givenOn: FieldParsing.text(record.givenOn), givenBy: by,
                       version: record.textVersion, active: record.isActive, withdrawnAt: record.withdrawnAt,
                       source: source, text: record.textHash.flatMap { texts[$0] } ?? "", withdrawLink: links.withdrawConsent(id))
        }
    }
}
