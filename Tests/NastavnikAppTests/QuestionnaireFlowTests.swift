import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// A school with a curator, two mentors and two mentees, and questionnaires made from templates.
struct QuestionnaireSchool {
    let territory: Fixtures.Territory
    let curator: User
    let mentors: [User]
    let mentees: [User]
    var organizationID: UUID { territory.organizationID }

    static func make(_ app: Application, name: String = "Школа А", prefix: String = "") async throws -> QuestionnaireSchool {
        let territory = try await Fixtures.territory(app, organizationName: name)
        let org = territory.organization
        return QuestionnaireSchool(
            territory: territory,
            curator: try await Fixtures.person(app, login: prefix + "curator", role: .curator, organization: org, lastName: "Кураторова"),
            mentors: [try await Fixtures.person(app, login: prefix + "mentor.1", role: .mentor, organization: org, lastName: "Орлова"),
                      try await Fixtures.person(app, login: prefix + "mentor.2", role: .mentor, organization: org, lastName: "Белова")],
            mentees: [try await Fixtures.person(app, login: prefix + "mentee.1", role: .mentee, organization: org, lastName: "Котова"),
                      try await Fixtures.person(app, login: prefix + "mentee.2", role: .mentee, organization: org, lastName: "Зайцева")])
    }

    /// A published copy of the template, sent to `people` with `role`.
    func publish(_ template: QuestionnaireTemplate, to people: [User], role: Role, on db: any Database) async throws -> Questionnaire {
        let questionnaire = try await QuestionnaireAuthoring.copy(template, organizationID: organizationID, by: curator.id!, on: db)
        _ = try await QuestionnaireAuthoring.publish(questionnaire.requireID(), on: db)
        _ = try await QuestionnaireAssigning.assign(questionnaire, to: people.map { .init(userID: $0.id!, role: role) },
                                                    dueAt: nil, by: curator.id!, on: db)
        return questionnaire
    }

    static func assignment(of user: User, _ questionnaire: Questionnaire, on db: any Database) async throws -> QuestionnaireAssignment {
        try #require(try await QuestionnaireAssignment.query(on: db).filter(\.$user.$id == user.id!)
            .filter(\.$questionnaire.$id == questionnaire.id!).sort(\.$createdAt, .descending).with(\.$questionnaire).first())
    }
}

/// Answers to the final meeting, closeness to the goal `score`.
func finalMeetingAnswers(score: Int, valuable: String = "Доверие и честность") -> [String: String] {
    ["q-q1": valuable, "q-q2": "Проект защищён", "q-q3": "Планировать", "q-q4": String(score), "q-q5": "Стал увереннее",
     "q-q6": "Умею просить помощи", "q-q7": "Походом в музей", "q-q8": "yes", "q-q9": "no"]
}

@Suite("Анкеты: от шаблона до ответов")
struct QuestionnaireFlowTests {
    @Test("Куратор создаёт анкету по шаблону и отправляет её; наставляемый видит её на главной, сохраняет черновик и отправляет один раз")
    func curatorToMentee() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let org = school.organizationID
            let curator = Browser(app)
            try await curator.signIn("curator")
            let created = try await curator.post("/orgs/\(org)/questionnaires", form: ["template": "final-meeting"])
            #expect(created.status == .seeOther)
            let questionnaire = try #require(try await Questionnaire.query(on: app.db).first())
            #expect(created.location == "/orgs/\(org)/questionnaires/\(questionnaire.id!)/edit")
            #expect(try await curator.get("/orgs/\(org)/questionnaires/\(questionnaire.id!)/edit").status == .ok)
            #expect(try await curator.post("/orgs/\(org)/questionnaires/\(questionnaire.id!)/publish").status == .seeOther)
            let sent = try await curator.post("/orgs/\(org)/questionnaires/\(questionnaire.id!)/assignments", form: ["role": "mentee", "dueDate": "01.12.2026"])
            #expect(sent.status == .seeOther)
            #expect(try await QuestionnaireAssignment.query(on: app.db).count() == 2)
            #expect(try await curator.get("/orgs/\(org)/questionnaires/\(questionnaire.id!)").text.contains("Отправлена</dt><dd>2 чел."))

