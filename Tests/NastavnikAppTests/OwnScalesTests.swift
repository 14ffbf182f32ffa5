import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 17, item 5: scales an organization defines itself, measured on entry and exit by hand and
/// from a questionnaire marked as a measurement, their dynamics beside the built-in ones.
@Suite("Свои шкалы измерений организации")
struct OwnScalesTests {
    static func scalesPath(_ c: ProgramSurveysTests.College) -> String { "/orgs/\(c.organization.id!)/scales" }

    static func addScale(_ curator: Browser, _ c: ProgramSurveysTests.College, name: String, unit: String = "", minimum: String, maximum: String,
                         direction: String = "higher", whom: String = "mentees") async throws -> TestingHTTPResponse {
        try await curator.post(scalesPath(c), form: ["name": name, "unit": unit, "minimum": minimum, "maximum": maximum,
                                                     "direction": direction, "whom": whom])
    }

    static func scale(_ app: Application, _ name: String) async throws -> OwnScale {
        try #require(try await OwnScale.query(on: app.db).filter(\.$name == name).first())
    }

    @Test("Колледж добавляет свою шкалу: значения на входе и выходе вручную и из анкеты-измерения, динамика рядом со встроенными, по формам и способам подбора")
    func ownScaleFromEntryToDynamics() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            #expect(try await Self.addScale(curator, c, name: "Баллы демонстрационного экзамена", unit: "баллы", minimum: "0", maximum: "100")
                .status == .seeOther)
            #expect(try await Self.addScale(curator, c, name: "Уверенность в выборе профессии", minimum: "1", maximum: "10").status == .seeOther)
            #expect(try await Self.addScale(curator, c, name: "Пропуски занятий", unit: "часы", minimum: "0", maximum: "200", direction: "lower")
                .status == .seeOther)
            let exam = try await Self.scale(app, "Баллы демонстрационного экзамена")
            let confidence = try await Self.scale(app, "Уверенность в выборе профессии")
            let absences = try await Self.scale(app, "Пропуски занятий")
            #expect(!absences.higherIsBetter && exam.forMentees && !exam.forMentors)

            // The same name again, in other letters and spaces, is refused with the form kept.
            let again = try await Self.addScale(curator, c, name: "баллы  демонстрационного   экзамена", minimum: "0", maximum: "100")
            #expect(again.status == .unprocessableEntity && again.text.contains("уже есть") && again.text.contains("баллы  демонстрационного"))
            let reversed = try await Self.addScale(curator, c, name: "Перевёрнутая", minimum: "10", maximum: "1")
            #expect(reversed.status == .unprocessableEntity && reversed.text.contains("больше наименьшего"))
            #expect(try await OwnScale.query(on: app.db).count() == 3)

            // By hand on the program's measurements page, beside the built-in parameters.
            let mentees = try await Mentee.query(on: app.db).filter(\.$organization.$id == c.organization.id!).filter(\.$user.$id != nil).sort(\.$lastName).all()
            let impactPath = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)/impact"
            let impactPage = try await curator.get(impactPath).text
            #expect(impactPage.contains("Баллы демонстрационного экзамена, баллы") && impactPage.contains("только наставляемым"))
            let examCode = MeasureScale(exam).code, absenceCode = MeasureScale(absences).code
            for (index, mentee) in mentees.enumerated() {
                for (phase, score, missed) in [("entry", 40 + index, 30), ("exit", 70 + index, 12)] {
                    let saved = try await curator.post(impactPath, form: ["person": "mentee-\(mentee.id!)", "phase": phase, "source": "teacher",
                                                                          "measuredOn": "2026-10-01", examCode: String(score), absenceCode: String(missed)])
                    #expect(saved.status == .seeOther, "\(saved.text.prefix(400))")
                }
            }
            let outOfRange = try await curator.post(impactPath, form: ["person": "mentee-\(mentees[0].id!)", "phase": "exit", "source": "teacher",
                                                                       "measuredOn": "2026-10-01", examCode: "140"])
            #expect(outOfRange.status == .unprocessableEntity && outOfRange.text.contains("От 0 до 100"))
            let mentor = try #require(try await Mentor.query(on: app.db).filter(\.$organization.$id == c.organization.id!).first())
            let wrongSide = try await curator.post(impactPath, form: ["person": "mentor-\(mentor.id!)", "phase": "entry", "source": "teacher",
                                                                      "measuredOn": "2026-10-01", examCode: "50"])
            #expect(wrongSide.status == .unprocessableEntity && wrongSide.text.contains("Эта шкала — для наставляемых"))

            // From a questionnaire marked as a measurement: the satisfaction survey's third scale fills the own scale.
            let surveys = "/orgs/\(c.organization.id!)/programs/\(c.program.id!)/surveys"
            #expect(try await curator.post(surveys, form: ["source": "template:satisfaction-mentee", "audience": "mentees"]).status == .seeOther)
            let questionnaire = try #require(try await Questionnaire.query(on: app.db).filter(\.$programID == c.program.id!).first())
            let shown = try await curator.get("/orgs/\(c.organization.id!)/questionnaires/\(questionnaire.id!)").text
            #expect(shown.contains("Своя шкала: Уверенность в выборе профессии"))
            let marked = try await curator.post("/orgs/\(c.organization.id!)/questionnaires/\(questionnaire.id!)/measurement",
                                                form: ["phase": "byAnswer", "parameter-q2": "satisfaction", "parameter-q3": MeasureScale(confidence).code])
            #expect(marked.status == .seeOther)
            // Each student answers twice: before the program (a first copy) and after it (a second one).
            for (stage, score) in [("До входа в программу", "3"), ("По итогам программы", "8")] {
                for student in c.students {
                    let browser = Browser(app)
                    try await browser.signIn(student.login)
                    let open = try #require(try await QuestionnaireAssignment.query(on: app.db).filter(\.$user.$id == student.id!)
                        .filter(\.$status != .submitted).first())
                    let sent = try await browser.post("/my/questionnaires/\(open.id!)", form: [
                        "q-q1": stage, "q-q2": "7", "q-q3": score, "q-q4": "6", "q-q5-4": "on"])
                    #expect(sent.status == .seeOther, "\(sent.text.prefix(400))")
                }
                if stage == "До входа в программу" {
                    // The exit survey: a second copy, its third scale marked for the own scale too.
                    #expect(try await curator.post(surveys, form: ["source": "template:satisfaction-mentee", "audience": "mentees"]).status == .seeOther)
                    let copy = try #require(try await Questionnaire.query(on: app.db).filter(\.$programID == c.program.id!)
                        .filter(\.$id != questionnaire.id!).first())
                    #expect(try await curator.post("/orgs/\(c.organization.id!)/questionnaires/\(copy.id!)/measurement",
                                                   form: ["phase": "byAnswer", "parameter-q2": "satisfaction",
                                                          "parameter-q3": MeasureScale(confidence).code]).status == .seeOther)
                }
            }
            let confidenceValues = try await ImpactMeasurement.query(on: app.db).filter(\.$parameter == MeasureScale(confidence).code).all()
            #expect(confidenceValues.count == 10, "\(confidenceValues.map { ($0.phase, $0.value) })")
            #expect(confidenceValues.allSatisfy { $0.answerID != nil && $0.$mentee.id != nil })

            let impact = try await ProgramImpact.load(c.program, on: app.db)
            let examGroup = try #require(impact.byParameter.first { $0.parameter == "Баллы демонстрационного экзамена" })
            #expect(examGroup.averageChange == "+30" && examGroup.people == 5 && examGroup.improvedShareValue == 1)
            let absenceGroup = try #require(impact.byParameter.first { $0.parameter == "Пропуски занятий" })
            #expect(absenceGroup.averageChange == "-18" && absenceGroup.improvedShareValue == 1, "меньше — лучше")
            #expect(impact.byParameter.contains { $0.parameter == "Уверенность в выборе профессии" && $0.averageChange == "+5" })
            #expect(impact.byParameter.contains { $0.parameter == "Удовлетворённость" }, "встроенные рядом со своими")
            #expect(impact.byForm.contains { $0.label == "работодатель – студент · наставляемые" && $0.parameter == "Баллы демонстрационного экзамена" })
            #expect(impact.byScheme.contains { $0.parameter == "Пропуски занятий" && $0.people == 5 })
            let student = try #require(impact.people.first { $0.key == "mentee-\(mentees[0].id!)" })
            #expect(student.changes.contains { $0.parameter == "Баллы демонстрационного экзамена" && $0.entry == "40" && $0.exit == "70" && $0.direction == "improved" })
            let engineer = try #require(impact.people.first { $0.key.hasPrefix("mentor-") })
            #expect(!engineer.changes.contains { $0.parameter == "Баллы демонстрационного экзамена" }, "шкала только для наставляемых")
            let monitoring = try await curator.get("/orgs/\(c.organization.id!)/programs/\(c.program.id!)/monitoring").text
            #expect(monitoring.contains("Баллы демонстрационного экзамена"))

            // Removing a scale takes its values with it.
            let list = try await curator.get(Self.scalesPath(c)).text
            #expect(list.contains("меньше — лучше") && list.contains("Наставляемым"), "\(list.prefix(3000))")
            // Each row counts its own scale's values (one grouped query for all rows).
            for (name, code) in [("Пропуски занятий", absenceCode), ("Баллы демонстрационного экзамена", examCode)] {
                let stored = try await ImpactMeasurement.query(on: app.db).filter(\.$parameter == code).count()
                let shown = list.firstMatch(of: try Regex(name + #"[^<]*</td><td class="num">[^<]*</td><td>[^<]*</td><td>[^<]*</td><td class="num">(\d+)</td>"#))
                    .flatMap { $0.output[1].substring }.map(String.init)
                #expect(stored > 0 && shown == String(stored), "\(name): показано \(shown ?? "—"), в базе \(stored)")
            }
            #expect(try await curator.post(Self.scalesPath(c), form: ["delete": absences.id!.uuidString]).status == .seeOther)
            #expect(try await ImpactMeasurement.query(on: app.db).filter(\.$parameter == absenceCode).count() == 0)
            #expect(try await ProgramImpact.load(c.program, on: app.db).byParameter.allSatisfy { $0.parameter != "Пропуски занятий" })
        }
    }

    @Test("Через API значения своей шкалы пишутся по коду scale-<id>, шкала чужой организации — неизвестный параметр")
    func ownScaleThroughAPI() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            #expect(try await Self.addScale(curator, c, name: "Стрессоустойчивость", minimum: "1", maximum: "5", whom: "both").status == .seeOther)
            let scale = try await Self.scale(app, "Стрессоустойчивость")
            let foreign = OwnScale(organizationID: UUID(), name: "Чужая", unit: nil, minimum: 0, maximum: 10, higherIsBetter: true, forMentees: true, forMentors: true)
            let headers = try await ProgramSurveysAPITests.token(app, "kurator")
            let base = "/api/v1/organizations/\(c.organization.id!)/programs/\(c.program.id!)"
            let mentor = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Инженеров").first())
            let client = try app.testing()
            let code = MeasureScale(scale).code
            let saved = try await client.sendRequest(.POST, base + "/measurements", headers: headers, body: try ProgramSurveysAPITests.json(
                ["person": "mentor-\(mentor.id!)", "phase": "entry", "measuredOn": "2026-10-01", "values": [code: 3]]))
            #expect(saved.status == .ok && saved.text.contains("\"saved\":1"), "\(saved.text)")
            let outside = try await client.sendRequest(.POST, base + "/measurements", headers: headers, body: try ProgramSurveysAPITests.json(
                ["person": "mentor-\(mentor.id!)", "phase": "exit", "measuredOn": "2026-10-01", "values": [code: 7]]))
            #expect(outside.status == .unprocessableEntity && outside.text.contains("От 1 до 5"))
            let unknown = try await client.sendRequest(.POST, base + "/measurements", headers: headers, body: try ProgramSurveysAPITests.json(
                ["person": "mentor-\(mentor.id!)", "phase": "exit", "measuredOn": "2026-10-01", "values": [MeasureScale(foreign).code: 4]]))
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("Неизвестный параметр"))
            let people = try await client.sendRequest(.GET, base + "/measurements", headers: headers)
                .content.decode(ProgramMonitoringAPIController.MeasurementList.self).people
            let row = try #require(people.first { $0.key == "mentor-\(mentor.id!)" })
            #expect(row.changes.contains { $0.parameter == code && $0.parameterName == "Стрессоустойчивость" && $0.entry == 3 })
        }
    }

    @Test("Одна и та же шкала, добавленная в четырёх вкладках разом, сохраняется один раз")
    func parallelAddsMakeOne() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            try await withLiveServer(app) { server in
                let live = curator.tab(live: server)
                _ = try await live.get(Self.scalesPath(c))
                let tabs = (0..<4).map { _ in live.tab() }
                let answers = try await inParallel(4) { i in
                    try await tabs[i].post(Self.scalesPath(c), form: ["name": "Тревожность по шкале Филлипса", "minimum": "0", "maximum": "58",
                                                                      "direction": "lower", "whom": "mentees"])
                }
                #expect(answers.filter { $0.status == .seeOther }.count == 1, "\(answers.map(\.status))")
                #expect(answers.filter { $0.status == .unprocessableEntity }.count == 3, "\(answers.map(\.status))")
            }
            #expect(try await OwnScale.query(on: app.db).count() == 1)
        }
    }
}
