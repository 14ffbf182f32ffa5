import Fluent

/// The mentee card a «бывший наставляемый» mentor card was copied from
/// (`PairCompletion.moveToLongTermBase`). The mentee's consent withdrawal finds the copy by it,
/// not by the name: a name edited after the copy let the copy escape, and a namesake's card
/// marked «бывший наставляемый» by hand was taken for it. Cards copied before have none; they are
/// found by name and birth date.
struct M042_MentorSourceMentee: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Mentor.schema).field("source_mentee_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Mentor.schema).deleteField("source_mentee_id").update()
    }
}
