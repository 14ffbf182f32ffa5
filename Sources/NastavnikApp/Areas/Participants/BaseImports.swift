import Fluent
import Vapor

/// Importing a file into a base, for the page's confirmation and the API's upload alike: all rows
/// or none, the plan made and applied in one transaction that holds the organization's base (two
/// uploads of one file at once add each person once, the second finding the first's rows to
/// update), and the audit entry written in that transaction.
enum BaseImports {
    typealias Counts = (created: Int, updated: Int)

    /// The file's rows did not pass (or it held none): nothing was written.
    struct Rejected: Error, AppErrorConvertible, @unchecked Sendable {
        let plan: ImportPlan

        var problems: [ImportPlan.Problem] {
            plan.problems.isEmpty ? [ImportPlan.Problem(line: 1, message: "В файле нет строк с данными.")] : plan.problems
        }

        var status: HTTPResponseStatus { .unprocessableEntity }
        var code: String { "import_rejected" }
        var russianMessage: String {
            "Файл не импортирован: исправьте строки с ошибками. " + problems.prefix(5).map { "Строка \($0.line): \($0.message)" }.joined(separator: " ")
        }
    }

    /// Checks the file without writing anything: the counts it would add and update.
    static func check(kind: BaseKind, data: Data, mapping: [Int: String]? = nil, organizationID: UUID, on db: any Database) async throws -> ImportPlan {
        let plan = try await ImportPlan.make(kind: kind, data: data, mapping: mapping, organizationID: organizationID, on: db)
        guard plan.problems.isEmpty, !plan.planned.isEmpty else { throw Rejected(plan: plan) }
        return plan
    }

    /// Imports a file sent straight in (the API).
    static func importFile(kind: BaseKind, data: Data, organization: Organization, by actor: AuditActor, on db: any Database) async throws -> Counts {
        let organizationID = try organization.requireID()
        return try await db.transaction { tx in
            try await BaseWriteLock.acquire(organizationID: organizationID, on: tx)
            let counts = try await apply(kind: kind, data: data, mapping: nil, organization: organization, on: tx)
            try await actor.record(.baseImported, organizationID: organizationID, objectType: kind.rawValue,
                                   details: "API: новых \(counts.created), обновлено \(counts.updated)", on: tx)
            return counts
        }
    }

    /// Imports an uploaded batch after the person checked its columns (the page). The batch is
    /// claimed in the transaction, so a double click or a second tab imports it once: nil when it
    /// was imported already. The file's content is deleted with the import; the counts stay.
    static func confirm(_ batch: ImportBatch, mapping: [Int: String]?, organization: Organization, by actor: AuditActor,
                        on db: any Database) async throws -> Counts? {
        let organizationID = try organization.requireID()
        let batchID = try batch.requireID()
        guard batch.importedAt == nil else { return nil }
        return try await db.transaction { tx -> Counts? in
            try await BaseWriteLock.acquire(organizationID: organizationID, on: tx)
            guard try await BaseWriteLock.claim(batchID: batchID, on: tx) else { return nil }
            let counts = try await apply(kind: batch.kind, data: batch.content, mapping: mapping, organization: organization, on: tx)
            try await ImportBatch.query(on: tx).filter(\.$id == batchID)
                .set(\.$createdCount, to: counts.created).set(\.$updatedCount, to: counts.updated).set(\.$content, to: Data())
                .update()
            try await actor.record(.baseImported, organizationID: organizationID, objectType: batch.kind.rawValue, objectID: batchID,
                                   details: "\(batch.fileName): новых \(counts.created), обновлено \(counts.updated)", on: tx)
            return counts
        }
    }

    /// Plans the rows against the base as it is inside the transaction and writes them; a row
    /// that does not pass throws `Rejected`, which undoes the transaction.
    private static func apply(kind: BaseKind, data: Data, mapping: [Int: String]?, organization: Organization, on tx: any Database) async throws -> Counts {
        let plan = try await check(kind: kind, data: data, mapping: mapping, organizationID: organization.requireID(), on: tx)
        return try await plan.apply(organization: organization, on: tx)
    }
}
