import Fluent
import SQLKit

/// Scales an organization defines itself; questionnaire versions per form (issue 17, items 5, 6).
struct M035_OwnScales: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
