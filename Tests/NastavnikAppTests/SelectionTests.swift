import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Отбор наставников")
struct SelectionTests {
    /// A school with a curator signed in and a student–student program.
    func school(_ app: Application) async throws -> (Browser, Fixtures.Territory, Program, String) {
        let school = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
        let program = try await SelectionFixtures.program(app, organization: school.organization, forms: [.studentStudent])
        let browser = Browser(app)
        try await browser.signIn("kurator")
        return (browser, school, program, "/orgs/\(school.organizationID)/programs/\(program.id!)")
    }

    @Test("Критерии отбора выводятся из запросов наставляемых: сколько наставляемых и сколько наставников могут ответить")
    func criteriaFromRequests() async throws {
        try await withTestApp { app in
            let (browser, school, program, path) = try await school(app)
            let org = school.organization
            try await SelectionFixtures.mentee(app, organization: org, lastName: "Акимова", requests: [.adaptation, .bullying])
            try await SelectionFixtures.mentee(app, organization: org, lastName: "Белова", requests: [.adaptation, .lowAchievement])
            try await SelectionFixtures.mentee(app, organization: org, lastName: "Власова", requests: [.lowAchievement], status: .candidate)
            // Not the program's: finished, another form.
            try await SelectionFixtures.mentee(app, organization: org, lastName: "Гусева", requests: [.adaptation], status: .finished)
            try await SelectionFixtures.mentee(app, organization: org, lastName: "Денисова", form: .teacherTeacher, requests: [.burnout])
            try await SelectionFixtures.mentor(app, organization: org, lastName: "Ершов", origin: .student, competencies: "Адаптация в новом классе", capacity: 1)
            try await SelectionFixtures.mentor(app, organization: org, lastName: "Жуков", forms: [.teacherTeacher, .studentStudent],
                                               competencies: "адаптация", lifeExperience: "Буллинг в школе; переезд", capacity: 2)
            // Works only teacher–teacher: not a candidate of this program.
            try await SelectionFixtures.mentor(app, organization: org, lastName: "Зуев", forms: [.teacherTeacher], competencies: "Низкая успеваемость", capacity: 5)

            let board = try await SelectionBoard.load(program: program, on: app.db)
            let rows = Dictionary(uniqueKeysWithValues: board.criteria.rows.map { ($0.code, $0) })
            #expect(Set(rows.keys) == ["adaptation", "bullying", "lowAchievement"])
            #expect(rows["adaptation"].map { [$0.mentees, $0.mentors, $0.seats] } == [2, 2, 3])
            #expect(rows["adaptation"]?.isShort == false)
            #expect(rows["bullying"].map { [$0.mentees, $0.mentors, $0.seats] } == [1, 1, 2])
            #expect(rows["lowAchievement"].map { [$0.mentees, $0.mentors, $0.seats] } == [2, 0, 0])
            #expect(rows["lowAchievement"]?.isShort == true)
            #expect(board.criteria.rows.first?.code == "lowAchievement", "нехватка наставников — первой строкой")
            #expect(board.available.map(\.fullName).sorted() == ["Ершов Олег Петрович", "Жуков Олег Петрович"])

            let page = try await browser.get(path + "/selection")
            #expect(page.status == .ok)
            #expect(page.text.contains("Низкая успеваемость"))
            #expect(page.text.contains("мест меньше, чем наставляемых"))
        }
    }

