import Fluent
import SQLKit

/// Invitations issued by class or group and the academic year's advance (issue 18, items 3, 5).
struct M029_InvitationsAtScale: AsyncMigration {
    static let oneAdvancePerYear = "academic_year_advances_one_per_year"

    func prepare(on database: any Database) async throws {
        // A sheet of links issued in one step. The links themselves are never stored: each is
        // derived from the sheet's secret, which only the sheet's address carries (its hash here).
        try await database.schema(InvitationSheet.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("created_by_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("secret_hash", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "secret_hash", name: "invitation_sheets_secret_key")
            .create()
        try await database.schema(InvitationSheetRow.schema)
            .id()
            .field("sheet_id", .uuid, .required, .references(InvitationSheet.schema, .id, onDelete: .cascade))
            .field("position", .int, .required)
            .field("card_id", .uuid, .required)
            .field("user_id", .uuid, .references(User.schema, .id, onDelete: .cascade))
            // No reference: a re-issued link or a withdrawal deletes the invitation, and the sheet
            // then shows the line as no longer valid.
            .field("invitation_id", .uuid)
            .field("class_name", .string)
            // Why the card got no link (no consent, already signed in…); nil on an issued line.
            .field("skip_reason", .string)
            .create()
        try await database.index("invitation_sheet_rows_sheet_idx", on: InvitationSheetRow.schema, columns: ["sheet_id", "position"])

        // The new academic year: what one step changed, so that it can be undone exactly.
        try await database.schema(AcademicYearAdvance.schema)
            .id()
            .field("organization_id", .uuid, .required, .references(Organization.schema, .id, onDelete: .cascade))
            .field("academic_year", .int, .required)
            .field("created_by_id", .uuid, .required, .references(User.schema, .id, onDelete: .cascade))
            .field("created_at", .datetime)
            .field("undone_at", .datetime)
            .field("undone_by_id", .uuid, .references(User.schema, .id, onDelete: .setNull))
            .create()
        if let sql = database as? any SQLDatabase {
            // One step per organization and year, even when two curators press at once.
            try await sql.raw("""
                CREATE UNIQUE INDEX \(ident: Self.oneAdvancePerYear) ON \(ident: AcademicYearAdvance.schema) (organization_id, academic_year) WHERE undone_at IS NULL
                """).run()
        }
        try await database.schema(AcademicYearChange.schema)
            .id()
            .field("advance_id", .uuid, .required, .references(AcademicYearAdvance.schema, .id, onDelete: .cascade))
            .field("mentee_id", .uuid, .required, .references(Mentee.schema, .id, onDelete: .cascade))
            .field("old_class_name", .string, .required)
            .field("new_class_name", .string, .required)
            .field("old_status", .string, .required)
            .field("new_status", .string, .required)
            .field("graduated", .bool, .required)
            .create()
        try await database.index("academic_year_changes_advance_idx", on: AcademicYearChange.schema, columns: ["advance_id"])
        // A graduate leaves the active base: the academic year (its start) they finished in.
        try await database.schema(Mentee.schema).field("graduated_year", .int).update()
        try await database.index("mentees_graduated_idx", on: Mentee.schema, columns: ["organization_id", "graduated_year"])
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase {
            try await sql.raw("DROP INDEX IF EXISTS \(ident: "mentees_graduated_idx")").run()
        }
        try await database.schema(Mentee.schema).deleteField("graduated_year").update()
        try await database.schema(AcademicYearChange.schema).delete()
        try await database.schema(AcademicYearAdvance.schema).delete()
        try await database.schema(InvitationSheetRow.schema).delete()
        try await database.schema(InvitationSheet.schema).delete()
    }
}
