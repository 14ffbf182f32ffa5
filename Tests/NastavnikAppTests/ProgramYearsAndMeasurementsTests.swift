import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 17, items 4 and 5: a program of several years counts in every year it works, and
/// everyone — mentees and mentors — is measured before and after.
@Suite("Программа по учебным годам и измерения до и после")
struct ProgramYearsAndMeasurementsTests {
    func figures(_ app: Application, _ organization: Organization, year: Int, students: Int) async throws {
        let figures = OrganizationYearFigures()
        figures.$organization.id = organization.id!
        figures.academicYear = year
        figures.students = students
        figures.teachers = 20
        figures.youngTeachers = 2
        figures.enteredByName = ""
        try await figures.create(on: app.db)
    }

    func score(_ app: Application, _ program: Program, year: Int, group: String, value: Int) async throws {
        let questionnaire = try await QuestionnaireAuthoring.copy(.satisfactionMentee, organizationID: program.$organization.id,
                                                                  programID: program.id, by: UUID(), on: app.db)
        let version = try await QuestionnaireAuthoring.latestVersion(of: questionnaire.id!, on: app.db)
        let answer = try Answer(organizationID: program.$organization.id, questionnaireID: questionnaire.id!, versionID: version.id!, sheet: AnswerSheet())
        try await answer.save(on: app.db)
        let score = AnswerScore()
        score.organizationID = program.$organization.id
        score.programID = program.id
        score.answerID = answer.id!
        score.key = QuestionKey.satisfaction.rawValue
        score.respondentGroup = group
        score.value = value
        score.academicYear = year
        try await score.create(on: app.db)
    }

