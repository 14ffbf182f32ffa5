import Fluent
import SQLKit

/// Partner organizations in a program (issue 18, item 1): the organizations a program names, and
/// the mentors each partner puts forward from its own base.
struct M031_ProgramPartners: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ProgramPartner.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("added_by_name", .string, .required)
            .field("created_at", .datetime)
            .create()
        // A program names an organization once: a double click stores one row.
        try await database.index("program_partners_program_org_idx", on: ProgramPartner.schema,
                                 columns: ["program_id", "organization_id"], unique: true)
        // «Программы партнёров»: the programs that named an organization.
        try await database.index("program_partners_org_idx", on: ProgramPartner.schema, columns: ["organization_id"])

        try await database.schema(PartnerNomination.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, "id", onDelete: .cascade))
            .field("organization_id", .uuid, .required, .references(Organization.schema, "id"))
            .field("mentor_id", .uuid, .required, .references(Mentor.schema, "id"))
            .field("nominated_by_name", .string, .required)
            .field("created_at", .datetime)
            .create()
        // A mentor is put forward to a program once.
        try await database.index("partner_nominations_program_mentor_idx", on: PartnerNomination.schema,
                                 columns: ["program_id", "mentor_id"], unique: true)
        try await database.index("partner_nominations_org_idx", on: PartnerNomination.schema, columns: ["organization_id", "program_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PartnerNomination.schema).delete()
        try await database.schema(ProgramPartner.schema).delete()
    }
}
