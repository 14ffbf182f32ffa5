import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Обучение наставников")
struct TrainingTests {
    @Test("Число встреч по формам программы: берётся самая требовательная форма, учитель – учитель — 1–2 и только при необходимости")
    func norms() {
        #expect(TrainingNorm.norm(for: [.studentStudent])?.rangeText == "3–4 встречи")
        #expect(TrainingNorm.norm(for: [.teacherTeacher, .collegeStudentPupil])?.minimumSessions == 7)
        #expect(TrainingNorm.norm(for: [.employerPupil, .studentStudent])?.maximumSessions == 6)
        #expect(TrainingNorm.norm(for: [.employerStudent])?.advice.contains("интенсива") == true)
        let teachers = TrainingNorm.norm(for: [.teacherTeacher])
        #expect(teachers?.minimumSessions == 1 && teachers?.isOptional == true)
        #expect(TrainingNorm.norm(for: []) == nil)
    }

    @Test("Правило «обучен»: наставник, посетивший нужное число занятий первичного обучения, становится обученным")
    func trainedRule() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            let program = try await SelectionFixtures.program(app, organization: school.organization, forms: [.studentStudent])
            let first = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов", origin: .student)
            let second = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Жуков", origin: .student)
            let browser = Browser(app)
            try await browser.signIn("kurator")
            let path = "/orgs/\(school.organizationID)/programs/\(program.id!)"
            _ = try await SelectionService.add(nil, to: program, on: app.db)
            for mentor in [first, second] {
                #expect(try await browser.post(path + "/selection/\(mentor.id!)/decision", form: ["decision": "selected"]).status == .seeOther)
            }

            let page = try await browser.get(path + "/training")
            #expect(page.status == .ok)
            #expect(page.text.contains("рекомендуется 3–4 встречи"))
            #expect(page.text.contains("value=\"3\""), "по умолчанию — нижняя граница рекомендации")

