import Fluent
import Foundation
import SQLKit

/// The target share of students involved in mentoring (issue 19): the federal 70 % unless the
/// region's coordinator or the organization's administration set their own.
enum InvolvementTargets {
    static let federalPercent = 70

    /// The region's own target, or nil.
    static func region(_ regionID: UUID, on db: any Database) async throws -> Int? {
        try await InvolvementTarget.query(on: db).filter(\.$regionID == regionID).first()?.percent
    }

    /// Each organization's own target among `organizationIDs` (a subquery of the scope).
    static func organizations(regionIDs: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !regionIDs.isEmpty, let sql = db as? any SQLDatabase else { return [:] }
        var result: [UUID: Int] = [:]
        for row in try await sql.raw("""
            SELECT t.organization_id AS organization_id, t.percent AS percent FROM \(ident: InvolvementTarget.schema) t
            JOIN \(ident: Organization.schema) o ON o.id = t.organization_id WHERE o.region_id IN (\(binds: regionIDs))
            """).all() {
            result[try row.decode(column: "organization_id", as: UUID.self)] = try row.decode(column: "percent", as: Int.self)
        }
        return result
    }

    /// Reads a percent typed in a form: a whole number from 1 to 100.
    static func parse(_ value: String?) throws -> Int? {
        let text = (value ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return nil }
        guard let percent = Int(text), (1...100).contains(percent) else {
            throw AppError.validation(["targetPercent": "Укажите целое число процентов от 1 до 100 или оставьте поле пустым (тогда действует федеральная цель \(federalPercent) %)."])
        }
        return percent
    }

    /// Sets (or with nil removes) the target of a region or an organization; exactly one id.
    /// Delete and insert in one transaction; the partial unique indexes keep one row per owner.
    /// Sets (nil: clears) a region's or an organization's own target, with its audit entry in the same transaction.
    static func set(_ percent: Int?, regionID: UUID? = nil, organizationID: UUID? = nil, by actor: AuditActor, on db: any Database) async throws {
        try await db.transaction { db in
            if let regionID {
                try await actor.record(.involvementTargetSet, objectType: "region", objectID: regionID,
                                       details: percent.map { "\($0) %" } ?? "федеральная цель", on: db)
            } else {
                try await actor.record(.involvementTargetSet, organizationID: organizationID, objectType: "organization", objectID: organizationID,
                                       details: percent.map { "\($0) %" } ?? "как у региона", on: db)
            }
            var query = InvolvementTarget.query(on: db)
            if let regionID { query = query.filter(\.$regionID == regionID) }
            if let organizationID { query = query.filter(\.$organizationID == organizationID) }
            try await query.delete()
            guard let percent else { return }
            let target = InvolvementTarget()
            target.regionID = regionID
            target.organizationID = organizationID
            target.percent = percent
            target.setByName = actor.principal?.fullName ?? "Система"
            try await target.create(on: db)
        }
    }
}
