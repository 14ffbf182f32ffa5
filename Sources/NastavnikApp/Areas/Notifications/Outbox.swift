import Fluent
import Foundation
import SQLKit

/// The outbox's states and moves, each a single statement the database decides.
///
/// A letter moves pending → sending (claimed for `lease`, `attempts` + 1) → committing (committed
/// just before the SMTP transaction's final dot) → sent. A worker that dies leaves its claim to
/// expire. A letter left in `sending` never reached the server's queue (a server discards a DATA
/// without its final dot), so the next worker takes it and it arrives once. A letter left in
/// `committing` is in doubt: the dot may have reached the server (a killed process's socket still
/// delivers what it was given), and SMTP has no way to ask. It becomes `unconfirmed` and is not
/// sent again — nothing is sent twice; the notification stays on the site. Every move after the
/// claim checks the claim's token, so a worker whose lease was taken over stops before the final
/// dot instead of sending a second copy.
enum Outbox {
    /// How long a claim holds; far longer than one SMTP transaction with its timeouts.
    static let lease: TimeInterval = 5 * 60
    /// Attempts before a letter is given up.
    static let maxAttempts = 8

    /// The wait before attempt `attempts + 1`: 1, 2, 4 … minutes, at most 6 hours.
    static func backoff(afterAttempts attempts: Int) -> TimeInterval {
        min(60 * pow(2, Double(max(attempts - 1, 0))), 6 * 3600)
    }

    static func newMessageID(host: String = "nastavnik") -> String {
        "\(UUID().uuidString.lowercased())@\(host)"
    }

    /// Writes a letter; with a `dedupeKey` a second letter under the same key is not written.
    /// `organizationID` is the organization whose notification causes it (a consent withdrawal
    /// there drops it, `ConsentWithdrawal`), nil when there is none or several.
    static func enqueue(userID: UUID, organizationID: UUID? = nil, recipient: String, kind: OutboxKind, subject: String, body: String,
                        dedupeKey: String?, now: Date, on sql: any SQLDatabase) async throws {
        try await sql.insert(into: OutboxMessage.schema)
            .columns("id", "user_id", "organization_id", "message_id", "kind", "recipient", "subject", "body", "status", "attempts",
                     "next_attempt_at", "dedupe_key", "created_at")
            .values(SQLBind(UUID()), SQLBind(userID), SQLBind(organizationID), SQLBind(newMessageID()), SQLBind(kind.rawValue), SQLBind(recipient),
                    SQLBind(subject), SQLBind(body), SQLBind(OutboxStatus.pending.rawValue), SQLBind(0), SQLBind(now), SQLBind(dedupeKey), SQLBind(now))
            .ignoringConflicts()
            .run()
    }

    struct Claimed: Decodable, Sendable {
        let id: UUID
        let user_id: UUID
        let message_id: String
        let recipient: String
        let subject: String
        let body: String
        let attempts: Int
        let created_at: Date
    }

    /// Claims up to `limit` letters that are due, or whose claim expired, for this worker. On
    /// PostgreSQL `FOR UPDATE SKIP LOCKED` lets two servers claim side by side without taking the
    /// same row; SQLite's single writer (the transaction begins IMMEDIATE) serializes the claims.
    static func claim(limit: Int, token: UUID, now: Date, lease: TimeInterval = Outbox.lease, on db: any Database) async throws -> [Claimed] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let skipLocked: SQLQueryString = sql.dialect.name == "postgresql" ? "FOR UPDATE SKIP LOCKED" : ""
        return try await db.transaction { db in
            let sql = db as! any SQLDatabase
            // A dead worker's letter whose final dot may have gone out is not sent again.
            try await sql.raw("""
                UPDATE outbox_messages
                SET status = \(bind: OutboxStatus.unconfirmed.rawValue), claim_token = NULL, lease_until = NULL,
                    last_error = \(bind: unconfirmedNote), body = ''
                WHERE status = \(bind: OutboxStatus.committing.rawValue) AND lease_until < \(bind: now)
                """).run()
            return try await sql.raw("""
                UPDATE outbox_messages
                SET status = \(bind: OutboxStatus.sending.rawValue), claim_token = \(bind: token),
                    lease_until = \(bind: now.addingTimeInterval(lease)), attempts = attempts + 1
                WHERE id IN (
                    SELECT id FROM outbox_messages
                    WHERE (status = \(bind: OutboxStatus.pending.rawValue) AND next_attempt_at <= \(bind: now))
                       OR (status = \(bind: OutboxStatus.sending.rawValue) AND lease_until < \(bind: now))
                    ORDER BY next_attempt_at
                    LIMIT \(unsafeRaw: String(limit))
                    \(skipLocked))
                RETURNING id, user_id, message_id, recipient, subject, body, attempts, created_at
                """).all(decoding: Claimed.self)
        }
    }

    /// The states after which a letter's text is no longer needed.
    static let leftStates: Set<OutboxStatus> = [.sent, .unconfirmed, .failed, .cancelled]

    /// Why a letter is `unconfirmed`, for the log and the row.
    static let unconfirmedNote = "обработчик остановился после завершающей точки, не получив ответа сервера: письмо, скорее всего, доставлено и повторно не отправляется"

    /// Moves a claimed letter on, only while this worker still holds the claim; false when the
    /// lease was taken over meanwhile.
    static func move(_ id: UUID, token: UUID, from states: [OutboxStatus], to state: OutboxStatus, sentAt: Date? = nil,
                     nextAttemptAt: Date? = nil, error: String? = nil, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        var assignments: [SQLQueryString] = ["status = \(bind: state.rawValue)"]
        if let sentAt { assignments.append("sent_at = \(bind: sentAt)") }
        if let nextAttemptAt { assignments.append("next_attempt_at = \(bind: nextAttemptAt)") }
        if let error { assignments.append("last_error = \(bind: String(error.prefix(500)))") }
        if state != .committing { assignments.append("claim_token = NULL, lease_until = NULL") }
        // A letter that has left (or never will) keeps no text: an invitation's carries a one-time
        // link, and the notification itself stays on the site.
        if Self.leftStates.contains(state) { assignments.append("body = ''") }
        let rows = try await sql.raw("""
            UPDATE outbox_messages SET \(assignments.joined(separator: ", "))
            WHERE id = \(bind: id) AND claim_token = \(bind: token) AND status IN (\(states.map { SQLQueryString("\(bind: $0.rawValue)") }.joined(separator: ", ")))
            RETURNING id
            """).all()
        return !rows.isEmpty
    }

    /// Letters by state, for the worker's log and the tests.
    static func counts(on db: any Database) async throws -> [OutboxStatus: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        struct Row: Decodable { let status: String; let n: Int }
        let rows = try await sql.raw("SELECT status, COUNT(*) AS n FROM outbox_messages GROUP BY status").all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.compactMap { row in OutboxStatus(rawValue: row.status).map { ($0, row.n) } })
    }
}
