import Fluent
import FluentSQL
import Foundation

/// How long an uploaded file stays: a raw import holds names, birth dates and guardians' phones
/// for the time between upload and confirmation only. A confirmed file keeps its counts and
/// loses its content at once; one never confirmed is deleted after a day.
enum ImportRetention {
    static let maxAge: TimeInterval = 24 * 3600

    /// Deletes raw files older than a day that were never confirmed. Runs at start-up and at every
    /// visit of the import pages; a confirmed file was emptied by its confirmation (and by M020 for
    /// files confirmed before). Writes nothing when there is nothing to delete.
    @discardableResult
    static func purge(now: Date = Date(), on db: any Database) async throws -> Int {
        let stale = try await ImportBatch.query(on: db).filter(\.$importedAt == nil).filter(\.$createdAt < now.addingTimeInterval(-maxAge))
            .field(\.$id).all().compactMap(\.id)
        if !stale.isEmpty {
            try await ImportBatch.query(on: db).filter(\.$id ~~ stale).delete()
        }
        return stale.count
    }

    /// Raw files of the organization still waiting for confirmation that carry a row naming this
    /// person: deleted when the person withdraws consent, so the preview cannot show them again.
    static func deletePending(naming lastName: String, _ firstName: String, kind: BaseKind, organizationID: UUID,
                              on db: any Database) async throws -> [String] {
        let last = FieldParsing.normalized(lastName), first = FieldParsing.normalized(firstName)
        guard !last.isEmpty else { return [] }
        var removed: [String] = []
        for batch in try await ImportBatch.query(on: db).filter(\.$organizationID == organizationID).filter(\.$importedAt == nil).all() {
            let rows = (try? ImportPlan.rows(of: batch.content)) ?? []
            let names = rows.contains { row in
                let cells = row.cells.map(FieldParsing.normalized)
                let joined = cells.joined(separator: " ")
                return (cells.contains(last) || joined.contains(last)) && (first.isEmpty || joined.contains(first))
            }
            if names {
                removed.append(batch.fileName)
                try await batch.delete(on: db)
            }
        }
        return removed
    }
}

/// Writers of one organization's bases take turns: an import or a new card plans against the rows
/// it can see, so two of them at once would each add the same person. The first statement of the
/// transaction writes the organization's row, which makes a second writer wait for the first to
/// commit (a row lock on PostgreSQL, the single write lock on SQLite taken before any read).
enum BaseWriteLock {
    static func acquire(organizationID: UUID, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.update(Organization.schema)
            .set("short_name", to: SQLColumn("short_name"))
            .where("id", .equal, SQLBind(organizationID))
            .run()
    }

    /// Marks the file imported if nobody did yet; false when another confirmation got there first.
    static func claim(batchID: UUID, at date: Date = Date(), on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return true }
        let rows = try await sql.update(ImportBatch.schema)
            .set("imported_at", to: SQLBind(date))
            .where("id", .equal, SQLBind(batchID))
            .where("imported_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        return !rows.isEmpty
    }
}
