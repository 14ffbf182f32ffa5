import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Работа пар: встречи, рефлексия, ритм")
struct PairWorkTests {
    /// A formed pair: a mentor and a mentee with accounts, and the curator.
    func formedPair(_ app: Application) async throws -> (pairing: Pairing, curator: Browser, mentor: Browser, mentee: Browser, territory: Fixtures.Territory) {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
        let mentorUser = try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: territory.organization, lastName: "Смирнова")
        let menteeUser = try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: territory.organization, lastName: "Орлов")
        let program = try await PairingFixtures.program(app, organization: territory.organization)
        let mentor = try await PairingFixtures.mentor(app, organization: territory.organization, lastName: "Смирнова", userID: mentorUser.id, selectedIn: program)
        let mentee = try await PairingFixtures.mentee(app, organization: territory.organization, lastName: "Орлов", userID: menteeUser.id)
        let pairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: .formed, createdByName: "")
        pairing.formedAt = Date().addingTimeInterval(-30 * 86_400)
        try await pairing.create(on: app.db)
        let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: program.id!, score: 80, explanation: [], position: 0)
        member.menteeAnswer = .accepted
        member.mentorAnswer = .accepted
        try await member.create(on: app.db)
        var browsers: [Browser] = []
        for login in ["kurator", "nastavnik", "uchenik"] {
            let browser = Browser(app)
            try await browser.signIn(login)
            browsers.append(browser)
        }
        return (pairing, browsers[0], browsers[1], browsers[2], territory)
    }

    @Test("Пара планирует и записывает встречи, каждая сторона пишет рефлексию, куратор видит ритм")
    func meetingsAndReflection() async throws {
        try await withTestApp { app in
            let (pairing, curator, mentor, mentee, territory) = try await formedPair(app)
            let path = "/pairs/\(pairing.id!)"
            let space = try await mentor.get(path)
            #expect(space.status == .ok && space.text.contains("Орлов") && space.text.contains("а встреч ещё не было"))
            #expect(try await mentee.get("/me/pairs").text.contains(path))

            let future = CalendarDay.today().adding(days: 3)
            let bad = try await mentor.post(path + "/meetings", form: ["kind": "working", "status": "held", "on": future.iso, "summary": ""])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.text.contains("Состоявшаяся встреча не может быть в будущем.") && bad.text.contains("Запишите коротко"))
            let yesterday = CalendarDay.today().adding(days: -1)
            #expect(try await mentor.post(path + "/meetings", form: [
                "kind": "acquaintance", "status": "held", "on": yesterday.iso, "startsAt": "15:00", "format": "inPerson", "place": "каб. 12",
                "summary": "Познакомились, договорились о правилах: конфиденциальность, честность, личные границы"]).status == .seeOther)
            #expect(try await mentee.post(path + "/meetings", form: ["kind": "trial", "status": "planned", "on": future.iso, "startsAt": "16:30"]).status == .seeOther)
            let meetings = try await PairMeeting.query(on: app.db).sort(\.$on).all()
            #expect(meetings.count == 2 && meetings[0].durationMinutes == 40 && meetings[1].durationMinutes == 60)

            // The planned meeting cannot be marked held before its day.
            let early = try await mentor.post(path + "/meetings/\(meetings[1].id!)", form: ["status": "held", "summary": "Решили задачу"])
            #expect(early.status == .seeOther)
            #expect(try await PairMeeting.find(meetings[1].id, on: app.db)?.status == .planned)

            let noAnswer = try await mentee.post(path + "/meetings/\(meetings[0].id!)/reflection", form: ["wentWell": "всё"])
            #expect(noAnswer.status == .seeOther)
            #expect(try await MeetingReflection.query(on: app.db).count() == 0)
            #expect(try await mentee.post(path + "/meetings/\(meetings[0].id!)/reflection", form: [
                "closerToGoal": "partly", "wentWell": "Рассказал про трудности с алгеброй", "feeling": "Спокойно"]).status == .seeOther)
            #expect(try await mentor.post(path + "/meetings/\(meetings[0].id!)/reflection", form: ["closerToGoal": "yes", "nextSteps": "Подобрать задачи"]).status == .seeOther)
            // Changing it («Изменить», with the saved version) replaces one's own reflection rather than adding another.
            #expect(try await mentor.post(path + "/meetings/\(meetings[0].id!)/reflection", form: ["version": "1", "closerToGoal": "yes", "nextSteps": "Подобрать задачи к четвергу"]).status == .seeOther)
            #expect(try await MeetingReflection.query(on: app.db).count() == 2)
            #expect(try await curator.post(path + "/meetings/\(meetings[0].id!)/reflection", form: ["closerToGoal": "yes"]).status == .forbidden)

            let seen = try await curator.get(path)
            #expect(seen.text.contains("Рассказал про трудности с алгеброй") && seen.text.contains("Подобрать задачи к четвергу"))
            // The meeting's recorder is «Смирнова Мария Ивановна»: the verb agrees with her (issue 20).
            // The pair's individual plan as a DOCX: its meetings and the mentor, for both sides and the curator.
            for side in [mentor, mentee, curator] {
                let plan = try await side.get(path + "/plan.docx")
                #expect(plan.status == .ok)
                let xml = try #require(try OfficeZip.unpack(Data(buffer: plan.body))["word/document.xml"].flatMap { String(data: $0, encoding: .utf8) })
                let text = xml.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
                #expect(text.contains("ИНДИВИДУАЛЬНЫЙ ПЛАН РАБОТЫ НАСТАВНИЧЕСКОЙ ПАРЫ") && text.contains("Смирнова Анна") && text.contains("Орлов"), "\(text.prefix(300))")
                #expect(text.contains("Познакомились, договорились о правилах") && text.contains("Встреча-знакомство"))
            }
            #expect(seen.text.contains("записала Смирнова Мария Ивановна") && !seen.text.contains("записал(а)"))
            // A one-to-one pair's mentee reads the mentor's reflection too; only a group keeps children's from each other.
            #expect(try await mentee.get(path).text.contains("Подобрать задачи к четвергу"))
            let rhythm = try await curator.get("/orgs/\(territory.organizationID)/programs/\(pairing.$program.id)/rhythm")
            #expect(rhythm.status == .ok && rhythm.text.contains("Смирнова") && rhythm.text.contains(yesterday.russian))

            let ics = try await mentee.get(path + "/meetings.ics")
            #expect(ics.headers.contentType?.type == "text" && ics.text.contains("BEGIN:VEVENT"))
            #expect(ics.text.contains("DTSTART;TZID=Europe/Moscow:\(future.iso.replacingOccurrences(of: "-", with: ""))T163000"))
            #expect(ics.text.contains("SUMMARY:Пробная рабочая встреча"))

            // The goal map: a goal needs an indicator; progress is marked after meetings.
            let noIndicator = try await mentor.post(path + "/goals", form: ["title": "Закрыть пробелы по алгебре", "dueOn": future.iso])
            #expect(noIndicator.status == .unprocessableEntity && noIndicator.text.contains("Укажите показатель") && noIndicator.text.contains("Закрыть пробелы по алгебре"))
            #expect(try await mentor.post(path + "/goals", form: [
                "horizon": "short", "title": "Закрыть пробелы по алгебре", "desiredResult": "Четвёрка за четверть", "actions": "Решать по 5 задач в неделю",
                "dueOn": future.iso, "indicator": "Оценки за контрольные"]).status == .seeOther)
            let goal = try #require(try await PairGoal.query(on: app.db).first())
            #expect(try await mentee.post(path + "/goals/\(goal.id!)", form: ["progress": "150"]).status == .seeOther)
            #expect(try await PairGoal.find(goal.id, on: app.db)?.progress == 0)
            #expect(try await mentee.post(path + "/goals/\(goal.id!)", form: ["progress": "40", "completionNote": "Первая контрольная — 4"]).status == .seeOther)
            #expect(try await PairGoal.find(goal.id, on: app.db)?.progress == 40)
            #expect(try await mentee.post(path + "/diary", form: ["text": "Сегодня впервые решил задачу сам"]).status == .seeOther)
            let withGoals = try await curator.get(path)
            #expect(withGoals.text.contains("Четвёрка за четверть") && withGoals.text.contains("Сегодня впервые решил задачу сам") && withGoals.text.contains("(наставляемый)"))

            // Nobody else opens the pair: another mentor of the school, or a stranger.
            try await Fixtures.person(app, login: "drugoy", role: .mentor, organization: territory.organization, lastName: "Другой")
            let other = Browser(app)
            try await other.signIn("drugoy")
            #expect(try await other.get(path).status == .notFound)
            #expect(try await other.post(path + "/meetings", form: ["kind": "working", "on": future.iso]).status == .notFound)
            #expect(try await mentor.get("/orgs/\(territory.organizationID)/programs/\(pairing.$program.id)/rhythm").status == .forbidden)
        }
    }

    @Test("Ритм: больше двух недель без встречи — предупреждение; дважды в неделю — оптимально для ученик–ученик")
    func rhythmRule() throws {
        let today = CalendarDay(year: 2026, month: 11, day: 25)
        func meeting(_ kind: MeetingKind, _ day: CalendarDay, _ status: MeetingStatus = .held) -> PairMeeting {
            let meeting = PairMeeting()
            meeting.kind = kind
            meeting.status = status
            meeting.on = day.iso
            return meeting
        }
        let formed = CalendarDay(year: 2026, month: 10, day: 1).date
        let none = PairRhythm.assess([], formedAt: formed, form: .teacherTeacher, today: today)
        #expect(none.warnings == ["Пара сформирована 55 дней назад, а встреч ещё не было."])

        let stale = PairRhythm.assess([meeting(.acquaintance, CalendarDay(year: 2026, month: 11, day: 4))], formedAt: formed, form: .employerPupil, today: today)
        #expect(stale.daysSinceLast == 21 && stale.warnings == ["Пара не встречалась 21 день: встречи должны быть не реже раза в две недели."])

        let fine = PairRhythm.assess([meeting(.acquaintance, CalendarDay(year: 2026, month: 11, day: 11)), meeting(.working, CalendarDay(year: 2026, month: 11, day: 18)),
                                      meeting(.working, CalendarDay(year: 2026, month: 12, day: 2), .planned)],
                                     formedAt: formed, form: .employerPupil, today: today)
        #expect(fine.warnings.isEmpty && fine.heldLast30Days == 2 && fine.planned == 1 && fine.lastHeld == "18.11.2026")

        let students = PairRhythm.assess([meeting(.working, CalendarDay(year: 2026, month: 11, day: 20))], formedAt: formed, form: .studentStudent, today: today)
        #expect(students.warnings.contains("Не отмечена встреча-знакомство с участием куратора."))
        #expect(students.warnings.contains { $0.contains("оптимально встречаться дважды в неделю") })
    }

    @Test("API пары: встречи, цели, дневник; ошибки — JSON 422; чужая пара — 404")
    func api() async throws {
        try await withTestApp { app in
            let (pairing, _, mentor, _, territory) = try await formedPair(app)
            let page = try await mentor.post("/account/tokens", form: ["name": "Календарь"])
            let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            let base = "/api/v1/pairs/\(pairing.id!)"
            let bad = try await app.testing().sendRequest(.POST, base + "/meetings", headers: headers, body: ByteBuffer(string: #"{"kind": "пикник", "on": "вчера"}"#))
            #expect(bad.status == .unprocessableEntity && bad.text.contains("\"kind\"") && bad.text.contains("\"on\""))
            let yesterday = CalendarDay.today().adding(days: -1).iso
            let created = try await app.testing().sendRequest(.POST, base + "/meetings", headers: headers, body: ByteBuffer(string: """
                {"kind": "acquaintance", "status": "held", "on": "\(yesterday)", "summary": "Знакомство"}
                """))
            #expect(created.status == .created)
            let list = try await app.testing().sendRequest(.GET, base + "/meetings", headers: headers)
            let meetings = try list.content.decode(PairWorkAPIController.MeetingList.self)
            // One meeting in 30 days: only the «twice a week» advice of the student–student form.
            #expect(meetings.items.count == 1 && meetings.rhythm.heldLast30Days == 1)
            #expect(meetings.rhythm.warnings.count == 1 && meetings.rhythm.warnings[0].contains("оптимально встречаться дважды в неделю"))
            let goal = try await app.testing().sendRequest(.POST, base + "/goals", headers: headers, body: ByteBuffer(string: """
                {"title": "Подготовиться к олимпиаде", "dueOn": "2027-03-01", "indicator": "Баллы пробного тура"}
                """))
            #expect(goal.status == .created)
            let entry = try await app.testing().sendRequest(.POST, base + "/diary", headers: headers, body: ByteBuffer(string: #"{"text": "Договорились о правилах"}"#))
            #expect(entry.status == .created && entry.text.contains("наставник"))
            let other = try await app.testing().sendRequest(.GET, "/api/v1/pairs/\(UUID())/meetings", headers: headers)
            #expect(other.status == .notFound && other.text.contains("\"error\""))
            _ = territory
        }
    }

    @Test("Страница и API завершённой пары отказывают одними словами: 409 «Работа этой пары завершена: записи закрыты.»")
    func sameRefusalOnPageAndAPI() async throws {
        try await withTestApp { app in
            let (pairing, _, mentor, mentee, _) = try await formedPair(app)
            let tokenPage = try await mentor.post("/account/tokens", form: ["name": "Дневник"])
            let token = try #require(tokenPage.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            #expect(try await mentee.post("/pairs/\(pairing.id!)/closure", form: ["decision": "earlyEnd", "reason": "Переезд"]).status == .seeOther)
            let api = try await app.testing().sendRequest(.POST, "/api/v1/pairs/\(pairing.id!)/diary", headers: headers,
                                                          body: ByteBuffer(string: #"{"text": "Ещё запись"}"#))
            let page = try await mentor.post("/pairs/\(pairing.id!)/diary", form: ["text": "Ещё запись"])
            let message = PairWorkError.pairFinished.russianMessage
            #expect(api.status == .conflict && api.text.contains("\"pair_finished\"") && api.text.contains(message), "\(api.text)")
            #expect(page.status == .conflict && page.text.contains(message))
            #expect(try await DiaryEntry.query(on: app.db).count() == 0)
        }
    }
}
