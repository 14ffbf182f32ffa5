import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 22, item 1: the changes of questionnaires and of a program's surveys as service
/// functions, without HTTP — each change and its audit entry are one transaction — and the races
/// the database decides: one version published once, one questionnaire reaching a person once.
@Suite("Анкеты как службы: правило, изменение и запись журнала в одной транзакции")
struct QuestionnaireServiceTests {
    static func actor(_ user: User, viaAPI: Bool = false) -> AuditActor {
        AuditActor(principal: Principal(userID: user.id!, fullName: user.fullName, shortName: user.shortName, isPlatformAdmin: false,
                                        mustChangePassword: false, grants: []), ip: "10.0.0.7", viaAPI: viaAPI)
    }

    static func audits(_ action: AuditAction, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$action == action.rawValue).sort(\.$at).all()
    }

    /// The edit form as the page fills it: every question's text, hint, options and «обязательный».
    static func editFields(_ questionnaire: Questionnaire, on db: any Database, title: String? = nil) async throws -> [String: String] {
        let definition = try await QuestionnaireAuthoring.latestVersion(of: questionnaire.requireID(), on: db).definition()
        var fields = ["title": title ?? questionnaire.title, "purpose": questionnaire.purpose]
        for question in definition.questions {
            fields["text-\(question.id)"] = question.text
            fields["hint-\(question.id)"] = question.hint ?? ""
            fields["options-\(question.id)"] = question.options.joined(separator: "\n")
            if question.required { fields["required-\(question.id)"] = "on" }
        }
        return fields
    }

    @Test("Анкета по шаблону: создание, правка, публикация и отправка — каждое с записью журнала от того, кто это сделал; отказы ничего не пишут")
    func lifeOfAQuestionnaire() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let curator = Self.actor(school.curator)
            await #expect(throws: QuestionnaireError.unknownTemplate) {
                try await QuestionnaireService.create(template: "нет-такого", form: nil, in: school.territory.organization, by: curator, on: app.db)
            }
            #expect(try await Questionnaire.query(on: app.db).count() == 0)
            let questionnaire = try await QuestionnaireService.create(template: "final-meeting", form: nil, in: school.territory.organization,
                                                                      by: curator, on: app.db)
            let created = try await Self.audits(.questionnaireCreated, on: app.db)
            #expect(created.count == 1 && created[0].actorID == school.curator.id && created[0].ip == "10.0.0.7"
                    && created[0].objectID == questionnaire.id?.uuidString && created[0].details == "Итоговая встреча")

            // An empty title is refused with the field's message; nothing is saved or recorded.
            var fields = try await Self.editFields(questionnaire, on: app.db, title: "  ")
            do {
                _ = try await QuestionnaireService.edit(questionnaire, fields: fields, by: curator, on: app.db)
                Issue.record("пустое название принято")
            } catch AppError.validation(let errors) {
                #expect(errors == ["title": "Введите название анкеты."])
            }
            #expect(try await Self.audits(.questionnaireEdited, on: app.db).isEmpty)
            #expect(try await Questionnaire.find(questionnaire.id, on: app.db)?.title == "Итоговая встреча")

            fields = try await Self.editFields(questionnaire, on: app.db, title: "Итоговая встреча 9 «А»")
            let draftEdit = try await QuestionnaireService.edit(questionnaire, fields: fields, by: curator, on: app.db)
            #expect(draftEdit.version.number == 1 && !draftEdit.startedNextVersion)

            let published = try await QuestionnaireService.publish(questionnaire, by: curator, on: app.db)
            #expect(published.number == 1 && published.isPublished)
            await #expect(throws: QuestionnaireError.alreadyPublished) {
                try await QuestionnaireService.publish(questionnaire, by: curator, on: app.db)
            }
            #expect(QuestionnaireError.alreadyPublished.status == .conflict)
            #expect(try await Self.audits(.questionnairePublished, on: app.db).compactMap(\.details) == ["Итоговая встреча 9 «А», версия 1"])

            // New wording over a published version starts version 2; version 1 keeps its words.
            let firstQuestion = try #require(try published.definition().questions.first)
            fields = try await Self.editFields(questionnaire, on: app.db)
            fields["text-\(firstQuestion.id)"] = "Что было самым ценным за год?"
            let nextEdit = try await QuestionnaireService.edit(questionnaire, fields: fields, by: curator, on: app.db)
            #expect(nextEdit.version.number == 2 && nextEdit.startedNextVersion && !nextEdit.version.isPublished)
            #expect(try await QuestionnaireVersion.find(published.id, on: app.db)?.definition().questions.first?.text == firstQuestion.text)
            #expect(try await Self.audits(.questionnaireEdited, on: app.db).compactMap(\.details)
                    == ["Итоговая встреча 9 «А», версия 1", "Итоговая встреча 9 «А», версия 2"])

            // Sending: no role and nobody ticked is the same refusal for everyone; a role sends to its people once.
            do {
                _ = try await QuestionnaireService.assign(questionnaire, to: .role(nil), dueAt: nil, by: curator, on: app.db)
                Issue.record("отправка без получателей принята")
            } catch AppError.validation(let errors) {
                #expect(errors == ["role": "Выберите роль или отметьте людей в списке."])
            }
            #expect(try await QuestionnaireService.assign(questionnaire, to: .role(.mentee), dueAt: nil, by: curator, on: app.db) == 2)
            #expect(try await QuestionnaireService.assign(questionnaire, to: .picked([.init(userID: school.mentees[0].id!, role: .mentee)]),
                                                          dueAt: nil, by: curator, on: app.db) == 0)
            #expect(try await QuestionnaireAssignment.query(on: app.db).count() == 2)
            #expect(try await Self.audits(.questionnaireAssigned, on: app.db).compactMap(\.details)
                    == ["Итоговая встреча 9 «А»: 2 чел.", "Итоговая встреча 9 «А»: 0 чел."])
        }
    }

    @Test("Анкета программы: отправка и отнесение к программе пишут журнал в своей транзакции; через API — одна пометка «(API)»; чужая программа — отказ")
    func programSurveys() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let user = try #require(try await User.query(on: app.db).filter(\.$login == "kurator").first())
            let page = Self.actor(user), api = Self.actor(user, viaAPI: true)
            let outcome = try await ProgramSurveys.send(.template("satisfaction-mentee"), program: c.program, audience: .mentees, pairingID: nil,
                                                        dueAt: nil, by: api, on: app.db)
            #expect(outcome.sent == 5 && outcome.withoutAccount.count == 1)
            let sent = try await Self.audits(.questionnaireAssigned, on: app.db)
            #expect(sent.compactMap(\.details) == ["\(outcome.questionnaire.title) — программа «Путь в профессию»: 5 чел. (API)"])

            // Nobody of the audience can receive it: refused, and no copy or entry is left behind.
            let before = try await Questionnaire.query(on: app.db).count()
            await #expect(throws: AppError.self) {
                try await ProgramSurveys.send(.template("satisfaction-mentor"), program: c.program, audience: .pair, pairingID: UUID(),
                                              dueAt: nil, by: page, on: app.db)
            }
            #expect(try await Questionnaire.query(on: app.db).count() == before)
            #expect(try await Self.audits(.questionnaireAssigned, on: app.db).count == 1)

            let own = try await QuestionnaireService.create(template: "program-quality", form: nil, in: c.organization, by: page, on: app.db)
            let other = try await Fixtures.territory(app, organizationName: "ГБПОУ «Другой колледж»")
            let foreign = Program(organizationID: other.organizationID, name: "Чужая", forms: [.employerStudent], goals: "", expectedResults: "",
                                  startsOn: c.year.firstDay, endsOn: c.year.lastDay, stage: .pairWork)
            try await foreign.create(on: app.db)
            await #expect(throws: QuestionnaireError.notAProgramOfOrganization) {
                try await ProgramSurveys.attach(own, to: foreign.id, by: page, on: app.db)
            }
            #expect(try await Questionnaire.find(own.id, on: app.db)?.programID == nil)
            let program = try await ProgramSurveys.attach(own, to: c.program.id, by: page, on: app.db)
            let linked = try await Questionnaire.find(own.id, on: app.db)?.programID
            #expect(program?.id == c.program.id && linked == c.program.id)
            try await ProgramSurveys.attach(own, to: nil, by: api, on: app.db)
            #expect(try await Self.audits(.questionnaireAttached, on: app.db).compactMap(\.details)
                    == ["\(own.title) → «Путь в профессию»", "\(own.title): без программы (API)"])
        }
    }

    @Test("Если запись в журнал не удалась, анкета не создаётся, не правится, не публикуется и не отправляется: журнал в транзакции изменения")
    func auditInsideTheChange() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let user = try #require(try await User.query(on: app.db).filter(\.$login == "kurator").first())
            let curator = Self.actor(user)
            let draft = try await QuestionnaireService.create(template: "satisfaction-mentee", form: nil, in: c.organization, by: curator, on: app.db)
            let published = try await QuestionnaireService.create(template: "program-quality", form: nil, in: c.organization, by: curator, on: app.db)
            _ = try await QuestionnaireService.publish(published, by: curator, on: app.db)
            let questionnaires = try await Questionnaire.query(on: app.db).count()
            let fields = try await Self.editFields(draft, on: app.db, title: "Новое название")
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE \(ident: AuditEntry.schema) RENAME TO \(ident: "audit_entries_away")").run()

            await #expect(throws: (any Error).self) {
                try await QuestionnaireService.create(template: "final-meeting", form: nil, in: c.organization, by: curator, on: app.db)
            }
            await #expect(throws: (any Error).self) { try await QuestionnaireService.edit(draft, fields: fields, by: curator, on: app.db) }
            await #expect(throws: (any Error).self) { try await QuestionnaireService.publish(draft, by: curator, on: app.db) }
            await #expect(throws: (any Error).self) {
                try await QuestionnaireService.assign(published, to: .role(.mentee), dueAt: nil, by: curator, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await ProgramSurveys.send(.own(published.id!), program: c.program, audience: .mentees, pairingID: nil, dueAt: nil, by: curator, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await ProgramSurveys.send(.template("satisfaction-mentor"), program: c.program, audience: .mentors, pairingID: nil, dueAt: nil,
                                              by: curator, on: app.db)
            }
            await #expect(throws: (any Error).self) { try await ProgramSurveys.attach(draft, to: c.program.id, by: curator, on: app.db) }

            #expect(try await Questionnaire.query(on: app.db).count() == questionnaires)
            let stored = try #require(try await Questionnaire.find(draft.id, on: app.db))
            #expect(stored.title == "Удовлетворённость участием в программе: наставляемый" && stored.programID == nil)
            #expect(try await QuestionnaireAuthoring.latestPublished(of: draft.requireID(), on: app.db) == nil)
            #expect(try await Questionnaire.find(published.id, on: app.db)?.programID == nil)
            #expect(try await QuestionnaireAssignment.query(on: app.db).count() == 0)
            #expect(try await AppNotification.query(on: app.db).count() == 0)
        }
    }

    @Test("Через API отправка анкеты программе, отнесение к программе и документ программы записаны в журнал словами страницы с одной пометкой «(API)»")
    func apiMarkedOnce() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let headers = try await ProgramSurveysAPITests.token(app, "kurator")
            let base = "/api/v1/organizations/\(c.organization.id!)"
            let client = try app.testing()
            let sent = try await client.sendRequest(.POST, base + "/programs/\(c.program.id!)/surveys", headers: headers,
                                                    body: try ProgramSurveysAPITests.json(["source": "template:satisfaction-mentee", "audience": "mentees"]))
            #expect(sent.status == .created)
            let id = try sent.content.decode(ProgramSurveysAPIController.SendResult.self).questionnaireID
            #expect(try await client.sendRequest(.POST, base + "/questionnaires/\(id)/program", headers: headers,
                                                 body: try ProgramSurveysAPITests.json(["programID": NSNull()])).status == .ok)
            #expect(try await client.sendRequest(.GET, base + "/programs/\(c.program.id!)/documents/regulation.docx", headers: headers).status == .ok)
            var details: [String] = []
            for action in [AuditAction.questionnaireAssigned, .questionnaireAttached, .programDocumentIssued] {
                details += try await Self.audits(action, on: app.db).compactMap(\.details)
            }
            #expect(details.count == 3 && details.allSatisfy { $0.hasSuffix(" (API)") && $0.components(separatedBy: "API").count == 2 }, "\(details)")
            #expect(details[0].hasSuffix(" — программа «Путь в профессию»: 5 чел. (API)") && details[1].hasSuffix(": без программы (API)"))
        }
    }

    // MARK: - Races, over real HTTP

    @Test("Четыре вкладки публикуют один черновик одновременно: версия опубликована один раз, одна запись в журнале, остальным — спокойное «уже опубликована»")
    func publishedOnce() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let questionnaire = try await QuestionnaireService.create(template: "final-meeting", form: nil, in: school.territory.organization,
                                                                      by: Self.actor(school.curator), on: app.db)
            let path = "/orgs/\(school.organizationID)/questionnaires/\(questionnaire.id!)"
            let curator = Browser(app)
            try await curator.signIn("curator")
            try await withLiveServer(app) { server in
                let tabs = (0..<4).map { _ in curator.tab(live: server) }
                let answers = try await inParallel(tabs.count) { index in try await tabs[index].post(path + "/publish") }
                #expect(answers.allSatisfy { $0.status == .seeOther && $0.location == path }, "\(answers.map(\.status))")
            }
            let versions = try await QuestionnaireVersion.query(on: app.db).filter(\.$questionnaire.$id == questionnaire.id!).all()
            #expect(versions.count == 1 && versions[0].isPublished)
            #expect(try await Self.audits(.questionnairePublished, on: app.db).count == 1)
            #expect(try await curator.post(path + "/publish").status == .seeOther)
            #expect(try await curator.get(path).text.contains("Эта версия уже опубликована"))
            #expect(try await Self.audits(.questionnairePublished, on: app.db).count == 1)
        }
    }

    @Test("Правка черновика и его публикация одновременно: опубликованная версия не меняется после публикации")
    func editRacingPublish() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let questionnaire = try await QuestionnaireService.create(template: "final-meeting", form: nil, in: school.territory.organization,
                                                                      by: Self.actor(school.curator), on: app.db)
            let path = "/orgs/\(school.organizationID)/questionnaires/\(questionnaire.id!)"
            let original = try await QuestionnaireAuthoring.latestVersion(of: questionnaire.requireID(), on: app.db).definition()
            let question = try #require(original.questions.first)
            var fields = try await Self.editFields(questionnaire, on: app.db)
            fields["text-\(question.id)"] = "Что было самым ценным за год?"
            let edit = fields
            let curator = Browser(app)
            try await curator.signIn("curator")
            try await withLiveServer(app) { server in
                let tabs = (0..<2).map { _ in curator.tab(live: server) }
                let statuses = try await inParallel(2) { index in
                    index == 0 ? try await tabs[0].post(path + "/publish").status : try await tabs[1].post(path + "/edit", form: edit).status
                }
                #expect(statuses == [.seeOther, .seeOther])
            }
            let versions = try await QuestionnaireVersion.query(on: app.db).filter(\.$questionnaire.$id == questionnaire.id!).sort(\.$number).all()
            let first = try #require(versions.first)
            #expect(first.isPublished)
            if versions.count == 2 {
                // Published first: its wording stayed, the edit became version 2.
                #expect(try first.definition() == original && !versions[1].isPublished)
                #expect(try versions[1].definition().questions.first?.text == "Что было самым ценным за год?")
            } else {
                // Edited first: the draft was published with the new wording.
                #expect(try first.definition().questions.first?.text == "Что было самым ценным за год?")
            }
            #expect(try await Self.audits(.questionnairePublished, on: app.db).count == 1)
            #expect(try await Self.audits(.questionnaireEdited, on: app.db).count == 1)
        }
    }

    /// The curator sends the program's survey form from three tabs at once; every tab is answered 303.
    @discardableResult
    static func sendFromThreeTabs(_ app: Application, _ c: ProgramSurveysTests.College, form: [String: String]) async throws -> Browser {
        let path = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)/surveys"
        let curator = Browser(app)
        try await curator.signIn("kurator")
        try await withLiveServer(app) { server in
            let tabs = (0..<3).map { _ in curator.tab(live: server) }
            let statuses = try await inParallel(tabs.count) { index in try await tabs[index].post(path, form: form).status }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
        }
        return curator
    }

    @Test("Одна анкета программы отправлена трижды одновременно (двойной клик, вкладки): каждый получил её один раз, у каждой отправки своя запись журнала")
    func programSurveySentOnce() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let user = try #require(try await User.query(on: app.db).filter(\.$login == "kurator").first())
            let own = try await QuestionnaireService.create(template: "satisfaction-mentee", form: nil, in: c.organization, by: Self.actor(user), on: app.db)
            _ = try await QuestionnaireService.publish(own, by: Self.actor(user), on: app.db)
            try await Self.sendFromThreeTabs(app, c, form: ["source": "own:\(own.id!)", "audience": "mentees", "dueDate": ""])
            let assignments = try await QuestionnaireAssignment.query(on: app.db).filter(\.$questionnaire.$id == own.id!).all()
            #expect(assignments.count == 5 && Set(assignments.map { $0.$user.id }).count == 5)
            #expect(try await AppNotification.query(on: app.db).count() == 5)
            let entries = try await Self.audits(.questionnaireAssigned, on: app.db).compactMap(\.details)
            #expect(entries.count == 3)
            #expect(entries.filter { $0.hasSuffix(": 5 чел.") }.count == 1 && entries.filter { $0.hasSuffix(": 0 чел.") }.count == 2, "\(entries)")
            #expect(try await Questionnaire.find(own.id, on: app.db)?.programID == c.program.id)
        }
    }

    @Test("Шаблон отправлен программе из трёх вкладок одновременно: одна копия анкеты, у каждого одно назначение; после ответов тот же шаблон — новая копия")
    func templateSentOnce() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let curator = try await Self.sendFromThreeTabs(app, c, form: ["source": "template:satisfaction-mentee", "audience": "mentees"])
            let path = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)/surveys"
            let copies = try await Questionnaire.query(on: app.db).filter(\.$templateKey == "satisfaction-mentee").all()
            #expect(copies.count == 1)
            let assignments = try await QuestionnaireAssignment.query(on: app.db).all()
            #expect(assignments.count == 5 && Set(assignments.map { $0.$user.id }).count == 5)
            #expect(try await Self.audits(.questionnaireAssigned, on: app.db).count == 3)

            // Everyone answered the entry survey: the exit one is a new copy, as before.
            for assignment in assignments {
                assignment.status = .submitted
                try await assignment.save(on: app.db)
            }
            #expect(try await curator.post(path, form: ["source": "template:satisfaction-mentee", "audience": "mentees"]).status == .seeOther)
            #expect(try await Questionnaire.query(on: app.db).filter(\.$templateKey == "satisfaction-mentee").count() == 2)
        }
    }

    @Test("Анкета отправлена роли дважды одновременно со страницы анкеты: у каждого одно назначение")
    func assignedOnce() async throws {
        try await withTestApp { app in
            let school = try await QuestionnaireSchool.make(app)
            let actor = Self.actor(school.curator)
            let questionnaire = try await QuestionnaireService.create(template: "final-meeting", form: nil, in: school.territory.organization, by: actor, on: app.db)
            _ = try await QuestionnaireService.publish(questionnaire, by: actor, on: app.db)
            let path = "/orgs/\(school.organizationID)/questionnaires/\(questionnaire.id!)/assignments"
            let curator = Browser(app)
            try await curator.signIn("curator")
            try await withLiveServer(app) { server in
                let tabs = (0..<3).map { _ in curator.tab(live: server) }
                let statuses = try await inParallel(tabs.count) { index in try await tabs[index].post(path, form: ["role": "mentee"]).status }
                #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            }
            let assignments = try await QuestionnaireAssignment.query(on: app.db).all()
            #expect(assignments.count == 2 && Set(assignments.map { $0.$user.id }) == Set(school.mentees.map(\.id!)))
            #expect(try await Self.audits(.questionnaireAssigned, on: app.db).compactMap(\.details).sorted()
                    == ["Итоговая встреча: 0 чел.", "Итоговая встреча: 0 чел.", "Итоговая встреча: 2 чел."])
        }
    }
}
