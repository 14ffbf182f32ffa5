import Fluent

/// Notifications, their outbox and each person's choice of channel (issue 19, items 2-4).
struct M028_Notifications: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
