import Foundation
@testable import NastavnikApp

extension LeafRenderTests {
    static let notificationPages = ["notifications/index", "notifications/settings", "notifications/unsubscribe"]

    /// The list (empty, then read and unread), the settings and the unsubscribe page in its three states.
    func renderNotifications(render: (String, any Encodable) async throws -> Void, id: UUID, pagination: Pagination) async throws {
        let h = Self.hostile
        try await render("notifications/index", NotificationsController.ListPage(rows: [], unread: 0, pagination: pagination))
        try await render("notifications/index", NotificationsController.ListPage(rows: [
            .init(id: id, kind: h, title: h, body: h, link: "/me/pairs", createdAt: Date(), isUnread: true),
            .init(id: id, kind: h, title: h, body: h, link: "/me/pairs", createdAt: Date(), isUnread: false),
        ], unread: 1, pagination: pagination))
        try await render("notifications/settings", NotificationsController.SettingsPage(
            emailEnabled: true, frequencies: [SelectOption("immediate", h, selected: true), SelectOption("daily", h)], hasAddress: false))
        try await render("notifications/unsubscribe", NotificationsController.UnsubscribePage(token: "", valid: false, done: false))
        try await render("notifications/unsubscribe", NotificationsController.UnsubscribePage(token: "", valid: true, done: true))
        try await render("notifications/unsubscribe", NotificationsController.UnsubscribePage(token: h, valid: true, done: false))
    }
}
