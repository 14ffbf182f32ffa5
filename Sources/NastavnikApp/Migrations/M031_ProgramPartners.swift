import Fluent
import SQLKit

/// Partner organizations in a program (issue 18, item 1).
struct M031_ProgramPartners: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
