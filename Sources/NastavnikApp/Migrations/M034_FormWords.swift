import Fluent
import SQLKit

/// Person's gender and form-aware words (issue 20).
struct M034_FormWords: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
