import Fluent

/// The person's gender for Russian grammar (issue 20): «согласен» / «согласна», and whether a
/// surname like «Шевчук» declines. Empty means «не указан»: the gender is then guessed from the
/// patronymic. Kept where the names are kept: accounts and both bases.
struct M024_PersonGender: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for schema in [User.schema, Mentor.schema, Mentee.schema] {
            try await database.schema(schema).field("gender", .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for schema in [User.schema, Mentor.schema, Mentee.schema] {
            try await database.schema(schema).deleteField("gender").update()
        }
    }
}
