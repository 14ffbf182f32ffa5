import Fluent
import SQLKit

/// Counts per organization, form and academic year kept in a table for the region pages (issue 21, item 2):
/// `indicator_counts`, one row per organization, academic year and form ('' for what is not per form:
/// the satisfaction of the surveys), written by `IndicatorCountsTable` in the transaction that changes
/// what it counts. The rows of an existing database are computed here once.
struct M038_IndicatorCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {
        var schema = database.schema(IndicatorCountsTable.schema)
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("academic_year", .int, .required)
            .field("form", .string, .required)
        for column in IndicatorCountsTable.columns {
            schema = schema.field(.string(column), .int64, .required, .sql(.default(0)))
        }
        try await schema.compositeIdentifier(over: "organization_id", "academic_year", "form").create()
        try await database.index("indicator_counts_year_idx", on: IndicatorCountsTable.schema, columns: ["academic_year", "organization_id"])
        _ = try await IndicatorCountsTable.rebuild(on: database)
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: "indicator_counts_year_idx")").run()
        }
        try await database.schema(IndicatorCountsTable.schema).delete()
    }
}
