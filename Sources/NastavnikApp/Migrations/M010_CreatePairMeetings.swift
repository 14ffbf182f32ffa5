import Fluent

/// Meetings of pairs and their reflections (issue 8, first part).
struct M010_CreatePairMeetings: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PairMeeting.schema)
            .id()
            .field("pairing_id", .uuid, .required, .references(Pairing.schema, .id, onDelete: .cascade))
            .field("program_id", .uuid, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("on", .string, .required)
            .field("starts_at", .string, .required)
            .field("duration_minutes", .int, .required)
            .field("format", .string, .required)
            .field("place", .string, .required)
            .field("summary", .string, .required)
            .field("recorded_by_name", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.index("pair_meetings_pairing_idx", on: PairMeeting.schema, columns: ["pairing_id", "on"])
        try await database.index("pair_meetings_program_idx", on: PairMeeting.schema, columns: ["program_id", "status", "on"])

        try await database.schema(MeetingReflection.schema)
            .id()
            .field("meeting_id", .uuid, .required, .references(PairMeeting.schema, .id, onDelete: .cascade))
            .field("side", .string, .required)
            .field("member_id", .uuid)
            .field("closer_to_goal", .string, .required)
            .field("went_well", .string, .required)
            .field("to_change", .string, .required)
            .field("feeling", .string, .required)
            .field("next_steps", .string, .required)
            .field("written_by_name", .string, .required)
            .field("created_at", .datetime)
            .create()
        try await database.index("meeting_reflections_meeting_idx", on: MeetingReflection.schema, columns: ["meeting_id"])
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MeetingReflection.schema).delete()
        try await database.schema(PairMeeting.schema).delete()
    }
}
