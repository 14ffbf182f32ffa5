import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 22, item 3: the links notifications and letters carry are built from the route table,
/// in the very format rows already stored carry, so an old notification still opens its page
/// and an old letter's link still works. On both databases.
@Suite("Ссылки уведомлений и писем из таблицы маршрутов")
struct NotificationLinksTests {
    /// The GET page of the table that answers `path`, if any.
    static func page(answering path: String) -> (any AnyPageRoute)? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        return SiteRoute.all.first { route in
            let pattern = route.pattern.split(separator: "/", omittingEmptySubsequences: false)
            return route.method == .GET && pattern.count == segments.count
                && zip(pattern, segments).allSatisfy { $0.hasPrefix(":") ? !$1.isEmpty : $0 == $1 }
        }
    }

    @Test("Ссылки уведомлений и писем из таблицы совпадают с теми, что уже сохранены в базе и отправлены в письмах")
    func linksKeepTheStoredFormat() {
        let organizationID = UUID(), pairingID = UUID(), programID = UUID(), token = SecureToken.generate()
        let stored: [(built: String, old: String)] = [
            (SiteRoute.PairSpace.show.path(pairingID), "/pairs/\(pairingID)"),
            (SiteRoute.MyPairs.index.path(), "/me/pairs"),
            (SiteRoute.MyChildren.index.path(), "/me/children"),
            (SiteRoute.People.participation.path(), "/me/participation"),
            (SiteRoute.People.roleOffers.path(), "/me/role-offers"),
            (SiteRoute.Questionnaires.mine.path(), "/my/questionnaires"),
            (SiteRoute.ProgramWork.concerns.path(organizationID), "/orgs/\(organizationID)/concerns"),
            (SiteRoute.Cases.list.path(organizationID), "/orgs/\(organizationID)/cases"),
            (SiteRoute.Selection.index.path(organizationID, programID), "/orgs/\(organizationID)/programs/\(programID)/selection"),
            (SiteRoute.Accounts.invitation.path(token), "/invitations/\(token)"),
            (SiteRoute.Notifications.index.path(), "/notifications"),
            (SiteRoute.Notifications.settings.path(), "/notifications/settings"),
            (SiteRoute.Notifications.unsubscribePage.path(token), "/notifications/unsubscribe/\(token)"),
        ]
        for link in stored {
            #expect(link.built == link.old)
            #expect(Self.page(answering: link.old) != nil, "\(link.old): страницы с такой ссылкой нет")
        }
        #expect(LetterText.footer(site: "https://nastavnik.example", unsubscribeToken: token)
            .contains("Отписаться от писем: https://nastavnik.example/notifications/unsubscribe/\(token)"))
    }

    @Test("Уведомление ведёт только на страницу сайта: чужой адрес в сохранённой ссылке ведёт к списку уведомлений")
    func destinationStaysOnTheSite() {
        func notification(_ link: String) -> AppNotification {
            let notification = AppNotification()
            notification.link = link
            return notification
        }
        #expect(NotificationList.destination(of: notification("/me/pairs")) == "/me/pairs")
        for hostile in ["//evil.example/x", "https://evil.example", "/\\evil.example", "evil", ""] {
            #expect(NotificationList.destination(of: notification(hostile)) == "/notifications", "\(hostile)")
        }
    }

    @Test("Уведомление, сохранённое прежним кодом, открывает свою страницу и становится прочитанным")
    func oldNotificationStillOpens() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let user = try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            let other = try await Fixtures.person(app, login: "drugoi", role: .curator, organization: school.organization)
            // As the hand-built links of earlier versions stored them.
            let links = ["/orgs/\(school.organizationID)/concerns", "/my/questionnaires", "/me/role-offers", "//evil.example/x"]
            for link in links {
                try await Notifications.notify([user.id!], NotificationMessage(kind: .concernRaised, title: link, body: "Откройте страницу.", link: link,
                                                                             organizationID: school.organizationID), on: app.db)
            }
            let browser = Browser(app)
            try await browser.signIn("kurator")
            for link in links {
                let notification = try #require(try await AppNotification.query(on: app.db).filter(\.$title == link).first())
                let opened = try await browser.get(SiteRoute.Notifications.open.path(notification.id!))
                let expected = link.hasPrefix("//") ? SiteRoute.Notifications.index.path() : link
                #expect(opened.status == .seeOther && opened.location == expected, "\(link) → \(opened.location ?? "")")
                #expect(try await browser.get(expected).status == .ok, "\(expected) не открывается")
                #expect(try await AppNotification.find(notification.id, on: app.db)?.readAt != nil)
            }
            #expect(try await NotificationList.unreadCount(of: user.id!, on: app.db) == 0)
            // Another person's notification is not theirs to open or mark.
            let foreign = try #require(try await AppNotification.query(on: app.db).first())
            #expect(try await NotificationList.markRead([foreign.id!], of: other.id!, on: app.db) == false)
        }
    }
}