            let mentee = Browser(app)
            try await mentee.signIn("mentee.1")
            let home = try await mentee.get("/").text
            #expect(home.contains("Ждут заполнения"))
            #expect(home.contains("Итоговая встреча"))
            #expect(home.contains("срок до 01.12.2026"))
            #expect(home.contains("href=\"/my/questionnaires\""))
            let assignment = try await QuestionnaireSchool.assignment(of: school.mentees[0], questionnaire, on: app.db)
            let path = "/my/questionnaires/\(assignment.id!)"
            #expect(try await mentee.get(path).text.contains("Оцените по десятибалльной шкале, насколько вы приблизились к цели"))

            var partial = finalMeetingAnswers(score: 7)
            partial["q-q4"] = nil
            partial["action"] = "submit"
            let rejected = try await mentee.post(path, form: partial)
            #expect(rejected.status == .unprocessableEntity)
            #expect(rejected.text.contains("Поставьте оценку от 1 до 10."))
            #expect(rejected.text.contains("Доверие и честность"), "введённое не теряется")

            let draft = try await mentee.post(path, form: ["q-q1": "Черновая мысль", "action": "draft"])
            #expect(draft.status == .seeOther)
            #expect(try await mentee.get(path).text.contains("Черновая мысль"))
            #expect(try await QuestionnaireSchool.assignment(of: school.mentees[0], questionnaire, on: app.db).status == .draft)

            var full = finalMeetingAnswers(score: 7)
            full["action"] = "submit"
            #expect(try await mentee.post(path, form: full).status == .seeOther)
            let answer = try #require(try await Answer.query(on: app.db).first())
            #expect(answer.$respondent.id == school.mentees[0].id)
            #expect(try answer.sheet().values["q4"] == .scale(7))
            #expect(try await mentee.post(path, form: full).status == .conflict)
            #expect(try await Answer.query(on: app.db).count() == 1)
            let submittedPage = try await mentee.get(path).text
            #expect(submittedPage.contains("Анкета отправлена"))
            #expect(submittedPage.contains("Доверие и честность"))

