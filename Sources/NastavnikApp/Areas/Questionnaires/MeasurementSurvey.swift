import Fluent
import Foundation

/// A questionnaire marked as a measurement (seed 003's second stage): which of its scale or number
/// questions fill which parameter, and whether it is taken at entry, at exit, or as the answer to
/// «Когда заполняется анкета» says. Stored on the questionnaire as JSON.
struct MeasurementSurvey: Codable, Sendable, Equatable {
    enum Phase: String, Codable, Sendable, CaseIterable {
        case entry, exit, byAnswer

        var russianName: String {
            switch self {
            case .entry: "На входе в программу"
            case .exit: "На выходе из программы"
            case .byAnswer: "По ответу на вопрос «Когда заполняется анкета»"
            }
        }
    }

    var phase: Phase
    /// Question id → `MeasureScale.code`: a built-in parameter's raw value (the JSON of earlier
    /// markings reads the same) or an own scale's «scale-<id>».
    var parameters: [String: String]

    func encoded() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }

    static func decode(_ text: String?) -> MeasurementSurvey? {
        guard let text else { return nil }
        return try? JSONDecoder().decode(MeasurementSurvey.self, from: Data(text.utf8))
    }

    /// The seed's satisfaction surveys measure as they are: satisfaction, and the other scales the
    /// seed names for each side. Questions are found by key, or by id only while still a scale.
    static func defaults(for template: QuestionnaireTemplate) -> MeasurementSurvey? {
        let byID: [String: ImpactParameter]
        switch template.key {
        case "satisfaction-mentor": byID = ["q3": .jobSatisfaction, "q4": .climate]
        case "satisfaction-mentee": byID = ["q3": .selfEsteem, "q4": .motivation, "q5": .climate]
        default: return nil
        }
        let questions = template.definition.questions
        var parameters: [String: String] = [:]
        if let satisfaction = questions.first(where: { $0.key == .satisfaction }) { parameters[satisfaction.id] = ImpactParameter.satisfaction.rawValue }
        for (id, parameter) in byID where questions.contains(where: { $0.id == id && $0.type == .scale && $0.key == nil }) {
            parameters[id] = parameter.rawValue
        }
        guard !parameters.isEmpty else { return nil }
        let staged = questions.contains { $0.key == .surveyStage }
        return MeasurementSurvey(phase: staged ? .byAnswer : .entry, parameters: parameters)
    }

    /// Questions that can fill a measurement.
    static func measurable(_ definition: QuestionnaireDefinition) -> [Question] {
        definition.questions.filter { $0.type == .scale || $0.type == .number }
    }

    /// The phase of one answer; nil when the answer does not say.
    func phase(of sheet: AnswerSheet, definition: QuestionnaireDefinition) -> MeasurementPhase? {
        switch phase {
        case .entry: return .entry
        case .exit: return .exit
        case .byAnswer:
            guard let said = TypedAnswers.value(.surveyStage, in: sheet, definition: definition)?.chosenOptions.first,
                  let index = QuestionnaireTemplate.stages.firstIndex(of: said) else { return nil }
            return index == 0 ? .entry : .exit
        }
    }
}

/// Fills measurements from the answers to a questionnaire marked as a measurement: the
/// respondent's mentee or mentor card in the questionnaire's program gets the values. Anonymous
/// surveys never do: their answers have no person.
enum MeasurementFilling {
    static func fill(from answer: Answer, questionnaire: Questionnaire, sheet: AnswerSheet, definition: QuestionnaireDefinition,
                     on db: any Database) async throws {
        guard !questionnaire.isAnonymous, let programID = questionnaire.programID,
              let survey = MeasurementSurvey.decode(questionnaire.measurementJSON),
              let userID = answer.$respondent.id, let phase = survey.phase(of: sheet, definition: definition) else { return }
        let side: ProgramPeople.Side
        let personID: UUID?
        switch answer.role {
        case .mentee?:
            side = .mentee
            personID = try await Mentee.query(on: db).filter(\.$organization.$id == answer.organizationID).filter(\.$user.$id == userID).first()?.id
        case .mentor?:
            side = .mentor
            personID = try await Mentor.query(on: db).filter(\.$organization.$id == answer.organizationID).filter(\.$user.$id == userID).first()?.id
        default: return
        }
        guard let personID else { return }
        let scales = Dictionary(try await MeasureScale.all(of: answer.organizationID, on: db).map { ($0.code, $0) }) { first, _ in first }
        let readings = survey.parameters.sorted { $0.key < $1.key }.compactMap { questionID, code -> Measurements.Reading? in
            // An own scale not for this side, or removed since, fills nothing.
            guard let scale = scales[code], scale.measures(side) else { return nil }
            let value: Double?
            switch sheet.values[questionID] {
            case .scale(let score)?: value = Double(score)
            case .number(let number)?: value = number
            default: value = nil
            }
            guard let value, scale.range.contains(value) else { return nil }
            return Measurements.Reading(code: code, value: value)
        }
        guard !readings.isEmpty else { return }
        let entry = Measurements.Entry(
            organizationID: answer.organizationID, programID: programID, side: side, personID: personID,
            pairingID: try await Measurements.pairingID(of: side, personID, programID: programID, on: db),
            phase: phase, day: CalendarDay.today(answer.submittedAt ?? Date()), source: .questionnaire,
            measuredByName: "Анкета «\(questionnaire.title)»", answerID: try answer.requireID())
        try await Measurements.record(entry, readings, on: db)
    }

    /// After marking, unmarking or moving a questionnaire: its earlier values are taken away and
    /// its answers fill them again, oldest first, so the latest answer of a person wins.
    static func refill(_ questionnaire: Questionnaire, on db: any Database) async throws {
        let questionnaireID = try questionnaire.requireID()
        let answers = try await Answer.query(on: db).filter(\.$questionnaire.$id == questionnaireID).filter(\.$respondent.$id != nil)
            .with(\.$version).sort(\.$submittedAt).all()
        let ids = try answers.map { try $0.requireID() }
        if !ids.isEmpty { try await ImpactMeasurement.query(on: db).filter(\.$answerID ~~ ids).delete() }
        for answer in answers {
            try await fill(from: answer, questionnaire: questionnaire, sheet: try answer.sheet(), definition: try answer.version.definition(), on: db)
        }
    }
}
