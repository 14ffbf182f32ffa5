import Fluent

/// Scores of answers kept apart for the indicators (issue 9).
struct M015_CreateAnswerScores: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AnswerScore.schema)
            .id()
            .field("organization_id", .uuid, .required)
            .field("program_id", .uuid)
            .field("answer_id", .uuid, .required, .references(Answer.schema, .id, onDelete: .cascade))
            .field("key", .string, .required)
            .field("respondent_group", .string, .required)
            .field("value", .int, .required)
            .create()
        try await database.index("answer_scores_program_idx", on: AnswerScore.schema, columns: ["program_id", "key"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AnswerScore.schema).delete()
    }
}
