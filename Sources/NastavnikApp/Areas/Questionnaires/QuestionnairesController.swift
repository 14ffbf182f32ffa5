import Fluent
import Vapor

/// Curators' side: the organization's questionnaires, the built-in templates to copy, one
/// questionnaire with its versions, publishing and sending it to people.
struct QuestionnairesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Questionnaires.index, use: index)
        routes.on(SiteRoute.Questionnaires.create, use: create)
        routes.on(SiteRoute.Questionnaires.show, use: show)
        routes.on(SiteRoute.Questionnaires.publish, use: publish)
        routes.on(SiteRoute.Questionnaires.assign, use: assign)
    }

    struct ListPage: Encodable {
        struct Row: Encodable { let id: UUID; let title: String; let audience: String; let anonymous: Bool; let createdAt: Date? }
        struct TemplateRow: Encodable {
            let key: String; let title: String; let purpose: String; let audience: String; let questions: Int
            /// The forms the wording can follow; empty when it is the same for all.
            let forms: [SelectOption]
        }
        let organizationID: UUID
        let rows: [Row]
        let pagination: Pagination
        let templates: [TemplateRow]
    }

    /// GET /orgs/:organizationID/questionnaires
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let organizationID = try organization.requireID()
        let total = try await Questionnaire.query(on: req.db).filter(\.$organization.$id == organizationID).count()
        let pagination = Pagination(request: req, total: total)
        let questionnaires = try await Questionnaire.query(on: req.db).filter(\.$organization.$id == organizationID)
            .sort(\.$createdAt, .descending).range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        return try await req.page(
            "questionnaires/index", title: "Анкеты",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Анкеты")], organization: organization,
            content: ListPage(
                organizationID: organizationID,
                rows: try questionnaires.map { .init(id: try $0.requireID(), title: $0.title, audience: $0.audience.russianName,
                                                     anonymous: $0.isAnonymous, createdAt: $0.createdAt) },
                pagination: pagination,
                templates: QuestionnaireTemplate.all.map { template in
                    let usual = QuestionnaireTemplate.usualForm(of: organization.kind)
                    return .init(key: template.key, title: template.title, purpose: template.purpose,
                                 audience: template.audience.russianName, questions: template.definition.questions.count,
                                 forms: template.dependsOnForm ? SelectOption.all(MentoringForm.self, selected: [usual.rawValue]) { $0.russianName } : [])
                }))
    }

    struct CreateForm: Content { var template: String?; var form: String? }

    /// POST /orgs/:organizationID/questionnaires — copies a built-in template as the organization's own draft.
    @Sendable func create(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let form = try req.content.decode(CreateForm.self)
        let organizationID = try organization.requireID()
        let questionnaire = try await QuestionnaireService.create(template: form.template ?? "", form: form.form.flatMap(MentoringForm.init(rawValue:)),
                                                                  in: organization, by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Questionnaires.edit.path(organizationID, try questionnaire.requireID()),
                            flash: FlashMessage(.success, "Анкета \(questionnaire.title.quoted()) создана как черновик. Проверьте вопросы и опубликуйте её."))
    }

    struct ShowPage: Encodable {
        struct VersionRow: Encodable { let number: Int; let published: Bool; let publishedAt: Date?; let answers: Int }
        struct QuestionRow: Encodable { let number: Int; let text: String; let type: String; let required: Bool; let key: String?; let options: [String] }
        struct SectionRow: Encodable { let title: String; let questions: [QuestionRow] }
        struct Option: Encodable { let value: String; let title: String; let selected: Bool }
        struct Person: Encodable { let value: String; let name: String; let role: String }
        let organizationID: UUID
        let id: UUID
        let title: String
        let purpose: String
        let audience: String
        let anonymous: Bool
        let versionNumber: Int
        let isDraft: Bool
        let hasPublished: Bool
        let sections: [SectionRow]
        let versions: [VersionRow]
        let assigned: Int
        let submitted: Int
        let roles: [Option]
        let people: [Person]
        let canReadAnswers: Bool
        /// The program it belongs to (its answers feed that program's monitoring), and the choices.
        let programName: String?
        let programs: [SelectOption]
        let measurement: MeasurementForm
    }

    /// Marking the questionnaire as a measurement: the phase and a parameter per scale or number question.
    struct MeasurementForm: Encodable {
        struct QuestionRow: Encodable { let id: String; let text: String; let options: [SelectOption] }
        let marked: Bool
        let phases: [SelectOption]
        let questions: [QuestionRow]

        init(marked: Bool, phases: [SelectOption], questions: [QuestionRow]) {
            self.marked = marked
            self.phases = phases
            self.questions = questions
        }

        init(_ questionnaire: Questionnaire, definition: QuestionnaireDefinition, scales: [MeasureScale]) {
            let survey = MeasurementSurvey.decode(questionnaire.measurementJSON)
            marked = survey != nil
            phases = MeasurementSurvey.Phase.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: survey?.phase == $0) }
            questions = MeasurementSurvey.measurable(definition).map { question in
                QuestionRow(id: question.id, text: question.text, options: scales.map {
                    SelectOption($0.code, $0.isOwn ? "Своя шкала: \($0.name)" : $0.name, selected: survey?.parameters[question.id] == $0.code)
                })
            }
        }
    }

    static let selectableRoles: [Role] = [.mentor, .mentee, .curator, .psychologist, .orgAdmin, .guardian]
    static let peopleListLimit = 300

    /// GET /orgs/:organizationID/questionnaires/:questionnaireID
    @Sendable func show(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        return try await showPage(req, organization: organization, form: FormState())
    }

    func showPage(_ req: Request, organization: Organization, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let questionnaire = try await req.questionnaire(in: organization)
        let organizationID = try organization.requireID(), questionnaireID = try questionnaire.requireID()
        let versions = try await QuestionnaireVersion.query(on: req.db).filter(\.$questionnaire.$id == questionnaireID)
            .sort(\.$number, .descending).all()
        guard let latest = versions.first else { throw AppError.notFound }
        var answerCounts: [UUID: Int] = [:]
        for version in versions {
            answerCounts[try version.requireID()] = try await Answer.query(on: req.db).filter(\.$version.$id == version.requireID()).count()
        }
        var number = 0
        let sections = try latest.definition().sections.map { section in
            ShowPage.SectionRow(title: section.title, questions: section.questions.map { question in
                number += 1
                return .init(number: number, text: question.text, type: question.type.russianName, required: question.required,
                             key: question.key?.readBy, options: question.options + question.columns)
            })
        }
        let assigned = try await QuestionnaireAssignment.query(on: req.db).filter(\.$questionnaire.$id == questionnaireID).count()
        let submitted = try await QuestionnaireAssignment.query(on: req.db).filter(\.$questionnaire.$id == questionnaireID)
            .filter(\.$status == .submitted).count()
        let selectedRole = form.values["role"] ?? questionnaire.audience.rawValue
        let members = try await RoleAssignment.query(on: req.db)
            .join(User.self, on: \RoleAssignment.$user.$id == \User.$id)
            .filter(\.$organization.$id == organizationID).filter(\.$role ~~ [Role.mentor, .mentee])
            .sort(\.$role).sort(User.self, \.$lastName).sort(User.self, \.$firstName)
            .limit(Self.peopleListLimit).all()
        let principal = try req.requirePrincipal()
        let canRead = AccessPolicy.decide(principal, .readAnswers, in: try OrganizationScope(organization)) == .allowed
        let programs = try await Program.query(on: req.db).filter(\.$organization.$id == organizationID).sort(\.$startsOn, .descending).all()
        return try await req.page(
            "questionnaires/show", title: questionnaire.title,
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Анкеты", SiteRoute.Questionnaires.index.path(organizationID)),
                          .init(questionnaire.title)],
            organization: organization, form: form, status: status,
            content: ShowPage(
                organizationID: organizationID, id: questionnaireID, title: questionnaire.title, purpose: questionnaire.purpose,
                audience: questionnaire.audience.russianName, anonymous: questionnaire.isAnonymous,
                versionNumber: latest.number, isDraft: !latest.isPublished, hasPublished: versions.contains(where: \.isPublished),
                sections: sections,
                versions: try versions.map { .init(number: $0.number, published: $0.isPublished, publishedAt: $0.publishedAt,
                                                   answers: answerCounts[try $0.requireID()] ?? 0) },
                assigned: assigned, submitted: submitted,
                roles: Self.selectableRoles.map { .init(value: $0.rawValue, title: $0.russianName, selected: $0.rawValue == selectedRole) },
                people: try members.map { .init(value: "person-\($0.$user.id)-\($0.role.rawValue)",
                                                name: try $0.joined(User.self).fullName, role: $0.role.russianName) },
                canReadAnswers: canRead,
                programName: programs.first { $0.id == questionnaire.programID }?.name,
                programs: programs.map { SelectOption($0.id!.uuidString, "\($0.name) (\($0.periodText))", selected: $0.id == questionnaire.programID) },
                measurement: MeasurementForm(questionnaire, definition: try latest.definition(),
                                             scales: try await MeasureScale.all(of: organizationID, on: req.db))))
    }

    /// POST /orgs/:organizationID/questionnaires/:questionnaireID/publish
    @Sendable func publish(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let questionnaire = try await req.questionnaire(in: organization)
        let organizationID = try organization.requireID(), questionnaireID = try questionnaire.requireID()
        let path = SiteRoute.Questionnaires.show.path(organizationID, questionnaireID)
        let version: QuestionnaireVersion
        do {
            version = try await QuestionnaireService.publish(questionnaire, by: req.auditActor, on: req.db)
        } catch QuestionnaireError.alreadyPublished {
            // A second click or another tab: the version is out already, nothing to repeat.
            return req.redirect(to: path, flash: FlashMessage(.info, QuestionnaireError.alreadyPublished.russianMessage))
        }
        return req.redirect(to: path,
                            flash: FlashMessage(.success, "Версия \(version.number) опубликована: её можно отправлять людям. Дальнейшие правки создадут новую версию."))
    }

    /// POST /orgs/:organizationID/questionnaires/:questionnaireID/assignments — to everyone with a
    /// role, or only to the people ticked in the list.
    @Sendable func assign(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let questionnaire = try await req.questionnaire(in: organization)
        let organizationID = try organization.requireID(), questionnaireID = try questionnaire.requireID()
        let fields = try req.content.decode([String: String].self)
        var values = ["role": fields["role"] ?? "", "dueDate": fields["dueDate"] ?? ""]
        let picked = fields.keys.compactMap { key -> QuestionnaireAssigning.Recipient? in
            let parts = key.split(separator: "-", maxSplits: 1)
            guard parts.count == 2, parts[0] == "person" else { return nil }
            let rest = parts[1]
            guard let dash = rest.lastIndex(of: "-"), let id = UUID(uuidString: String(rest[..<dash])),
                  let role = Role(rawValue: String(rest[rest.index(after: dash)...])) else { return nil }
            values[key] = "on"
            return .init(userID: id, role: role)
        }
        let count: Int
        do {
            let due = try DueDate.parse(fields["dueDate"]).get()
            count = try await QuestionnaireService.assign(questionnaire, to: picked.isEmpty ? .role(Role(rawValue: fields["role"] ?? "")) : .picked(picked),
                                                          dueAt: due, by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return try await showPage(req, organization: organization, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let message = count == 0 ? "Новых получателей нет: у всех выбранных людей эта анкета уже есть." : "Анкета отправлена: \(count) чел. Они увидят её на главной странице."
        return req.redirect(to: SiteRoute.Questionnaires.show.path(organizationID, questionnaireID), flash: FlashMessage(count == 0 ? .info : .success, message))
    }
}
