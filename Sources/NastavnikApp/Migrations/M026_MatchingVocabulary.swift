import Fluent

/// Russian word forms and a curator-extendable vocabulary of synonyms for requests and competencies (issue 17, items 2, 3).
struct M026_MatchingVocabulary: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
