import Fluent
import SQLKit

/// Reminders and delivery follow-ups (issue 19).
struct M033_DeliveryFollowUps: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
