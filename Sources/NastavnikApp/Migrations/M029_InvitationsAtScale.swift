import Fluent

/// Invitations issued by class or group and the academic year's advance (issue 18, items 3, 5).
struct M029_InvitationsAtScale: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