    @Test("Программа 2026–2029 учитывается в 2027/28 и 2028/29: пары, наставники, доля вовлечённых и удовлетворённость по годам")
    func multiYearProgram() async throws {
        try await withTestApp { app in
            let t = try await Fixtures.territory(app)
            let school = t.organization
            let program = Program(organizationID: school.id!, name: "Три года вместе", forms: [.studentStudent], goals: "", expectedResults: "",
                                  startsOn: CalendarDay(year: 2026, month: 9, day: 1), endsOn: CalendarDay(year: 2029, month: 6, day: 30), stage: .pairWork)
            try await program.create(on: app.db)
            let m = { (name: String) in try await PairingFixtures.mentee(app, organization: school, lastName: name) }
            let (first, second, late) = (try await m("Первый"), try await m("Второй"), try await m("Поздний"))
            let mentor = { (name: String) in try await PairingFixtures.mentor(app, organization: school, lastName: name) }
            // Works all three years.
            try await ProgramSurveysTests.pairing(app, program, mentorID: try await mentor("Долгий").id!, mentees: [first], status: .formed,
                                                  form: .studentStudent)
            // Ended early in December 2027: counts in 2026/27 and 2027/28, not after.
            let ended = try await ProgramSurveysTests.pairing(app, program, mentorID: try await mentor("Уехавший").id!, mentees: [second],
                                                              status: .finished, form: .studentStudent)
            try await MonitoringTests.close(app, ended, .earlyEnd, on: "2027-12-10", reason: "Переезд")
            // Formed in October 2027: not in 2026/27.
            try await ProgramSurveysTests.pairing(app, program, mentorID: try await mentor("Поздний").id!, mentees: [late], status: .formed,
                                                  form: .studentStudent, formedAt: CalendarDay(year: 2027, month: 10, day: 5).date)
            for year in 2026...2029 { try await figures(app, school, year: year, students: 100) }
            try await score(app, program, year: 2027, group: "mentee", value: 8)
            try await score(app, program, year: 2028, group: "mentee", value: 6)

            let years = (2026...2029).map(AcademicYear.init(startYear:))
            let counts = try await IndicatorQueries.counts(.municipality(t.municipality.id!), years: years, on: app.db)
            func total(_ year: Int) -> IndicatorCounts { IndicatorQueries.total(counts[AcademicYear(startYear: year)] ?? [:]) }
            #expect(total(2026).pairs == 2 && total(2026).involvedMentees == 2)
            #expect(total(2027).pairs == 3 && total(2027).activeMentors == 3 && total(2027).involvedMentees == 3 && total(2027).endedEarly == 1)
            #expect(IndicatorCounts.percent(total(2027).studentShare) == "3,0 %")
            #expect(total(2028).pairs == 2 && total(2028).involvedMentees == 2 && IndicatorCounts.percent(total(2028).studentShare) == "2,0 %")
            #expect(total(2029).pairs == 0 && total(2029).involvedMentees == 0)
            #expect(total(2027).menteeSatisfactionCount == 1 && total(2027).menteeSatisfactionSum == 8)
            #expect(total(2028).menteeSatisfactionSum == 6 && total(2026).menteeSatisfactionCount == 0)
            // One year at a time gives the same as the trend.
            #expect(IndicatorQueries.total(try await IndicatorQueries.counts(.region(t.region.id!), year: AcademicYear(startYear: 2027), on: app.db)) == total(2027))

            // The program's monitoring page shows the same year by year.
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: school)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let page = try await curator.get("/orgs/\(school.id!)/programs/\(program.id!)/monitoring")
            #expect(page.status == .ok)
            let table = try #require(page.text.firstRange(of: "По учебным годам").map { String(page.text[$0.lowerBound...]) })
            #expect(table.contains("2026/2027") && table.contains("2027/2028") && table.contains("2028/2029"))
            #expect(table.contains("<td>2027/2028</td><td class=\"num\">3</td><td class=\"num\">3</td><td class=\"num\">3</td>"))
            // One answer a year is stored and counted above, but not shown: it would be that person's own score.
            #expect(table.contains("3,0 %") && !table.contains("8,0 (1)"))
        }
    }

    @Test("Измерения на входе и на выходе у наставляемых и наставников: вручную до пары и из анкеты, отмеченной как измерение; динамика по формам и способам")
    func beforeAndAfterForEveryone() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let base = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)"
            // A student without a pair yet is measured on entry by the psychologist.
            let waiting = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Безучётный").first())
            let entryPage = try await curator.get(base + "/impact")
            #expect(entryPage.text.contains("Безучётный Иван") && entryPage.text.contains("Инженеров Анна"))
            let manual = try await curator.post(base + "/impact", form: ["person": "mentee-\(waiting.id!)", "phase": "entry", "source": "psychologist",
                                                                           "measuredOn": "2026-10-01", "anxiety": "7", "professionalReadiness": "4"])
            #expect(manual.status == .seeOther)
            let bad = try await curator.post(base + "/impact", form: ["person": "mentee-\(UUID())", "phase": "entry", "measuredOn": "2026-10-01", "anxiety": "70"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Выберите участника этой программы") && bad.text.contains("От 1 до 10"))
            let stored = try await ImpactMeasurement.query(on: app.db).filter(\.$mentee.$id == waiting.id!).all()
            #expect(stored.count == 2 && stored.allSatisfy { $0.pairingID == nil && $0.phase == .entry })

            // Satisfaction surveys from the program page measure mentees and mentors, entry and exit.
            for (template, audience) in [("satisfaction-mentee", "mentees"), ("satisfaction-mentor", "mentors")] {
                #expect(try await curator.post(base + "/surveys", form: ["source": "template:\(template)", "audience": audience]).status == .seeOther)
            }
            func answerAll(stage: String, menteeScore: Int, mentorScore: Int) async throws {
                let open = try await QuestionnaireAssignment.query(on: app.db).filter(\.$status != .submitted).with(\.$questionnaire).all()
                for assignment in open {
                    let user = try #require(c.all.first { $0.id == assignment.$user.id })
                    let browser = Browser(app)
                    try await browser.signIn(user.login)
                    let mentee = assignment.role == .mentee
                    var fields = ["q-q1": stage, "q-q2": String(mentee ? menteeScore : mentorScore), "q-q3": "6", "q-q4": "7"]
                    if mentee { fields["q-q5-4"] = "on" }
                    #expect(try await browser.post("/my/questionnaires/\(assignment.id!)", form: fields).status == .seeOther)
                }
            }
            try await answerAll(stage: "До входа в программу", menteeScore: 5, mentorScore: 6)
            for (template, audience) in [("satisfaction-mentee", "mentees"), ("satisfaction-mentor", "mentors")] {
                #expect(try await curator.post(base + "/surveys", form: ["source": "template:\(template)", "audience": audience]).status == .seeOther)
            }
            try await answerAll(stage: "По итогам программы", menteeScore: 8, mentorScore: 9)

            let satisfaction = try await ImpactMeasurement.query(on: app.db).filter(\.$parameter == ImpactParameter.satisfaction.rawValue).all()
            #expect(satisfaction.count == 14)
            #expect(satisfaction.filter { $0.$mentor.id != nil }.count == 4 && satisfaction.allSatisfy { $0.source == .questionnaire && $0.answerID != nil })
            let impact = try await ProgramImpact.load(c.program, on: app.db)
            let mentors = try #require(impact.bySide.first { $0.label == "Наставники" && $0.parameter == "Удовлетворённость" })
            #expect(mentors.averageChange == "+3" && mentors.people == 2 && mentors.improvedShare == "100,0 %")
            let mentees = try #require(impact.bySide.first { $0.label == "Наставляемые" && $0.parameter == "Удовлетворённость" })
            #expect(mentees.averageChange == "+3" && mentees.people == 5 && mentees.caution.isEmpty)
            #expect(impact.byScheme.contains { $0.label == "по анкетам · наставники" || $0.label.hasSuffix("· наставники") })
            #expect(impact.byForm.contains { $0.label == "работодатель – студент · наставляемые" && $0.people == 5 })

            let monitoring = try await curator.get(base + "/monitoring")
            #expect(monitoring.text.contains("Наставляемые и наставники") && !monitoring.text.contains("Алексеев"))
            let people = try await curator.get(base + "/impact")
            #expect(people.text.contains("Инженеров Анна") && people.text.contains("Наставник · работодатель – студент"))

            // Unmarking a questionnaire takes its values away; marking again brings them back.
            let marked = try #require(try await Questionnaire.query(on: app.db).filter(\.$templateKey == "satisfaction-mentor").first())
            let questionnairePage = "/orgs/\(c.organization.id!)/questionnaires/\(marked.id!)"
            #expect(try await curator.get(questionnairePage).text.contains("Измерение на входе и на выходе — отмечена"))
            #expect(try await curator.post(questionnairePage + "/measurement", form: [:]).status == .seeOther)
            #expect(try await ImpactMeasurement.query(on: app.db).filter(\.$mentor.$id != nil).filter(\.$parameter == ImpactParameter.satisfaction.rawValue).count() == 2)
            #expect(try await curator.post(questionnairePage + "/measurement",
                                           form: ["phase": "byAnswer", "parameter-q2": "satisfaction", "parameter-q3": "jobSatisfaction"]).status == .seeOther)
            #expect(try await ImpactMeasurement.query(on: app.db).filter(\.$mentor.$id != nil).filter(\.$parameter == ImpactParameter.satisfaction.rawValue).count() == 4)
        }
    }
}