    @Test("Собеседование и решение: для «не сейчас» нужна причина, форма сохраняет введённое; «отобран» меняет статус наставника")
    func interviewAndDecision() async throws {
        try await withTestApp { app in
            let (browser, school, _, path) = try await school(app)
            let mentor = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов", competencies: "Адаптация")
            let other = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Жуков")
            #expect(try await browser.post(path + "/selection", form: ["all": "1"]).status == .seeOther)
            #expect(try await MentorSelection.query(on: app.db).count() == 2)
            let card = path + "/selection/\(mentor.id!)"
            #expect(try await browser.get(card).text.contains("анкета не заполнена"))

            let invalid = try await browser.post(card + "/interview", form: ["interviewedOn": "2025-09-12", "interviewer": "Петрова М. И., куратор", "readiness": ""])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.text.contains("Оцените психологическую готовность"))
            #expect(invalid.text.contains("value=\"Петрова М. И., куратор\""))
            let saved = try await browser.post(card + "/interview", form: ["interviewedOn": "2025-09-12", "interviewer": "Петрова М. И., куратор",
                                                                          "readiness": "ratherReady", "conclusion": "Готов, обучить постановке целей"])
            #expect(saved.status == .seeOther)
            #expect(try await browser.get(card).text.contains("Готов, обучить постановке целей"))

            let noReason = try await browser.post(card + "/decision", form: ["decision": "notNow", "reason": "  "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.text.contains("Укажите причину решения «не сейчас»"))
            #expect(noReason.text.contains("value=\"notNow\" selected"))
            #expect(noReason.text.contains("Готов, обучить постановке целей"), "записанное собеседование остаётся в форме")

            let test = try await browser.post(card + "/test", form: ["testedOn": "2025-09-15", "communicationScore": "7", "empathyScore": "5"])
            #expect(test.status == .unprocessableEntity, "тестирование — для наставников-обучающихся")

            #expect(try await browser.post(card + "/decision", form: ["decision": "selected"]).status == .seeOther)
            #expect(try await Mentor.find(mentor.id, on: app.db)?.status == .selected)
            #expect(try await browser.post(path + "/selection/\(other.id!)/decision", form: ["decision": "notNow", "reason": "Нагрузка в этом году"]).status == .seeOther)
            #expect(try await Mentor.find(other.id, on: app.db)?.status == .candidate)
            let selection = try #require(try await MentorSelection.query(on: app.db).filter(\.$mentor.$id == other.id!).first())
            #expect(selection.decision == .notNow && selection.decisionReason == "Нагрузка в этом году")

            let audit = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.selectionDecided.rawValue).count()
            #expect(audit == 2)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.interviewRecorded.rawValue).count() == 1)
        }
    }

    @Test("Тестирование наставника-обучающегося находит пробелы для обучения, а не отсеивает")
    func studentTest() async throws {
        try await withTestApp { app in
            let (browser, school, _, path) = try await school(app)
            let student = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов", origin: .student)
            #expect(try await browser.post(path + "/selection", form: ["mentorID": student.id!.uuidString]).status == .seeOther)
            let card = path + "/selection/\(student.id!)"
            let bad = try await browser.post(card + "/test", form: ["testedOn": "2025-09-15", "communicationScore": "11", "empathyScore": "5"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("от 0 до 10"))
            #expect(try await browser.post(card + "/test", form: ["testedOn": "2025-09-15", "communicationScore": "7", "empathyScore": "4",
                                                                "gaps": "Активное слушание\nВопросы без оценки"]).status == .seeOther)
            let selection = try #require(try await MentorSelection.query(on: app.db).first())
            #expect(selection.gapList == ["Активное слушание", "Вопросы без оценки"])
            #expect(selection.decision == .pending)
            #expect(try await browser.get(path + "/selection").text.contains("пробелов: 2"))
        }
    }

    @Test("Реестр наставников и приказ об утверждении: отобранные наставники, название приказа; LibreOffice открывает файл")
    func registryOrder() async throws {
        try await withTestApp { app in
            let (browser, school, program, path) = try await school(app)
            let chosen = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов", competencies: "Адаптация", capacity: 2)
            let declined = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Жуков")
            _ = try await SelectionService.add(nil, to: program, on: app.db)
            try await browser.post(path + "/selection/\(chosen.id!)/decision", form: ["decision": "selected"])
            try await browser.post(path + "/selection/\(declined.id!)/decision", form: ["decision": "notNow", "reason": "Позже"])

            let page = try await browser.get(path + "/registry")
            #expect(page.status == .ok)
            #expect(page.text.contains("Ершов Олег Петрович"))
            #expect(!page.text.contains("<td>Жуков"))

            let file = try await browser.get(path + "/registry.docx")
            #expect(file.status == .ok)
            let parts = try OfficeZip.unpack(Data(buffer: file.body))
            let xml = try #require(parts["word/document.xml"].flatMap { String(data: $0, encoding: .utf8) })
            #expect(xml.contains("Об утверждении реестра наставников программы наставничества «Ученик – ученик»"))
            #expect(xml.contains("ПРИКАЗЫВАЮ:"))
            #expect(xml.contains("Ершов Олег Петрович"))
            #expect(xml.contains(school.organization.name))
            #expect(!xml.contains("Жуков"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.registryOrderIssued.rawValue).count() == 1)

            if LibreOffice.shouldCheck {
                let text = try LibreOffice.pdfText(of: Data(buffer: file.body), ext: "docx")
                #expect(text.contains("ПРИКАЗ"))
                #expect(text.contains("Ершов"))
            }
        }
    }

    @Test("Отбор доступен куратору своей организации: наставнику и наставляемому — 403, чужой организации — 404")
    func authorization() async throws {
        try await withTestApp { app in
            let (_, school, program, path) = try await school(app)
            let mentor = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов")
            _ = try await SelectionService.add(nil, to: program, on: app.db)
            try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: school.organization)
            try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: school.organization)
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            try await Fixtures.person(app, login: "chuzhoy", role: .curator, organization: other.organization)
            try await Fixtures.person(app, login: "psiholog", role: .psychologist, organization: school.organization)

            for login in ["nastavnik", "uchenik"] {
                let browser = Browser(app)
                try await browser.signIn(login)
                #expect(try await browser.get(path + "/selection").status == .forbidden, "\(login): отбор")
                #expect(try await browser.get(path + "/training").status == .forbidden, "\(login): обучение")
                #expect(try await browser.get(path + "/registry.docx").status == .forbidden, "\(login): приказ")
                #expect(try await browser.post(path + "/selection/\(mentor.id!)/decision", form: ["decision": "selected"]).status == .forbidden)
            }
            let stranger = Browser(app)
            try await stranger.signIn("chuzhoy")
            #expect(try await stranger.get(path + "/selection").status == .notFound)
            #expect(try await stranger.get("/orgs/\(other.organizationID)/programs/\(program.id!)/selection").status == .notFound)
            #expect(try await stranger.get("/orgs/\(other.organizationID)/programs/\(program.id!)/training").status == .notFound)
            #expect(try await Mentor.find(mentor.id, on: app.db)?.status == .candidate)

            let psychologist = Browser(app)
            try await psychologist.signIn("psiholog")
            #expect(try await psychologist.get(path + "/selection/\(mentor.id!)").status == .ok)
        }
    }

    @Test("Демо: в программе школы проведён отбор — двое отобраны, один «не сейчас» — и два занятия обучения с посещением")
    func demoSelection() async throws {
        try await withTestApp { app in
            let summary = try await DemoData.create(on: app.db, passwords: app.password.async)
            let program = try #require(try await Program.query(on: app.db).first())
            let decisions = try await MentorSelection.query(on: app.db).filter(\.$program.$id == program.id!).all().map(\.decision)
            #expect(decisions.filter { $0 == .selected }.count == 2)
            #expect(decisions.filter { $0 == .notNow }.count == 1)
            #expect(try await TrainingSession.query(on: app.db).count() == 2)
            // Attendance is marked for the sessions already held, so early in September there is none yet.
            let attended = try await TrainingAttendance.query(on: app.db).count()
            #expect([0, 2, 4].contains(attended))
            let registry = try await MentorRegistry.load(program: program, on: app.db)
            #expect(registry.rows.count == 2)
            if attended > 0 { #expect(registry.rows.allSatisfy { $0.isTrained }) }

            // The demo curator opens every page of stage 4.
            let curator = Browser(app)
            try await curator.signIn("kurator", password: summary.password)
            let path = "/orgs/\(program.$organization.id)/programs/\(program.id!)"
            let mentorID = try #require(registry.rows.first?.mentorID)
            for page in ["", "/selection", "/selection/\(mentorID)", "/training", "/registry", "/registry.docx"] {
                #expect(try await curator.get(path + page).status == .ok, "\(page)")
            }
            #expect(try await curator.get(path + "/selection").text.contains("Высокая учебная нагрузка"))
        }
    }

    @Test("Анкета наставника видна в отборе: дата, самооценка готовности и ссылка на ответы")
    func applicationQuestionnaire() async throws {
        try await withTestApp { app in
            let (browser, school, program, path) = try await school(app)
            let person = try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: school.organization, lastName: "Ершов")
            let mentor = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов")
            mentor.$user.id = person.id
            try await mentor.save(on: app.db)
            let template = QuestionnaireTemplate.mentorApplication
            let questionnaire = Questionnaire(organizationID: school.organizationID, title: template.title, purpose: "отбор",
                                              templateKey: template.key, audience: .mentor, isAnonymous: false, createdByID: person.id!)
            try await questionnaire.save(on: app.db)
            let version = try QuestionnaireVersion(questionnaireID: questionnaire.id!, number: 1, definition: template.definition)
            try await version.save(on: app.db)
            let readiness = try #require(template.definition.questions.first { $0.key == .mentorReadiness })
            let motivation = try #require(template.definition.questions.first { $0.key == .mentorMotivation })
            let answer = try Answer(organizationID: school.organizationID, questionnaireID: questionnaire.id!, versionID: version.id!,
                                    sheet: AnswerSheet(values: [readiness.id: .scale(4), motivation.id: .text("Хочу помогать младшим")]))
            answer.$respondent.id = person.id
            answer.submittedAt = Date()
            try await answer.save(on: app.db)
            _ = try await SelectionService.add(nil, to: program, on: app.db)

            let card = try await browser.get(path + "/selection/\(mentor.id!)")
            #expect(card.text.contains("готовность по самооценке: 4 из 5"))
            #expect(card.text.contains("/questionnaires/\(questionnaire.id!)/results"))
            #expect(!(try await browser.get(path + "/selection")).text.contains("анкета не заполнена"))
        }
    }
}
