import Foundation

extension SiteRoute {
    /// «Уведомления»: a person's own list, marking read, the letters' settings, and the unsubscribe
    /// link of the letters (no sign-in: the link's secret is the key). The links stored in
    /// notifications point at other areas' pages (`MyPairs.index`, `PairSpace.show`…), built from
    /// their entries, so a stored row keeps the path the page still answers.
    enum Notifications {
        static let index = PageRoute("notifications.index", .GET, "/notifications")
        static let readAll = PageRoute("notifications.readAll", .POST, "/notifications/read-all")
        static let read = PageRoute("notifications.read", .POST, "/notifications/:notificationID/read", UUID.self)
        static let open = PageRoute("notifications.open", .GET, "/notifications/:notificationID/open", UUID.self)
        static let settings = PageRoute("notifications.settings", .GET, "/notifications/settings")
        static let saveSettings = PageRoute("notifications.saveSettings", .POST, "/notifications/settings")
        static let unsubscribePage = PageRoute("notifications.unsubscribePage", .GET, "/notifications/unsubscribe/:token", String.self)
        static let unsubscribe = PageRoute("notifications.unsubscribe", .POST, "/notifications/unsubscribe/:token", String.self)

        static let all: [any AnyPageRoute] = [index, readAll, read, open, settings, saveSettings, unsubscribePage, unsubscribe]
    }
}
