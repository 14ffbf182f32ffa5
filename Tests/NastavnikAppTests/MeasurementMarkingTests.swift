import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor

/// Issue 22, item 1: marking a questionnaire as a measurement is one service operation, without
/// HTTP — the choice checked, the mark, the refill of the values and the journal entry in one
/// transaction. On both databases.
@Suite("Отметка анкеты как измерения — одна операция службы")
struct MeasurementMarkingTests {
    /// The college's curator and the satisfaction survey sent to the program's mentees.
    static func sentSurvey(_ app: Application) async throws -> (User, AuditActor, Questionnaire) {
        let c = try await ProgramSurveysTests.college(app)
        let user = try #require(try await User.query(on: app.db).filter(\.$login == "kurator").first())
        let curator = QuestionnaireServiceTests.actor(user)
        let questionnaire = try await ProgramSurveys.send(.template("satisfaction-mentee"), program: c.program, audience: .mentees,
                                                          pairingID: nil, dueAt: nil, by: curator, on: app.db).questionnaire
        return (user, curator, questionnaire)
    }

    @Test("Анкета отмечается измерением и снимается с отметки с записью журнала; неверный выбор параметров ничего не меняет")
    func markAndUnmark() async throws {
        try await withTestApp { app in
            let (user, curator, questionnaire) = try await Self.sentSurvey(app)
            func stored() async throws -> String? { try await Questionnaire.find(questionnaire.id, on: app.db)?.measurementJSON }

            #expect(try await ProgramSurveys.markMeasurement(questionnaire, choices: [:], by: curator, on: app.db) == nil)
            #expect(try await stored() == nil)
            #expect(try await QuestionnaireServiceTests.audits(.questionnaireMeasurementSet, on: app.db).compactMap(\.details)
                    == ["\(questionnaire.title): не измерение"])

            let wrong: [[String: String]] = [
                ["phase": "byAnswer", "parameter-q2": "nope"],
                ["phase": "someday", "parameter-q2": "satisfaction"],
                ["phase": "entry", "parameter-q2": "satisfaction", "parameter-q3": "satisfaction"],
            ]
            for choices in wrong {
                await #expect(throws: AppError.self, "\(choices)") {
                    try await ProgramSurveys.markMeasurement(questionnaire, choices: choices, by: curator, on: app.db)
                }
            }
            #expect(try await stored() == nil)
            #expect(try await QuestionnaireServiceTests.audits(.questionnaireMeasurementSet, on: app.db).count == 1)

            let survey = try #require(try await ProgramSurveys.markMeasurement(questionnaire, choices: ["phase": "byAnswer", "parameter-q2": "satisfaction"],
                                                                               by: curator, on: app.db))
            #expect(survey.phase == .byAnswer && survey.parameters == ["q2": "satisfaction"])
            #expect(try await stored() != nil)
            let entries = try await QuestionnaireServiceTests.audits(.questionnaireMeasurementSet, on: app.db)
            #expect(entries.count == 2 && entries.last?.actorName == user.fullName)
            #expect(entries.last?.details?.hasPrefix("\(questionnaire.title): ") == true && entries.last?.details?.hasSuffix("не измерение") == false)
        }
    }

    @Test("Если запись в журнал не удалась, отметка измерения не сохраняется")
    func auditInsideTheMark() async throws {
        try await withTestApp { app in
            let (_, curator, questionnaire) = try await Self.sentSurvey(app)
            let before = try await Questionnaire.find(questionnaire.id, on: app.db)?.measurementJSON
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE \(ident: AuditEntry.schema) RENAME TO \(ident: "audit_entries_away")").run()
            await #expect(throws: (any Error).self) {
                try await ProgramSurveys.markMeasurement(questionnaire, choices: [:], by: curator, on: app.db)
            }
            try await sql.raw("ALTER TABLE \(ident: "audit_entries_away") RENAME TO \(ident: AuditEntry.schema)").run()
            #expect(try await Questionnaire.find(questionnaire.id, on: app.db)?.measurementJSON == before)
        }
    }
}
