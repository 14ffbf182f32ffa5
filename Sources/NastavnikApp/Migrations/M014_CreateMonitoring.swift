import Fluent

/// The two stages of monitoring (issue 9): the SWOT table and the entry/exit measurements.
struct M014_CreateMonitoring: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(SwotItem.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, .id, onDelete: .cascade))
            .field("quadrant", .string, .required)
            .field("text", .string, .required)
            .field("source", .string, .required)
            .field("written_by_name", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.index("swot_items_program_idx", on: SwotItem.schema, columns: ["program_id", "quadrant"])

        try await database.schema(ImpactMeasurement.schema)
            .id()
            .field("organization_id", .uuid, .required)
            .field("program_id", .uuid, .required, .references(Program.schema, .id, onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(Mentee.schema, .id, onDelete: .cascade))
            .field("pairing_id", .uuid, .required)
            .field("parameter", .string, .required)
            .field("phase", .string, .required)
            .field("value", .double, .required)
            .field("measured_on", .string, .required)
            .field("source", .string, .required)
            .field("measured_by_name", .string, .required)
            .field("updated_at", .datetime)
            .unique(on: "program_id", "mentee_id", "parameter", "phase")
            .create()
        try await database.index("impact_measurements_pairing_idx", on: ImpactMeasurement.schema, columns: ["pairing_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ImpactMeasurement.schema).delete()
        try await database.schema(SwotItem.schema).delete()
    }
}
