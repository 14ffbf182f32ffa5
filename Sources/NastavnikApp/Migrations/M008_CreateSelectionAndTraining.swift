import Fluent

/// Selection of mentors per program, and their training (issue 7).
struct M008_CreateSelectionAndTraining: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentorSelection.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, .id, onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(Mentor.schema, .id, onDelete: .cascade))
            .field("decision", .string, .required)
            .field("decision_reason", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "program_id", "mentor_id")
            .create()
        try await database.index("mentor_selections_program_idx", on: MentorSelection.schema, columns: ["program_id", "decision"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MentorSelection.schema).delete()
    }
}
