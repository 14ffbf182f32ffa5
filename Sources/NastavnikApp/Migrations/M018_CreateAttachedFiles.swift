import Fluent

/// Photos and materials of practice cases and of contest applications (issue 10).
struct M018_CreateAttachedFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(CaseFile.schema)
            .id()
            .field("case_id", .uuid, .required, .references(PracticeCase.schema, .id, onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("file_type", .string, .required)
            .field("is_photo", .bool, .required)
            .field("caption", .string, .required)
            .field("size", .int, .required)
            .field("data", .data, .required)
            .field("created_at", .datetime)
            .create()
        try await database.index("case_files_case_idx", on: CaseFile.schema, columns: ["case_id"])
        try await database.schema(ContestApplicationFile.schema)
            .id()
            .field("application_id", .uuid, .required, .references(ContestApplication.schema, .id, onDelete: .cascade))
            .field("file_name", .string, .required)
            .field("file_type", .string, .required)
            .field("size", .int, .required)
            .field("data", .data, .required)
            .field("created_at", .datetime)
            .create()
        try await database.index("contest_application_files_application_idx", on: ContestApplicationFile.schema, columns: ["application_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ContestApplicationFile.schema).delete()
        try await database.schema(CaseFile.schema).delete()
    }
}
