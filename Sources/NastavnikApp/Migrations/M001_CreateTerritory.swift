import Fluent

/// Regions, municipalities and organizations: the tenancy tree.
struct M001_CreateTerritory: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Region.schema)
            .id()
            .field("name", .string, .required)
            .field("code", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "code")
            .create()
        try await database.schema(Municipality.schema)
            .id()
            .field("region_id", .uuid, .required, .references(Region.schema, .id, onDelete: .restrict))
            .field("name", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "region_id", "name")
            .create()
        try await database.schema(Organization.schema)
            .id()
            .field("municipality_id", .uuid, .required, .references(Municipality.schema, .id, onDelete: .restrict))
            .field("region_id", .uuid, .required, .references(Region.schema, .id, onDelete: .restrict))
            .field("name", .string, .required)
            .field("short_name", .string, .required)
            .field("kind", .string, .required)
            .field("inn", .string)
            .field("address", .string)
            .field("created_at", .datetime)
            .create()
        try await database.index("organizations_region_idx", on: Organization.schema, columns: ["region_id"])
        try await database.index("organizations_municipality_idx", on: Organization.schema, columns: ["municipality_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Organization.schema).delete()
        try await database.schema(Municipality.schema).delete()
        try await database.schema(Region.schema).delete()
    }
}
