import Fluent
import Foundation
import SQLKit

/// The daily digest: everything a person who chose «раз в день» was told since the last one, in
/// one letter. Each person's letter is written in one transaction with clearing the items it
/// lists, so an item is in exactly one digest.
enum Digests {
    /// Writes the due digests; returns how many letters were written.
    static func compose(now: Date, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        struct Person: Decodable { let user_id: UUID }
        let people = try await sql.raw("""
            SELECT DISTINCT user_id FROM notifications WHERE digest_pending AND created_at <= \(bind: now)
            """).all(decoding: Person.self)
        let day = CalendarDay.today(now)
        var written = 0
        for person in people {
            written += try await db.transaction { db in
                try await composeOne(userID: person.user_id, now: now, day: day, on: db as! any SQLDatabase) ? 1 : 0
            }
        }
        return written
    }

    private static func composeOne(userID: UUID, now: Date, day: CalendarDay, on sql: any SQLDatabase) async throws -> Bool {
        struct Item: Decodable {
            let id: UUID
            let title: String
            let body: String
            let link: String
            let created_at: Date
            let organization_id: UUID?
        }
        let lock: SQLQueryString = sql.dialect.name == "postgresql" ? "FOR UPDATE" : ""
        let items = try await sql.raw("""
            SELECT id, title, body, link, created_at, organization_id FROM notifications
            WHERE user_id = \(bind: userID) AND digest_pending AND created_at <= \(bind: now)
            ORDER BY created_at, id \(lock)
            """).all(decoding: Item.self)
        guard !items.isEmpty else { return false }
        try await sql.update(AppNotification.schema).set("digest_pending", to: false)
            .where("id", .in, items.map(\.id)).run()
        guard let person = try await Notifications.deliveryChoices(of: [userID], on: sql)[userID],
              person.isActive, person.emailEnabled, let email = person.email else { return false }
        let digestItems = items.map { LetterText.DigestItem(title: $0.title, body: $0.body, link: $0.link, created_at: $0.created_at) }
        // The day the items came, not the morning the letter goes out.
        let itemsDay = now.addingTimeInterval(-12 * 3600)
        // A digest of one organization's notifications is that organization's letter; a mixed one is nobody's alone.
        let organizations = Set(items.map(\.organization_id))
        try await Outbox.enqueue(userID: userID, organizationID: organizations.count == 1 ? organizations.first! : nil, recipient: email, kind: .digest,
                                 subject: LetterText.digestSubject(count: items.count, day: itemsDay),
                                 body: LetterText.digest(digestItems, day: itemsDay),
                                 dedupeKey: "digest:\(userID):\(day.iso)", now: now, on: sql)
        return true
    }
}
