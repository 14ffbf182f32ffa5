import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 16, item 15: one answer per person whatever the clicks, and an anonymous survey that
/// stays anonymous: no authors among its audience, never fewer people than the threshold.
@Suite("Анкеты: один ответ на человека и настоящая анонимность")
struct SurveysTrustTests {
    static let qualityFields = ["q-q1": "Наставник", "q-q2": "8", "q-q3": "9", "q-q4": "Раз в неделю", "q-q5": "yes",
                                "q-q6": "Поддержка куратора", "q-q7": "Мало времени", "action": "submit"]

    /// The school of the questionnaire tests with a third mentor, so an anonymous survey has its audience.
    func school(_ app: Application) async throws -> (QuestionnaireSchool, User) {
        let school = try await QuestionnaireSchool.make(app)
        let third = try await Fixtures.person(app, login: "mentor.3", role: .mentor, organization: school.territory.organization, lastName: "Сидорова")
        return (school, third)
    }

    @Test("Четыре одновременные отправки анонимного опроса из вкладок одного человека дают один ответ и одну оценку удовлетворённости")
    func parallelAnonymousSubmit() async throws {
        try await withTestApp { app in
            let (school, third) = try await school(app)
            let survey = try await school.publish(.programQuality, to: school.mentors + [third], role: .mentor, on: app.db)
            let assignment = try await QuestionnaireSchool.assignment(of: school.mentors[0], survey, on: app.db)
            try await withLiveServer(app) { server in
                let mentor = Browser(app, live: server)
                try await mentor.signIn("mentor.1")
                let tabs = (0..<4).map { _ in mentor.tab() }
                let statuses = try await inParallel(4) { index in
                    try await tabs[index].post("/my/questionnaires/\(assignment.id!)", form: Self.qualityFields).status
                }
                #expect(statuses.filter { $0 == .seeOther }.count == 1, "ответ принят один раз: \(statuses)")
                #expect(statuses.allSatisfy { $0.code < 500 }, "\(statuses)")
            }
            let answers = try await Answer.query(on: app.db).filter(\.$questionnaire.$id == survey.id!).all()
            #expect(answers.count == 1)
            let answer = try #require(answers.first)
            let version = try #require(try await QuestionnaireVersion.find(answer.$version.id, on: app.db))
            let perAnswer = try AnswerScores.scores(for: answer, programID: nil, sheet: answer.sheet(), definition: version.definition()).count
            #expect(perAnswer > 0)
            #expect(try await AnswerScore.query(on: app.db).count() == perAnswer)
            #expect(try await QuestionnaireSchool.assignment(of: school.mentors[0], survey, on: app.db).status == .submitted)
        }
    }

