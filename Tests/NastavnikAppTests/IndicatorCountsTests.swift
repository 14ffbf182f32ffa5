import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The indicators' stored counts (`indicator_counts`, issue 21 item 2) against the aggregate SQL the
/// region pages used before (`IndicatorQueries.counts`), after changes made through the application.
@Suite("Хранимые числа показателей")
struct IndicatorCountsTests {
    typealias ByYear = [AcademicYear: [IndicatorQueries.Key: IndicatorCounts]]

    /// Without the reported figures (their own table) and without empty entries, which both ways may or may not list.
    static func comparable(_ byYear: ByYear) -> ByYear {
        var result: ByYear = [:]
        for (year, counts) in byYear {
            for (key, value) in counts {
                var value = value
                value.students = 0; value.teachers = 0; value.youngTeachers = 0; value.reporting = 0; value.organizations = 0
                if value != IndicatorCounts() { result[year, default: [:]][key] = value }
            }
        }
        return result
    }

    /// The region's stored rows equal the aggregate over every year anything may be counted in; returns the aggregate.
    @discardableResult
    static func expectStoredEqualsAggregate(_ app: Application, region: UUID, _ step: String) async throws -> ByYear {
        let sql = try #require(app.db as? any SQLDatabase)
        let years = try await IndicatorCountsTable.span(of: nil, on: sql)
        let aggregate = comparable(try await IndicatorQueries.counts(.region(region), years: years, on: app.db))
        let stored = comparable(try await IndicatorCountsTable.stored(.region(region), on: app.db))
        #expect(stored == aggregate, "после шага «\(step)» хранимые числа разошлись с подсчётом")
        return aggregate
    }

    static func total(_ byYear: ByYear, _ year: Int = 2026) -> IndicatorCounts {
        IndicatorQueries.total(byYear[AcademicYear(startYear: year)] ?? [:])
    }

