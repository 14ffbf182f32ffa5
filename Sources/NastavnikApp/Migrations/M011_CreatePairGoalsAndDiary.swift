import Fluent

/// The pair's goal map and diary (issue 8).
struct M011_CreatePairGoalsAndDiary: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PairGoal.schema)
            .id()
            .field("pairing_id", .uuid, .required, .references(Pairing.schema, .id, onDelete: .cascade))
            .field("horizon", .string, .required)
            .field("title", .string, .required)
            .field("desired_result", .string, .required)
            .field("actions", .string, .required)
            .field("due_on", .string, .required)
            .field("indicator", .string, .required)
            .field("progress", .int, .required)
            .field("completion_note", .string, .required)
            .field("written_by_name", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.index("pair_goals_pairing_idx", on: PairGoal.schema, columns: ["pairing_id", "due_on"])

        try await database.schema(DiaryEntry.schema)
            .id()
            .field("pairing_id", .uuid, .required, .references(Pairing.schema, .id, onDelete: .cascade))
            .field("author_role", .string, .required)
            .field("author_name", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.index("diary_entries_pairing_idx", on: DiaryEntry.schema, columns: ["pairing_id", "created_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DiaryEntry.schema).delete()
        try await database.schema(PairGoal.schema).delete()
    }
}