    @Test("Именная анкета, отправленная дважды одновременно через API, хранит один ответ")
    func parallelNamedSubmit() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let questionnaire = try await school.publish(.finalMeeting, to: [school.mentees[0]], role: .mentee, on: app.db)
            let assignment = try await QuestionnaireSchool.assignment(of: school.mentees[0], questionnaire, on: app.db)
            try await withLiveServer(app) { server in
                let mentee = Browser(app, live: server)
                try await mentee.signIn("mentee.1")
                let tabs = (0..<3).map { _ in mentee.tab() }
                var answers = finalMeetingAnswers(score: 7)
                answers["action"] = "submit"
                let fields = answers
                let statuses = try await inParallel(3) { index in
                    try await tabs[index].post("/my/questionnaires/\(assignment.id!)", form: fields).status
                }
                #expect(statuses.filter { $0 == .seeOther }.count == 1, "\(statuses)")
                #expect(statuses.allSatisfy { $0.code < 500 }, "\(statuses)")
            }
            #expect(try await Answer.query(on: app.db).filter(\.$assignmentID == assignment.id!).count() == 1)
        }
    }

    @Test("Анонимный опрос не отправляется себе, психологу и одному человеку: авторы не считаются, аудитория — не меньше порога")
    func anonymousAudience() async throws {
        try await withTestApp { app in
            let (school, third) = try await school(app)
            let psychologist = try await Fixtures.person(app, login: "psiholog", role: .psychologist, organization: school.territory.organization,
                                                         lastName: "Психологова")
            let questionnaire = try await QuestionnaireAuthoring.copy(.programQuality, organizationID: school.organizationID, by: school.curator.id!, on: app.db)
            _ = try await QuestionnaireAuthoring.publish(questionnaire.requireID(), on: app.db)
            let curator = Browser(app)
            try await curator.signIn("curator")
            let path = "/orgs/\(school.organizationID)/questionnaires/\(questionnaire.id!)/assignments"
            // Herself, the psychologist and one target: refused, the authors named.
            let trap = try await curator.post(path, form: ["person-\(school.curator.id!)-curator": "on", "person-\(psychologist.id!)-psychologist": "on",
                                                           "person-\(school.mentors[0].id!)-mentor": "on"])
            #expect(trap.status == .unprocessableEntity && trap.text.contains("не отправляют тем, кто читает его результаты") && trap.text.contains("Психологова"))
            // Two people are too few to hide one of them.
            let few = try await curator.post(path, form: ["person-\(school.mentors[0].id!)-mentor": "on", "person-\(school.mentors[1].id!)-mentor": "on"])
            #expect(few.status == .unprocessableEntity && few.text.contains("не меньше чем 3 людям"))
            #expect(try await QuestionnaireAssignment.query(on: app.db).count() == 0)
            // Everyone with the role «куратор» is everyone who reads the results.
            #expect(try await curator.post(path, form: ["role": "curator"]).status == .unprocessableEntity)
            // Three mentors: sent; one more later is fine, the audience only grows.
            #expect(try await curator.post(path, form: ["person-\(school.mentors[0].id!)-mentor": "on", "person-\(school.mentors[1].id!)-mentor": "on",
                                                        "person-\(third.id!)-mentor": "on"]).status == .seeOther)
            #expect(try await QuestionnaireAssignment.query(on: app.db).count() == 3)
            #expect(try await curator.post(path, form: ["person-\(school.mentees[0].id!)-mentee": "on"]).status == .seeOther)
            #expect(try await QuestionnaireAssignment.query(on: app.db).count() == 4)
        }
    }

    @Test("Итоги анонимного опроса считают только ответы аудитории: ответы авторов не открывают результаты")
    func resultsCountOnlyAudience() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let psychologist = try await Fixtures.person(app, login: "psiholog", role: .psychologist, organization: school.territory.organization)
            let questionnaire = try await QuestionnaireAuthoring.copy(.programQuality, organizationID: school.organizationID, by: school.curator.id!, on: app.db)
            let version = try await QuestionnaireAuthoring.publish(questionnaire.requireID(), on: app.db)
            // Sent before the rule: the curator, the psychologist and one mentor answered.
            for (user, role) in [(school.curator, Role.curator), (psychologist, .psychologist), (school.mentors[0], .mentor)] {
                let assignment = QuestionnaireAssignment(organizationID: school.organizationID, questionnaireID: questionnaire.id!, versionID: version.id!,
                                                         userID: user.id!, role: role, dueAt: nil, assignedByID: school.curator.id!)
                try await assignment.save(on: app.db)
                _ = try await Answering.submit(assignment, questionnaire: questionnaire, fields: Self.qualityFields, on: app.db)
            }
            #expect(try await Answer.query(on: app.db).count() == 3)
            let results = try await QuestionnaireResults.build(questionnaire: questionnaire, version: version, on: app.db)
            #expect(results.hiddenForAnonymity)
            let curator = Browser(app)
            try await curator.signIn("curator")
            let page = try await curator.get("/orgs/\(school.organizationID)/questionnaires/\(questionnaire.id!)/results")
            #expect(page.status == .ok && !page.text.contains("Поддержка куратора"))
            #expect(try await curator.get("/orgs/\(school.organizationID)/questionnaires/\(questionnaire.id!)/answers.csv").status == .conflict)
        }
    }
}