    /// A proposal as the curator sends it: the pairing waiting for both sides.
    static func proposal(_ app: Application, _ program: Program, mentor: Mentor, mentees: [Mentee]) async throws -> (Pairing, [PairingMember]) {
        let pairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: .proposed, createdByName: "")
        pairing.proposedAt = Date()
        try await pairing.create(on: app.db)
        var members: [PairingMember] = []
        for (index, mentee) in mentees.enumerated() {
            let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: program.id!, score: 70, explanation: [], position: index)
            try await member.create(on: app.db)
            mentee.status = .candidate
            try await mentee.save(on: app.db)
            members.append(member)
        }
        return (pairing, members)
    }

    struct School {
        let territory: Fixtures.Territory
        let college: Organization
        let program: Program
        let curator: Browser
        var base: String { "/orgs/\(territory.organizationID)/programs/\(program.id!)/pairs" }
    }

    /// A school with a program and its curator, and a college of the same municipality whose student mentors work in it.
    static func school(_ app: Application) async throws -> School {
        let territory = try await Fixtures.territory(app)
        let college = Organization(municipalityID: territory.municipality.id!, regionID: territory.region.id!, name: "ГБПОУ Колледж № 2",
                                   shortName: "Колледж № 2", kind: .college)
        try await college.save(on: app.db)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
        let program = try await PairingFixtures.program(app, organization: territory.organization)
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return School(territory: territory, college: college, program: program, curator: curator)
    }

    @Test("После настоящих изменений (пары сформированы и завершены, согласие отозвано, ответы даны, карточка и даты программы изменены) хранимые числа равны подсчёту по парам и ответам")
    func storedCountsFollowTheChanges() async throws {
        try await withTestApp { app in
            let s = try await Self.school(app)
            let regionID = s.territory.region.id!
            let teacher = try await PairingFixtures.mentor(app, organization: s.territory.organization, lastName: "Смирнова", selectedIn: s.program)
            let student = try await PairingFixtures.mentor(app, organization: s.college, lastName: "Студентова", selectedIn: s.program)
            student.origin = .student
            try await student.save(on: app.db)
            let orlov = try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: "Орлов")
            let belov = try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: "Белов")
            let gromov = try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: "Громов")
            let (single, singleMembers) = try await Self.proposal(app, s.program, mentor: teacher, mentees: [orlov])
            let (group, groupMembers) = try await Self.proposal(app, s.program, mentor: student, mentees: [belov, gromov])
            var counts = try await Self.expectStoredEqualsAggregate(app, region: regionID, "предложения отправлены")
            #expect(counts.isEmpty)

            // Pairs form as the sides agree (here the curator records both answers).
            for member in singleMembers + groupMembers {
                for side in ["mentor", "mentee"] {
                    #expect(try await s.curator.post(s.base + "/members/\(member.id!)/answer", form: ["side": side, "answer": "accepted"]).status == .seeOther)
                }
                try await Self.expectStoredEqualsAggregate(app, region: regionID, "ответ по месту \(member.position) пары")
            }
            let statuses = try await Pairing.query(on: app.db).filter(\.$id ~~ [single.id!, group.id!]).all().map(\.status)
            #expect(statuses == [.formed, .formed])
            counts = try await Self.expectStoredEqualsAggregate(app, region: regionID, "пары сформированы")
            #expect(Self.total(counts).pairs == 2 && Self.total(counts).involvedMentees == 3 && Self.total(counts).involvedStudentMentors == 1)
            // The student mentor counts in the college, the pupils in the school.
            let byOrganization = IndicatorQueries.byOrganization(counts[AcademicYear(startYear: 2026)] ?? [:])
            #expect(byOrganization[s.college.id!]?.involvedStudentMentors == 1 && byOrganization[s.territory.organizationID]?.involvedMentees == 3)

            // The mentee's final answers (closeness to the goal), then the pair ends early.
            let draft = try PairCompletion.parseAnswers(["results": "Исправил оценки", "closeness": "7", "continueTogether": "no", "wantsToMentor": "no"]).get()
            _ = try await PairCompletion.saveAnswers(draft, in: single, side: .mentee, memberID: singleMembers[0].id, version: nil, by: "Орлов Иван", on: app.db)
            counts = try await Self.expectStoredEqualsAggregate(app, region: regionID, "итоговые ответы наставляемого")
            #expect(Self.total(counts).closenessCount == 1 && Self.total(counts).closenessSum == 7)
            #expect(try await s.curator.post("/pairs/\(single.id!)/closure", form: ["decision": "earlyEnd", "reason": "Переезд"]).status == .seeOther)
            counts = try await Self.expectStoredEqualsAggregate(app, region: regionID, "пара завершена досрочно")
            #expect(Self.total(counts).endedEarly == 1)

            // Громов's representative withdraws the processing consent: he leaves the group.
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == gromov.id!).first())
            #expect(try await s.curator.post("/orgs/\(s.territory.organizationID)/mentees/\(gromov.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)
            counts = try await Self.expectStoredEqualsAggregate(app, region: regionID, "согласие отозвано")
            #expect(Self.total(counts).involvedMentees == 2)

            // A mentee answers the program's satisfaction survey.
            let pupil = try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: s.territory.organization, lastName: "Белов")
            let template = QuestionnaireTemplate.satisfactionMentee
            let questionnaire = try await QuestionnaireAuthoring.copy(template, organizationID: s.territory.organizationID, programID: s.program.id,
                                                                      by: pupil.id!, on: app.db)
            let version = try await QuestionnaireAuthoring.publish(questionnaire.requireID(), on: app.db)
            let assignment = QuestionnaireAssignment(organizationID: s.territory.organizationID, questionnaireID: questionnaire.id!, versionID: version.id!,
                                                     userID: pupil.id!, role: .mentee, dueAt: nil, assignedByID: pupil.id!)
            try await assignment.save(on: app.db)
            // After the program, satisfied at 9 of 10; the other questions answered as a pupil would.
            var sheet: [String: AnswerValue] = [:]
            for question in template.definition.questions {
                switch question.type {
                case .scale: sheet[question.id] = .scale(question.key == .satisfaction ? 9 : 7)
                case .singleChoice: sheet[question.id] = .choice(question.key == .surveyStage ? QuestionnaireTemplate.stages[1] : question.options[0])
                case .multipleChoice: sheet[question.id] = .choices([question.options[0]])
                case .yesNo: sheet[question.id] = .yesNo(true)
                default: sheet[question.id] = .text("Стало интереснее учиться")
                }
            }
            let fields = AnswerForm.fields(for: AnswerSheet(values: sheet), definition: template.definition).merging(["action": "submit"]) { $1 }
            let outcome = try await Answering.submit(assignment, questionnaire: questionnaire, fields: fields, on: app.db)
            #expect(outcome.errors.isEmpty, "\(outcome.errors)")
            counts = try await Self.expectStoredEqualsAggregate(app, region: regionID, "ответ на анкету удовлетворённости")
            #expect(Self.total(counts).menteeSatisfactionCount == 1 && Self.total(counts).menteeSatisfactionSum == 9)

            // The teacher's card is imported again with another origin: an employer's mentor now.
            var mentorValues = MentorDraft.formValues(of: teacher)
            mentorValues["origin"] = MentorOrigin.employer.rawValue
            let (mentorDraft, errors) = MentorDraft.parse(mentorValues)
            #expect(errors.isEmpty)
            try await app.db.transaction { db in try await ParticipantBases.save(mentorDraft, into: teacher, organization: s.territory.organization, on: db) }
            #expect(try await Mentor.find(teacher.id, on: app.db)?.origin == .employer)
            counts = try await Self.expectStoredEqualsAggregate(app, region: regionID, "карточка наставника изменена")
            #expect(Self.total(counts).enterpriseMentors == 1)

            // The program is extended by a year: the pair still working counts in 2027/2028 as well.
            var programValues = ProgramDraft.formValues(s.program, team: [])
            programValues["endsOn"] = "2028-05-31"
            let programDraft = try ProgramDraft.parse(programValues).get()
            try await ProgramService.update(s.program, with: programDraft, on: app.db)
            counts = try await Self.expectStoredEqualsAggregate(app, region: regionID, "даты программы изменены")
            #expect(Self.total(counts, 2027).pairs == 1)

            // The command's rebuild writes the same rows.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("DELETE FROM \(ident: IndicatorCountsTable.schema)").run()
            #expect(try await IndicatorCountsTable.rebuild(on: app.db) > 0)
            try await Self.expectStoredEqualsAggregate(app, region: regionID, "пересчёт командой")
        }
    }

    @Test("Удовлетворённость одного или двух ответивших не показывается ни на странице, ни в API, ни в выгрузке, а в итог по региону входит")
    func smallSatisfactionHidden() throws {
        var one = IndicatorCounts()
        one.menteeSatisfactionSum = 9; one.menteeSatisfactionCount = 1
        one.mentorSatisfactionSum = 14; one.mentorSatisfactionCount = 2
        var three = IndicatorCounts()
        three.menteeSatisfactionSum = 21; three.menteeSatisfactionCount = 3
        let school = IndicatorRow(id: UUID(), name: "МБОУ СОШ № 1", counts: one)
        #expect(school.menteeSatisfaction == "—" && school.mentorSatisfaction == "—")
        let sent = IndicatorsAPIController.Row(school)
        #expect(sent.menteeSatisfaction == nil && sent.counts.menteeSatisfactionSum == 0 && sent.counts.menteeSatisfactionCount == 0)
        #expect(sent.mentorSatisfaction == nil && sent.counts.mentorSatisfactionSum == 0)
        let workbook = IndicatorsController.workbook("Показатели", year: AcademicYear(startYear: 2026), rows: [school], total: school)
        #expect(!"\(workbook)".contains("9,0"))
        // The region's total adds the schools' stored answers: 1 + 3 answers make four, shown.
        let region = IndicatorRow(id: nil, name: "Итого по региону", counts: [one, three].reduce(.init(), +))
        #expect(region.menteeSatisfaction == "7,5 (4)")
        #expect(IndicatorRow(id: nil, name: "", counts: three).menteeSatisfaction == "7,0 (3)")
    }

    @Test("Две пары одной школы, сформированные в одну секунду, обе в хранимых числах")
    func parallelWritersOfOneOrganization() async throws {
        try await withTestApp { app in
            let s = try await Self.school(app)
            var members: [PairingMember] = []
            for index in 0..<4 {
                let mentor = try await PairingFixtures.mentor(app, organization: s.territory.organization, lastName: "Наставница\(index)", selectedIn: s.program)
                let mentee = try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: "Ученик\(index)")
                let (_, placed) = try await Self.proposal(app, s.program, mentor: mentor, mentees: [mentee])
                members += placed
                #expect(try await s.curator.post(s.base + "/members/\(placed[0].id!)/answer", form: ["side": "mentor", "answer": "accepted"]).status == .seeOther)
            }
            try await withLiveServer(app) { server in
                let curator = Browser(app, live: server)
                try await curator.signIn("kurator")
                let tabs = members.map { _ in curator.tab() }
                let base = s.base, ids = members.map { $0.id! }
                let statuses = try await inParallel(ids.count) { index in
                    try await tabs[index].post(base + "/members/\(ids[index])/answer", form: ["side": "mentee", "answer": "accepted"]).status
                }
                #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            }
            let counts = try await Self.expectStoredEqualsAggregate(app, region: s.territory.region.id!, "четыре ответа разом")
            #expect(Self.total(counts).pairs == 4 && Self.total(counts).involvedMentees == 4)
        }
    }

    @Test("Страницы показателей региона и муниципалитета и главная координатора показывают на демо-данных те же числа, что подсчёт по парам")
    func pagesShowTheSameFiguresOnTheDemo() async throws {
        try await withTestApp { app in
            let summary = try await DemoData.create(on: app.db, passwords: app.password.async)
            let region = try #require(try await Region.query(on: app.db).first())
            let year = AcademicYear.current()
            let aggregate = try await IndicatorQueries.counts(.region(region.id!), years: IndicatorsController.trendYears(year), on: app.db)
            #expect(IndicatorQueries.total(aggregate[year] ?? [:]).pairs > 0, "в демо есть пары этого года")
            let territory = IndicatorsController.Territory(scope: .region(region.id!), name: region.name, municipalityID: nil, regionID: region.id, mayGoUp: false)
            let before = try await IndicatorsController.territoryRows(territory, counts: IndicatorQueries.byOrganization(aggregate[year] ?? [:]), on: app.db)
            let now = try await IndicatorsController.territoryRows(territory, year: year, on: app.db)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            #expect(try encoder.encode(now.rows) == encoder.encode(before.rows) && encoder.encode(now.total) == encoder.encode(before.total))
            let totals = try await IndicatorCountsTable.totals(.region(region.id!), years: IndicatorsController.trendYears(year), on: app.db)
            for trendYear in IndicatorsController.trendYears(year) {
                #expect(totals[trendYear] == IndicatorQueries.total(aggregate[trendYear] ?? [:]), "динамика за \(trendYear.title)")
            }
            for municipality in try await Municipality.query(on: app.db).all() {
                let scope = IndicatorScope.municipality(municipality.id!)
                let local = IndicatorsController.Territory(scope: scope, name: municipality.name, municipalityID: municipality.id, regionID: region.id, mayGoUp: true)
                let old = try await IndicatorsController.territoryRows(local, counts: IndicatorQueries.byOrganization(try await IndicatorQueries.counts(scope, year: year, on: app.db)), on: app.db)
                let new = try await IndicatorsController.territoryRows(local, year: year, on: app.db)
                #expect(try encoder.encode(new.rows) == encoder.encode(old.rows), "муниципалитет \(municipality.name)")
            }

            // The pages print those figures.
            // The demo's regional coordinator.
            let coordinator = Browser(app)
            try await coordinator.signIn("koordinator", password: summary.password)
            let page = try await coordinator.get("/indicators?year=\(year.title)")
            #expect(page.status == .ok)
            for row in before.rows + [before.total] {
                #expect(page.text.contains(row.studentShare) && page.text.contains(row.completionRate), "строка «\(row.name)»")
            }
            let home = try await coordinator.get("/")
            #expect(home.status == .ok)
        }
    }
}
