import Fluent
import Foundation
import SQLKit

/// Slows down password guessing with three counters in `login_throttles`, kept in the database
/// so the limit holds across several app servers:
///
/// - per account from one client address: more than `maxFailuresPerClient` failures in the window
///   refuse further attempts from that address (the guesser's own);
/// - per client address over all accounts: more than `maxFailuresPerAddress` refuse that address
///   (one address trying many accounts);
/// - per account over all addresses: more than `maxFailuresPerAccount` only slow every attempt
///   down (`AppSettings.loginSlowdownSeconds`) — never a refusal, so someone else's failures
///   alone cannot lock the owner out of their correct password.
///
/// An attempt counts as a failure *before* the password is checked, by one atomic upsert whose
/// returned counts decide: parallel guesses cannot all pass a check made before any is recorded.
/// A success takes its own count back and forgives the account's failures.
enum LoginRateLimit {
    static let table = "login_throttles"
    static let window: TimeInterval = 15 * 60
    static let maxFailuresPerClient = 5
    static let maxFailuresPerAccount = 5
    static let maxFailuresPerAddress = 30

    enum Decision: Equatable {
        /// Check the password, after a pause when the account is under attack.
        case check(slowDown: Bool)
        /// Too many failures from this address: refuse without checking.
        case refuse
    }

    struct Keys {
        let account: String, client: String, address: String

        init(login: String, address: String) {
            // Logins are at most 64 characters; anything longer typed into the form is cut, not stored whole.
            let login = String(login.prefix(128))
            account = "account:" + login
            client = "client:" + address + "|" + login
            self.address = "address:" + address
        }
    }

    /// Records the attempt as a failure and says whether the password may be checked.
    static func begin(login: String, address: String, on db: any Database, now: Date = Date()) async throws -> Decision {
        let keys = Keys(login: login, address: address)
        let counts = try await increment([keys.account, keys.client, keys.address], on: db, now: now)
        if (counts[keys.client] ?? 0) > maxFailuresPerClient || (counts[keys.address] ?? 0) > maxFailuresPerAddress {
            return .refuse
        }
        return .check(slowDown: (counts[keys.account] ?? 0) > maxFailuresPerAccount)
    }

    /// The password was right: this attempt was no failure, and the account's earlier ones are forgiven.
    static func succeeded(login: String, address: String, on db: any Database, now: Date = Date()) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let keys = Keys(login: login, address: address)
        try await sql.raw("""
            UPDATE \(ident: table) SET failures = failures - 1 WHERE "key" = \(bind: keys.address) AND failures > 0
            """).run()
        try await sql.raw("DELETE FROM \(ident: table) WHERE \"key\" IN (\(bind: keys.account), \(bind: keys.client))").run()
        try await purgeExpired(now: now, on: db)
    }

    /// Deletes the counters whose window has passed: they count nothing. Runs at every successful
    /// sign-in and regularly in `Housekeeping`, so failed guesses alone cannot grow the table.
    @discardableResult
    static func purgeExpired(now: Date = Date(), on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let rows = try await sql.raw("DELETE FROM \(ident: table) WHERE window_start <= \(bind: windowStart(before: now)) RETURNING \"key\"").all()
        return rows.count
    }

    /// Failures counted for an account in the current window (for the tests and support).
    static func failures(login: String, on db: any Database, now: Date = Date()) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        let key = Keys(login: login, address: "").account
        let row = try await sql.raw("""
            SELECT failures FROM \(ident: table) WHERE "key" = \(bind: key) AND window_start > \(bind: windowStart(before: now))
            """).first()
        return try row?.decode(column: "failures", as: Int.self) ?? 0
    }

    private static func windowStart(before now: Date) -> Int64 {
        Int64(now.timeIntervalSince1970 - window)
    }

    /// One statement for all keys: a key seen for the first time, or whose window has passed,
    /// starts at 1; otherwise it grows by 1. Both databases run `INSERT … ON CONFLICT … DO UPDATE
    /// … RETURNING` atomically per row, so every attempt gets its own count.
    private static func increment(_ keys: [String], on db: any Database, now: Date) async throws -> [String: Int] {
        guard let sql = db as? any SQLDatabase else { return [:] }
        let current = Int64(now.timeIntervalSince1970)
        let expired = windowStart(before: now)
        let values = SQLList(keys.map { key in
            SQLGroupExpression(SQLList([SQLBind(key), SQLLiteral.numeric("1"), SQLBind(current)]))
        })
        let rows = try await sql.raw("""
            INSERT INTO \(ident: table) ("key", failures, window_start) VALUES \(values)
            ON CONFLICT ("key") DO UPDATE SET
                failures = CASE WHEN \(ident: table).window_start <= \(bind: expired) THEN 1 ELSE \(ident: table).failures + 1 END,
                window_start = CASE WHEN \(ident: table).window_start <= \(bind: expired) THEN excluded.window_start ELSE \(ident: table).window_start END
            RETURNING "key", failures
            """).all()
        var counts: [String: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "key", as: String.self)] = try row.decode(column: "failures", as: Int.self)
        }
        return counts
    }
}
