import Fluent
import Foundation
import SQLKit

/// Participants: raw imports kept only until confirmed, card versions, withdrawal (issue 16).
///
/// - `mentees.version` / `mentors.version`: raised by every save of a card, so a save made from
///   an older copy of the card is refused instead of erasing a colleague's change.
/// - Confirmed imports lose the file they came from (`ImportRetention`); the column stays, empty.
struct M020_ParticipantsTrust: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(Mentee.schema).field("version", .int, .sql(.default(0))).update()
        try await database.schema(Mentor.schema).field("version", .int, .sql(.default(0))).update()
        try await ImportBatch.query(on: database).filter(\.$importedAt != nil).set(\.$content, to: Data()).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Mentor.schema).deleteField("version").update()
        try await database.schema(Mentee.schema).deleteField("version").update()
    }
}