            #expect(try await TypedAnswers.closenessToGoal(organizationID: org, on: app.db) == [school.mentees[0].id!: 7])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.answersSubmitted.rawValue).count() == 1)
        }
    }

    @Test("Правка после ответов создаёт новую версию; старые ответы сохраняют прежнюю формулировку")
    func versioning() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let org = school.organizationID
            let questionnaire = try await school.publish(.finalMeeting, to: [school.mentees[0]], role: .mentee, on: app.db)
            let first = try await QuestionnaireSchool.assignment(of: school.mentees[0], questionnaire, on: app.db)
            #expect(try await Answering.submit(first, questionnaire: questionnaire, fields: finalMeetingAnswers(score: 6), on: app.db).errors.isEmpty)

            let curator = Browser(app)
            try await curator.signIn("curator")
            var fields = ["title": "Итоги года", "purpose": "Рефлексия"]
            for question in QuestionnaireTemplate.finalMeeting.definition.questions {
                fields["text-\(question.id)"] = question.text
                fields["required-\(question.id)"] = "on"
            }
            fields["text-q4"] = "Насколько вы приблизились к цели?"
            let saved = try await curator.post("/orgs/\(org)/questionnaires/\(questionnaire.id!)/edit", form: fields)
            #expect(saved.status == .seeOther)

            let versions = try await QuestionnaireVersion.query(on: app.db).filter(\.$questionnaire.$id == questionnaire.id!).sort(\.$number).all()
            #expect(versions.map(\.number) == [1, 2])
            #expect(try versions[0].definition().question("q4")?.text == "Оцените по десятибалльной шкале, насколько вы приблизились к цели")
            #expect(try versions[1].definition().question("q4")?.text == "Насколько вы приблизились к цели?")
            #expect(!versions[1].isPublished)
            let answer = try #require(try await Answer.query(on: app.db).with(\.$version).first())
            #expect(answer.version.number == 1)

            #expect(try await curator.post("/orgs/\(org)/questionnaires/\(questionnaire.id!)/publish").status == .seeOther)
            _ = try await QuestionnaireAssigning.assign(questionnaire, to: [.init(userID: school.mentees[1].id!, role: .mentee)],
                                                        dueAt: nil, by: school.curator.id!, on: app.db)
            let second = try await QuestionnaireSchool.assignment(of: school.mentees[1], questionnaire, on: app.db)
            #expect(second.$version.id == versions[1].id)

            let mentee = Browser(app)
            try await mentee.signIn("mentee.1")
            let old = try await mentee.get("/my/questionnaires/\(first.id!)").text
            #expect(old.contains("Оцените по десятибалльной шкале"))
            let resultsV1 = try await curator.get("/orgs/\(org)/questionnaires/\(questionnaire.id!)/results?version=1").text
            #expect(resultsV1.contains("Оцените по десятибалльной шкале"))
            #expect(resultsV1.contains("среднее: 6,0"))
        }
    }

    @Test("Анонимный опрос: ничто в базе не связывает ответ с человеком")
    func anonymity() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            // An anonymous survey goes to at least three people (none of them its readers).
            let third = try await Fixtures.person(app, login: "mentor.3", role: .mentor, organization: school.territory.organization, lastName: "Сидорова")
            let survey = try await school.publish(.programQuality, to: school.mentors + [third], role: .mentor, on: app.db)
            #expect(survey.isAnonymous)
            let fields = ["q-q1": "Наставник", "q-q2": "8", "q-q3": "9", "q-q4": "Раз в неделю", "q-q5": "yes",
                          "q-q6": "Поддержка куратора", "q-q7": "Мало времени", "action": "submit"]
            let mentor = Browser(app)
            try await mentor.signIn("mentor.1")
            let assignment = try await QuestionnaireSchool.assignment(of: school.mentors[0], survey, on: app.db)
            #expect(try await mentor.post("/my/questionnaires/\(assignment.id!)", form: fields).status == .seeOther)

            let answer = try #require(try await Answer.query(on: app.db).first())
            #expect(answer.$respondent.id == nil)
            #expect(answer.assignmentID == nil)
            #expect(answer.submittedAt == nil)
            #expect(answer.role == nil)
            let completion = try await QuestionnaireSchool.assignment(of: school.mentors[0], survey, on: app.db)
            #expect(completion.status == .submitted)
            #expect(completion.submittedAt == nil)
            #expect(completion.draft == nil)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.answersSubmitted.rawValue).count() == 0)
            #expect(!(try await mentor.get("/my/questionnaires/\(assignment.id!)").text.contains("Поддержка куратора")))

            let curator = Browser(app)
            try await curator.signIn("curator")
            let results = try await curator.get("/orgs/\(school.organizationID)/questionnaires/\(survey.id!)/results").text
            #expect(results.contains("не меньше трёх"))
            #expect(!results.contains("Поддержка куратора"))
            #expect(try await curator.get("/orgs/\(school.organizationID)/questionnaires/\(survey.id!)/answers.csv").status == .conflict)
        }
    }

    @Test("Ответы видят куратор и педагог-психолог своей организации; наставнику — 403, чужому куратору — 404")
    func visibility() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let other = try await QuestionnaireSchool.make(app, name: "Школа Б", prefix: "b.")
            try await Fixtures.person(app, login: "psychologist", role: .psychologist, organization: school.territory.organization)
            try await Fixtures.person(app, login: "director", role: .orgAdmin, organization: school.territory.organization)
            let questionnaire = try await school.publish(.finalMeeting, to: [school.mentees[0]], role: .mentee, on: app.db)
            let assignment = try await QuestionnaireSchool.assignment(of: school.mentees[0], questionnaire, on: app.db)
            _ = try await Answering.submit(assignment, questionnaire: questionnaire, fields: finalMeetingAnswers(score: 9), on: app.db)
            let a = school.organizationID, b = other.organizationID, q = questionnaire.id!
            let cases: [(String, String, HTTPStatus)] = [
                ("curator", "/orgs/\(a)/questionnaires/\(q)/results", .ok),
                ("psychologist", "/orgs/\(a)/questionnaires/\(q)/results", .ok),
                ("director", "/orgs/\(a)/questionnaires/\(q)/results", .forbidden),
                ("director", "/orgs/\(a)/questionnaires/\(q)", .ok),
                ("mentor.1", "/orgs/\(a)/questionnaires/\(q)/results", .forbidden),
                ("mentor.1", "/orgs/\(a)/questionnaires/\(q)/answers.csv", .forbidden),
                ("mentor.1", "/orgs/\(a)/questionnaires", .forbidden),
                ("mentee.2", "/my/questionnaires/\(assignment.id!)", .notFound),
                ("b.curator", "/orgs/\(a)/questionnaires/\(q)/results", .notFound),
                ("b.curator", "/orgs/\(b)/questionnaires/\(q)/results", .notFound),
                ("b.curator", "/orgs/\(b)/questionnaires/\(q)", .notFound),
            ]
            for (login, path, status) in cases {
                let browser = Browser(app)
                try await browser.signIn(login)
                #expect(try await browser.get(path).status == status, "\(login) \(path)")
            }
            let curator = Browser(app)
            try await curator.signIn("curator")
            let csv = try await curator.get("/orgs/\(a)/questionnaires/\(q)/answers.csv")
            #expect(csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("Котова Мария Ивановна"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.answersExported.rawValue).count() == 1)
        }
    }

    @Test("Mentor Match: выбор людей по порядку превращается в предпочтения и в диаграмму первых выборов")
    func mentorMatch() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let survey = try await school.publish(.mentorMatchMentee, to: school.mentees, role: .mentee, on: app.db)
            let orlova = school.mentors[0].id!, belova = school.mentors[1].id!
            for (mentee, ranking) in [(school.mentees[0], [orlova, belova]), (school.mentees[1], [orlova])] {
                let assignment = try await QuestionnaireSchool.assignment(of: mentee, survey, on: app.db)
                var fields: [String: String] = [:]
                for (index, id) in ranking.enumerated() { fields["q-q1-\(index + 1)"] = id.uuidString }
                #expect(try await Answering.submit(assignment, questionnaire: survey, fields: fields, on: app.db).errors.isEmpty)
            }
            let preferences = try await TypedAnswers.mentorMatchPreferences(organizationID: school.organizationID, on: app.db)
            #expect(preferences == [school.mentees[0].id!: [orlova, belova], school.mentees[1].id!: [orlova]])

            let curator = Browser(app)
            try await curator.signIn("curator")
            let results = try await curator.get("/orgs/\(school.organizationID)/questionnaires/\(survey.id!)/results").text
            #expect(results.contains("<svg"))
            #expect(results.contains("Орлова Мария Ивановна"))
            #expect(results.contains("2 (100%)"))
            #expect(results.contains("100%</span><span class=\"stat-label\">ответили (2 из 2)"))

            let mentee = Browser(app)
            try await mentee.signIn("mentee.1")
            let assignment = try await QuestionnaireSchool.assignment(of: school.mentees[0], survey, on: app.db)
            let page = try await mentee.get("/my/questionnaires/\(assignment.id!)").text
            #expect(page.contains("1. Орлова Мария Ивановна; 2. Белова Мария Ивановна"))
        }
    }
}
