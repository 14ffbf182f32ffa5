import Foundation
@testable import NastavnikApp
import Vapor

extension LeafRenderTests {
    /// The questionnaire pages, with a definition holding every question type.
    func renderQuestionnaires(render: (String, any Encodable) async throws -> Void, id: UUID, pagination: Pagination) async throws {
        let h = Self.hostile
        let definition = QuestionnaireDefinition(sections: [.init(h, QuestionType.allCases.enumerated().map { index, type in
            Question(id: "q\(index + 1)", key: index == 0 ? .finalClosenessToGoal : nil, type: type, text: h, hint: h,
                     options: [h, "Второй"], columns: [h, "Ресурсы"], rows: 2, candidates: .mentor)
        })])
        let candidates = Dictionary(uniqueKeysWithValues: definition.questions.map { ($0.id, [Answering.Candidate(id: id, name: h)]) })
        let form = QuestionnaireFormView(definition: definition, fields: ["q-q1": h, "q-q3": h], errors: ["q1": h, "q5": h], candidates: candidates)
        try await render("questionnaires/index", QuestionnairesController.ListPage(
            organizationID: id, rows: [.init(id: id, title: h, audience: h, anonymous: true, createdAt: Date())], pagination: pagination,
            templates: [.init(key: "final-meeting", title: h, purpose: h, audience: h, questions: 9, forms: []),
                        .init(key: "mentee-request", title: h, purpose: h, audience: h, questions: 7, forms: [SelectOption("teacherTeacher", h, selected: true)])]))
        try await render("questionnaires/show", QuestionnairesController.ShowPage(
            organizationID: id, id: id, title: h, purpose: h, audience: h, anonymous: false, versionNumber: 2, isDraft: true, hasPublished: true,
            sections: [.init(title: h, questions: [.init(number: 1, text: h, type: h, required: true, key: h, options: [h])])],
            versions: [.init(number: 2, published: false, publishedAt: nil, answers: 0), .init(number: 1, published: true, publishedAt: Date(), answers: 3)],
            assigned: 5, submitted: 3, roles: [.init(value: "mentee", title: h, selected: true)],
            people: [.init(value: "person-\(id)-mentee", name: h, role: h)], canReadAnswers: true,
            programName: h, programs: [SelectOption(id.uuidString, h, selected: true)],
            measurement: .init(marked: true, phases: [SelectOption("byAnswer", h, selected: true)],
                               questions: [.init(id: "q2", text: h, options: [SelectOption("satisfaction", h, selected: true)])])))
        try await render("questionnaires/program", ProgramSurveysController.Page(
            organizationID: id, programID: id, programName: h,
            rows: [.init(id: id, title: h, anonymous: true, measurement: true, sent: 12, answered: 7, dueDate: "01.12.2026", waitingCount: 1,
                         waiting: [.init(name: h, role: h, overdue: true)]),
                   .init(id: id, title: h, anonymous: false, measurement: false, sent: 2, answered: 2, dueDate: nil, waitingCount: 0, waiting: [])],
            sources: [SelectOption("template:program-quality", h, selected: true)], audiences: [SelectOption("both", h, selected: true)],
            pairings: [SelectOption(id.uuidString, h)], withoutAccount: [h]))
        try await render("questionnaires/edit", QuestionnaireEditController.EditPage(
            organizationID: id, id: id, versionNumber: 2, editsPublished: true, anonymous: true, canChangeAnonymity: true,
            sections: [.init(index: 0, title: h, questions: [.init(id: "q1", number: 1, type: h, key: h, textName: "text-q1", hintName: "hint-q1",
                                                                   requiredName: "required-q1", removeName: "remove-q1", optionsName: "options-q1",
                                                                   required: true, hasOptions: true, removed: false)])],
            types: [.init(value: "scale", title: h, selected: true)], candidateRoles: [.init(value: "mentor", title: h, selected: false)]))
        let row = MyQuestionnairesController.Row(id: id, title: h, status: h, isOpen: true, due: "01.12.2026", overdue: true, anonymous: false)
        try await render("questionnaires/mine", MyQuestionnairesController.ListPage(assignments: [row], done: [row]))
        try await render("questionnaires/fill", MyQuestionnairesController.FillPage(
            id: id, title: h, purpose: h, anonymous: true, submitted: false, due: "01.12.2026", versionNumber: 1, form: form))
        let results = QuestionnaireResults(
            assigned: 4, submitted: 3, responseRate: 75, answerCount: 3, hiddenForAnonymity: false,
            questions: [QuestionnaireResults.summarize(definition.questions[4], [(who: h, sheet: AnswerSheet(values: ["q5": .scale(7)]))], names: [:]),
                        QuestionnaireResults.summarize(definition.questions[0], [(who: h, sheet: AnswerSheet(values: ["q1": .text(h)]))], names: [:]),
                        QuestionnaireResults.summarize(definition.questions[2], [(who: nil, sheet: AnswerSheet(values: ["q3": .choice(h)]))], names: [:])])
        try await render("questionnaires/results", QuestionnaireResultsController.ResultsPage(
            organizationID: id, id: id, title: h, anonymous: false, versionNumber: 1,
            versions: [.init(number: 1, href: "/x?version=1", current: true), .init(number: 2, href: "/x?version=2", current: false)],
            results: results, exportHref: "/x.csv"))
    }
}
