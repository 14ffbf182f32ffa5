import Fluent
import Foundation
import SQLKit
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// A saved reflection and final answers show what was saved; changing them is an explicit edit,
/// and a second send never silently replaces the first (issue 20, item 5). The trial meeting asks
/// its own questions (issue 17, item 6).
@Suite("Сохранённая рефлексия и итоговые ответы: показ, правка, повторная отправка")
struct ReflectionEditTests {
    /// A held meeting of `kind` in a formed pair; the mentor's and mentee's browsers.
    func heldMeeting(_ app: Application, kind: MeetingKind) async throws -> (path: String, meeting: PairMeeting, mentor: Browser, mentee: Browser, curator: Browser) {
        let (pairing, curator, mentor, mentee, _) = try await PairWorkTests().formedPair(app)
        let path = "/pairs/\(pairing.id!)"
        #expect(try await mentor.post(path + "/meetings", form: [
            "kind": kind.rawValue, "status": "held", "on": CalendarDay.today().adding(days: -1).iso, "summary": "Решили задачу"]).status == .seeOther)
        let meeting = try #require(try await PairMeeting.query(on: app.db).filter(\.$kind == kind).first())
        return (path, meeting, mentor, mentee, curator)
    }

    @Test("Сохранённая рефлексия видна в форме «Изменить»; повторная отправка без правки ничего не затирает; правка из старой копии отклоняется")
    func savedReflectionIsShownAndEditedExplicitly() async throws {
        try await withTestApp { app in
            let (path, meeting, _, mentee, _) = try await heldMeeting(app, kind: .working)
            let reflect = path + "/meetings/\(meeting.id!)/reflection"
            let first = try await mentee.post(reflect, form: ["closerToGoal": "partly", "wentWell": "Разобрали дроби", "feeling": "Спокойно"])
            #expect(first.status == .seeOther)
            #expect(try await mentee.get(try #require(first.location)).text.contains("Рефлексия сохранена."))

            // The page shows the saved answers, and the form to change them holds them too.
            let page = try await mentee.get(path)
            #expect(page.text.contains("Изменить мою рефлексию"))
            #expect(!page.text.contains("Моя рефлексия после встречи"))
            #expect(page.text.contains(">Разобрали дроби</textarea>") && page.text.contains(">Спокойно</textarea>"))
            #expect(page.text.contains("value=\"partly\" checked"))
            #expect(page.text.contains("name=\"version\" value=\"1\""))

            // A second send of an empty form (another tab opened before the first save) is refused.
            let second = try await mentee.post(reflect, form: ["closerToGoal": "no", "wentWell": "Другое"])
            #expect(second.status == .seeOther)
            #expect(try await mentee.get(try #require(second.location)).text.contains("Рефлексия к этой встрече уже сохранена"))
            var saved = try #require(try await MeetingReflection.query(on: app.db).first())
            #expect(saved.wentWell == "Разобрали дроби" && saved.closerToGoal == .partly)

            // The explicit edit from version 1 changes it; another edit from the same old copy is refused.
            let edit = try await mentee.post(reflect, form: ["version": "1", "closerToGoal": "yes", "wentWell": "Разобрали дроби и проценты", "feeling": "Спокойно"])
            #expect(try await mentee.get(try #require(edit.location)).text.contains("Изменения в рефлексии сохранены."))
            let stale = try await mentee.post(reflect, form: ["version": "1", "closerToGoal": "no", "wentWell": "Затёрто"])
            #expect(try await mentee.get(try #require(stale.location)).text.contains("Рефлексию уже изменили в другой вкладке"))
            saved = try #require(try await MeetingReflection.query(on: app.db).first())
            #expect(saved.wentWell == "Разобрали дроби и проценты" && saved.closerToGoal == .yes && saved.version == 2)
            #expect(try await MeetingReflection.query(on: app.db).count() == 1)
        }
    }

    @Test("Две первые отправки рефлексии одновременно из двух вкладок сохраняют одну, вторая узнаёт, что рефлексия уже есть")
    func twoFirstSendsAtOnceStoreOne() async throws {
        try await withTestApp { app in
            let (path, meeting, _, mentee, _) = try await heldMeeting(app, kind: .working)
            try await withLiveServer(app) { server in
                let live = mentee.tab(live: server)
                let tabs = (0..<6).map { _ in live.tab() }
                let answers = try await inParallel(6) { i in
                    try await tabs[i].post(path + "/meetings/\(meeting.id!)/reflection", form: ["closerToGoal": "yes", "wentWell": "Вкладка \(i)"])
                }
                #expect(answers.allSatisfy { $0.status == .seeOther }, "\(answers.map(\.status))")
            }
            let rows = try await MeetingReflection.query(on: app.db).all()
            #expect(rows.count == 1)
            #expect(rows.first?.version == 1)
        }
    }

    @Test("Пробная встреча спрашивает свои вопросы: что получилось, что понравилось, благодаря чему, что сделать по-другому")
    func trialMeetingAsksItsOwnQuestions() async throws {
        try await withTestApp { app in
            let (path, meeting, mentor, mentee, curator) = try await heldMeeting(app, kind: .trial)
            let page = try await mentor.get(path)
            let article = try #require(page.text.components(separatedBy: "id=\"meeting-\(meeting.id!)\"").last?.components(separatedBy: "</article>").first)
            for question in ["Что получилось?", "Что понравилось?", "Благодаря чему стало возможно достичь результата?",
                             "Что в следующий раз можно будет сделать по-другому?"] {
                #expect(article.contains(question), "\(question)")
            }
            #expect(!article.contains("Приблизились ли мы сегодня к цели?"), "у пробной встречи ещё нет цели")
            #expect(!article.contains("Как я сейчас себя чувствую?"))

            let reflect = path + "/meetings/\(meeting.id!)/reflection"
            let empty = try await mentee.post(reflect, form: [:])
            #expect(try await mentee.get(try #require(empty.location)).text.contains("Ответьте хотя бы на один вопрос рефлексии."))
            #expect(try await mentee.post(reflect, form: [
                "wentWell": "Решили задачу на проценты", "liked": "Объясняет спокойно", "madePossibleBy": "Разбили задачу на шаги",
                "toChange": "Взять задачи посложнее"]).status == .seeOther)
            let saved = try #require(try await MeetingReflection.query(on: app.db).first())
            #expect(saved.closerToGoal == .notAsked && saved.liked == "Объясняет спокойно" && saved.madePossibleBy == "Разбили задачу на шаги")
            let seen = try await curator.get(path)
            #expect(seen.text.contains("Что понравилось? Объясняет спокойно"))
            #expect(seen.text.contains("Благодаря чему стало возможно достичь результата? Разбили задачу на шаги"))
            #expect(!seen.text.contains("приблизились к цели: не спрашивается"))
        }
    }

    @Test("Итоговые ответы: сохранённые видны в форме «Изменить», повторная отправка не затирает, куратор правит ответы участника по ссылке")
    func finalAnswersAreEditedExplicitly() async throws {
        try await withTestApp { app in
            let (path, _, mentor, _, curator) = try await heldMeeting(app, kind: .final)
            let answers = ["closeness": "7", "results": "Исправил оценку по алгебре", "continueTogether": "yes", "wantsToMentor": "no"]
            #expect(try await mentor.post(path + "/final-answers", form: answers).status == .seeOther)
            let page = try await mentor.get(path)
            #expect(page.text.contains("Изменить мои ответы итоговой встречи"))
            #expect(page.text.contains(">Исправил оценку по алгебре</textarea>") && page.text.contains("name=\"answerVersion\" value=\"1\""))

            var again = answers
            again["results"] = "Другой текст"
            let second = try await mentor.post(path + "/final-answers", form: again)
            #expect(try await mentor.get(try #require(second.location)).text.contains("Ответы итоговой встречи этой стороны уже сохранены"))
            #expect(try await FinalAnswer.query(on: app.db).first()?.results == "Исправил оценку по алгебре")

            again["answerVersion"] = "1"
            again["answerVersionSide"] = "mentor"
            let edit = try await mentor.post(path + "/final-answers", form: again)
            #expect(try await mentor.get(try #require(edit.location)).text.contains("Изменения в ответах итоговой встречи сохранены."))
            let stale = try await mentor.post(path + "/final-answers", form: again)
            #expect(try await mentor.get(try #require(stale.location)).text.contains("Ответы итоговой встречи уже изменили"))
            #expect(try await FinalAnswer.query(on: app.db).first()?.version == 2)

            // The curator opens the mentor's answers with «Изменить» and sees them in the form.
            let curatorPage = try await curator.get(path)
            #expect(curatorPage.text.contains("?answers=mentor#completion"))
            let editing = try await curator.get(path + "?answers=mentor")
            #expect(editing.text.contains("Изменить записанные ответы участника") && editing.text.contains(">Другой текст</textarea>"))
            #expect(editing.text.contains("name=\"answerVersion\" value=\"2\""))
        }
    }

    @Test("Миграция оставляет последнюю из двойных рефлексий, сохранённых до неё, и строит уникальный индекс")
    func migrationKeepsTheLatestDuplicate() async throws {
        try await withTestApp { app in
            let (_, meeting, _, _, _) = try await heldMeeting(app, kind: .working)
            // Before M034 a second send stored a second row; one connection throughout the revert.
            try await app.db.withConnection { db in
                try await M034_FormWords().revert(on: db)
                let sql = try #require(db as? any SQLDatabase)
                for (text, seconds) in [("первая", 0.0), ("вторая", 60.0)] {
                    try await sql.raw("""
                        INSERT INTO meeting_reflections (id, meeting_id, side, member_id, closer_to_goal, went_well, to_change, feeling, next_steps, written_by_name, created_at)
                        VALUES (\(bind: UUID()), \(bind: meeting.id!), 'mentor', NULL, 'yes', \(bind: text), '', '', '', 'Смирнова', \(bind: Date().addingTimeInterval(seconds)))
                        """).run()
                }
                try await M034_FormWords().prepare(on: db)
            }
            let kept = try await MeetingReflection.query(on: app.db).filter(\.$meeting.$id == meeting.id!).all()
            #expect(kept.map(\.wentWell) == ["вторая"])
        }
    }
}
