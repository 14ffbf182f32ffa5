import Fluent

/// The contest «Быть учителем!» (issue 10).
struct M017_CreateContests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Contest.schema)
            .id()
            .field("region_id", .uuid, .required, .references(Region.schema, .id, onDelete: .cascade))
            .field("title", .string, .required)
            .field("year", .int, .required)
            .field("nominations", .string, .required)
            .field("criteria", .string, .required)
            .field("semi_final_from", .string, .required)
            .field("semi_final_to", .string, .required)
            .field("final_from", .string, .required)
            .field("final_to", .string, .required)
            .field("super_final_from", .string, .required)
            .field("super_final_to", .string, .required)
            .field("current_stage", .string, .required)
            .field("results_published", .bool, .required)
            .field("created_by_name", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.schema(ContestApplication.schema)
            .id()
            .field("contest_id", .uuid, .required, .references(Contest.schema, .id, onDelete: .cascade))
            .field("organization_id", .uuid, .required)
            .field("mentor_id", .uuid, .required, .references(Mentor.schema, .id, onDelete: .cascade))
            .field("nomination", .string, .required)
            .field("materials", .string, .required)
            .field("stage", .string, .required)
            .field("submitted_by_name", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "contest_id", "mentor_id")
            .create()
        try await database.index("contest_applications_stage_idx", on: ContestApplication.schema, columns: ["contest_id", "stage", "nomination"])
        try await database.schema(ContestJuror.schema)
            .id()
            .field("contest_id", .uuid, .required, .references(Contest.schema, .id, onDelete: .cascade))
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("organization_id", .uuid)
            .field("name", .string, .required)
            .unique(on: "contest_id", "user_id")
            .create()
        try await database.schema(ContestScore.schema)
            .id()
            .field("application_id", .uuid, .required, .references(ContestApplication.schema, .id, onDelete: .cascade))
            .field("juror_id", .uuid, .required, .references(ContestJuror.schema, .id, onDelete: .cascade))
            .field("stage", .string, .required)
            .field("scores", .string, .required)
            .field("total", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "application_id", "juror_id", "stage")
            .create()
    }

    func revert(on database: any Database) async throws {
        for schema in [ContestScore.schema, ContestJuror.schema, ContestApplication.schema, Contest.schema] {
            try await database.schema(schema).delete()
        }
    }
}
