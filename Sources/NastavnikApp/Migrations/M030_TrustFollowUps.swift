import Fluent
import SQLKit

/// Trust follow-ups of issue 16 (filled by the work that needs them).
struct M030_TrustFollowUps: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
