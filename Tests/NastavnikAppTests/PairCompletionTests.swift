import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Работа пар: правила, результаты, обращения, завершение цикла, поощрения")
struct PairCompletionTests {
    /// A formed pair as pair formation leaves it: the mentee in a pair, the mentor active.
    func formedPair(_ app: Application) async throws -> (pairing: Pairing, curator: Browser, mentor: Browser, mentee: Browser, territory: Fixtures.Territory) {
        let pair = try await PairWorkTests().formedPair(app)
        let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pair.pairing.id!).first())
        try await Mentee.query(on: app.db).filter(\.$id == member.$mentee.id).set(\.$status, to: .inPair).update()
        try await Mentor.query(on: app.db).filter(\.$id == pair.pairing.$mentor.id).set(\.$status, to: .active).update()
        return pair
    }

    func meeting(_ kind: MeetingKind, on day: CalendarDay, status: MeetingStatus = .held) -> PairMeeting {
        let meeting = PairMeeting()
        meeting.id = UUID()
        meeting.kind = kind
        meeting.status = status
        meeting.on = day.iso
        return meeting
    }

    func reflection(_ meeting: PairMeeting, _ side: BaseKind) -> MeetingReflection {
        let reflection = MeetingReflection()
        reflection.$meeting.id = meeting.id!
        reflection.side = side
        return reflection
    }

    @Test("Ритм: просроченные формы обратной связи и отставание от договорённого числа встреч — по датам")
    func rhythmWarnings() {
        let today = CalendarDay(year: 2026, month: 12, day: 1)
        let acquaintance = meeting(.acquaintance, on: CalendarDay(year: 2026, month: 11, day: 10))
        let working = meeting(.working, on: CalendarDay(year: 2026, month: 11, day: 24))
        let fresh = meeting(.working, on: CalendarDay(year: 2026, month: 11, day: 30))
        let meetings = [acquaintance, working, fresh]
        // Both sides reflected on the first meeting; only the mentor on the second, 7 days ago;
        // nobody yet on yesterday's, which is still within the three days.
        let reflections = [reflection(acquaintance, .mentor), reflection(acquaintance, .mentee), reflection(working, .mentor)]
        let rhythm = PairRhythm.assess(meetings, formedAt: nil, form: .employerPupil, today: today, reflections: reflections,
                                       agreedPerMonth: 4, agreedOn: CalendarDay(year: 2026, month: 10, day: 25))
        #expect(rhythm.warnings.contains("Формы обратной связи не заполнены обеими сторонами после 1 встречи (последняя — 24.11.2026); срок — 3 дня после встречи."))
        #expect(rhythm.warnings.contains("Пара договорилась встречаться 4 раза в месяц, а за 30 дней встреч было 3: план встреч отстаёт."))

        // Agreed less than 30 days ago: the plan is not judged yet; all forms filled: no feedback warning.
        let calm = PairRhythm.assess(meetings, formedAt: nil, form: .employerPupil, today: today,
                                     reflections: reflections + [reflection(working, .mentee)], agreedPerMonth: 4,
                                     agreedOn: CalendarDay(year: 2026, month: 11, day: 20))
        #expect(calm.warnings.isEmpty)
        // Without reflections loaded, nothing is claimed about them.
        #expect(PairRhythm.assess(meetings, formedAt: nil, form: .employerPupil, today: today).warnings.isEmpty)
        #expect(PairRhythm.times(2) == "раза" && PairRhythm.times(5) == "раз" && PairRhythm.times(12) == "раз" && PairRhythm.times(22) == "раза")
    }

    @Test("Рейтинг наставников: баллы по правилам, сумма по парам, порядок")
    func mentorRating() {
        let anna = UUID(), boris = UUID()
        var first = MentorRating.PairFacts(mentorID: anna, mentorName: "Смирнова Анна")
        first.heldMeetings = 6
        first.reflectedMeetings = 4
        first.goalsReached = 2
        first.results = [.olympiad, .examResult, .other]
        first.completedCycles = 1
        first.menteeCloseness = [9, 8]
        var second = MentorRating.PairFacts(mentorID: anna, mentorName: "Смирнова Анна")
        second.heldMeetings = 2
        second.menteeCloseness = [5]
        var third = MentorRating.PairFacts(mentorID: boris, mentorName: "Громов Борис")
        third.heldMeetings = 3
        third.results = [.publication]

        let ranking = MentorRating.rank([third, first, second])
        #expect(ranking.map(\.mentorName) == ["Смирнова Анна", "Громов Борис"])
        // 6 + 4 + 2·3 + 5 + 3 + 2 + 5 + 3 (closeness 8.5) = 34 for the first pair, 2 for the second.
        #expect(ranking[0].points == 36 && ranking[0].pairs == 2)
        #expect(ranking[0].lines.first { $0.rule == MentorRating.Rule.meetingHeld.russianName }?.count == 8)
        #expect(ranking[0].lines.contains { $0.rule == MentorRating.Rule.highCloseness.russianName && $0.points == 3 })
        #expect(ranking[1].points == 3 + 5)
    }

    @Test("Правила взаимодействия, таблица желаний, результат с файлом, обращение видно только автору и куратору")
    func agreementResultsAndConcerns() async throws {
        try await withTestApp { app in
            let (pairing, curator, mentor, mentee, _) = try await formedPair(app)
            let path = "/pairs/\(pairing.id!)"
            let page = try await mentor.get(path)
            #expect(page.text.contains("Правила взаимодействия") && page.text.contains("Всё, что обсуждается на встречах"))

            let bad = try await mentor.post(path + "/agreement", form: ["confidentiality": "Всё между нами", "contacts": "", "meetingsPerMonth": "1", "agreedOn": "2026-11-20"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Запишите, как и когда") && bad.text.contains("не реже раза в две недели"))
            #expect(bad.text.contains("Всё между нами"))
            #expect(try await mentor.post(path + "/agreement", form: [
                "confidentiality": "Всё между нами", "communication": "Честно", "boundaries": "Без звонков после 21:00",
                "contacts": "Телеграм, после уроков", "meetingsPerMonth": "8", "agreedOn": CalendarDay.today().iso]).status == .seeOther)
            #expect(try await PairAgreement.query(on: app.db).first()?.meetingsPerMonth == 8)
            #expect(try await mentee.post(path + "/wishes", form: ["wish": "Сдать ОГЭ по математике на «5»", "resources": "Учебник, наставник",
                                                                    "missingResources": "Практика", "measure": "Пробный ОГЭ", "timeNeeded": "3 месяца"]).status == .seeOther)
            #expect(try await mentee.get(path).text.contains("Сдать ОГЭ по математике"))

            // A result needs a file or a link; a file of a wrong type is refused with the reason.
            let noProof = try await mentee.upload(path + "/results", fields: ["resultKind": "olympiad", "resultTitle": "Призёр олимпиады", "achievedOn": CalendarDay.today().iso],
                                                  fileName: "", data: Data())
            #expect(noProof.status == .unprocessableEntity && noProof.text.contains("Приложите файл или дайте ссылку"))
            let script = try await mentee.upload(path + "/results", fields: ["resultKind": "olympiad", "resultTitle": "Призёр олимпиады", "achievedOn": CalendarDay.today().iso],
                                                 fileName: "diplom.exe", data: Data("MZ".utf8))
            #expect(script.status == .unprocessableEntity && script.text.contains("такого вида не принимается"))
            let pdf = Data("%PDF-1.4 диплом".utf8)
            #expect(try await mentee.upload(path + "/results", fields: ["resultKind": "olympiad", "resultTitle": "Призёр муниципальной олимпиады", "achievedOn": CalendarDay.today().iso],
                                            fileName: "diplom.pdf", data: pdf).status == .seeOther)
            let result = try #require(try await PairResult.query(on: app.db).first())
            let file = try await curator.get(path + "/results/\(result.id!)/file")
            #expect(file.status == .ok && Data(buffer: file.body) == pdf && file.headers.contentType?.subType == "pdf")
            #expect(try await mentor.get(path).text.contains("Призёр муниципальной олимпиады"))

            // The mentor's concern reaches the curator, not the mentee.
            #expect(try await mentor.post(path + "/concerns", form: ["concernText": "Наставляемый пропускает встречи", "asksIntervention": "on"]).status == .seeOther)
            #expect(try await mentee.get(path).text.contains("пропускает встречи") == false)
            let curatorPage = try await curator.get(path)
            #expect(curatorPage.text.contains("пропускает встречи") && curatorPage.text.contains("просит вмешаться"))
            let rhythm = try await curator.get("/orgs/\(pairing.organizationID)/programs/\(pairing.$program.id)/rhythm")
            #expect(rhythm.text.contains("ждут ответа: 1") && rhythm.text.contains("просят вмешаться"))
            #expect(try await curator.post(path + "/concerns", form: ["concernText": "Я куратор"]).status == .forbidden)
            let concern = try #require(try await PairConcern.query(on: app.db).first())
            #expect(try await mentee.post(path + "/concerns/\(concern.id!)/reply", form: ["reply": "Не я"]).status == .forbidden)
            #expect(try await curator.post(path + "/concerns/\(concern.id!)/reply", form: ["reply": "Поговорю с классным руководителем"]).status == .seeOther)
            #expect(try await mentor.get(path).text.contains("Поговорю с классным руководителем"))
            #expect(try await PairConcern.find(concern.id, on: app.db)?.status == .answered)
        }
    }

    @Test("Итоговая встреча: ответы сторон, решение только после неё, завершение меняет статусы, наставляемый — в базу наставников")
    func completionDecisions() async throws {
        try await withTestApp { app in
            let (pairing, curator, mentor, mentee, territory) = try await formedPair(app)
            let path = "/pairs/\(pairing.id!)"
            let answers = ["mostValuable": "Доверие", "results": "Подтянул математику до «4»", "learned": "Планировать", "closeness": "9",
                           "changed": "Стал увереннее", "understood": "Могу объяснять", "remembered": "Олимпиада", "continueTogether": "no", "wantsToMentor": "yes"]
            let missing = try await mentee.post(path + "/final-answers", form: answers.merging(["results": "", "closeness": "11"]) { $1 })
            #expect(missing.status == .unprocessableEntity && missing.text.contains("Оцените от 1 до 10") && missing.text.contains("Каких результатов вы достигли?"))
            #expect(try await mentee.post(path + "/final-answers", form: answers).status == .seeOther)
            #expect(try await mentor.post(path + "/final-answers", form: answers.merging(["closeness": "8"]) { $1 }).status == .seeOther)
            #expect(try await Mentor.find(pairing.$mentor.id, on: app.db)?.longTerm == true)

            // Finishing needs the final meeting held, and only the curator decides it.
            let early = try await curator.post(path + "/closure", form: ["decision": "finish"])
            #expect(early.status == .unprocessableEntity && early.text.contains("сначала отметьте её состоявшейся"))
            #expect(try await mentor.post(path + "/meetings", form: ["kind": "final", "status": "held", "on": CalendarDay.today().iso,
                                                                      "summary": "Подвели итоги"]).status == .seeOther)
            #expect(try await mentee.post(path + "/closure", form: ["decision": "finish"]).status == .forbidden)
            let noGoal = try await curator.post(path + "/closure", form: ["decision": "continue", "nextTitle": ""])
            #expect(noGoal.status == .unprocessableEntity && noGoal.text.contains("Сформулируйте цель."))
            #expect(try await curator.post(path + "/closure", form: ["decision": "finish", "reason": "Цель достигнута"]).status == .seeOther)
            #expect(try await Pairing.find(pairing.id, on: app.db)?.status == .finished)
            let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
            #expect(try await Mentee.find(member.$mentee.id, on: app.db)?.status == .finished)
            #expect(try await Mentor.find(pairing.$mentor.id, on: app.db)?.status == .resting)
            // A finished pair is read-only and cannot be closed twice.
            #expect(try await mentor.post(path + "/diary", form: ["text": "ещё"]).status == .conflict)
            #expect(try await curator.post(path + "/closure", form: ["decision": "finish"]).status == .conflict)
            #expect(try await mentor.post(path + "/wishes", form: ["wish": "ещё"]).status == .conflict)
            #expect(try await mentee.get(path).text.contains("Работа пары завершена."))

            let completion = "/orgs/\(territory.organization.id!)/programs/\(pairing.$program.id)/completion"
            let summary = try await curator.get(completion)
            #expect(summary.status == .ok && summary.text.contains("Завершили: <strong>1</strong>") && summary.text.contains("9,0"))
            #expect(summary.text.contains("Перевести в базу наставников") && summary.text.contains("Орлов"))
            #expect(try await mentor.get(completion).status == .forbidden)
            #expect(try await curator.post(completion + "/long-term/\(member.$mentee.id)").status == .seeOther)
            let former = try #require(try await Mentor.query(on: app.db).filter(\.$formerMentee == true).first())
            #expect(former.lastName == "Орлов" && former.longTerm && former.status == .candidate && former.consentState == .missing)
            // Moving again finds the same row.
            #expect(try await curator.post(completion + "/long-term/\(member.$mentee.id)").status == .seeOther)
            #expect(try await Mentor.query(on: app.db).filter(\.$formerMentee == true).count() == 1)
            #expect(try await curator.get(completion).text.contains("в долгосрочной базе наставников"))
        }
    }

    @Test("Досрочное завершение любой стороной с причиной возвращает наставляемого в базу; продолжение ставит новую цель")
    func earlyEndAndContinue() async throws {
        try await withTestApp { app in
            let (pairing, curator, mentor, mentee, _) = try await formedPair(app)
            let path = "/pairs/\(pairing.id!)"
            #expect(try await mentor.post(path + "/meetings", form: ["kind": "final", "status": "held", "on": CalendarDay.today().iso,
                                                                      "summary": "Итоги первого цикла"]).status == .seeOther)
            #expect(try await curator.post(path + "/closure", form: [
                "decision": "continue", "nextTitle": "Подготовиться к ОГЭ", "nextDueOn": "2027-05-20", "nextIndicator": "Пробный ОГЭ на «4»",
            ]).status == .seeOther)
            #expect(try await Pairing.find(pairing.id, on: app.db)?.status == .formed)
            #expect(try await PairGoal.query(on: app.db).filter(\.$title == "Подготовиться к ОГЭ").count() == 1)

            let noReason = try await mentee.post(path + "/closure", form: ["decision": "earlyEnd", "reason": " "])
            #expect(noReason.status == .unprocessableEntity && noReason.text.contains("Укажите причину досрочного завершения."))
            #expect(try await mentee.post(path + "/closure", form: ["decision": "earlyEnd", "reason": "Переезд в другой город"]).status == .seeOther)
            #expect(try await Pairing.find(pairing.id, on: app.db)?.status == .finished)
            let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
            #expect(try await Mentee.find(member.$mentee.id, on: app.db)?.status == .inBase)
            let closures = try await PairClosure.query(on: app.db).sort(\.$createdAt).all()
            #expect(closures.map(\.decision) == [.continue, .earlyEnd] && closures[1].decidedByRole == "наставляемый")
            #expect(try await curator.get(path).text.contains("Переезд в другой город"))
        }
    }

    @Test("Поощрения: приказ «О поощрении» и грамота в DOCX и на странице печати, номинации, мероприятия")
    func incentivesAndDocuments() async throws {
        try await withTestApp { app in
            let (pairing, curator, _, _, territory) = try await formedPair(app)
            let completion = "/orgs/\(territory.organization.id!)/programs/\(pairing.$program.id)/completion"
            let bad = try await curator.post(completion + "/incentives", form: ["mentorID": UUID().uuidString, "kind": "diploma", "reason": "", "awardedOn": "2026-12-01"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Выберите наставника программы.") && bad.text.contains("За что"))
            let mentorID = pairing.$mentor.id.uuidString
            #expect(try await curator.post(completion + "/incentives", form: [
                "mentorID": mentorID, "kind": "diploma", "reason": "За подготовку призёра муниципальной олимпиады", "awardedOn": "2026-12-01"]).status == .seeOther)
            #expect(try await curator.post(completion + "/incentives", form: [
                "mentorID": mentorID, "kind": "materialReward", "reason": "За высокие результаты наставнической пары", "awardedOn": "2026-12-01"]).status == .seeOther)

            let order = try await curator.get(completion + "/incentives/order.docx?number=112-од&date=2026-12-05")
            #expect(order.status == .ok)
            let text = try #require(try OfficeZip.unpack(Data(buffer: order.body))["word/document.xml"].flatMap { String(data: $0, encoding: .utf8) })
            #expect(text.contains("О поощрении наставников") && text.contains("Смирнова") && text.contains("Почётная грамота"))
            #expect(text.contains("Материальное стимулирование") && text.contains("Главному бухгалтеру") && text.contains("«05» декабря 2026 г.") && text.contains("№ 112-од"))
            #expect(text.contains(territory.organization.name.replacingOccurrences(of: "\"", with: "&quot;")) || text.contains(territory.organization.name))

            #expect(try await curator.post(completion + "/incentives/order", form: ["orderNumber": "112-од", "orderOn": "2026-12-05"]).status == .seeOther)
            #expect(try await Incentive.query(on: app.db).filter(\.$orderNumber == "112-од").count() == 2)
            let diploma = try #require(try await Incentive.query(on: app.db).filter(\.$kind == .diploma).first())
            let certificate = try await curator.get(completion + "/incentives/\(diploma.id!)/certificate.docx")
            let certificateText = try #require(try OfficeZip.unpack(Data(buffer: certificate.body))["word/document.xml"].flatMap { String(data: $0, encoding: .utf8) })
            #expect(certificateText.contains("ПОЧЁТНАЯ ГРАМОТА") && certificateText.contains("награждается") && certificateText.contains("Приказ № 112-од от 05.12.2026"))
            let print = try await curator.get(completion + "/incentives/\(diploma.id!)/certificate")
            #expect(print.status == .ok && print.text.contains("class=\"certificate\"") && print.text.contains("За подготовку призёра"))
            #expect(try await curator.get(completion + "/incentives/\(UUID())/certificate").status == .notFound)

            #expect(try await curator.post(completion + "/nominations", form: ["title": "Лучшая пара", "pairingID": pairing.id!.uuidString, "year": "2026",
                                                                               "note": "Призёр олимпиады"]).status == .seeOther)
            #expect(try await curator.post(completion + "/events", form: ["eventKind": "publicEvent", "heldOn": "2026-12-20", "participants": "120",
                                                                          "eventSummary": "Фестиваль наставничества, награждение лучших"]).status == .seeOther)
            let page = try await curator.get(completion)
            #expect(page.text.contains("«Лучшая пара»") && page.text.contains("Фестиваль наставничества") && page.text.contains("Открытое мероприятие: <strong>проведено"))
            #expect(try await Nomination.query(on: app.db).first()?.$mentor.id == pairing.$mentor.id)
        }
    }

    @Test("API завершения: ответы, решение, итоги программы с рейтингом, поощрения; ошибки — JSON 422")
    func api() async throws {
        try await withTestApp { app in
            let (pairing, curator, mentor, _, territory) = try await formedPair(app)
            func token(_ browser: Browser) async throws -> HTTPHeaders {
                let page = try await browser.post("/account/tokens", form: ["name": "Интеграция"])
                let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
                return ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
            }
            let mentorHeaders = try await token(mentor), curatorHeaders = try await token(curator)
            let base = "/api/v1/pairs/\(pairing.id!)"
            let bad = try await app.testing().sendRequest(.POST, base + "/final-answers", headers: mentorHeaders, body: ByteBuffer(string: """
                {"closeness": 0, "results": "", "continueTogether": true, "wantsToMentor": false}
                """))
            #expect(bad.status == .unprocessableEntity && bad.text.contains("\"closeness\"") && bad.text.contains("\"results\""))
            let saved = try await app.testing().sendRequest(.POST, base + "/final-answers", headers: mentorHeaders, body: ByteBuffer(string: """
                {"closeness": 8, "results": "Олимпиада", "continueTogether": true, "wantsToMentor": true}
                """))
            #expect(saved.status == .ok)
            let heldOn = CalendarDay.today().iso
            _ = try await app.testing().sendRequest(.POST, base + "/meetings", headers: mentorHeaders, body: ByteBuffer(string: """
                {"kind": "final", "status": "held", "on": "\(heldOn)", "summary": "Итоги"}
                """))
            let forbidden = try await app.testing().sendRequest(.POST, base + "/closure", headers: mentorHeaders, body: ByteBuffer(string: #"{"decision": "finish"}"#))
            #expect(forbidden.status == .forbidden && forbidden.text.contains("\"error\""))
            let closed = try await app.testing().sendRequest(.POST, base + "/closure", headers: curatorHeaders, body: ByteBuffer(string: """
                {"decision": "continue", "newGoal": {"title": "Новая цель", "dueOn": "2027-06-01", "indicator": "Оценка"}}
                """))
            #expect(closed.status == .created && closed.text.contains("\"continue\""))
            let state = try await app.testing().sendRequest(.GET, base + "/completion", headers: mentorHeaders)
            #expect(state.status == .ok && state.text.contains("\"formed\"") && state.text.contains("Олимпиада"))

            let program = "/api/v1/organizations/\(territory.organization.id!)/programs/\(pairing.$program.id)"
            let summary = try await app.testing().sendRequest(.GET, program + "/completion", headers: curatorHeaders)
            #expect(summary.status == .ok && summary.text.contains("\"rating\"") && summary.text.contains("\"continued\":1"))
            #expect(try await app.testing().sendRequest(.GET, program + "/completion", headers: mentorHeaders).status == .forbidden)
            let wrong = try await app.testing().sendRequest(.POST, program + "/incentives", headers: curatorHeaders, body: ByteBuffer(string: """
                {"mentorId": "\(UUID())", "kind": "орден", "reason": "", "awardedOn": "вчера"}
                """))
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("\"mentorId\"") && wrong.text.contains("\"kind\""))
            let created = try await app.testing().sendRequest(.POST, program + "/incentives", headers: curatorHeaders, body: ByteBuffer(string: """
                {"mentorId": "\(pairing.$mentor.id)", "kind": "letterOfThanks", "reason": "За работу с наставляемым", "awardedOn": "2026-12-01"}
                """))
            #expect(created.status == .created)
            let list = try await app.testing().sendRequest(.GET, program + "/incentives", headers: curatorHeaders)
            #expect(try list.content.decode(CompletionAPIController.IncentiveList.self).items.map(\.kind) == [.letterOfThanks])
        }
    }
}
