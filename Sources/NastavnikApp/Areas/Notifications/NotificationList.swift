import Fluent
import Foundation
import SQLKit

/// The reads and writes of a person's list, shared by the pages, the API and the layout's badge.
enum NotificationList {
    static func row(_ notification: AppNotification) -> NotificationsController.ListPage.Row {
        .init(id: notification.id!, kind: notification.kind.russianName, title: notification.title, body: notification.body,
              link: notification.link, createdAt: notification.createdAt, isUnread: notification.readAt == nil)
    }

    /// Where opening the notification leads: its stored link, a path of this site. Rows keep the
    /// path as it was written (`/pairs/<id>`, `/me/children`…), which the route table still
    /// answers; a link that is not a path of this site («//host», «https://…») leads to the list,
    /// so a stored link never sends a person elsewhere.
    static func destination(of notification: AppNotification) -> String {
        let link = notification.link
        return link.hasPrefix("/") && !link.hasPrefix("//") && !link.hasPrefix("/\\") ? link : SiteRoute.Notifications.index.path()
    }

    static func unreadCount(of userID: UUID, on db: any Database) async throws -> Int {
        try await AppNotification.query(on: db).filter(\.$userID == userID).filter(\.$readAt == nil).count()
    }

    /// Marks the person's own notifications read; false when none of the ids is theirs. One
    /// transaction, and only unread ones are marked: a parallel mark (another tab, the API) keeps
    /// the moment the notification was first read.
    static func markRead(_ ids: [UUID], of userID: UUID, on db: any Database) async throws -> Bool {
        guard !ids.isEmpty else { return false }
        return try await db.transaction { tx in
            let own = try await AppNotification.query(on: tx).filter(\.$userID == userID).filter(\.$id ~~ ids).count()
            guard own > 0 else { return false }
            try await AppNotification.query(on: tx).filter(\.$userID == userID).filter(\.$id ~~ ids).filter(\.$readAt == nil)
                .set(\.$readAt, to: Date()).update()
            return true
        }
    }

    /// Marks every unread notification of the person read and returns how many this call marked:
    /// a conditional update, so two at once (two tabs) count each notification once between them.
    static func markAllRead(of userID: UUID, on db: any Database) async throws -> Int {
        guard let sql = db as? any SQLDatabase else { return 0 }
        return try await sql.update(AppNotification.schema).set("read_at", to: SQLBind(Date()))
            .where("user_id", .equal, SQLBind(userID)).where("read_at", .is, SQLLiteral.null)
            .returning("id").all().count
    }

    /// Letters not yet handed to the server are cancelled; digest items stay on the site only.
    static func cancelLetters(of userID: UUID, on db: any Database) async throws {
        try await OutboxMessage.query(on: db).filter(\.$userID == userID).filter(\.$status == .pending)
            .set(\.$status, to: .cancelled).update()
        try await AppNotification.query(on: db).filter(\.$userID == userID).filter(\.$digestPending == true)
            .set(\.$digestPending, to: false).update()
    }
}
