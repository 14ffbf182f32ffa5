import Fluent
import Foundation
import SQLKit

/// A signed order («приказ») recorded on the rows of a program it covers (pairs fixed, incentives
/// granted). The rows are claimed by one conditional `UPDATE … WHERE order_number IS NULL
/// RETURNING id` in the transaction that writes the audit entry: a read followed by saves let four
/// parallel orders all pass on PostgreSQL, each writing an audit entry while the last number won.
/// A second order waits for the first one's row locks, finds the rows taken and claims nothing.
enum OrderClaim {
    /// A signed order's number and date as typed: one rule for every order a program records
    /// (the pairs' order, the incentives' order).
    struct Order: Sendable {
        let number: String
        let date: CalendarDay

        init(number: String, date: String) throws {
            var errors: [String: String] = [:]
            let number = number.trimmingCharacters(in: .whitespaces)
            if number.isEmpty || number.count > 40 { errors["orderNumber"] = "Укажите номер приказа." }
            let day = CalendarDay(iso: date)
            if day == nil { errors["orderOn"] = "Укажите дату приказа." }
            guard errors.isEmpty, let day else { throw AppError.validation(errors) }
            self.number = number
            self.date = day
        }
    }

    /// Returns how many rows the order took; `audit` runs in the same transaction when it took any.
    /// `status` narrows the rows (only formed pairs); `stampsUpdate` sets `updated_at` on tables that have it.
    static func claim(_ table: String, programID: UUID, number: String, date: CalendarDay, status: String? = nil, stampsUpdate: Bool = false,
                      on db: any Database, audit: @escaping @Sendable (Int, any Database) async throws -> Void) async throws -> Int {
        try await db.transaction { db -> Int in
            guard let sql = db as? any SQLDatabase else { throw AppError.badRequest("База данных не поддерживает SQL.") }
            var update = sql.update(table)
                .set("order_number", to: SQLBind(number))
                .set("order_on", to: SQLBind(date.iso))
                .where("program_id", .equal, SQLBind(programID))
                .where("order_number", .is, SQLLiteral.null)
            if stampsUpdate { update = update.set("updated_at", to: SQLBind(Date())) }
            if let status { update = update.where("status", .equal, SQLBind(status)) }
            let claimed = try await update.returning("id").all()
            if !claimed.isEmpty { try await audit(claimed.count, db) }
            return claimed.count
        }
    }
}
