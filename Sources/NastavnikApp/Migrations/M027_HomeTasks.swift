import Fluent
import SQLKit

/// What the home page needs to say what to do now: acknowledged rhythm warnings, handled concerns, involvement targets (issue 19, item 1).
struct M027_HomeTasks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // A concern stays on the curator's list until it is marked handled, also after the pair ends.
        // One column per statement: SQLite adds one column per ALTER TABLE.
        try await database.schema(PairConcern.schema).field("handled_at", .datetime).update()
        try await database.schema(PairConcern.schema).field("handled_by_name", .string).update()
        if let sql = database as? any SQLDatabase {
            // A concern answered before the home page is handled.
            try await sql.raw("UPDATE \(ident: PairConcern.schema) SET handled_at = replied_at WHERE status = 'answered'").run()
        }

        try await database.schema(RhythmAcknowledgement.schema)
            .id()
            .field("pairing_id", .uuid, .required, .references(Pairing.schema, "id", onDelete: .cascade))
            .field("program_id", .uuid, .required)
            .field("warning", .string, .required)
            .field("anchor", .string, .required)
            .field("note", .string, .required)
            .field("acknowledged_by_name", .string, .required)
            .field("created_at", .datetime)
            .create()
        // One acknowledgement per warning: a double click stores one.
        try await database.index("rhythm_acknowledgements_warning_idx", on: RhythmAcknowledgement.schema,
                                 columns: ["pairing_id", "warning", "anchor"], unique: true)

        try await database.schema(InvolvementTarget.schema)
            .id()
            .field("region_id", .uuid)
            .field("organization_id", .uuid)
            .field("percent", .int, .required)
            .field("set_by_name", .string, .required)
            .field("updated_at", .datetime)
            .create()
        if let sql = database as? any SQLDatabase {
            try await sql.raw("CREATE UNIQUE INDEX involvement_targets_region_idx ON involvement_targets (region_id) WHERE region_id IS NOT NULL").run()
            try await sql.raw("CREATE UNIQUE INDEX involvement_targets_organization_idx ON involvement_targets (organization_id) WHERE organization_id IS NOT NULL").run()
        }

        // The curator's home counts the organization's overdue questionnaires and people without consent.
        try await database.index("questionnaire_assignments_org_due_idx", on: QuestionnaireAssignment.schema, columns: ["organization_id", "status", "due_at"])
        try await database.index("mentees_org_consent_idx", on: Mentee.schema, columns: ["organization_id", "consent_state"])
        try await database.index("mentors_org_consent_idx", on: Mentor.schema, columns: ["organization_id", "consent_state"])
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            for index in ["questionnaire_assignments_org_due_idx", "mentees_org_consent_idx", "mentors_org_consent_idx"] {
                try await sql.raw("DROP INDEX IF EXISTS \(ident: index)").run()
            }
        }
        try await database.schema(InvolvementTarget.schema).delete()
        try await database.schema(RhythmAcknowledgement.schema).delete()
        try await database.schema(PairConcern.schema).deleteField("handled_by_name").update()
        try await database.schema(PairConcern.schema).deleteField("handled_at").update()
    }
}
