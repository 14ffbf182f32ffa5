import Fluent

/// What the home page needs to say what to do now: acknowledged rhythm warnings, handled concerns, involvement targets (issue 19, item 1).
struct M027_HomeTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
