import Fluent
import Vapor

/// Editing a questionnaire's wording. Saving over a published version starts the next
/// version, so people who already answered keep the wording they saw.
struct QuestionnaireEditController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Questionnaires.edit, use: form)
        routes.on(SiteRoute.Questionnaires.save, use: save)
    }

    struct EditPage: Encodable {
        struct QuestionRow: Encodable {
            let id: String; let number: Int; let type: String; let key: String?
            let textName: String; let hintName: String; let requiredName: String; let removeName: String; let optionsName: String
            let required: Bool; let hasOptions: Bool; let removed: Bool
        }
        struct SectionRow: Encodable { let index: Int; let title: String; let questions: [QuestionRow] }
        struct Option: Encodable { let value: String; let title: String; let selected: Bool }
        let organizationID: UUID
        let id: UUID
        let versionNumber: Int
        let editsPublished: Bool
        let anonymous: Bool
        let canChangeAnonymity: Bool
        let sections: [SectionRow]
        let types: [Option]
        let candidateRoles: [Option]
    }

    /// GET /orgs/:organizationID/questionnaires/:questionnaireID/edit
    @Sendable func form(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let questionnaire = try await req.questionnaire(in: organization)
        let latest = try await QuestionnaireAuthoring.latestVersion(of: questionnaire.requireID(), on: req.db)
        let definition = try latest.definition()
        var values = ["title": questionnaire.title, "purpose": questionnaire.purpose]
        for question in definition.questions {
            values["text-\(question.id)"] = question.text
            values["hint-\(question.id)"] = question.hint ?? ""
            values["options-\(question.id)"] = question.options.joined(separator: "\n")
            if question.required { values["required-\(question.id)"] = "on" }
        }
        if questionnaire.isAnonymous { values["anonymous"] = "on" }
        return try await page(req, organization: organization, questionnaire: questionnaire, version: latest,
                              definition: definition, form: FormState(values: values))
    }

    func page(_ req: Request, organization: Organization, questionnaire: Questionnaire, version: QuestionnaireVersion,
              definition: QuestionnaireDefinition, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID(), questionnaireID = try questionnaire.requireID()
        var number = 0
        let sections = definition.sections.enumerated().map { index, section in
            EditPage.SectionRow(index: index, title: section.title, questions: section.questions.map { question in
                number += 1
                return .init(id: question.id, number: number, type: question.type.russianName, key: question.key?.readBy,
                             textName: "text-\(question.id)", hintName: "hint-\(question.id)", requiredName: "required-\(question.id)",
                             removeName: "remove-\(question.id)", optionsName: "options-\(question.id)",
                             required: form.values["required-\(question.id)"] != nil,
                             hasOptions: [.singleChoice, .multipleChoice].contains(question.type),
                             removed: form.values["remove-\(question.id)"] != nil)
            })
        }
        let newType = form.values["newType"] ?? QuestionType.shortText.rawValue
        return try await req.page(
            "questionnaires/edit", title: "Изменение анкеты",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Анкеты", SiteRoute.Questionnaires.index.path(organizationID)),
                          .init(questionnaire.title, SiteRoute.Questionnaires.show.path(organizationID, questionnaireID)), .init("Изменение")],
            organization: organization, form: form, status: status,
            content: EditPage(
                organizationID: organizationID, id: questionnaireID,
                versionNumber: version.isPublished ? version.number + 1 : version.number, editsPublished: version.isPublished,
                anonymous: form.values["anonymous"] != nil,
                canChangeAnonymity: try await QuestionnaireAuthoring.canChangeAnonymity(questionnaireID, on: req.db),
                sections: sections,
                types: QuestionType.allCases.map { .init(value: $0.rawValue, title: $0.russianName, selected: $0.rawValue == newType) },
                candidateRoles: [Role.mentor, .mentee].map { .init(value: $0.rawValue, title: $0.russianName, selected: form.values["newCandidates"] == $0.rawValue) }))
    }

    /// POST /orgs/:organizationID/questionnaires/:questionnaireID/edit
    @Sendable func save(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageQuestionnaires)
        let questionnaire = try await req.questionnaire(in: organization)
        let organizationID = try organization.requireID(), questionnaireID = try questionnaire.requireID()
        let fields = try req.content.decode([String: String].self)
        let edited: QuestionnaireService.Edited
        do {
            edited = try await QuestionnaireService.edit(questionnaire, fields: fields, by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            let latest = try await QuestionnaireAuthoring.latestVersion(of: questionnaireID, on: req.db)
            return try await page(req, organization: organization, questionnaire: questionnaire, version: latest, definition: try latest.definition(),
                                  form: FormState(values: fields, errors: errors), status: .unprocessableEntity)
        }
        let note = edited.startedNextVersion ? " Создан черновик версии \(edited.version.number): опубликуйте его, чтобы отправлять новую редакцию." : ""
        return req.redirect(to: SiteRoute.Questionnaires.show.path(organizationID, questionnaireID),
                            flash: FlashMessage(.success, "Изменения сохранены." + note))
    }
}
