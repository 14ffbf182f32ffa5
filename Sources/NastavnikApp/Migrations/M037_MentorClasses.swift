import Fluent
import SQLKit

/// Pupil and student mentors move with the academic year and graduate (issue 18, item 5); partner follow-ups.
struct M037_MentorClasses: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
