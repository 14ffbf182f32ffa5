import Fluent

/// The organizations' yearly figures, the denominators of the indicators (issue 9).
struct M013_CreateYearFigures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OrganizationYearFigures.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("academic_year", .int, .required)
            .field("students", .int, .required)
            .field("teachers", .int, .required)
            .field("young_teachers", .int, .required)
            .field("entered_by_name", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "organization_id", "academic_year")
            .create()
        try await database.index("organization_year_figures_year_idx", on: OrganizationYearFigures.schema, columns: ["academic_year"])
        // The indicators find a territory's programs of an academic year by their start.
        try await database.index("programs_start_idx", on: Program.schema, columns: ["organization_id", "starts_on"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OrganizationYearFigures.schema).delete()
    }
}
