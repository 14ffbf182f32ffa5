import Fluent
import SQLKit

/// Consents given by legal representatives in the app; one account in several organizations (issue 18, items 2, 4).
struct M032_GuardianConsents: AsyncMigration {
    static let oneOpenOffer = "role_offers_one_open"
    static let consentColumns: [(String, DatabaseSchema.DataType)] = [("given_by_user_id", .uuid), ("given_at", .datetime), ("text_hash", .string)]

    func prepare(on database: any Database) async throws {
        // The exact wording a person agreed to in the app, kept once per text: a consent row points
        // at it by the SHA-256 of the text, so the card can show later what was agreed.
        try await database.schema(ConsentText.schema)
            .id()
            .field("text_hash", .string, .required)
            .field("version", .string, .required)
            .field("purpose", .string, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "text_hash", name: "consent_texts_hash_key")
            .create()
        // A consent given in the app: by whose account, at what moment, by which text. A paper
        // consent entered by the curator leaves them empty.
        // One column a statement: SQLite adds (and drops) columns one by one.
        // No reference on the account: SQLite cannot drop a column that is part of a foreign key, and revert must.
        for (column, type) in Self.consentColumns {
            try await database.schema(ConsentRecord.schema).field(.string(column), type).update()
        }

        // A role an organization offers to an existing account: it becomes a role only when the
        // owner accepts it from their own account.
        try await database.schema(RoleOffer.schema)
            .id()
            .field("user_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("role", .string, .required)
            .field("position", .string)
            .field("offered_by_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .field("created_at", .datetime)
            .field("answered_at", .datetime)
            .field("accepted", .bool)
            .create()
        if let sql = database as? any SQLDatabase {
            // One open offer of a role per person and organization, whoever presses twice.
            try await sql.raw("""
                CREATE UNIQUE INDEX \(ident: Self.oneOpenOffer) ON \(ident: RoleOffer.schema) (user_id, organization_id, role) WHERE answered_at IS NULL
                """).run()
        }
        try await database.index("role_offers_organization_idx", on: RoleOffer.schema, columns: ["organization_id", "answered_at"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RoleOffer.schema).delete()
        for (column, _) in Self.consentColumns.reversed() {
            try await database.schema(ConsentRecord.schema).deleteField(.string(column)).update()
        }
        try await database.schema(ConsentText.schema).delete()
    }
}
