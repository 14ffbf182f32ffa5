import Fluent
import SQLKit

/// Scales an organization defines itself (issue 17, item 5): one per organization and name, which
/// the database keeps (a unique index on the normalised name). Their values live in
/// `impact_measurements` under the code «scale-<id>», whose unique indexes already hold one value per
/// person, scale and phase.
struct M035_OwnScales: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OwnScale.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("unit", .string)
            .field("minimum", .double, .required)
            .field("maximum", .double, .required)
            .field("higher_is_better", .bool, .required)
            .field("for_mentees", .bool, .required)
            .field("for_mentors", .bool, .required)
            .field("created_at", .datetime)
            .unique(on: "organization_id", "name_key", name: "own_scales_one_name")
            .create()
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DELETE FROM \(ident: ImpactMeasurement.schema) WHERE parameter LIKE 'scale-%'").run()
        }
        try await database.schema(OwnScale.schema).delete()
    }
}
