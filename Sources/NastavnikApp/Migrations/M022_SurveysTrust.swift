import Fluent
import SQLKit

/// Questionnaires: one answer per person enforced by the database (issue 16). A named answer
/// carries its assignment, so one answer per assignment is a partial unique index; an anonymous
/// answer carries nothing, and its single use is guarded by claiming the assignment with a
/// conditional update in the same transaction (`Answering.submit`).
struct M022_SurveysTrust: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        // Double submits stored before this index: keep the first answer of an assignment.
        try await sql.raw("""
            DELETE FROM answer_scores WHERE answer_id IN (SELECT a.id FROM answers a WHERE a.assignment_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM answers b WHERE b.assignment_id = a.assignment_id AND b.id < a.id))
            """).run()
        try await sql.raw("""
            DELETE FROM answers WHERE assignment_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM answers b WHERE b.assignment_id = answers.assignment_id AND b.id < answers.id)
            """).run()
        try await sql.raw("CREATE UNIQUE INDEX answers_one_per_assignment ON answers (assignment_id) WHERE assignment_id IS NOT NULL").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP INDEX IF EXISTS answers_one_per_assignment").run()
    }
}
