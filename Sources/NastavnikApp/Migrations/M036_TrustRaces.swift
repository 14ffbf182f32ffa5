import Fluent
import SQLKit

/// Trust follow-ups of session 8: consent races, shared-account withdrawal through programs (issue 16).
struct M036_TrustRaces: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
