import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Мониторинг: показатели от школы до региона")
struct MonitoringTests {
    @Test("Учебный год: с 1 сентября по 31 августа, название «2026/2027»")
    func academicYear() {
        #expect(AcademicYear.of(CalendarDay(year: 2026, month: 9, day: 1)).title == "2026/2027")
        #expect(AcademicYear.of(CalendarDay(year: 2027, month: 8, day: 31)).title == "2026/2027")
        #expect(AcademicYear(title: "2025/2026")?.startYear == 2025 && AcademicYear(title: "2025/2027") == nil && AcademicYear(title: "год") == nil)
    }

    /// A pairing of the program with agreed members (and, optionally, one still waiting).
    @discardableResult
    func pairing(_ app: Application, _ program: Program, mentor: Mentor, mentees: [Mentee], form: MentoringForm, status: PairingStatus,
                 pendingMentee: Mentee? = nil) async throws -> Pairing {
        let pairing = try Pairing(program: program, mentorID: mentor.id!, form: form, scheme: .questionnaires, status: status, createdByName: "")
        try await pairing.create(on: app.db)
        for (index, mentee) in (mentees + [pendingMentee].compactMap { $0 }).enumerated() {
            let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: program.id!, score: 70, explanation: [], position: index)
            member.menteeAnswer = mentee.id == pendingMentee?.id ? .pending : .accepted
            member.mentorAnswer = .accepted
            try await member.create(on: app.db)
        }
        return pairing
    }

    /// The pairing's closure, decided on `day`.
    static func close(_ app: Application, _ pairing: Pairing, _ decision: ClosureDecision, on day: String, reason: String = "") async throws {
        let closure = PairClosure()
        closure.$pairing.id = pairing.id!
        closure.programID = pairing.$program.id
        closure.decision = decision
        closure.decidedByRole = "куратор"
        closure.reason = reason
        closure.decidedOn = day
        closure.decidedByName = ""
        try await closure.create(on: app.db)
    }

    func mentor(_ app: Application, _ organization: Organization, _ lastName: String, origin: MentorOrigin) async throws -> Mentor {
        let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: lastName)
        mentor.origin = origin
        try await mentor.save(on: app.db)
        return mentor
    }

    /// Two schools of one municipality, known pairs in 2026/2027 and one in 2025/2026.
    func knownRegion(_ app: Application) async throws -> (a: Fixtures.Territory, b: Organization) {
        let a = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 1")
        let b = Organization(municipalityID: a.municipality.id!, regionID: a.region.id!, name: "МБОУ СОШ № 2", shortName: "СОШ № 2", kind: .school)
        try await b.save(on: app.db)
        let program = try await PairingFixtures.program(app, organization: a.organization)
        let old = Program(organizationID: a.organization.id!, name: "Прошлый год", forms: [.studentStudent], goals: "", expectedResults: "",
                          startsOn: CalendarDay(year: 2025, month: 9, day: 15), endsOn: CalendarDay(year: 2026, month: 5, day: 31), stage: .completion)
        try await old.create(on: app.db)

        let m = { (name: String) in try await PairingFixtures.mentee(app, organization: a.organization, lastName: name) }
        let (orlov, belov, pending, young, pupil, oldMentee) = (try await m("Орлов"), try await m("Белов"), try await m("Ждущий"),
                                                                  try await m("Молодой"), try await m("Ученик"), try await m("Прошлогодний"))
        // A group of two with a student mentor; a third mentee has not answered yet and does not count.
        try await pairing(app, program, mentor: try await mentor(app, a.organization, "Старшеклассник", origin: .student),
                          mentees: [orlov, belov], form: .studentStudent, status: .formed, pendingMentee: pending)
        // A young teacher's pair, finished, with the mentee's closeness to the goal 8 of 10.
        let teachers = try await pairing(app, program, mentor: try await mentor(app, a.organization, "Учитель", origin: .teacher),
                                         mentees: [young], form: .teacherTeacher, status: .finished)
        try await Self.close(app, teachers, .finish, on: "2026-11-20")
        let answer = FinalAnswer()
        answer.$pairing.id = teachers.id!
        answer.programID = program.id!
        answer.side = .mentee
        answer.mostValuable = ""; answer.results = "Открытый урок"; answer.learned = ""; answer.closeness = 8
        answer.changed = ""; answer.understood = ""; answer.remembered = ""
        answer.continueTogether = false; answer.wantsToMentor = false; answer.writtenByName = ""
        try await answer.create(on: app.db)
        // An employer's pair ended early.
        let employer = try await pairing(app, program, mentor: try await mentor(app, a.organization, "Инженер", origin: .employer),
                                         mentees: [pupil], form: .employerPupil, status: .finished)
        try await Self.close(app, employer, .earlyEnd, on: "2026-11-25", reason: "Командировка")
        // Last year's pair counts only in 2025/2026; a draft counts nowhere.
        try await pairing(app, old, mentor: try await mentor(app, a.organization, "Прошлогодний", origin: .teacher),
                          mentees: [oldMentee], form: .studentStudent, status: .finished)
        try await pairing(app, program, mentor: try await mentor(app, a.organization, "Черновик", origin: .teacher),
                          mentees: [oldMentee], form: .studentStudent, status: .draft)

        for (organization, students, teachers, youngTeachers) in [(a.organization, 100, 20, 4), (b, 50, 10, 0)] {
            let figures = OrganizationYearFigures()
            figures.$organization.id = organization.id!
            figures.academicYear = 2026
            figures.students = students
            figures.teachers = teachers
            figures.youngTeachers = youngTeachers
            figures.enteredByName = ""
            try await figures.create(on: app.db)
        }
        // The rows above were inserted directly, not through the application: the stored counts are computed once.
        try await IndicatorCountsTable.rebuild(on: app.db)
        return (a, b)
    }

    @Test("Показатели считаются на известных данных: доли от суммы, год по началу программы, черновики и ожидающие не в счёт")
    func arithmetic() async throws {
        try await withTestApp { app in
            let (a, b) = try await knownRegion(app)
            let year = AcademicYear(startYear: 2026)
            let counts = try await IndicatorQueries.counts(.municipality(a.municipality.id!), year: year, on: app.db)
            let total = IndicatorQueries.total(counts)
            #expect(total.involvedMentees == 3 && total.involvedStudentMentors == 1 && total.involvedStudents == 4)
            #expect(total.involvedYoungTeachers == 1 && total.youngTeachers == 4 && total.students == 150 && total.reporting == 2)
            #expect(total.pairs == 3 && total.activeMentors == 3 && total.enterpriseMentors == 1)
            #expect(total.finished == 1 && total.endedEarly == 1 && total.averageCloseness == 8)
            #expect(IndicatorCounts.percent(total.studentShare) == "2,7 %" && IndicatorCounts.percent(total.youngTeacherShare) == "25,0 %")
            let byForm = IndicatorQueries.byForm(counts)
            #expect(byForm[.studentStudent]?.involvedMentees == 2 && byForm[.teacherTeacher]?.involvedYoungTeachers == 1 && byForm[.employerPupil]?.endedEarly == 1)
            #expect(IndicatorQueries.byOrganization(counts)[b.id!]?.students == 50)

            let last = IndicatorQueries.total(try await IndicatorQueries.counts(.region(a.region.id!), year: year.adding(-1), on: app.db))
            #expect(last.pairs == 1 && last.involvedMentees == 1 && last.students == 0)
            // An organization of another municipality does not change this one.
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 3")
            #expect(try await IndicatorQueries.counts(.municipality(other.municipality.id!), year: year, on: app.db).isEmpty)
        }
    }

    @Test("Координатор видит регион, муниципалитет и выгрузку без имён; школа вводит численность; чужие — нет")
    func dashboards() async throws {
        try await withTestApp { app in
            let (a, _) = try await knownRegion(app)
            try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: a.region.id)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: a.organization)
            try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: a.organization)
            let coordinator = Browser(app), director = Browser(app), mentor = Browser(app)
            try await coordinator.signIn("koordinator")
            try await director.signIn("direktor")
            try await mentor.signIn("nastavnik")

            let region = try await coordinator.get("/indicators?year=2026/2027")
            #expect(region.status == .ok && region.text.contains("Итого по региону") && region.text.contains("2,7 %") && region.text.contains("<svg"))
            let municipality = try await coordinator.get("/indicators?year=2026/2027&municipality=\(a.municipality.id!)")
            #expect(municipality.text.contains("МБОУ СОШ № 1") && municipality.text.contains("4,0 %") && municipality.text.contains("ко всему региону"))
            for page in [region.text, municipality.text] {
                for name in ["Орлов", "Белов", "Молодой", "Старшеклассник", "Инженер"] { #expect(!page.contains(name), "имя \(name) на странице координатора") }
            }
            let sheet = try await coordinator.get("/indicators.xlsx?year=2026/2027&municipality=\(a.municipality.id!)")
            let cells = try #require(try OfficeZip.unpack(Data(buffer: sheet.body))["xl/sharedStrings.xml"].flatMap { String(data: $0, encoding: .utf8) }
                                     ?? OfficeZip.unpack(Data(buffer: sheet.body))["xl/worksheets/sheet1.xml"].flatMap { String(data: $0, encoding: .utf8) })
            #expect(sheet.status == .ok && cells.contains("МБОУ СОШ № 1") && !cells.contains("Орлов"))
            #expect(try await mentor.get("/indicators").status == .forbidden)
            #expect(try await coordinator.get("/indicators?municipality=\(try await Fixtures.territory(app, regionCode: "77").municipality.id!)").status == .notFound)

            let school = "/orgs/\(a.organization.id!)/indicators"
            let own = try await director.get(school + "?year=2026/2027")
            #expect(own.status == .ok && own.text.contains("учитель – учитель") && own.text.contains("Сведения о численности"))
            let bad = try await director.post(school + "/figures", form: ["year": "2026/2027", "students": "много", "teachers": "10", "youngTeachers": "12"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("целое число") && bad.text.contains("не может быть больше"))
            // Fewer students than the 4 already involved would make a share over 100 %: refused where typed (issue 20).
            let impossible = try await director.post(school + "/figures", form: ["year": "2026/2027", "students": "3", "teachers": "30", "youngTeachers": "5"])
            #expect(impossible.status == .unprocessableEntity && impossible.text.contains("уже вовлечено 4 обучающихся") && impossible.text.contains("value=\"3\""))
            #expect(try await director.post(school + "/figures", form: ["year": "2026/2027", "students": "200", "teachers": "30", "youngTeachers": "5"]).status == .seeOther)
            #expect(try await OrganizationYearFigures.query(on: app.db).filter(\.$academicYear == 2026).filter(\.$organization.$id == a.organization.id!).first()?.students == 200)
            #expect(try await director.get(school + "?year=2026/2027").text.contains("2,0 %"))
            #expect(try await mentor.get(school).status == .forbidden)
            #expect(try await mentor.post(school + "/figures", form: ["year": "2026/2027", "students": "1", "teachers": "1", "youngTeachers": "0"]).status == .forbidden)

            // The API gives the same figures.
            let page = try await coordinator.post("/account/tokens", form: ["name": "Отчёты"])
            let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
            let api = try await app.testing().sendRequest(.GET, "/api/v1/indicators?year=2026/2027&municipality=\(a.municipality.id!)",
                                                          headers: ["Authorization": "Bearer \(token)"])
            let table = try api.content.decode(IndicatorsAPIController.IndicatorTable.self)
            // As numbers, not the page's «1,6 %».
            #expect(table.total.counts.pairs == 3 && abs((table.total.studentShare ?? 0) - 0.016) < 0.0005 && table.rows.count == 2)
            #expect(!api.text.contains("Орлов"))
        }
    }

    /// A submitted answer to a copy of `template` made for the program.
    func answer(_ app: Application, _ template: QuestionnaireTemplate, program: Program, by user: User, role: Role?, _ values: [QuestionKey: AnswerValue],
                first: AnswerValue? = nil) async throws {
        // An anonymous survey's answers count once enough people answered it (`AnonymousAudience`): they answer one copy.
        let shared = template.anonymous ? try await Questionnaire.query(on: app.db).filter(\.$programID == program.id).filter(\.$templateKey == template.key).first() : nil
        let questionnaire: Questionnaire
        if let shared { questionnaire = shared } else {
            questionnaire = try await QuestionnaireAuthoring.copy(template, organizationID: program.$organization.id, programID: program.id, by: user.id!, on: app.db)
        }
        let version = try await QuestionnaireAuthoring.latestVersion(of: questionnaire.id!, on: app.db)
        if template.anonymous {
            // As a sending and `Answering.submit` leave it: someone of the audience took part, with nothing linking them to the answer.
            let person = try await Fixtures.person(app, login: "uchastnik-\(UUID().uuidString.prefix(8).lowercased())")
            let assignment = QuestionnaireAssignment(organizationID: program.$organization.id, questionnaireID: questionnaire.id!, versionID: version.id!,
                                                     userID: person.id!, role: .mentor, dueAt: nil, assignedByID: user.id!)
            assignment.status = .submitted
            try await assignment.create(on: app.db)
        }
        var sheet: [String: AnswerValue] = [:]
        for (key, value) in values { sheet[try #require(template.definition.questions.first { $0.key == key }).id] = value }
        if let first { sheet[template.definition.questions[0].id] = first }
        let answer = try Answer(organizationID: program.$organization.id, questionnaireID: questionnaire.id!, versionID: version.id!, sheet: AnswerSheet(values: sheet))
        // As `Answering.submit` stores them: an anonymous answer has neither role nor time.
        if !template.anonymous {
            answer.role = role
            answer.submittedAt = Date()
        }
        try await answer.save(on: app.db)
        for score in try AnswerScores.scores(for: answer, programID: program.id, day: program.start, sheet: answer.sheet(), definition: template.definition) {
            try await score.create(on: app.db)
        }
    }

    @Test("Этап 1: SWOT из ответов анкеты с источником, удовлетворённость по ролям, регулярность встреч; куратор правит, наставник не видит")
    func qualityAndSwot() async throws {
        try await withTestApp { app in
            let (a, _) = try await knownRegion(app)
            let curatorUser = try await Fixtures.person(app, login: "kurator", role: .curator, organization: a.organization)
            try await Fixtures.person(app, login: "psiholog", role: .psychologist, organization: a.organization)
            try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: a.organization)
            let program = try #require(try await Program.query(on: app.db).filter(\.$name == "Шаг вперёд").first())
            try await answer(app, .programQuality, program: program, by: curatorUser, role: nil,
                             [.programQuality: .scale(8), .satisfaction: .scale(9), .pairsMeetRegularly: .choice("Раз в неделю"),
                              .swotStrengths: .text("Сильные наставники-старшеклассники"), .swotThreats: .text("Перегрузка педагогов")],
                             first: .choice("Наставник"))
            try await answer(app, .programQuality, program: program, by: curatorUser, role: nil,
                             [.programQuality: .scale(6), .satisfaction: .scale(7), .pairsMeetRegularly: .choice("Реже, чем раз в две недели"),
                              .swotWeaknesses: .text("Мало времени на встречи")], first: .choice("Наставляемый"))
            // A third answer: an anonymous survey shows nothing until three people answered it.
            try await answer(app, .programQuality, program: program, by: curatorUser, role: nil,
                             [.programQuality: .scale(7), .satisfaction: .scale(8), .pairsMeetRegularly: .choice("Раз в две недели")], first: .choice("Наставник"))
            try await answer(app, .satisfactionMentee, program: program, by: curatorUser, role: .mentee,
                             [.surveyStage: .choice(QuestionnaireTemplate.stages[0]), .satisfaction: .scale(2), .menteeExtracurricular: .choices(["Нигде"])])
            try await answer(app, .satisfactionMentee, program: program, by: curatorUser, role: .mentee,
                             [.surveyStage: .choice(QuestionnaireTemplate.stages[1]), .satisfaction: .scale(10), .menteeExtracurricular: .choices(["Спортивная секция"])])

            let curator = Browser(app), psychologist = Browser(app), mentor = Browser(app)
            try await curator.signIn("kurator")
            try await psychologist.signIn("psiholog")
            try await mentor.signIn("nastavnik")
            let path = "/orgs/\(a.organization.id!)/programs/\(program.id!)/monitoring"
            let page = try await curator.get(path)
            // Two mentors and one mentee answered the anonymous survey: too few of a role to name it beside a text.
            #expect(page.status == .ok && page.text.contains("Сильные наставники-старшеклассники") && page.text.contains("Анкета: анонимный ответ"))
            #expect(page.text.contains("7,0") && page.text.contains("ответов: 3"))
            // Satisfaction before the program is the baseline: the mentees' 10 (after) counts, the 2 before does not; the
            // one mentee of the anonymous survey stays out of the satisfaction by role.
            #expect(page.text.contains("Удовлетворённость — Наставляемый: <strong>10,0</strong> из 10 <span class=\"muted\">(ответов: 1)"))
            #expect(page.text.contains("2 из 3 ответов анкеты качества") && page.text.contains("1 из 2 ответов анкеты удовлетворённости"))
            // The same satisfaction reaches the indicators through the stored scores, baseline left out.
            let counts = IndicatorQueries.total(try await IndicatorQueries.counts(.organization(a.organization.id!), year: AcademicYear(startYear: 2026), on: app.db))
            // Stored with both answers; shown only from three, since two answers' average nearly names them.
            #expect(counts.menteeSatisfactionCount == 2 && counts.menteeSatisfactionSum == 17 && counts.mentorSatisfactionCount == 2)
            #expect(IndicatorRow(id: nil, name: "", counts: counts).menteeSatisfaction == "—")

            let bad = try await curator.post(path + "/swot", form: ["quadrant": "", "text": ""])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Выберите раздел SWOT.") && bad.text.contains("Сформулируйте пункт."))
            #expect(try await curator.post(path + "/swot", form: ["quadrant": "strength", "text": "Сильные наставники-старшеклассники",
                                                                   "source": "Анкета: наставник, 01.12.2026"]).status == .seeOther)
            let item = try #require(try await SwotItem.query(on: app.db).first())
            #expect(item.source == "Анкета: наставник, 01.12.2026" && item.quadrant == .strength)
            #expect(try await psychologist.get(path).status == .ok)
            #expect(try await psychologist.post(path + "/swot", form: ["quadrant": "threat", "text": "x"]).status == .forbidden)
            #expect(try await mentor.get(path).status == .forbidden)
            let sheet = try await curator.get(path.replacingOccurrences(of: "/monitoring", with: "/monitoring.xlsx"))
            let names = try #require(try OfficeZip.unpack(Data(buffer: sheet.body))["xl/workbook.xml"].flatMap { String(data: $0, encoding: .utf8) })
            #expect(sheet.status == .ok && names.contains("SWOT") && names.contains("По способам"))
            #expect(try await curator.post(path + "/swot/\(item.id!)/delete").status == .seeOther)
            #expect(try await SwotItem.query(on: app.db).count() == 0)
        }
    }

    @Test("Этап 2: измерения на входе и выходе, динамика по человеку, форме и способу, оговорка о малых группах; просмотр в журнале")
    func impactDynamics() async throws {
        try await withTestApp { app in
            let (a, _) = try await knownRegion(app)
            try await Fixtures.person(app, login: "psiholog", role: .psychologist, organization: a.organization)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: a.organization)
            let psychologist = Browser(app), director = Browser(app)
            try await psychologist.signIn("psiholog")
            try await director.signIn("direktor")
            let program = try #require(try await Program.query(on: app.db).filter(\.$name == "Шаг вперёд").first())
            let orlov = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Орлов").first())
            let belov = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Белов").first())
            let path = "/orgs/\(a.organization.id!)/programs/\(program.id!)/impact"
            #expect(try await director.get(path).status == .forbidden)
            let page = try await psychologist.get(path)
            #expect(page.status == .ok && page.text.contains("Орлов"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.impactViewed.rawValue).count() == 1)

            let bad = try await psychologist.post(path, form: ["person": "mentee-\(orlov.id!)", "phase": "entry", "measuredOn": "2026-09-10", "grades": "7", "anxiety": "abc"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("От 2 до 5.") && bad.text.contains("От 1 до 10."))
            // A mentee of a form the program does not run is nobody of the program.
            let stranger = try await PairingFixtures.mentee(app, organization: a.organization, lastName: "Посторонний", form: .employerPupil)
            #expect(try await psychologist.post(path, form: ["person": "mentee-\(stranger.id!)", "phase": "entry", "measuredOn": "2026-09-10", "grades": "3"])
                .status == .unprocessableEntity)
            for (mentee, entry, exit) in [(orlov, ["grades": "3,2", "anxiety": "8"], ["grades": "4", "anxiety": "5"]),
                                          (belov, ["grades": "4", "anxiety": "4"], ["grades": "3,8", "anxiety": "6"])] {
                #expect(try await psychologist.post(path, form: ["person": "mentee-\(mentee.id!)", "phase": "entry", "measuredOn": "2026-09-10",
                                                                 "source": "psychologist"].merging(entry) { $1 }).status == .seeOther)
                #expect(try await psychologist.post(path, form: ["person": "mentee-\(mentee.id!)", "phase": "exit", "measuredOn": "2026-12-01",
                                                                 "source": "psychologist"].merging(exit) { $1 }).status == .seeOther)
            }
            // Entering the same phase again replaces the value.
            #expect(try await psychologist.post(path, form: ["person": "mentee-\(orlov.id!)", "phase": "exit", "measuredOn": "2026-12-01", "anxiety": "4"]).status == .seeOther)
            #expect(try await ImpactMeasurement.query(on: app.db).count() == 8)

            let impact = try await ProgramImpact.load(program, on: app.db)
            let grades = try #require(impact.byParameter.first { $0.parameter == "Средний балл" })
            // (4 − 3.2) and (3.8 − 4): mean +0.3, one of two better.
            #expect(grades.averageChange == "+0,3" && grades.improvedShare == "50,0 %" && grades.people == 2 && grades.caution.contains("Мало данных"))
            let anxiety = try #require(impact.byParameter.first { $0.parameter == "Тревожность" })
            #expect(anxiety.averageChange == "-1" && anxiety.improvedShare == "50,0 %")
            let orlovRow = try #require(impact.people.first { $0.name.hasPrefix("Орлов") })
            #expect(orlovRow.changes.first { $0.parameter == "Тревожность" }?.direction == "improved")
            #expect(impact.byScheme.contains { $0.label == PairingScheme.questionnaires.russianName + " · наставляемые" && $0.people == 2 })
            #expect(impact.byForm.allSatisfy { $0.label == MentoringForm.studentStudent.russianName + " · наставляемые" })

            // The monitoring page shows the dynamics without names.
            let monitoring = try await director.get("/orgs/\(a.organization.id!)/programs/\(program.id!)/monitoring")
            #expect(monitoring.text.contains("+0,3") && !monitoring.text.contains("Орлов") && !monitoring.text.contains("Белов"))
        }
    }
}
