import Fluent

/// A practice case's version, so a case form loaded before a change cannot write over it: every
/// save raises it (`CaseService.save`, a conditional UPDATE on the version the form was read
/// with), and so does a consent withdrawal that clears the case's texts or replaces a name in
/// them. Without it, a curator's form opened before the withdrawal wrote the child's name back
/// into the cleared case. Existing cases start at 0.
struct M041_CaseVersion: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PracticeCase.schema).field("version", .int, .sql(.default(0))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PracticeCase.schema).deleteField("version").update()
    }
}
