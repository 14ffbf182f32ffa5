import Fluent
import Foundation
import SQLKit

/// Surveys that belong to programs, measurements for everyone and per-year figures (issue 17, items 1, 4, 5).
///
/// - `questionnaires.measurement`: how a questionnaire's answers fill measurements (`MeasurementSurvey`);
///   an index on `program_id`, which programs' pages and monitoring now read by.
/// - `questionnaire_assignments.audience`: whom a program sent it to (partners answer as mentors but
///   are counted as partners in satisfaction).
/// - `answer_scores.academic_year`: the academic year an answer was given in, so a program of several
///   years has satisfaction per year; old scores get the year of their answer, else of their program.
/// - `impact_measurements` rebuilt: a measurement belongs to a mentee **or a mentor**, and may be taken
///   before any pair forms (no pairing), or come from an answer (`answer_id`). One value per person,
///   parameter and phase stays the database's rule through two partial unique indexes.
struct M025_ProgramSurveys: AsyncMigration {
    static let oldMeasurements = "impact_measurements_m014"

    func prepare(on database: any Database) async throws {
        try await database.schema(Questionnaire.schema).field("measurement", .string).update()
        try await database.index("questionnaires_program_idx", on: Questionnaire.schema, columns: ["program_id"])
        try await database.schema(QuestionnaireAssignment.schema).field("audience", .string).update()
        try await database.index("questionnaire_assignments_questionnaire_idx", on: QuestionnaireAssignment.schema,
                                 columns: ["questionnaire_id", "status"])
        try await database.schema(AnswerScore.schema).field("academic_year", .int).update()
        try await fillScoreYears(on: database)

        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("ALTER TABLE \(ident: ImpactMeasurement.schema) RENAME TO \(ident: Self.oldMeasurements)").run()
        try await Self.measurementColumns(database.schema(ImpactMeasurement.schema))
            .field("mentee_id", .uuid, .references(Mentee.schema, .id, onDelete: .cascade))
            .field("mentor_id", .uuid, .references(Mentor.schema, .id, onDelete: .cascade))
            .field("pairing_id", .uuid)
            .field("answer_id", .uuid)
            .create()
        try await sql.raw("""
            INSERT INTO \(ident: ImpactMeasurement.schema) (id, organization_id, program_id, mentee_id, pairing_id, parameter, phase, value,
                measured_on, source, measured_by_name, updated_at)
            SELECT id, organization_id, program_id, mentee_id, pairing_id, parameter, phase, value, measured_on, source, measured_by_name, updated_at
            FROM \(ident: Self.oldMeasurements)
            """).run()
        try await sql.raw("DROP TABLE \(ident: Self.oldMeasurements)").run()
        try await sql.raw("""
            CREATE UNIQUE INDEX impact_measurements_one_per_mentee ON \(ident: ImpactMeasurement.schema) (program_id, mentee_id, parameter, phase)
            WHERE mentee_id IS NOT NULL
            """).run()
        try await sql.raw("""
            CREATE UNIQUE INDEX impact_measurements_one_per_mentor ON \(ident: ImpactMeasurement.schema) (program_id, mentor_id, parameter, phase)
            WHERE mentor_id IS NOT NULL
            """).run()
        try await database.index("impact_measurements_pairing_idx", on: ImpactMeasurement.schema, columns: ["pairing_id"])
        try await database.index("impact_measurements_answer_idx", on: ImpactMeasurement.schema, columns: ["answer_id"])
    }

    /// The columns the table has before and after this migration.
    private static func measurementColumns(_ builder: SchemaBuilder) -> SchemaBuilder {
        builder.id()
            .field("organization_id", .uuid, .required)
            .field("program_id", .uuid, .required, .references(Program.schema, .id, onDelete: .cascade))
            .field("parameter", .string, .required)
            .field("phase", .string, .required)
            .field("value", .double, .required)
            .field("measured_on", .string, .required)
            .field("source", .string, .required)
            .field("measured_by_name", .string, .required)
            .field("updated_at", .datetime)
    }

    /// Old scores: the year of their answer, else the year their program starts in.
    private func fillScoreYears(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        struct Row: Decodable { let id: UUID; let submitted_at: Date?; let starts_on: String? }
        let rows = try await sql.raw("""
            SELECT s.id AS id, a.submitted_at AS submitted_at, p.starts_on AS starts_on
            FROM \(ident: AnswerScore.schema) s JOIN \(ident: Answer.schema) a ON a.id = s.answer_id
            LEFT JOIN \(ident: Program.schema) p ON p.id = s.program_id
            """).all(decoding: Row.self)
        for row in rows {
            let day = row.submitted_at.map { CalendarDay.today($0) } ?? row.starts_on.flatMap(CalendarDay.init(iso:))
            guard let day else { continue }
            try await sql.update(AnswerScore.schema).set("academic_year", to: AcademicYear.of(day).startYear).where("id", .equal, row.id).run()
        }
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS impact_measurements_one_per_mentee").run()
            try await sql.raw("DROP INDEX IF EXISTS impact_measurements_one_per_mentor").run()
            try await sql.raw("DROP INDEX IF EXISTS impact_measurements_pairing_idx").run()
            try await sql.raw("DROP INDEX IF EXISTS impact_measurements_answer_idx").run()
            try await sql.raw("ALTER TABLE \(ident: ImpactMeasurement.schema) RENAME TO \(ident: Self.oldMeasurements)").run()
            try await Self.measurementColumns(database.schema(ImpactMeasurement.schema))
                .field("mentee_id", .uuid, .required, .references(Mentee.schema, .id, onDelete: .cascade))
                .field("pairing_id", .uuid, .required)
                .unique(on: "program_id", "mentee_id", "parameter", "phase")
                .create()
            // What the old table can hold: a mentee's measurements taken inside a pair.
            try await sql.raw("""
                INSERT INTO \(ident: ImpactMeasurement.schema) (id, organization_id, program_id, mentee_id, pairing_id, parameter, phase, value,
                    measured_on, source, measured_by_name, updated_at)
                SELECT id, organization_id, program_id, mentee_id, pairing_id, parameter, phase, value, measured_on, source, measured_by_name, updated_at
                FROM \(ident: Self.oldMeasurements) WHERE mentee_id IS NOT NULL AND pairing_id IS NOT NULL
                """).run()
            try await sql.raw("DROP TABLE \(ident: Self.oldMeasurements)").run()
            try await database.index("impact_measurements_pairing_idx", on: ImpactMeasurement.schema, columns: ["pairing_id"])
            try await sql.raw("DROP INDEX IF EXISTS questionnaires_program_idx").run()
            try await sql.raw("DROP INDEX IF EXISTS questionnaire_assignments_questionnaire_idx").run()
        }
        try await database.schema(AnswerScore.schema).deleteField("academic_year").update()
        try await database.schema(QuestionnaireAssignment.schema).deleteField("audience").update()
        try await database.schema(Questionnaire.schema).deleteField("measurement").update()
    }
}
