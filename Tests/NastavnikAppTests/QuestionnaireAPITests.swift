import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("JSON API анкет")
struct QuestionnaireAPITests {
    func token(_ app: Application, login: String) async throws -> HTTPHeaders {
        let browser = Browser(app)
        try await browser.signIn(login)
        let page = try await browser.post("/account/tokens", form: ["name": "Интеграция"])
        let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
        return ["Authorization": "Bearer \(token)"]
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let fields: [String: String]? }
        let error: Detail
    }

    @Test("Наставляемый получает свои анкеты с формулировками и отправляет ответы; ошибки — 422 по полям")
    func respondentFlow() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let questionnaire = try await school.publish(.finalMeeting, to: [school.mentees[0]], role: .mentee, on: app.db)
            let mentee = try await token(app, login: "mentee.1")
            let list = try await app.testing().sendRequest(.GET, "/api/v1/my/assignments", headers: mentee)
            #expect(list.status == .ok)
            let assignments = try list.content.decode(QuestionnairesAPIController.AssignmentList.self).items
            #expect(assignments.count == 1)
            #expect(assignments[0].definition.questions.first { $0.key == .finalClosenessToGoal } != nil)
            let path = "/api/v1/my/assignments/\(assignments[0].id)/answers"

            var bad = finalMeetingAnswers(score: 7)
            bad["q-q4"] = "12"
            let rejected = try await app.testing().sendRequest(.POST, path, headers: mentee) { request in
                try request.content.encode(QuestionnairesAPIController.SubmitBody(fields: bad, draft: nil), as: .json)
            }
            #expect(rejected.status == .unprocessableEntity)
            let error = try rejected.content.decode(ErrorBody.self).error
            #expect(error.code == "validation")
            #expect(error.fields?["q-q4"] == "Оценка — целое число от 1 до 10.")

            let accepted = try await app.testing().sendRequest(.POST, path, headers: mentee) { request in
                try request.content.encode(QuestionnairesAPIController.SubmitBody(fields: finalMeetingAnswers(score: 7), draft: nil), as: .json)
            }
            #expect(accepted.status == .ok)
            #expect(try accepted.content.decode(QuestionnairesAPIController.SubmitResult.self).status == .submitted)

            let curator = try await token(app, login: "curator")
            let base = "/api/v1/organizations/\(school.organizationID)/questionnaires"
            let all = try await app.testing().sendRequest(.GET, base, headers: curator)
            #expect(try all.content.decode(QuestionnairesAPIController.QuestionnaireList.self).items.map(\.title) == ["Итоговая встреча"])
            let answers = try await app.testing().sendRequest(.GET, "\(base)/\(questionnaire.id!)/answers", headers: curator)
            let items = try answers.content.decode(QuestionnairesAPIController.AnswerList.self).items
            #expect(items.count == 1)
            #expect(items[0].respondentID == school.mentees[0].id)
            #expect(items[0].items.first { $0.key == .finalClosenessToGoal }?.value == "7")
            let results = try await app.testing().sendRequest(.GET, "\(base)/\(questionnaire.id!)/results", headers: curator)
            let summary = try results.content.decode(QuestionnaireResultsDTO.self)
            #expect(summary.responseRate == 100)
            #expect(summary.questions.first { $0.id == "q4" }?.average == 7.0)
            #expect(summary.questions.first { $0.id == "q4" }?.type == .scale)
            // Data, not the page's chart: no bar geometry, no Russian number.
            let raw = results.body.string
            for layout in ["chartHeight", "valueX", "textY", "\"bars\"", "7,0"] { #expect(!raw.contains(layout), "\(layout)") }

            let mentorHeaders = try await token(app, login: "mentor.1")
            #expect(try await app.testing().sendRequest(.GET, "\(base)/\(questionnaire.id!)/answers", headers: mentorHeaders).status == .forbidden)
            #expect(try await app.testing().sendRequest(.POST, path, headers: mentorHeaders) { request in
                try request.content.encode(QuestionnairesAPIController.SubmitBody(fields: [:], draft: true), as: .json)
            }.status == .notFound)
        }
    }

    @Test("Итоги версии, которой нет, — 409 с сообщением, как и описано в документе API (нашёл Schemathesis)")
    func resultsOfMissingVersion() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let questionnaire = try await school.publish(.finalMeeting, to: [school.mentees[0]], role: .mentee, on: app.db)
            let curator = try await token(app, login: "curator")
            let path = "/api/v1/organizations/\(school.organizationID)/questionnaires/\(questionnaire.id!)/results?version=0"
            let answer = try await app.testing().sendRequest(.GET, path, headers: curator)
            #expect(answer.status == .conflict)
            #expect(try answer.content.decode(ErrorBody.self).error.message == "У анкеты ещё нет опубликованной версии: ответов пока нет.")
        }
    }
}
