import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 18, item 5 for mentors: pupils and students who mentor have a class or group, move with
/// the academic year and leave the active mentor base and the candidates when they graduate.
@Suite("Ученики и студенты-наставники: класс в карточке, переход учебного года и выпуск")
struct MentorClassesTests {
    static func pupilMentor(_ app: Application, organization: Organization, lastName: String, firstName: String, className: String,
                            selectedIn program: Program? = nil) async throws -> Mentor {
        let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: lastName, firstName: firstName,
                                                      forms: [.studentStudent], selectedIn: program)
        mentor.origin = .student
        mentor.status = program == nil ? .candidate : .selected
        mentor.className = className
        mentor.position = "ученик \(className) класса"
        try await mentor.save(on: app.db)
        return mentor
    }

    @Test("Переход переводит ученика-наставника из 10А в 11А, а наставника из 11А выпускает из действующей базы и из кандидатов; отмена возвращает обоих")
    func mentorsAdvanceGraduateAndComeBack() async throws {
        try await withTestApp { app in
            let school = try await AcademicYearTests.school(app)
            let org = school.organization
            let path = "/orgs/\(school.id)/academic-year"
            let pairing = try await PairingFixtures.program(app, organization: org, forms: [.studentStudent], name: "Ученик — ученику")
            let selection = try await PairingFixtures.program(app, organization: org, forms: [.studentStudent], name: "Новый отбор")
            _ = try await PairingFixtures.mentee(app, organization: org, lastName: "Азарова", className: "10А")
            _ = try await PairingFixtures.mentee(app, organization: org, lastName: "Глебова", className: "11А")
            let orlov = try await Self.pupilMentor(app, organization: org, lastName: "Орлов", firstName: "Пётр", className: "10А")
            let zimina = try await Self.pupilMentor(app, organization: org, lastName: "Зимина", firstName: "Ольга", className: "11А", selectedIn: pairing)

            // Before the step the 11th-grader is a candidate in both places.
            #expect(try await PairingCandidates.load(program: pairing, on: app.db).mentors.contains { $0.id == zimina.id })
            #expect(try await SelectionBoard.load(program: selection, on: app.db).available.contains { $0.mentorID == zimina.id })

            let page = try await school.curator.get(path)
            #expect(page.text.contains("Наставников"))
            let year = AcademicYearAdvancing.targetYear()
            let form = [("year", String(year.startYear)), ("class-0", "10А"), ("to-0", "11А"),
                        ("class-1", "11А"), ("to-1", "11А"), ("graduate-1", "1")]
            let preview = try await school.curator.post(path + "/preview", pairs: form)
            #expect(preview.status == .ok)
            #expect(preview.text.contains("Переводятся: 2, выпускаются: 2."), "наставляемый и наставник в каждом классе")
            #expect(preview.text.contains("Наставников-обучающихся"))
            #expect(try await Mentor.find(orlov.id, on: app.db)?.className == "10А", "предпросмотр ничего не записывает")

            #expect(try await school.curator.post(path, pairs: form).status == .seeOther)
            let movedOrlov = try #require(try await Mentor.find(orlov.id, on: app.db))
            #expect(movedOrlov.className == "11А" && movedOrlov.graduatedYear == nil)
            let graduate = try #require(try await Mentor.find(zimina.id, on: app.db))
            #expect(graduate.graduatedYear == year.startYear - 1)
            #expect(graduate.className == "11А" && graduate.status == .selected, "статус и прошлое остаются")
            #expect(try await MentorSelection.query(on: app.db).filter(\.$mentor.$id == zimina.id!).count() == 1)

            // Out of the active base, shown on request; out of the candidates, with the reason.
            let active = try await school.curator.get("/orgs/\(school.id)/mentors")
            #expect(active.text.contains("Орлов") && !active.text.contains("Зимина"))
            let all = try await school.curator.get("/orgs/\(school.id)/mentors?graduates=all")
            #expect(all.text.contains("Орлов") && all.text.contains("Зимина"))
            let card = try await school.curator.get("/orgs/\(school.id)/mentors/\(zimina.id!)")
            #expect(card.text.contains("\(AcademicYear(startYear: year.startYear - 1).title) учебный год; в действующую базу больше не входит"))
            let candidates = try await PairingCandidates.load(program: pairing, on: app.db)
            #expect(!candidates.mentors.contains { $0.id == zimina.id })
            #expect(candidates.excluded.contains { $0.id == zimina.id && $0.problems.joined().contains("Выпустилась") })
            #expect(!(try await SelectionBoard.load(program: selection, on: app.db)).available.contains { $0.mentorID == zimina.id })
            #expect(try await SelectionBoard.load(program: pairing, on: app.db).inSelection.contains { $0.mentorID == zimina.id },
                    "в отборе, где она уже была, строка остаётся")
            await #expect(throws: AppError.self) { _ = try await SelectionService.add([zimina.id!], to: selection, on: app.db) }

            // Undo restores both.
            let advance = try #require(try await AcademicYearAdvance.query(on: app.db).first())
            #expect(try await AcademicYearMentorChange.query(on: app.db).count() == 2)
            #expect(try await school.curator.post(path + "/undo", form: ["advanceID": advance.id!.uuidString]).status == .seeOther)
            #expect(try await Mentor.find(orlov.id, on: app.db)?.className == "10А")
            let back = try #require(try await Mentor.find(zimina.id, on: app.db))
            #expect(back.graduatedYear == nil && back.className == "11А")
            #expect(try await PairingCandidates.load(program: pairing, on: app.db).mentors.contains { $0.id == zimina.id })
            #expect(try await SelectionBoard.load(program: selection, on: app.db).available.contains { $0.mentorID == zimina.id })
            #expect(try await school.curator.get("/orgs/\(school.id)/mentors").text.contains("Зимина"))
        }
    }

    static let header = "ФИО;Категория наставника;Формы наставничества;Класс;Должность\n"

    static func plan(_ app: Application, _ csv: String, organizationID: UUID) async throws -> ImportPlan {
        try await ImportPlan.make(kind: .mentor, data: Data(csv.utf8), mapping: nil, organizationID: organizationID, on: app.db)
    }

    @Test("Импорт базы наставников читает столбец «Класс»; неверный класс назван по строке, и ничего не записано; карточка, форма, выгрузка и API показывают класс")
    func importFormExportAndAPI() async throws {
        try await withTestApp { app in
            let school = try await AcademicYearTests.school(app)
            let id = school.id
            let bad = Self.header
                + "Орлов Пётр Ильич;Обучающийся;Ученик – ученик;10А;ученик\n"
                + "Зимина Ольга Петровна;Обучающийся;Ученик – ученик;10А, 11Б;ученица\n"
                + "Ким Денис;Обучающийся;Ученик – ученик;\(String(repeating: "Б", count: 31));ученик\n"
            let refused = try await Self.plan(app, bad, organizationID: id)
            #expect(refused.problems.count == 2)
            let messages = Dictionary(uniqueKeysWithValues: refused.problems.map { ($0.line, $0.message) })
            #expect(messages[3]?.contains("Класс / группа: «10А, 11Б» — не название класса или группы") == true, "\(messages)")
            #expect(messages[4]?.contains("Класс / группа: Не длиннее 30 знаков") == true, "\(messages)")

            let good = Self.header + "Орлов Пётр Ильич;Обучающийся;Ученик – ученик;10А;ученик\n"
                + "Зимина Ольга Петровна;Обучающийся;Ученик – ученик;;ученица\n"
            let plan = try await Self.plan(app, good, organizationID: id)
            #expect(plan.problems.isEmpty)
            _ = try await app.db.transaction { db in try await plan.apply(organization: school.organization, on: db) }
            let orlov = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Орлов").first())
            #expect(orlov.className == "10А")
            #expect(try await Mentor.query(on: app.db).filter(\.$lastName == "Зимина").first()?.className == nil)
            // A file without the column keeps the class the base knows.
            let again = try await Self.plan(app, "ФИО;Категория наставника;Формы наставничества;Должность\nОрлов Пётр Ильич;Обучающийся;Ученик – ученик;ученик 10А\n",
                                            organizationID: id)
            #expect(again.problems.isEmpty && again.updateCount == 1)
            _ = try await app.db.transaction { db in try await again.apply(organization: school.organization, on: db) }
            #expect(try await Mentor.find(orlov.id, on: app.db)?.className == "10А")

            // The form: the field is «Класс» in a school; a bad class keeps what was typed.
            let edit = try await school.curator.get("/orgs/\(id)/mentors/\(orlov.id!)/edit")
            #expect(edit.text.contains("f-className") && edit.text.contains(">Класс<") && edit.text.contains("value=\"10А\""))
            let fields: [(String, String)] = [("lastName", "Ким"), ("firstName", "Денис"), ("origin", "student"), ("forms[]", "studentStudent"),
                                              ("capacity", "1"), ("meetingPlace", "inPerson"), ("status", "candidate"), ("enteredOn", "01.09.2026")]
            let refusedForm = try await school.curator.post("/orgs/\(id)/mentors", pairs: fields + [("className", "7Б, 8В")])
            #expect(refusedForm.status == .unprocessableEntity)
            #expect(refusedForm.text.contains("не название класса или группы") && refusedForm.text.contains("value=\"7Б, 8В\""))
            #expect(try await school.curator.post("/orgs/\(id)/mentors", pairs: fields + [("className", "7Б")]).status == .seeOther)
            let kim = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Ким").first())
            #expect(kim.className == "7Б")
            let card = try await school.curator.get("/orgs/\(id)/mentors/\(kim.id!)")
            #expect(card.text.contains("Класс") && card.text.contains("7Б"))

            // The export has the column under the school's word; the API carries it.
            let export = try await school.curator.get("/orgs/\(id)/mentors/export?format=csv")
            #expect(export.status == .ok)
            let csv = export.text
            #expect(csv.contains("Должность;Класс;") || csv.contains("Должность,Класс,"), "\(csv.prefix(300))")
            #expect(csv.contains("10А") && csv.contains("7Б"))
            let dto = try BasesAPIController.MentorDTO(kim)
            #expect(dto.className == "7Б" && dto.graduatedYear == nil)
            let document = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json").body.string
            #expect(document.contains("\"graduatedYear\"") && document.contains("className — класс или группа ученика или студента-наставника"))
        }
    }

    @Test("В колледже поле называется «Группа»: форма, карточка и выгрузка; выпускник без согласия не висит в задачах куратора")
    func collegeWordsAndGraduateTasks() async throws {
        try await withTestApp { app in
            let w = try await ProgramPartnersTests.world(app)
            let collegeID = w.college.id!
            let student = try await ProgramPartnersTests.studentMentor(app, college: w.college, lastName: "Соколов", firstName: "Артём")
            student.className = "ТМ-41"
            try await student.save(on: app.db)
            let form = try await w.collegeCurator.get("/orgs/\(collegeID)/mentors/\(student.id!)/edit")
            #expect(form.text.contains(">Группа<") && form.text.contains("value=\"ТМ-41\""))
            #expect(try await w.collegeCurator.get("/orgs/\(collegeID)/mentors/\(student.id!)").text.contains("Группа"))
            let export = try await w.collegeCurator.get("/orgs/\(collegeID)/mentors/export?format=csv").text
            #expect(export.contains("Группа") && export.contains("ТМ-41"))

            // Without a consent the student is a task of the college's curator until the fourth course graduates.
            let unconsented = try await ProgramPartnersTests.studentMentor(app, college: w.college, lastName: "Ким", firstName: "Денис")
            unconsented.consentState = .missing
            unconsented.className = "ТМ-41"
            try await unconsented.save(on: app.db)
            let before = try await CuratorTasks.load(organizationID: collegeID, evidence: ChecklistEvidence(), on: app.db)
            #expect(before.organization.contains { $0.kind == "mentorConsents" && $0.count == 1 })
            let path = "/orgs/\(collegeID)/academic-year"
            let page = try await w.collegeCurator.get(path)
            #expect(page.text.contains("name=\"graduate-0\" value=\"1\" checked"), "4-й курс выпускается")
            let year = AcademicYearAdvancing.targetYear()
            #expect(try await w.collegeCurator.post(path, pairs: [("year", String(year.startYear)), ("class-0", "ТМ-41"), ("to-0", "ТМ-41"), ("graduate-0", "1")]).status == .seeOther)
            #expect(try await Mentor.find(unconsented.id, on: app.db)?.graduatedYear == year.startYear - 1)
            let after = try await CuratorTasks.load(organizationID: collegeID, evidence: ChecklistEvidence(), on: app.db)
            #expect(!after.organization.contains { $0.kind == "mentorConsents" })
        }
    }

    @Test("Класс из должности: «ученик 10А класса», «студент группы ТД-21», «2 курс»; должность педагога класса не даёт")
    func classFromPosition() {
        let cases: [(String, String?)] = [
            ("ученик 10А класса", "10А"), ("Ученица 9 «Б» класса", "9Б"), ("обучающийся 11-а класса", "11А"), ("учащийся 7 кл.", "7"),
            ("студент группы ТД-21", "ТД-21"), ("студентка гр. ис 31", "ИС-31"), ("студент 2 курса", "2 курс"),
            ("классный руководитель 7Б класса", nil), ("учитель математики", nil), ("инженер-технолог", nil), ("ученик", nil),
        ]
        for (position, expected) in cases {
            #expect(M037_MentorClasses.className(inPosition: position) == expected, "\(position)")
        }
    }

    @Test("Миграция заполняет класс наставника из должности, где он ясно назван, остальным оставляет пустым")
    func migrationFillsFromPosition() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            let pupil = try await PairingFixtures.mentor(app, organization: territory.organization, lastName: "Орлов")
            pupil.position = "ученик 10А класса"
            try await pupil.save(on: app.db)
            let teacher = try await PairingFixtures.mentor(app, organization: territory.organization, lastName: "Учительская")
            teacher.position = "классный руководитель 7Б"
            try await teacher.save(on: app.db)
            // One connection throughout: another pooled SQLite connection may still hold the old schema.
            try await app.db.withConnection { db in
                try await M037_MentorClasses().revert(on: db)
                try await M037_MentorClasses().prepare(on: db)
            }
            #expect(try await Mentor.find(pupil.id, on: app.db)?.className == "10А")
            #expect(try await Mentor.find(teacher.id, on: app.db)?.className == nil)
        }
    }
}
