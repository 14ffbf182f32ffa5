import Fluent
import SQLKit
import Vapor

/// «Уведомления»: a person's own list (newest first, unread marked), marking read, the choice of
/// channel and frequency, and the unsubscribe link of the letters (no sign-in: the link's secret
/// is the key, and it only switches e-mail off).
struct NotificationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let own = routes.grouped(RequireSignedInPage())
        own.on(SiteRoute.Notifications.index, use: index)
        own.on(SiteRoute.Notifications.readAll, use: readAll)
        own.on(SiteRoute.Notifications.read, use: read)
        own.on(SiteRoute.Notifications.open, use: open)
        own.on(SiteRoute.Notifications.settings, use: settings)
        own.on(SiteRoute.Notifications.saveSettings, use: saveSettings)
        routes.on(SiteRoute.Notifications.unsubscribePage, use: unsubscribePage)
        routes.on(SiteRoute.Notifications.unsubscribe, use: unsubscribe)
    }

    struct ListPage: Encodable {
        struct Row: Encodable {
            let id: UUID
            let kind: String
            let title: String
            let body: String
            let link: String
            let createdAt: Date
            let isUnread: Bool
        }
        let rows: [Row]
        let unread: Int
        let pagination: Pagination
    }

    /// GET /notifications
    @Sendable func index(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let query = AppNotification.query(on: req.db).filter(\.$userID == principal.userID)
        let pagination = Pagination(request: req, total: try await query.count())
        let rows = try await query.sort(\.$createdAt, .descending).sort(\.$id).range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        let unread = try await NotificationList.unreadCount(of: principal.userID, on: req.db)
        return try await req.page("notifications/index", title: "Уведомления", breadcrumbs: [.init("Главная", SiteRoute.Home.index.path()), .init("Уведомления")],
                                  content: ListPage(rows: rows.map(NotificationList.row), unread: unread, pagination: pagination))
    }

    /// POST /notifications/:notificationID/read
    @Sendable func read(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("notificationID", as: UUID.self),
              try await NotificationList.markRead([id], of: principal.userID, on: req.db) else { throw AppError.notFound }
        return req.redirect(to: SiteRoute.Notifications.index.path())
    }

    /// GET /notifications/:notificationID/open — marks it read and opens its page.
    @Sendable func open(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("notificationID", as: UUID.self),
              let notification = try await AppNotification.query(on: req.db).filter(\.$id == id).filter(\.$userID == principal.userID).first()
        else { throw AppError.notFound }
        _ = try await NotificationList.markRead([id], of: principal.userID, on: req.db)
        return req.redirect(to: NotificationList.destination(of: notification))
    }

    /// POST /notifications/read-all
    @Sendable func readAll(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let count = try await NotificationList.markAllRead(of: principal.userID, on: req.db)
        return req.redirect(to: SiteRoute.Notifications.index.path(), flash: FlashMessage(.success, count == 0 ? "Непрочитанных уведомлений нет."
            : "Отмечено прочитанными: \(count.russian("уведомление", "уведомления", "уведомлений"))."))
    }

    struct SettingsPage: Encodable {
        let emailEnabled: Bool
        let frequencies: [SelectOption]
        let hasAddress: Bool
    }

    /// GET /notifications/settings
    @Sendable func settings(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let current = try await NotificationSettings.current(of: principal.userID, on: req.db)
        return try await settingsPage(req, emailEnabled: current.emailEnabled, frequency: current.frequency,
                                      form: FormState(values: ["email": current.email ?? ""]))
    }

    private func settingsPage(_ req: Request, emailEnabled: Bool, frequency: NotificationFrequency, form: FormState,
                              status: HTTPResponseStatus = .ok) async throws -> Response {
        try await req.page("notifications/settings", title: "Настройки уведомлений",
                           breadcrumbs: [.init("Главная", SiteRoute.Home.index.path()), .init("Уведомления", SiteRoute.Notifications.index.path()),
                                         .init("Настройки")],
                           form: form, status: status,
                           content: SettingsPage(emailEnabled: emailEnabled,
                                                 frequencies: NotificationFrequency.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: $0 == frequency) },
                                                 hasAddress: MailAddress.isValid(form.values["email"])))
    }

    struct SettingsForm: Content {
        var email: String?
        var emailEnabled: String?
        var frequency: String?
    }

    /// POST /notifications/settings
    @Sendable func saveSettings(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let form = try req.content.decode(SettingsForm.self)
        let input = NotificationSettings.Input(email: (form.email ?? "").trimmingCharacters(in: .whitespaces), emailEnabled: form.emailEnabled == "on",
                                               frequency: form.frequency.flatMap(NotificationFrequency.init(rawValue:)) ?? .immediate)
        do {
            try await NotificationSettings.save(input, of: principal.userID, by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return try await settingsPage(req, emailEnabled: input.emailEnabled, frequency: input.frequency,
                                          form: FormState(values: ["email": input.email], errors: errors), status: .unprocessableEntity)
        }
        return req.redirect(to: SiteRoute.Notifications.settings.path(), flash: FlashMessage(.success, input.emailEnabled
            ? "Сохранено: письма будут приходить на \(input.email) — \(input.frequency.russianName.lowercased())."
            : "Сохранено: уведомления только на сайте, писем не будет."))
    }

    struct UnsubscribePage: Encodable {
        let token: String
        let valid: Bool
        let done: Bool
    }

    /// GET /notifications/unsubscribe/:token — asks to confirm: a mail scanner that follows links must not unsubscribe anyone.
    @Sendable func unsubscribePage(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let valid = try await NotificationPreference.query(on: req.db).filter(\.$unsubscribeToken == token).first() != nil
        return try await req.page("notifications/unsubscribe", title: "Отписаться от писем", status: valid ? .ok : .notFound,
                                  content: UnsubscribePage(token: valid ? token : "", valid: valid, done: false))
    }

    /// POST /notifications/unsubscribe/:token
    @Sendable func unsubscribe(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let done = try await NotificationSettings.unsubscribe(token: token, on: req.db)
        return try await req.page("notifications/unsubscribe", title: "Отписаться от писем", status: done ? .ok : .notFound,
                                  content: UnsubscribePage(token: "", valid: done, done: done))
    }
}
