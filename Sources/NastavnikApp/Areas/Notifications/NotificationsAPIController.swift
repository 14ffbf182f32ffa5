import Fluent
import Vapor

/// `/api/v1/me/notifications`: the token owner's own notifications, newest first, and marking them read.
struct NotificationsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let own = routes.grouped(RequireAPIPrincipal()).grouped("me", "notifications")
        own.get(use: index)
        own.post("read", use: read)
        own.post(":notificationID", "read", use: readOne)
        let settings = routes.grouped(RequireAPIPrincipal()).grouped("me", "notification-settings")
        settings.get(use: settingsShow)
        settings.put(use: settingsSave)
    }

    static var operations: [OpenAPIDocument.Operation] { [
        .init(method: .GET, path: "/api/v1/me/notifications",
              summary: "Мои уведомления, новые сверху; unread — число непрочитанных",
              tag: "Уведомления", requiresAuth: true,
              parameters: [
                  ["name": "unread", "in": "query", "required": false, "description": "true — только непрочитанные",
                   "schema": ["type": "boolean"]],
                  ["name": "page", "in": "query", "required": false, "description": "Страница (по 50)",
                   "schema": ["type": "integer", "minimum": 1]],
              ],
              responseSchema: OpenAPIDocument.ref("NotificationList")),
        .init(method: .POST, path: "/api/v1/me/notifications/read",
              summary: "Отметить прочитанными: перечисленные ids или все, если ids не передан",
              tag: "Уведомления", requiresAuth: true, parameters: [], responseSchema: OpenAPIDocument.ref("NotificationReadResult"),
              requestSchema: OpenAPIDocument.ref("NotificationReadRequest")),
        .init(method: .POST, path: "/api/v1/me/notifications/{notificationID}/read",
              summary: "Отметить одно уведомление прочитанным",
              tag: "Уведомления", requiresAuth: true,
              parameters: [OpenAPIDocument.uuidPathParameter("notificationID", "Уведомление")],
              responseSchema: OpenAPIDocument.ref("NotificationReadResult")),
        .init(method: .GET, path: "/api/v1/me/notification-settings", summary: "Мои настройки уведомлений: адрес почты, письма, сразу или сводкой",
              tag: "Уведомления", requiresAuth: true, parameters: [], responseSchema: OpenAPIDocument.ref("NotificationSettings")),
        .init(method: .PUT, path: "/api/v1/me/notification-settings",
              summary: "Изменить настройки уведомлений; при выключении писем неотправленные письма отменяются",
              tag: "Уведомления", requiresAuth: true, parameters: [], responseSchema: OpenAPIDocument.ref("NotificationSettings"),
              requestSchema: OpenAPIDocument.ref("NotificationSettings")),
    ] }

    static var schemas: [String: Any] { [
        "Notification": ["type": "object", "required": ["id", "kind", "kindName", "title", "body", "link", "createdAt", "read"], "properties": [
            "id": ["type": "string", "format": "uuid"],
            "kind": ["type": "string", "enum": NotificationKind.allCases.map(\.rawValue)],
            "kindName": ["type": "string"],
            "title": ["type": "string"], "body": ["type": "string"],
            "link": ["type": "string", "description": "Путь страницы сайта"],
            "createdAt": ["type": "string", "format": "date-time"],
            "read": ["type": "boolean"],
        ]],
        "NotificationList": ["type": "object", "required": ["items", "unread", "total", "page"], "properties": [
            "items": ["type": "array", "items": OpenAPIDocument.ref("Notification")],
            "unread": ["type": "integer"], "total": ["type": "integer"], "page": ["type": "integer"],
        ]],
        "NotificationSettings": ["type": "object", "required": ["emailEnabled", "frequency"], "properties": [
            "email": ["type": ["string", "null"], "description": "Адрес почты; нужен, чтобы получать письма"],
            "emailEnabled": ["type": "boolean", "description": "Присылать письма; false — уведомления только на сайте"],
            "frequency": ["type": "string", "enum": NotificationFrequency.allCases.map(\.rawValue), "description": "immediate — сразу, daily — сводкой утром"],
        ]],
        "NotificationReadRequest": ["type": "object", "properties": [
            "ids": ["type": "array", "items": ["type": "string", "format": "uuid"]],
        ]],
        "NotificationReadResult": ["type": "object", "required": ["unread"], "properties": [
            "unread": ["type": "integer", "description": "Сколько непрочитанных осталось"],
        ]],
    ] }

    struct Item: Content {
        let id: UUID
        let kind: String
        let kindName: String
        let title: String
        let body: String
        let link: String
        let createdAt: Date
        let read: Bool
    }

    struct List: Content {
        let items: [Item]
        let unread: Int
        let total: Int
        let page: Int
    }

    struct Settings: Content {
        var email: String?
        var emailEnabled: Bool
        var frequency: NotificationFrequency
    }

    /// GET /api/v1/me/notification-settings
    @Sendable func settingsShow(req: Request) async throws -> Settings {
        let current = try await NotificationSettings.current(of: try req.requirePrincipal().userID, on: req.db)
        return Settings(email: current.email, emailEnabled: current.emailEnabled, frequency: current.frequency)
    }

    /// PUT /api/v1/me/notification-settings
    @Sendable func settingsSave(req: Request) async throws -> Settings {
        let principal = try req.requirePrincipal()
        let input = try req.content.decode(Settings.self)
        try await NotificationSettings.save(.init(email: input.email ?? "", emailEnabled: input.emailEnabled, frequency: input.frequency),
                                            of: principal.userID, by: req.auditActor, on: req.db)
        let current = try await NotificationSettings.current(of: principal.userID, on: req.db)
        return Settings(email: current.email, emailEnabled: current.emailEnabled, frequency: current.frequency)
    }

    struct ReadRequest: Content { var ids: [UUID]? }
    struct ReadResult: Content { let unread: Int }

    /// GET /api/v1/me/notifications
    @Sendable func index(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let page = req.query[String.self, at: "page"].map({ Int($0) }) ?? 1, page >= 1, page <= 100_000 else {
            throw AppError.badRequest("page: номер страницы — целое число от 1.")
        }
        let unreadOnly: Bool
        switch req.query[String.self, at: "unread"] {
        case nil, "false": unreadOnly = false
        case "true": unreadOnly = true
        default: throw AppError.badRequest("unread: ожидается true или false.")
        }
        let query = AppNotification.query(on: req.db).filter(\.$userID == principal.userID)
        if unreadOnly { query.filter(\.$readAt == nil) }
        let total = try await query.count()
        let perPage = Pagination.defaultPerPage
        let rows = try await query.sort(\.$createdAt, .descending).sort(\.$id)
            .range(((page - 1) * perPage)..<(page * perPage)).all()
        let list = List(items: rows.map { Item(id: $0.id!, kind: $0.kind.rawValue, kindName: $0.kind.russianName, title: $0.title, body: $0.body,
                                               link: $0.link, createdAt: $0.createdAt, read: $0.readAt != nil) },
                        unread: try await NotificationList.unreadCount(of: principal.userID, on: req.db), total: total, page: page)
        let response = Response(status: .ok)
        try response.content.encode(list, using: Self.encoder)
        return response
    }

    /// POST /api/v1/me/notifications/read
    @Sendable func read(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        let input = req.body.data == nil ? ReadRequest(ids: nil) : try req.content.decode(ReadRequest.self)
        if let ids = input.ids {
            guard ids.count <= 500 else { throw AppError.validation(["ids": "Не больше 500 уведомлений за раз."]) }
            _ = try await NotificationList.markRead(ids, of: principal.userID, on: req.db)
        } else {
            _ = try await NotificationList.markAllRead(of: principal.userID, on: req.db)
        }
        return try await result(req, principal)
    }

    /// POST /api/v1/me/notifications/:notificationID/read — 404 for an id that is not the person's.
    @Sendable func readOne(req: Request) async throws -> Response {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("notificationID", as: UUID.self),
              try await NotificationList.markRead([id], of: principal.userID, on: req.db) else { throw AppError.notFound }
        return try await result(req, principal)
    }

    private func result(_ req: Request, _ principal: Principal) async throws -> Response {
        let response = Response(status: .ok)
        try response.content.encode(ReadResult(unread: try await NotificationList.unreadCount(of: principal.userID, on: req.db)), as: .json)
        return response
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
