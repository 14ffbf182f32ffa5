import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Программы наставничества")
struct ProgramsTests {
    /// The form a curator fills for seed 003's program.
    static let schoolProgram: [String: String] = [
        "name": "Учитель – учитель", "form_teacherTeacher": "1", "model_noviceMaster": "1",
        "goals": "Закрепление молодых специалистов", "expectedResults": "Рост уверенности педагогов",
        "startsOn": "2022-09-01", "endsOn": "2025-08-31",
        "curators": "Петрова Мария Ивановна — куратор программы", "team": "Сидорова А. А., педагог-психолог — анкетирование",
        "partners": "ЦНППМ", "template": "schoolPlan",
    ]

    /// A school with its curator signed in.
    func signedInCurator(_ app: Application, lastName: String = "Петрова") async throws -> (Browser, Fixtures.Territory) {
        let school = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization, lastName: lastName)
        let browser = Browser(app)
        try await browser.signIn("kurator")
        return (browser, school)
    }

    func createProgram(_ browser: Browser, organizationID: UUID, form: [String: String] = schoolProgram) async throws -> String {
        let response = try await browser.post("/orgs/\(organizationID)/programs", form: form)
        #expect(response.status == .seeOther, "программа не создана: \(response.status)")
        return try #require(response.location)
    }

    @Test("Куратор создаёт программу по шаблону: этап 1, чек-лист, дорожная карта на три учебных года")
    func curatorCreatesProgram() async throws {
        try await withTestApp { app in
            let (browser, school) = try await signedInCurator(app)
            let location = try await createProgram(browser, organizationID: school.organizationID)
            let program = try #require(try await Program.query(on: app.db).first())
            #expect(location == "/orgs/\(school.organizationID)/programs/\(program.id!)")
            #expect(program.forms == [.teacherTeacher])
            #expect(program.roleModels == [.noviceMaster])
            #expect(program.stage == .preparation)
            let yearly = RoadmapTemplate.schoolPlan.items.filter(\.yearly).count
            #expect(try await RoadmapItem.query(on: app.db).count() == 37 + 2 * yearly)

            let page = try await browser.get(location)
            #expect(page.status == .ok)
            #expect(page.text.contains("Этап 1 из 7"))
            #expect(page.text.contains("Петрова Мария Ивановна"))
            // Team, forms and roadmap exist, so these items of stage 1 are derived from data.
            #expect(page.text.contains("отмечено по данным платформы"))
            // The period is in the past: everything planned before today is overdue and stands out.
            #expect(page.text.contains("Просрочено мероприятий"))
            let list = try await browser.get("/orgs/\(school.organizationID)/programs")
            #expect(list.text.contains("Учитель – учитель"))
            #expect(list.text.contains("требует внимания"))
            #expect(try await browser.get("/orgs/\(school.organizationID)").text.contains("Учитель – учитель"))
        }
    }

    @Test("Ошибки формы показываются у полей, введённое сохраняется")
    func formKeepsValues() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            let browser = Browser(app)
            try await browser.signIn("direktor")
            var form = Self.schoolProgram
            form["form_teacherTeacher"] = nil
            form["endsOn"] = "2021-08-31"
            form["name"] = "Программа «Старт» <b>"
            let response = try await browser.post("/orgs/\(school.organizationID)/programs", form: form)
            #expect(response.status == .unprocessableEntity)
            #expect(response.text.contains("Выберите хотя бы одну форму наставничества."))
            #expect(response.text.contains("Окончание программы не может быть раньше её начала."))
            #expect(response.text.contains("Программа «Старт» &lt;b&gt;"))
            #expect(try await Program.query(on: app.db).count() == 0)
        }
    }

    @Test("Переход на следующий этап предупреждает о невыполненном, но не запрещает; записано, кто перевёл")
    func stageTransitionWarns() async throws {
        try await withTestApp { app in
            let (browser, school) = try await signedInCurator(app, lastName: "Кузнецова")
            let location = try await createProgram(browser, organizationID: school.organizationID)
            let program = try #require(try await Program.query(on: app.db).first())
            let open = try await StageChecklist.load(program, evidence: app.checklistEvidence, on: app.db).openItems(upTo: .preparation)
            #expect(open.count == 4, "три пункта этапа 1 отмечены по данным: команда, формы, дорожная карта")

            let moved = try await browser.post(location + "/stage", form: ["stage": "2"])
            #expect(moved.status == .seeOther)
            let page = try await browser.get(location)
            #expect(page.text.contains("Не выполнено пунктов прежних этапов: 4"))
            #expect(page.text.contains("Этап 2 из 7"))
            let transition = try #require(try await StageTransition.query(on: app.db).first())
            #expect(transition.fromStage == .preparation && transition.toStage == .menteeBase)
            #expect(transition.actorName.hasPrefix("Кузнецова"))
            #expect(transition.openItems == 4)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.programStageChanged.rawValue).count() == 1)

            // Ticking every open item of stage 1 by hand clears the warning.
            let items = try await StageChecklistItem.query(on: app.db).filter(\.$stage == .preparation).filter(\.$isDone == false).all()
            for item in items where item.fact == nil {
                #expect(try await browser.post(location + "/checklist/\(item.id!)", form: ["done": "1"]).status == .seeOther)
            }
            #expect(try await StageChecklistItem.find(items.first { $0.fact == nil }!.id, on: app.db)?.doneByName != nil)
            let reloaded = try #require(try await Program.find(program.id, on: app.db))
            #expect(try await StageChecklist.load(reloaded, evidence: app.checklistEvidence, on: app.db).openItems(upTo: .preparation).isEmpty)
            #expect(try await browser.post(location + "/stage", form: ["stage": "9"]).status == .badRequest)
        }
    }

    @Test("Куратор чужой организации не видит программу (404), наставник своей — не может (403)")
    func otherOrganizationCannotSee() async throws {
        try await withTestApp { app in
            let a = try await Fixtures.territory(app, organizationName: "Школа А")
            let b = try await Fixtures.territory(app, organizationName: "Школа Б")
            try await Fixtures.person(app, login: "kurator.a", role: .curator, organization: a.organization)
            try await Fixtures.person(app, login: "kurator.b", role: .curator, organization: b.organization)
            try await Fixtures.person(app, login: "nastavnik.a", role: .mentor, organization: a.organization)
            let owner = Browser(app)
            try await owner.signIn("kurator.a")
            let location = try await createProgram(owner, organizationID: a.organizationID)
            let programID = try #require(try await Program.query(on: app.db).first()?.id)

            let stranger = Browser(app)
            try await stranger.signIn("kurator.b")
            for path in [location, location + "/roadmap", location + "/roadmap.xlsx", location + "/roadmap.docx", location + "/edit",
                         "/orgs/\(a.organizationID)/programs",
                         // The program's id under the stranger's own organization.
                         "/orgs/\(b.organizationID)/programs/\(programID)"] {
                #expect(try await stranger.get(path).status == .notFound, "\(path)")
            }
            #expect(try await stranger.post(location + "/stage", form: ["stage": "2"]).status == .notFound)
            let mentor = Browser(app)
            try await mentor.signIn("nastavnik.a")
            #expect(try await mentor.get(location).status == .forbidden)
            #expect(try await Program.find(programID, on: app.db)?.stage == .preparation)
        }
    }

    @Test("Мероприятие добавляется в дорожную карту, статус меняется; просроченное выделено")
    func roadmapItems() async throws {
        try await withTestApp { app in
            let (browser, school) = try await signedInCurator(app)
            let location = try await createProgram(browser, organizationID: school.organizationID)
            let bad = try await browser.post(location + "/roadmap", form: ["title": "", "stage": "1", "deadlineKind": "period", "deadlineFrom": "2022-11"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Назовите мероприятие."))
            #expect(bad.text.contains("Укажите последний месяц периода."))
            let added = try await browser.post(location + "/roadmap", form: [
                "title": "Открытый урок молодого специалиста", "stage": "6", "contour": "internal", "deadlineKind": "month",
                "deadlineFrom": "2023-03", "expectedResult": "Урок проведён", "responsible": "Куратор", "document": "Протокол"])
            #expect(added.status == .seeOther)
            let item = try #require(try await RoadmapItem.query(on: app.db).filter(\.$title == "Открытый урок молодого специалиста").first())
            #expect(item.deadlineText == "март 2023 г.")
            #expect(item.status(today: CalendarDay(year: 2023, month: 4, day: 1)) == .overdue)
            let roadmap = try await browser.get(location + "/roadmap")
            #expect(roadmap.text.contains("class=\"overdue\""))
            #expect(try await browser.post(location + "/roadmap/\(item.id!)", form: ["status": "done", "note": "Проведён 14 марта"]).status == .seeOther)
            let saved = try #require(try await RoadmapItem.find(item.id, on: app.db))
            #expect(saved.status(today: CalendarDay(year: 2030, month: 1, day: 1)) == .done)
            #expect(saved.note == "Проведён 14 марта")
            #expect(try await browser.post(location + "/roadmap/\(item.id!)", form: ["status": "overdue"]).status == .badRequest)
        }
    }

    @Test("«База наставляемых сформирована» отмечается сама, когда в базе есть наставляемый формы программы с запросом")
    func menteeBaseDerivedFromBase() async throws {
        try await withTestApp { app in
            let bases = ParticipantsTests()
            let s = try await bases.school(app)
            var form = Self.schoolProgram
            form["form_teacherTeacher"] = nil
            form["model_noviceMaster"] = nil
            form["form_studentStudent"] = "1"
            let location = try await createProgram(s.curator, organizationID: s.territory.organizationID, form: form)
            let program = try #require(try await Program.query(on: app.db).first())
            func derived() async throws -> Bool {
                let checklist = try await StageChecklist.load(program, evidence: app.checklistEvidence, on: app.db)
                return try #require(checklist.entries(of: .menteeBase).first { $0.title.hasPrefix("Организовать сбор данных о наставляемых") }).isDerived
            }
            #expect(try await derived() == false)
            try await bases.addMentee(s, app)
            #expect(try await derived() == true)
            #expect(try await s.curator.get(location).text.contains("отмечено по данным платформы"))
        }
    }

    @Test("Изменение программы: новая форма добавляет свои пункты, отмеченное остаётся отмеченным")
    func editKeepsTickedItems() async throws {
        try await withTestApp { app in
            let (browser, school) = try await signedInCurator(app)
            let location = try await createProgram(browser, organizationID: school.organizationID)
            let edit = try await browser.get(location + "/edit")
            #expect(edit.text.contains("Петрова Мария Ивановна — куратор программы"))
            let ticked = try #require(try await StageChecklistItem.query(on: app.db).filter(\.$stage == .preparation).first())
            #expect(try await browser.post(location + "/checklist/\(ticked.id!)", form: ["done": "1"]).status == .seeOther)
            var form = Self.schoolProgram
            form["name"] = "Учитель – учитель и ученик – ученик"
            form["form_studentStudent"] = "1"
            #expect(try await browser.post(location, form: form).status == .seeOther)
            let program = try #require(try await Program.query(on: app.db).first())
            #expect(program.name == "Учитель – учитель и ученик – ученик")
            #expect(program.forms == [.studentStudent, .teacherTeacher])
            let titles = try await StageChecklistItem.query(on: app.db).all().map(\.title)
            #expect(titles.contains { $0.contains("3–4 встреч") })
            #expect(try await StageChecklistItem.find(ticked.id, on: app.db)?.isDone == true)
            // Nothing from the template is added twice by an edit.
            #expect(try await RoadmapItem.query(on: app.db).count() == 37 + 2 * RoadmapTemplate.schoolPlan.items.filter(\.yearly).count)
        }
    }
}
