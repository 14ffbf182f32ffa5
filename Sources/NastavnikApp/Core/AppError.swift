import Vapor

/// Errors every area can throw, each with a Russian message for people and a stable code for
/// the API. Areas add their own enums conforming to `AppErrorConvertible`.
public enum AppError: Error, Sendable {
    case notSignedIn
    case forbidden
    case notFound
    case badRequest(String)
    case validation([String: String])
    case conflict(String)
    case tooManyRequests(String)
    case csrf
}

/// An error that knows its status, its API code and its Russian message, and — when the refusal
/// concerns a field (`mentee`, `mentor`, a form's field) — the field, which the API answers in
/// `error.fields` as the page shows the message at it.
public protocol AppErrorConvertible: Error {
    var status: HTTPResponseStatus { get }
    var code: String { get }
    var russianMessage: String { get }
    var fields: [String: String]? { get }
}

extension AppErrorConvertible {
    public var fields: [String: String]? { nil }
}

extension AppError: AppErrorConvertible {
    public var fields: [String: String]? {
        if case .validation(let errors) = self { return errors }
        return nil
    }

    public var status: HTTPResponseStatus {
        switch self {
        case .notSignedIn: .unauthorized
        case .forbidden, .csrf: .forbidden
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .validation: .unprocessableEntity
        case .conflict: .conflict
        case .tooManyRequests: .tooManyRequests
        }
    }

    public var code: String {
        switch self {
        case .notSignedIn: "not_signed_in"
        case .forbidden: "forbidden"
        case .csrf: "csrf"
        case .notFound: "not_found"
        case .badRequest: "bad_request"
        case .validation: "validation"
        case .conflict: "conflict"
        case .tooManyRequests: "too_many_requests"
        }
    }

    public var russianMessage: String {
        switch self {
        case .notSignedIn: "Войдите в систему, чтобы продолжить."
        case .forbidden: "У вас нет прав на это действие."
        case .csrf: "Форма устарела или отправлена не с этого сайта. Обновите страницу и отправьте форму ещё раз."
        case .notFound: "Страница не найдена."
        case .badRequest(let message), .conflict(let message), .tooManyRequests(let message): message
        case .validation(let errors):
            "Проверьте данные: " + errors.sorted { $0.key < $1.key }.map(\.value).joined(separator: " ")
        }
    }
}

extension AppError: AbortError {
    public var reason: String { russianMessage }
}

/// Maps any error to what a person or an API client should see. Bad input from Vapor's decoders
/// becomes a 400 with a Russian message, never a 500.
struct ErrorDescription {
    let status: HTTPResponseStatus
    let code: String
    let message: String

    init(_ error: any Error) {
        switch error {
        case let error as any AppErrorConvertible:
            status = error.status
            code = error.code
            message = error.russianMessage
        case is DecodingError:
            status = .badRequest
            code = "bad_request"
            message = "Не удалось разобрать запрос: проверьте формат и обязательные поля."
        case _ where String(reflecting: type(of: error)).hasPrefix("MultipartKit."):
            // A broken multipart body (no parts, a part without headers): MultipartKit's parser
            // throws its own private error type, which only its module's name tells apart.
            status = .badRequest
            code = "bad_request"
            message = "Не удалось разобрать тело запроса multipart/form-data: проверьте границы частей и их заголовки."
        case let abort as any AbortError:
            status = abort.status
            code = ErrorDescription.code(for: abort.status)
            message = ErrorDescription.russianMessage(for: abort.status)
        default:
            status = .internalServerError
            code = "internal"
            message = "Внутренняя ошибка сервера. Мы уже записали её в журнал; попробуйте ещё раз позже."
        }
    }

    static func code(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "bad_request"
        case 401: "not_signed_in"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "validation"
        case 429: "too_many_requests"
        default: status.code >= 500 ? "internal" : "error"
        }
    }

    static func russianMessage(for status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "Некорректный запрос."
        case 401: "Войдите в систему, чтобы продолжить."
        case 403: "У вас нет прав на это действие."
        case 404: "Страница не найдена."
        case 405: "Этот метод запроса здесь не поддерживается."
        case 413: "Слишком большой запрос или файл."
        case 415: "Неподдерживаемый формат данных."
        case 422: "Проверьте введённые данные."
        case 429: "Слишком много запросов. Подождите немного и попробуйте снова."
        default: status.code >= 500
            ? "Внутренняя ошибка сервера. Попробуйте ещё раз позже." : "Ошибка запроса."
        }
    }
}
