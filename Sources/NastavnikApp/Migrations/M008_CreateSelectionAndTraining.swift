import Fluent

/// Selection of mentors per program, and their training (issue 7).
struct M008_CreateSelectionAndTraining: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentorSelection.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, .id, onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(Mentor.schema, .id, onDelete: .cascade))
            .field("decision", .string, .required)
            .field("decision_reason", .string)
            .field("decided_at", .datetime)
            .field("decided_by", .string)
            .field("interviewed_on", .string)
            .field("interviewer", .string)
            .field("readiness", .string)
            .field("interview_conclusion", .string)
            .field("tested_on", .string)
            .field("communication_score", .int)
            .field("empathy_score", .int)
            .field("skill_gaps", .string)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "program_id", "mentor_id")
            .create()
        try await database.index("mentor_selections_program_idx", on: MentorSelection.schema, columns: ["program_id", "decision"])

        try await database.schema(TrainingSession.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, .id, onDelete: .cascade))
            .field("kind", .string, .required)
            .field("topic", .string, .required)
            .field("held_on", .string, .required)
            .field("format", .string, .required)
            .field("trainer_name", .string, .required)
            .field("trainer_kind", .string, .required)
            .field("materials", .string, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        try await database.index("training_sessions_program_idx", on: TrainingSession.schema, columns: ["program_id", "held_on"])

        try await database.schema(TrainingAttendance.schema)
            .id()
            .field("session_id", .uuid, .required, .references(TrainingSession.schema, .id, onDelete: .cascade))
            .field("mentor_id", .uuid, .required, .references(Mentor.schema, .id, onDelete: .cascade))
            .unique(on: "session_id", "mentor_id")
            .create()
        try await database.index("training_attendance_mentor_idx", on: TrainingAttendance.schema, columns: ["mentor_id"])

        try await database.schema(TrainingRule.schema)
            .id()
            .field("program_id", .uuid, .required, .references(Program.schema, .id, onDelete: .cascade))
            .field("primary_sessions_required", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "program_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(TrainingRule.schema).delete()
        try await database.schema(TrainingAttendance.schema).delete()
        try await database.schema(TrainingSession.schema).delete()
        try await database.schema(MentorSelection.schema).delete()
    }
}
