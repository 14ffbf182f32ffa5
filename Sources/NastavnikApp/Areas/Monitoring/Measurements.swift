import Fluent
import Foundation
import SQLKit

/// Writing entry and exit measurements (seed 003's second stage) for a mentee or a mentor of a
/// program, by hand or from an answer. One value per person, parameter and phase is the
/// database's rule (M025's partial unique indexes); a second value replaces the first in the
/// same statement, so two writers at once never fail or store two.
enum Measurements {
    struct Reading: Sendable {
        /// `MeasureScale.code`: a built-in parameter or an own scale.
        let code: String
        let value: Double

        init(parameter: ImpactParameter, value: Double) { self.init(code: parameter.rawValue, value: value) }
        init(code: String, value: Double) { self.code = code; self.value = value }
    }

    struct Entry: Sendable {
        let organizationID: UUID
        let programID: UUID
        let side: ProgramPeople.Side
        let personID: UUID
        let pairingID: UUID?
        let phase: MeasurementPhase
        let day: CalendarDay
        let source: MeasurementSource
        let measuredByName: String
        let answerID: UUID?
    }

    /// Checks a typed value against the parameter's scale; a Russian message when it is off.
    static func check(_ text: String, _ scale: MeasureScale) -> Result<Double?, AppError> {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !cleaned.isEmpty else { return .success(nil) }
        guard let value = Double(cleaned), scale.range.contains(value) else {
            return .failure(.validation([scale.code: "От \(ProgramImpact.format(scale.range.lowerBound)) до \(ProgramImpact.format(scale.range.upperBound))."]))
        }
        return .success(value)
    }

    static func record(_ entry: Entry, _ readings: [Reading], on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let column = entry.side == .mentee ? "mentee_id" : "mentor_id"
        let now = Date()
        for reading in readings {
            try await sql.raw("""
                INSERT INTO \(ident: ImpactMeasurement.schema) (id, organization_id, program_id, mentee_id, mentor_id, pairing_id, answer_id,
                    parameter, phase, value, measured_on, source, measured_by_name, updated_at)
                VALUES (\(bind: UUID()), \(bind: entry.organizationID), \(bind: entry.programID),
                    \(bind: entry.side == .mentee ? entry.personID : nil), \(bind: entry.side == .mentor ? entry.personID : nil),
                    \(bind: entry.pairingID), \(bind: entry.answerID), \(bind: reading.code), \(bind: entry.phase.rawValue),
                    \(bind: reading.value), \(bind: entry.day.iso), \(bind: entry.source.rawValue), \(bind: entry.measuredByName), \(bind: now))
                ON CONFLICT (program_id, \(ident: column), parameter, phase) WHERE \(ident: column) IS NOT NULL DO UPDATE SET
                    value = excluded.value, measured_on = excluded.measured_on, source = excluded.source,
                    measured_by_name = excluded.measured_by_name, answer_id = excluded.answer_id, pairing_id = excluded.pairing_id,
                    updated_at = excluded.updated_at
                """).run()
        }
    }

    /// The person's pair in the program when measured, if any (the latest that was not declined).
    static func pairingID(of side: ProgramPeople.Side, _ personID: UUID, programID: UUID, on db: any Database) async throws -> UUID? {
        switch side {
        case .mentee:
            try await PairingMember.query(on: db).filter(\.$programID == programID).filter(\.$mentee.$id == personID)
                .filter(\.$menteeAnswer != .declined).filter(\.$mentorAnswer != .declined)
                .sort(\.$position, .descending).first()?.$pairing.id
        case .mentor:
            try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$mentor.$id == personID)
                .filter(\.$status ~~ [.proposed, .formed, .finished]).sort(\.$createdAt, .descending).first()?.id
        }
    }
}