            let invalid = try await browser.post(path + "/training/sessions", form: ["kind": "primary", "topic": "Ролевые ситуации", "heldOn": "", "format": "rolePlay", "trainerName": ""])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.text.contains("Укажите дату занятия."))
            #expect(invalid.text.contains("value=\"Ролевые ситуации\""))
            let topics = ["Наставничество: Что? Зачем? Как?", "MENTOR SET — уникальная технология для наставника", "Ролевые ситуации"]
            for (index, topic) in topics.enumerated() {
                let response = try await browser.post(path + "/training/sessions", form: [
                    "kind": "primary", "topic": topic, "heldOn": "2025-10-0\(index + 1)", "format": index == 1 ? "workshop" : "seminar",
                    "trainerName": "Сидорова А. А.", "trainerKind": "internal", "materials": "https://example.org/pamyatka"])
                #expect(response.status == .seeOther)
            }
            #expect(try await browser.post(path + "/training/sessions", form: [
                "kind": "inService", "topic": "Разбор трудных случаев", "heldOn": "2026-01-20", "format": "webinar",
                "trainerName": "Иванов И. И.", "trainerKind": "invited"]).status == .seeOther)
            let sessions = try await TrainingService.sessions(of: program, on: app.db)
            #expect(sessions.map(\.kind) == [.primary, .primary, .primary, .inService])

            // Two primary sessions and one in the course of work: not yet trained.
            var ticks = [sessions[0], sessions[1], sessions[3]].map { ("attended[]", "\($0.id!):\(first.id!)") }
            ticks.append(("attended[]", "\(sessions[0].id!):\(second.id!)"))
            #expect(try await browser.post(path + "/training/attendance", pairs: ticks).status == .seeOther)
            #expect(try await Mentor.find(first.id, on: app.db)?.status == .selected)

            // The curator lowers the rule to two sessions: the first mentor is trained.
            #expect(try await browser.post(path + "/training/rule", form: ["primarySessionsRequired": "0"]).status == .unprocessableEntity)
            #expect(try await browser.post(path + "/training/rule", form: ["primarySessionsRequired": "2"]).status == .seeOther)
            #expect(try await Mentor.find(first.id, on: app.db)?.status == .trained)
            #expect(try await Mentor.find(second.id, on: app.db)?.status == .selected)

            // A third tick trains the second one.
            ticks.append(("attended[]", "\(sessions[2].id!):\(second.id!)"))
            #expect(try await browser.post(path + "/training/attendance", pairs: ticks).status == .seeOther)
            #expect(try await Mentor.find(second.id, on: app.db)?.status == .trained)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.mentorTrained.rawValue).count() == 2)
            #expect(try await browser.get(path + "/registry").text.contains("обучен"))

            // Edit and delete a session.
            let edit = path + "/training/sessions/\(sessions[3].id!)"
            #expect(try await browser.get(edit).text.contains("Разбор трудных случаев"))
            #expect(try await browser.post(edit, form: ["kind": "inService", "topic": "Разбор трудных случаев в парах", "heldOn": "2026-01-21",
                                                       "format": "webinar", "trainerName": "Иванов И. И.", "trainerKind": "invited"]).status == .seeOther)
            #expect(try await TrainingSession.find(sessions[3].id, on: app.db)?.topic == "Разбор трудных случаев в парах")
            #expect(try await browser.post(edit + "/delete").status == .seeOther)
            #expect(try await TrainingSession.query(on: app.db).count() == 3)
            #expect(try await TrainingAttendance.query(on: app.db).count() == 4)
        }
    }

    @Test("Посещение отмечается только у отобранных наставников программы")
    func attendanceOnlyForSelected() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let program = try await SelectionFixtures.program(app, organization: school.organization, forms: [.studentStudent])
            let mentor = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов")
            _ = try await SelectionService.add(nil, to: program, on: app.db)
            let session = try await TrainingService.add(.init(kind: .primary, topic: "Тема", day: CalendarDay(year: 2025, month: 10, day: 1),
                                                              format: .seminar, trainerName: "Куратор", trainerKind: .internal, materials: ""),
                                                        to: program, on: app.db)
            await #expect(throws: AppError.self) {
                try await TrainingService.setAttendance(of: session, mentorIDs: [mentor.id!], program: program, on: app.db)
            }
            #expect(try await TrainingAttendance.query(on: app.db).count() == 0)
        }
    }

    @Test("Пункты этапа 4 отмечаются по данным: ученики-наставники прошли тестирование, отобранные наставники обучены")
    func checklistTicks() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            let browser = Browser(app)
            try await browser.signIn("kurator")
            var form = ProgramsTests.schoolProgram
            form["form_teacherTeacher"] = nil
            form["model_noviceMaster"] = nil
            form["form_studentStudent"] = "1"
            form["name"] = "Ученик – ученик"
            let created = try await browser.post("/orgs/\(school.organizationID)/programs", form: form)
            #expect(created.status == .seeOther)
            let program = try #require(try await Program.query(on: app.db).first())
            let student = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов", origin: .student)
            func done(_ prefix: String) async throws -> Bool? {
                try await StageChecklist.load(program, evidence: app.checklistEvidence, on: app.db).entries.first { $0.title.hasPrefix(prefix) }?.isDone
            }
            #expect(try await done("Обучить учеников-наставников") == false)

            let path = "/orgs/\(school.organizationID)/programs/\(program.id!)"
            _ = try await SelectionService.add(nil, to: program, on: app.db)
            try await browser.post(path + "/selection/\(student.id!)/decision", form: ["decision": "selected"])
            try await browser.post(path + "/selection/\(student.id!)/test", form: ["testedOn": "2025-09-15", "communicationScore": "6", "empathyScore": "8"])
            #expect(try await done("Провести тестирование учеников-наставников") == true)
            #expect(try await done("Обучить учеников-наставников") == false)

            try await browser.post(path + "/training/rule", form: ["primarySessionsRequired": "1"])
            try await browser.post(path + "/training/sessions", form: ["topic": "Ролевые ситуации", "heldOn": "2025-10-01", "format": "rolePlay", "trainerName": "Куратор"])
            let session = try #require(try await TrainingSession.query(on: app.db).first())
            try await browser.post(path + "/training/attendance", pairs: [("attended[]", "\(session.id!):\(student.id!)")])
            #expect(try await done("Обучить учеников-наставников") == true)
            #expect(try await done("Организовать отбор и обучение наставников") == true)
        }
    }
}
