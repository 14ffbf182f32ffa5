import Fluent
import SQLKit

/// Consents given by legal representatives in the app; one account in several organizations (issue 18, items 2, 4).
struct M032_GuardianConsents: AsyncMigration {
    func prepare(on database: any Database) async throws {}

    func revert(on database: any Database) async throws {}
}
