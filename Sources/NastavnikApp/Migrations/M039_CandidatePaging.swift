import Fluent
import SQLKit

/// Candidates counted and paged in SQL on the program's pairing pages (issue 21, item 2).
struct M039_CandidatePaging: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
