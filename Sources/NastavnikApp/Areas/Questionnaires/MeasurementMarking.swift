import Fluent
import Foundation

/// Marking a questionnaire as a measurement (seed 003's entry and exit measurements): which of its
/// questions fill which parameter, and when it measures; or unmarking it. The page and the tests
/// call the same operation.
extension ProgramSurveys {
    /// Marks the questionnaire as a measurement by the form's choices (`phase` and
    /// `parameter-<questionID>`), or unmarks it when no question has a parameter, and fills the
    /// measurements again from the answers already given — with its journal entry, in one
    /// transaction. The questionnaire's row is taken first, as linking it to a program takes it,
    /// so a marking and a link at once refill one after the other. Returns the measurement, nil
    /// when unmarked; a wrong choice is refused (400) and changes nothing.
    @discardableResult
    static func markMeasurement(_ questionnaire: Questionnaire, choices: [String: String], by actor: AuditActor,
                                on db: any Database) async throws -> MeasurementSurvey? {
        let questionnaireID = try questionnaire.requireID(), organizationID = questionnaire.$organization.id
        return try await db.transaction { db in
            try await RowLock.lock(Questionnaire.schema, id: questionnaireID, on: db)
            let definition = try await QuestionnaireAuthoring.latestVersion(of: questionnaireID, on: db).definition()
            let scales = try await MeasureScale.all(of: organizationID, on: db)
            let survey = try readMeasurement(choices, definition: definition, scales: scales)
            questionnaire.measurementJSON = try survey?.encoded()
            try await questionnaire.save(on: db)
            try await MeasurementFilling.refill(questionnaire, on: db)
            let measured = survey.map { survey in scales.filter { survey.parameters.values.contains($0.code) }.map(\.shortName).sorted().joined(separator: ", ") }
            try await actor.record(.questionnaireMeasurementSet, organizationID: organizationID, objectType: "questionnaire", objectID: questionnaireID,
                                   details: "\(questionnaire.title): \(measured ?? "не измерение")", on: db)
            return survey
        }
    }

    /// The measurement the form's choices describe; nil when no question has a parameter.
    static func readMeasurement(_ values: [String: String], definition: QuestionnaireDefinition, scales: [MeasureScale]) throws -> MeasurementSurvey? {
        var parameters: [String: String] = [:]
        let known = Set(scales.map(\.code))
        for question in MeasurementSurvey.measurable(definition) {
            let raw = values["parameter-\(question.id)"] ?? ""
            guard !raw.isEmpty else { continue }
            guard known.contains(raw) else { throw AppError.badRequest("Неизвестный параметр измерения.") }
            parameters[question.id] = raw
        }
        guard !parameters.isEmpty else { return nil }
        guard let phase = MeasurementSurvey.Phase(rawValue: values["phase"] ?? "") else {
            throw AppError.badRequest("Укажите, когда анкета измеряет: на входе, на выходе или по ответу.")
        }
        if phase == .byAnswer && !definition.questions.contains(where: { $0.key == .surveyStage }) {
            throw AppError.badRequest("В анкете нет вопроса «Когда заполняется анкета»: выберите «на входе» или «на выходе».")
        }
        if Set(parameters.values).count < parameters.count { throw AppError.badRequest("Один параметр — один вопрос: параметры повторяются.") }
        return MeasurementSurvey(phase: phase, parameters: parameters)
    }
}
