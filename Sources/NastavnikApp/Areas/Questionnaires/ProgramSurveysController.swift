import Fluent
import Vapor

/// The program's questionnaires (issue 17): the curator sends one from a built-in template or the
/// organization's own to the program's people with a deadline, and sees who has not answered; an
/// existing questionnaire is attached to a program from its own page.
struct ProgramSurveysController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Questionnaires.programSurveys, use: index)
        routes.on(SiteRoute.Questionnaires.sendProgramSurvey, use: send)
        routes.on(SiteRoute.Questionnaires.attachToProgram, use: attach)
        routes.on(SiteRoute.Questionnaires.markMeasurement, use: markMeasurement)
    }

    static func path(_ organization: Organization, _ program: Program) -> String {
        SiteRoute.Questionnaires.programSurveys.path(organization.id!, program.id!)
    }

    struct Page: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let rows: [ProgramSurveys.Row]
        let sources: [SelectOption]
        let audiences: [SelectOption]
        let pairings: [SelectOption]
        let withoutAccount: [String]
    }

    /// GET /orgs/:organizationID/programs/:programID/surveys
    @Sendable func index(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .manageQuestionnaires)
        return try await page(req, organization, program, form: FormState(values: ["audience": ProgramSurveyAudience.both.rawValue]))
    }

    private func page(_ req: Request, _ organization: Organization, _ program: Program, form: FormState,
                      status: HTTPResponseStatus = .ok, withoutAccount: [String] = []) async throws -> Response {
        let organizationID = try organization.requireID()
        let own = try await Questionnaire.query(on: req.db).filter(\.$organization.$id == organizationID)
            .sort(\.$createdAt, .descending).limit(200).all()
        let chosen = form.values["source"]
        let sources = Self.templateSources(program.forms, kind: organization.kind, chosen: chosen)
            + own.map { SelectOption("own:\($0.id!)", "Анкета организации: \($0.title)", selected: chosen == "own:\($0.id!)") }
        let pairings = try await Pairing.query(on: req.db).filter(\.$program.$id == program.requireID())
            .filter(\.$status ~~ [.proposed, .formed, .finished]).with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
        return try await req.page(
            "questionnaires/program", title: "Анкеты программы",
            breadcrumbs: PairingPaths.breadcrumbs(organization, program, "Анкеты программы"),
            organization: organization, form: form, status: status,
            content: Page(
                organizationID: organizationID, programID: try program.requireID(), programName: program.name,
                rows: try await ProgramSurveys.overview(program, on: req.db), sources: sources,
                audiences: ProgramSurveyAudience.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: form.values["audience"] == $0.rawValue) },
                pairings: pairings.map { pairing in
                    let mentees = pairing.members.filter { !$0.isDeclined }.map(\.mentee.fullName).joined(separator: ", ")
                    return SelectOption(pairing.id!.uuidString, "\(pairing.mentor.fullName) — \(mentees)", selected: form.values["pairingID"] == pairing.id!.uuidString)
                },
                withoutAccount: withoutAccount))
    }

    /// The built-in templates worded for the program's form; a program of several forms gets a
    /// line per form for the templates whose wording depends on it.
    static func templateSources(_ forms: [MentoringForm], kind: OrganizationKind, chosen: String?) -> [SelectOption] {
        QuestionnaireTemplate.all.flatMap { template -> [SelectOption] in
            guard template.dependsOnForm, forms.count > 1 else {
                let worded = template.worded(for: forms.first ?? QuestionnaireTemplate.usualForm(of: kind), kind: kind)
                return [SelectOption("template:\(template.key)", "Шаблон: \(worded.title)", selected: chosen == "template:\(template.key)")]
            }
            return forms.map { form in
                let value = "template:\(template.key)@\(form.rawValue)"
                return SelectOption(value, "Шаблон: \(template.worded(for: form, kind: kind).title) (\(form.russianName))", selected: chosen == value)
            }
        }
    }

    /// Reads the sending form (the page's and the API's fields are the same).
    static func read(_ values: [String: String]) throws -> (ProgramSurveys.Source, ProgramSurveyAudience, UUID?, Date?) {
        var errors: [String: String] = [:]
        let raw = values["source"] ?? ""
        var source: ProgramSurveys.Source?
        if raw.hasPrefix("template:") { source = .template(String(raw.dropFirst("template:".count))) }
        else if raw.hasPrefix("own:"), let id = UUID(uuidString: String(raw.dropFirst("own:".count))) { source = .own(id) }
        if source == nil { errors["source"] = "Выберите анкету: шаблон или анкету организации." }
        let audience = ProgramSurveyAudience(rawValue: values["audience"] ?? "")
        if audience == nil { errors["audience"] = "Выберите, кому отправить анкету." }
        let pairingID = values["pairingID"].flatMap(UUID.init(uuidString:))
        if audience == .pair && pairingID == nil { errors["pairingID"] = "Выберите пару этой программы." }
        var due: Date?
        switch DueDate.parse(values["dueDate"]) {
        case .success(let date): due = date
        case .failure: errors["dueDate"] = "Введите срок в виде ДД.ММ.ГГГГ."
        }
        guard errors.isEmpty, let source, let audience else { throw AppError.validation(errors) }
        return (source, audience, pairingID, due)
    }

    /// POST /orgs/:organizationID/programs/:programID/surveys
    @Sendable func send(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .manageQuestionnaires)
        let values = try req.formValues()
        let outcome: ProgramSurveys.Outcome
        do {
            let (source, audience, pairingID, due) = try Self.read(values)
            outcome = try await ProgramSurveys.send(source, program: program, audience: audience, pairingID: pairingID, dueAt: due,
                                                    by: req.auditActor, on: req.db)
        } catch AppError.validation(var errors) {
            if let message = errors.removeValue(forKey: "role") { errors["audience"] = message }
            return try await page(req, organization, program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        var message = outcome.sent == 0 ? "Новых получателей нет: у всех выбранных эта анкета уже есть."
            : "Анкета «\(outcome.questionnaire.title)» отправлена: \(outcome.sent) чел."
        if !outcome.withoutAccount.isEmpty {
            message += " Без учётной записи \(outcome.withoutAccount.count) чел. (\(outcome.withoutAccount.prefix(10).joined(separator: ", "))): пригласите их на платформу."
        }
        return req.redirect(to: Self.path(organization, program), flash: FlashMessage(outcome.sent == 0 ? .info : .success, message))
    }

    /// POST /orgs/:organizationID/questionnaires/:questionnaireID/program — attaches the questionnaire
    /// (and its answers so far) to a program of the organization, or detaches it with an empty field.
    @Sendable func attach(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let questionnaire = try await req.questionnaire(in: organization)
        let organizationID = try organization.requireID(), questionnaireID = try questionnaire.requireID()
        let raw = try req.formValues()["programID"] ?? ""
        var programID: UUID?
        if !raw.isEmpty {
            guard let id = UUID(uuidString: raw) else { throw QuestionnaireError.notAProgramOfOrganization }
            programID = id
        }
        let program = try await ProgramSurveys.attach(questionnaire, to: programID, by: req.auditActor, on: req.db)
        let message = program.map { "Анкета относится к программе «\($0.name)»: её ответы учитываются в мониторинге программы." }
            ?? "Анкета больше не относится к программе."
        return req.redirect(to: SiteRoute.Questionnaires.show.path(organizationID, questionnaireID), flash: FlashMessage(.success, message))
    }

    /// POST /orgs/:organizationID/questionnaires/:questionnaireID/measurement — marks the questionnaire
    /// as a measurement (`phase` and `parameter-<questionID>` fields), or unmarks it when no
    /// question has a parameter; the answers already given fill the values again.
    @Sendable func markMeasurement(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let questionnaire = try await req.questionnaire(in: organization)
        let organizationID = try organization.requireID(), questionnaireID = try questionnaire.requireID()
        let survey = try await ProgramSurveys.markMeasurement(questionnaire, choices: try req.formValues(), by: req.auditActor, on: req.db)
        let message = survey == nil ? "Анкета больше не заполняет измерения."
            : questionnaire.programID == nil ? "Анкета отмечена как измерение. Отнесите её к программе, чтобы ответы заполнили измерения участников."
            : "Анкета отмечена как измерение: ответы заполняют измерения участников программы."
        return req.redirect(to: SiteRoute.Questionnaires.show.path(organizationID, questionnaireID), flash: FlashMessage(.success, message))
    }
}
