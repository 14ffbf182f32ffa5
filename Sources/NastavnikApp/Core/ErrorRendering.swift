import Vapor

/// Turns every error into a Russian page for people and a JSON body for API clients. The API's
/// errors are always `{"error": {"code": "...", "message": "..."}}`.
struct ErrorRendering: AsyncMiddleware {
    struct APIErrorBody: Content {
        struct Detail: Content {
            let code: String
            let message: String
            let fields: [String: String]?
        }
        let error: Detail
    }

    struct ErrorPage: Encodable {
        let status: Int
        let heading: String
        let message: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let description = ErrorDescription(error)
            if description.status.code >= 500 {
                request.logger.report(error: error)
            }
            if request.url.path.hasPrefix("/api/") {
                return try json(description, error: error, request: request)
            }
            if description.status == .unauthorized {
                return request.redirect(to: SiteRoute.Accounts.signInLink(returningTo: request.url.path))
            }
            return try await page(description, request: request)
        }
    }

    private func json(_ description: ErrorDescription, error: any Error, request: Request) throws -> Response {
        let fields = (error as? any AppErrorConvertible)?.fields
        let body = APIErrorBody(error: .init(code: description.code, message: description.message, fields: fields))
        let response = Response(status: description.status)
        try response.content.encode(body, as: .json)
        return response
    }

    private func page(_ description: ErrorDescription, request: Request) async throws -> Response {
        let heading: String = switch description.status.code {
        case 403: "Доступ запрещён"
        case 404: "Страница не найдена"
        case 400..<500: "Ошибка запроса"
        default: "Что-то пошло не так"
        }
        let content = ErrorPage(status: Int(description.status.code), heading: heading, message: description.message)
        do {
            return try await request.page("error", title: heading, status: description.status, content: content)
        } catch {
            // The template itself failed: answer in plain text rather than not at all.
            let response = Response(status: description.status, body: .init(string: "\(heading). \(description.message)"))
            response.headers.contentType = .plainText
            return response
        }
    }
}

/// Headers that keep pages from being framed or sniffed, and allow only our own scripts and styles.
struct SecurityHeaders: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy",
            value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'"
        )
        return response
    }
}
