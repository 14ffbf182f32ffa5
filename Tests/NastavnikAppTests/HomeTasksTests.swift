import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 19, item 1: each role's home page says what to do now, with a count and a link, and a
/// line goes once the work is done.
@Suite("Главная: что сделать сейчас")
struct HomeTasksTests {
    struct School {
        let territory: Fixtures.Territory
        let program: Program
        let curator: Browser
        var org: String { "/orgs/\(territory.organizationID)" }
        var programPath: String { "\(org)/programs/\(program.id!)" }
    }

    func school(_ app: Application) async throws -> School {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
        let program = try await PairingFixtures.program(app, organization: territory.organization)
        program.endsOn = CalendarDay.today().adding(days: 200).iso
        try await program.save(on: app.db)
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return School(territory: territory, program: program, curator: curator)
    }

    /// A pair of the program: formed `formedDaysAgo` days ago, with accounts for both sides when logins are given.
    @discardableResult
    func pair(_ app: Application, _ s: School, mentor: String, mentee: String, status: PairingStatus = .formed, formedDaysAgo: Int = 30,
              mentorLogin: String? = nil, menteeLogin: String? = nil) async throws -> Pairing {
        let mentorUser = try await mentorLogin.asyncMap { try await Fixtures.person(app, login: $0, role: .mentor, organization: s.territory.organization, lastName: mentor) }
        let menteeUser = try await menteeLogin.asyncMap { try await Fixtures.person(app, login: $0, role: .mentee, organization: s.territory.organization, lastName: mentee) }
        let mentorRow = try await PairingFixtures.mentor(app, organization: s.territory.organization, lastName: mentor, userID: mentorUser?.id, selectedIn: s.program)
        let menteeRow = try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: mentee, age: 15, userID: menteeUser?.id)
        let pairing = try Pairing(program: s.program, mentorID: mentorRow.id!, form: .studentStudent, scheme: .curatorProposal, status: status, createdByName: "")
        if status != .proposed { pairing.formedAt = Date().addingTimeInterval(-Double(formedDaysAgo) * 86_400) }
        try await pairing.create(on: app.db)
        let member = PairingMember(pairingID: pairing.id!, menteeID: menteeRow.id!, programID: s.program.id!, score: 70, explanation: [], position: 0)
        if status != .proposed { member.menteeAnswer = .accepted; member.mentorAnswer = .accepted }
        try await member.create(on: app.db)
        return pairing
    }

    func meeting(_ app: Application, _ pairing: Pairing, daysAgo: Int, kind: MeetingKind = .working, status: MeetingStatus = .held) async throws -> PairMeeting {
        let meeting = PairMeeting()
        meeting.$pairing.id = pairing.id!
        meeting.programID = pairing.$program.id
        meeting.kind = kind
        meeting.status = status
        meeting.on = CalendarDay.today().adding(days: -daysAgo).iso
        meeting.startsAt = "15:00"
        meeting.durationMinutes = 60
        meeting.format = .inPerson
        meeting.place = ""
        meeting.summary = status == .held ? "Разобрали задачи" : ""
        meeting.recordedByName = "Тест"
        try await meeting.create(on: app.db)
        return meeting
    }

    func reflection(_ app: Application, _ meeting: PairMeeting, side: BaseKind, memberID: UUID? = nil) async throws {
        let row = MeetingReflection()
        row.$meeting.id = meeting.id!
        row.side = side
        row.memberID = memberID
        row.closerToGoal = .yes
        row.wentWell = ""; row.toChange = ""; row.feeling = ""; row.nextSteps = ""; row.writtenByName = "Тест"
        try await row.create(on: app.db)
    }

    func curatorLines(_ app: Application, _ s: School) async throws -> CuratorTasks.Result {
        try await CuratorTasks.load(organizationID: s.territory.organizationID, evidence: app.checklistEvidence, on: app.db)
    }

    func task(_ result: CuratorTasks.Result, _ kind: String) -> HomeTask? {
        (result.organization + result.programs.flatMap(\.tasks)).first { $0.kind == kind }
    }

    @Test("Куратор видит людей без согласия на обработку данных со ссылкой на базу; записанное согласие убирает строку")
    func consents() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let mentee = try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: "Орлов", consent: false)
            try await PairingFixtures.mentor(app, organization: s.territory.organization, lastName: "Ершова", consent: false)
            let home = try await s.curator.get("/")
            #expect(home.text.contains("\(s.org)/mentees?consent=missing") && home.text.contains("наставляемый без согласия на обработку данных"))
            #expect(home.text.contains("\(s.org)/mentors?consent=missing") && home.text.contains("наставник без согласия на обработку данных"))
            #expect(try await s.curator.post(s.org + "/mentees/\(mentee.id!)/consents", form: [
                "purpose": "processing", "givenOn": "01.09.2025", "byGuardian": "1", "givenByName": "Орлова Анна Петровна"]).status == .seeOther)
            let after = try await curatorLines(app, s)
            #expect(task(after, "menteeConsents") == nil && task(after, "mentorConsents")?.count == 1)
        }
    }

    @Test("Анкеты, не заполненные в срок, и предложенные пары без ответа видны куратору, пока их не закроют")
    func questionnairesAndProposals() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let person = try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: s.territory.organization, lastName: "Орлов")
            let template = QuestionnaireTemplate.all[0]
            let questionnaire = Questionnaire(organizationID: s.territory.organizationID, title: "Входная анкета", purpose: "старт",
                                              templateKey: template.key, audience: .mentee, isAnonymous: false, createdByID: person.id!)
            try await questionnaire.save(on: app.db)
            let version = try QuestionnaireVersion(questionnaireID: questionnaire.id!, number: 1, definition: template.definition)
            try await version.save(on: app.db)
            let late = QuestionnaireAssignment(organizationID: s.territory.organizationID, questionnaireID: questionnaire.id!, versionID: version.id!,
                                               userID: person.id!, role: .mentee, dueAt: Date().addingTimeInterval(-86_400), assignedByID: person.id!)
            try await late.save(on: app.db)
            // Not yet due: no line.
            try await QuestionnaireAssignment(organizationID: s.territory.organizationID, questionnaireID: questionnaire.id!, versionID: version.id!,
                                              userID: person.id!, role: .mentee, dueAt: Date().addingTimeInterval(86_400), assignedByID: person.id!).save(on: app.db)
            let proposed = try await pair(app, s, mentor: "Смирнова", mentee: "Волков", status: .proposed)

            let home = try await s.curator.get("/")
            #expect(home.text.contains("1</strong> человек не заполнил в срок анкету «Входная анкета»"))
            #expect(home.text.contains("\(s.org)/questionnaires/\(questionnaire.id!)"))
            #expect(home.text.contains("1</strong> предложенная пара ждёт ответа сторон") && home.text.contains("\(s.programPath)/pairs"))

            late.status = .submitted
            try await late.save(on: app.db)
            proposed.status = .formed
            proposed.formedAt = Date()
            try await proposed.save(on: app.db)
            let after = try await curatorLines(app, s)
            #expect(task(after, "overdueQuestionnaire") == nil && task(after, "proposals") == nil)
        }
    }

    @Test("Пара без встреч больше 14 дней: строка на главной; снятое с заметкой предупреждение уходит, новая встреча — тоже")
    func stalePairsAndAcknowledgement() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let silent = try await pair(app, s, mentor: "Смирнова", mentee: "Орлов", formedDaysAgo: 40)
            let old = try await pair(app, s, mentor: "Ершова", mentee: "Волков", formedDaysAgo: 60)
            _ = try await meeting(app, old, daysAgo: 20, kind: .acquaintance)
            // Fresh pair: within two weeks, no line.
            try await pair(app, s, mentor: "Белова", mentee: "Зайцев", formedDaysAgo: 5)
            // A finished pair never warns.
            let finished = try await pair(app, s, mentor: "Котова", mentee: "Лисин", status: .finished, formedDaysAgo: 90)
            let finishedPage = try await s.curator.get("/pairs/\(finished.id!)")
            #expect(finishedPage.status == .ok && !finishedPage.text.contains("а встреч ещё не было"))

            let home = try await s.curator.get("/")
            #expect(home.text.contains("2</strong> пары не встречались больше 14 дней") && home.text.contains("\(s.programPath)/rhythm"))

            let rhythm = s.programPath + "/rhythm"
            #expect(try await s.curator.post("/pairs/\(silent.id!)/rhythm/acknowledge", form: ["warning": "gap", "anchor": "", "note": ""]).status == .seeOther)
            #expect(try await RhythmAcknowledgement.query(on: app.db).count() == 0)
            for _ in 0..<2 {
                #expect(try await s.curator.post("/pairs/\(silent.id!)/rhythm/acknowledge", form: [
                    "warning": "gap", "anchor": "", "note": "Наставник на больничном до конца месяца"]).status == .seeOther)
            }
            #expect(try await RhythmAcknowledgement.query(on: app.db).count() == 1)
            let acknowledged = try await curatorLines(app, s)
            #expect(task(acknowledged, "stalePairs")?.count == 1)
            let page = try await s.curator.get(rhythm)
            #expect(page.text.contains("Наставник на больничном до конца месяца"))

            // A meeting held yesterday ends the other warning.
            _ = try await meeting(app, old, daysAgo: 1)
            let met = try await curatorLines(app, s)
            #expect(task(met, "stalePairs") == nil)

            // The database's count is PairRhythm's rule: the pair page agrees.
            let mentorPage = try await s.curator.get("/pairs/\(silent.id!)")
            #expect(!mentorPage.text.contains("а встреч ещё не было"))
        }
    }

    @Test("Формы обратной связи, не заполненные за три дня, — строка куратора; обе формы её убирают")
    func lateReflections() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let pairing = try await pair(app, s, mentor: "Смирнова", mentee: "Орлов")
            let held = try await meeting(app, pairing, daysAgo: 5, kind: .acquaintance)
            _ = try await meeting(app, pairing, daysAgo: 1)
            let home = try await s.curator.get("/")
            #expect(home.text.contains("1</strong> пара не заполнила формы обратной связи в срок"))
            try await reflection(app, held, side: .mentor)
            let half = try await curatorLines(app, s)
            #expect(task(half, "lateReflections")?.count == 1)
            let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
            try await reflection(app, held, side: .mentee, memberID: member.id)
            let both = try await curatorLines(app, s)
            #expect(task(both, "lateReflections") == nil)
        }
    }

    @Test("Обращение наставляемого остаётся у куратора и после завершения пары, пока его не отметят решённым")
    func concernsStayUntilHandled() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let pairing = try await pair(app, s, mentor: "Смирнова", mentee: "Орлов", menteeLogin: "uchenik")
            let mentee = Browser(app)
            try await mentee.signIn("uchenik")
            #expect(try await mentee.post("/pairs/\(pairing.id!)/concerns", form: ["concernText": "Наставник дважды не пришёл", "asksIntervention": "on"]).status == .seeOther)
            var home = try await s.curator.get("/")
            #expect(home.text.contains("1</strong> обращение участника пары ждёт ответа куратора") && home.text.contains("просят вмешаться: 1"))
            #expect(home.text.contains("\(s.org)/concerns"))

            // The pair ends: the concern stays on the home page and in the list.
            pairing.status = .finished
            try await pairing.save(on: app.db)
            home = try await s.curator.get("/")
            #expect(home.text.contains("обращение участника пары ждёт ответа куратора"))
            let inbox = try await s.curator.get(s.org + "/concerns")
            #expect(inbox.status == .ok && inbox.text.contains("Наставник дважды не пришёл") && inbox.text.contains("работа пары завершена"))
            // The mentee cannot open the list.
            #expect(try await mentee.get(s.org + "/concerns").status == .forbidden)

            let concern = try #require(try await PairConcern.query(on: app.db).first())
            #expect(try await s.curator.post(s.org + "/concerns/\(concern.id!)/handled").status == .seeOther)
            #expect(try await PairConcern.find(concern.id, on: app.db)?.handledAt != nil)
            let handled = try await curatorLines(app, s)
            #expect(task(handled, "concerns") == nil)
            #expect(try await s.curator.get(s.org + "/concerns").text.contains("Необработанных обращений нет"))
        }
    }

    @Test("Просроченные пункты дорожной карты и открытые пункты чек-листа текущего этапа — со ссылкой на программу")
    func roadmapAndChecklist() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let item = RoadmapItem(programID: s.program.id!, position: 1, title: "Приказ о закреплении пар", stage: .pairing, contour: .internal,
                                   deadline: .day(CalendarDay.today().adding(days: -3)),
                                   expectedResult: "", responsible: "", document: "")
            try await item.create(on: app.db)
            let open = StageChecklistItem(programID: s.program.id!, stage: .pairing, contour: .internal, title: "Проведена встреча Mentor Match", fact: nil, position: 1)
            try await open.create(on: app.db)
            // An item of another stage is not counted.
            try await StageChecklistItem(programID: s.program.id!, stage: .completion, contour: .internal, title: "Итоги", fact: nil, position: 2).create(on: app.db)
            let home = try await s.curator.get("/")
            #expect(home.text.contains("1</strong> пункт дорожной карты просрочен") && home.text.contains("\(s.programPath)/roadmap"))
            #expect(home.text.contains("1</strong> пункт чек-листа текущего этапа не выполнен"))
            item.markedStatus = .done
            try await item.save(on: app.db)
            open.isDone = true
            try await open.save(on: app.db)
            let after = try await curatorLines(app, s)
            #expect(task(after, "overdueRoadmap") == nil && task(after, "openChecklist") == nil && after.total == 0)
            #expect(try await s.curator.get("/").text.contains("Срочных дел нет"))
        }
    }

    @Test("Наставник и наставляемый видят следующую встречу, формы обратной связи, анкеты и цели со сроком")
    func participantTasks() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let pairing = try await pair(app, s, mentor: "Смирнова", mentee: "Орлов", mentorLogin: "nastavnik", menteeLogin: "uchenik")
            let held = try await meeting(app, pairing, daysAgo: 2, kind: .acquaintance)
            _ = try await meeting(app, pairing, daysAgo: -3, kind: .trial, status: .planned)
            let goal = PairGoal()
            goal.$pairing.id = pairing.id!
            goal.horizon = .short
            goal.title = "Закрыть пробелы по алгебре"
            goal.desiredResult = ""; goal.actions = ""; goal.indicator = "Оценки"; goal.completionNote = ""
            goal.dueOn = CalendarDay.today().adding(days: 2).iso
            goal.progress = 40
            goal.writtenByName = "Тест"
            try await goal.create(on: app.db)

            let mentor = Browser(app)
            try await mentor.signIn("nastavnik")
            let home = try await mentor.get("/")
            #expect(home.text.contains("Следующая встреча") && home.text.contains("Пробная рабочая встреча — \(CalendarDay.today().adding(days: 3).russian), 15:00"))
            #expect(home.text.contains("1</strong> встреча ждёт вашей формы обратной связи") && home.text.contains("/pairs/\(pairing.id!)"))
            #expect(home.text.contains("1</strong> цель пары — срок подходит или прошёл") && home.text.contains("/pairs/\(pairing.id!)#goals"))

            try await reflection(app, held, side: .mentor)
            let user = try #require(try await User.query(on: app.db).filter(\.$login == "nastavnik").first())
            let after = try await ParticipantTasks.load(userID: user.id!, proposalsToAnswer: 0, on: app.db)
            #expect(!after.tasks.contains { $0.kind == "reflections" })
            // The mentee's own form is still missing.
            let child = try #require(try await User.query(on: app.db).filter(\.$login == "uchenik").first())
            let mine = try await ParticipantTasks.load(userID: child.id!, proposalsToAnswer: 0, on: app.db)
            #expect(mine.tasks.first { $0.kind == "reflections" }?.count == 1 && mine.nextMeeting != nil)
            goal.progress = 100
            try await goal.save(on: app.db)
            let done = try await ParticipantTasks.load(userID: user.id!, proposalsToAnswer: 0, on: app.db)
            #expect(!done.tasks.contains { $0.kind == "goals" })
        }
    }

    @Test("Администрация видит пары без приказа и состояние программ; организация задаёт свою целевую долю")
    func administration() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: s.territory.organization)
            let pairing = try await pair(app, s, mentor: "Смирнова", mentee: "Орлов")
            let director = Browser(app)
            try await director.signIn("direktor")
            let home = try await director.get("/")
            #expect(home.text.contains("1</strong> сформированная пара ждёт приказа о закреплении") && home.text.contains("\(s.programPath)/pairs"))
            #expect(home.text.contains("Состояние программ") && home.text.contains("Шаг вперёд"))
            pairing.orderNumber = "15-о"
            try await pairing.save(on: app.db)
            let signed = try await director.get("/")
            #expect(!signed.text.contains("ждёт приказа о закреплении"))

            #expect(try await director.post(s.org + "/involvement-target", form: ["targetPercent": "150"]).status == .seeOther)
            #expect(try await InvolvementTarget.query(on: app.db).count() == 0)
            #expect(try await director.post(s.org + "/involvement-target", form: ["targetPercent": "80"]).status == .seeOther)
            #expect(try await InvolvementTarget.query(on: app.db).first()?.percent == 80)
            #expect(try await s.curator.post(s.org + "/involvement-target", form: ["targetPercent": "10"]).status == .forbidden)
        }
    }

    @Test("Законный представитель видит на главной согласие и предложение, ждущие его; администрация — кейс на согласовании, пока его не рассмотрят")
    func representativeAndCases() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            try await world.propose(app)
            let organization = world.territory.organization
            let other = try await PairingFixtures.mentee(app, organization: organization, lastName: "Лебедев", consent: false)
            try await GuardianLink(organizationID: organization.id!, guardianUserID: world.guardianUser.id!, menteeID: other.id!, relation: "мать",
                                   createdByID: nil, createdByName: "Куратор").create(on: app.db)
            let parent = Browser(app)
            try await parent.signIn("guardian")
            let home = try await parent.get("/")
            #expect(home.text.contains("Лебедев Иван: нет согласия на обработку персональных данных"))
            #expect(home.text.contains("Орлов Иван: 1 предложение пары ждёт вашего согласия"))
            #expect(home.text.contains("href=\"/me/children\""))

            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: organization)
            let pairing = try #require(try await Pairing.query(on: app.db).first())
            let practice = try await NotificationsTests.submittedCase(app, world, pairing)
            let director = Browser(app)
            try await director.signIn("direktor")
            let waiting = try await director.get("/")
            #expect(waiting.text.contains("1</strong> кейс практики ждёт согласования") && waiting.text.contains("/orgs/\(organization.id!)/cases"))
            practice.status = .published
            try await practice.save(on: app.db)
            #expect(!(try await director.get("/")).text.contains("ждёт согласования"))
        }
    }

    @Test("Координатор видит организации ниже целевой доли вовлечённых: федеральные 70 %, цель региона и своя цель организации")
    func coordinatorTargets() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: s.territory.region.id)
            try await pair(app, s, mentor: "Смирнова", mentee: "Орлов")
            // The fixture inserts the pair directly, not through the application: the stored counts are computed once.
            try await IndicatorCountsTable.rebuild(on: app.db)
            let year = AcademicYear.of(s.program.start)
            for (organization, students) in [(s.territory.organization, 2), (other.organization, 10)] {
                let figures = OrganizationYearFigures()
                figures.$organization.id = organization.id!
                figures.academicYear = year.startYear
                figures.students = students
                figures.teachers = 1; figures.youngTeachers = 0; figures.enteredByName = "Тест"
                try await figures.create(on: app.db)
            }
            let coordinator = Browser(app)
            try await coordinator.signIn("koordinator")
            let coordinatorPrincipal = try #require(try await principal(app, "koordinator"))
            let scopes = try await CoordinatorTasks.load(coordinatorPrincipal, today: year.firstDay.adding(days: 10), on: app.db)
            // School 1: 1 of 2 involved — 50 % < 70 %; school 2: 0 %.
            #expect(scopes.first?.lagging.map(\.name) == ["МБОУ СОШ № 2", "МБОУ СОШ № 1"])
            #expect(scopes.first?.lagging.last?.actual == "50,0 %" && scopes.first?.lagging.last?.target == "70 %")

            #expect(try await coordinator.post("/territory/regions/\(s.territory.region.id!)/target", form: ["targetPercent": "40"]).status == .seeOther)
            try await InvolvementTargets.set(90, organizationID: s.territory.organizationID, by: .system, on: app.db)
            let again = try await CoordinatorTasks.load(coordinatorPrincipal, today: year.firstDay.adding(days: 10), on: app.db)
            #expect(again.first?.regionTarget == 40 && again.first?.regionHasOwnTarget == true)
            #expect(again.first?.lagging.map(\.target) == ["40 %", "90 %"])
            let home = try await coordinator.get("/")
            #expect(home.status == .ok && home.text.contains("Целевая доля вовлечённых обучающихся"))
            // A curator may not set the region's target.
            #expect(try await s.curator.post("/territory/regions/\(s.territory.region.id!)/target", form: ["targetPercent": "10"]).status == .notFound)
        }
    }

    func principal(_ app: Application, _ login: String) async throws -> Principal? {
        guard let user = try await User.query(on: app.db).filter(\.$login == login).first() else { return nil }
        let grants = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == user.id!).all().map {
            Principal.Grant(role: $0.role, organizationID: $0.$organization.id, municipalityID: $0.$municipality.id, regionID: $0.$region.id)
        }
        return Principal(userID: user.id!, fullName: user.lastName, shortName: user.lastName, isPlatformAdmin: false, mustChangePassword: false, grants: grants)
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
