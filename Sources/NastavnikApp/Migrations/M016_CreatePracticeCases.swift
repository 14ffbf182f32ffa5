import Fluent

/// The case library (issue 10).
struct M016_CreatePracticeCases: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PracticeCase.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("municipality_id", .uuid, .required)
            .field("region_id", .uuid, .required)
            .field("program_id", .uuid, .required)
            .field("pairing_id", .uuid, .required, .references(Pairing.schema, .id, onDelete: .cascade))
            .field("form", .string, .required)
            .field("topic", .string, .required)
            .field("title", .string, .required)
            .field("story", .string, .required)
            .field("goal", .string, .required)
            .field("what_was_done", .string, .required)
            .field("results", .string, .required)
            .field("materials", .string, .required)
            .field("status", .string, .required)
            .field("status_note", .string, .required)
            .field("search_key", .string, .required)
            .field("published_at", .datetime)
            .field("written_by_name", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "pairing_id")
            .create()
        try await database.index("practice_cases_public_idx", on: PracticeCase.schema, columns: ["status", "region_id", "published_at"])
        try await database.index("practice_cases_organization_idx", on: PracticeCase.schema, columns: ["organization_id", "status"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PracticeCase.schema).delete()
    }
}
