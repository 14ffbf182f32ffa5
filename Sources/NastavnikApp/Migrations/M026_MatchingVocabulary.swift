import Fluent

/// Russian word forms and a curator-extendable vocabulary of synonyms for requests and competencies (issue 17, items 2, 3).
///
/// `request_vocabulary_entries`: the organization's own synonyms and related requests beside the
/// built-in vocabulary (`RequestVocabulary.builtIn`). One line per organization and meaning is the
/// database's rule (`entry_key` holds the stems of both phrases), so two curators adding the same
/// line at once store it once.
struct M026_MatchingVocabulary: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RequestVocabularyEntry.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("term", .string, .required)
            .field("phrase", .string, .required)
            .field("relation", .string, .required)
            .field("entry_key", .string, .required)
            .field("created_by_name", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "organization_id", "entry_key", name: "request_vocabulary_entries_one_meaning")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RequestVocabularyEntry.schema).delete()
    }
}
