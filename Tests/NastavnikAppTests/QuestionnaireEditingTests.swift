import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Изменение анкеты куратором")
struct QuestionnaireEditingTests {
    @Test("Куратор добавляет и убирает вопросы черновика; ошибки показываются по-русски, введённое сохраняется")
    func editDraft() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let org = school.organizationID
            let questionnaire = try await QuestionnaireAuthoring.copy(.trialMeeting, organizationID: org, by: school.curator.id!, on: app.db)
            let path = "/orgs/\(org)/questionnaires/\(questionnaire.id!)/edit"
            let curator = Browser(app)
            try await curator.signIn("curator")
            var fields = ["title": "Пробная встреча", "purpose": "Рефлексия", "text-q1": "Что получилось?", "required-q1": "on",
                          "text-q2": "Что понравилось?", "text-q3": "Благодаря чему?", "text-q4": "Что сделать по-другому?",
                          "remove-q3": "on", "newText": "Как часто встречаться?", "newType": "singleChoice", "newOptions": "Раз в неделю",
                          "newSection": "0"]
            let rejected = try await curator.post(path, form: fields)
            #expect(rejected.status == .unprocessableEntity)
            #expect(rejected.text.contains("Укажите хотя бы два варианта, по одному в строке."))
            #expect(rejected.text.contains("Как часто встречаться?"))

            fields["newOptions"] = "Раз в неделю\nРаз в две недели"
            #expect(try await curator.post(path, form: fields).status == .seeOther)
            let versions = try await QuestionnaireVersion.query(on: app.db).filter(\.$questionnaire.$id == questionnaire.id!).all()
            #expect(versions.count == 1, "черновик правится на месте, без новой версии")
            let definition = try versions[0].definition()
            #expect(definition.questions.map(\.id) == ["q1", "q2", "q4", "q5"])
            #expect(definition.question("q5")?.options == ["Раз в неделю", "Раз в две недели"])
            #expect(definition.question("q1")?.required == true)
            #expect(definition.question("q2")?.required == false)
            #expect(try await Questionnaire.find(questionnaire.id!, on: app.db)?.title == "Пробная встреча")
        }
    }

    @Test("Раздел «Анкеты» в меню есть у куратора, «Мои анкеты» — у того, кому анкету отправили")
    func navigation() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            _ = try await school.publish(.meetingReflection, to: [school.mentors[0]], role: .mentor, on: app.db)
            let curator = Browser(app)
            try await curator.signIn("curator")
            let curatorHome = try await curator.get("/orgs/\(school.organizationID)").text
            #expect(curatorHome.contains("href=\"/orgs/\(school.organizationID)/questionnaires\""))
            #expect(!curatorHome.contains("href=\"/my/questionnaires\""))
            let mentor = Browser(app)
            try await mentor.signIn("mentor.1")
            let mentorHome = try await mentor.get("/").text
            #expect(mentorHome.contains("href=\"/my/questionnaires\""))
            #expect(!mentorHome.contains("/questionnaires\">Анкеты"))
            #expect(mentorHome.contains("Рефлексия после встречи"))
        }
    }
}
