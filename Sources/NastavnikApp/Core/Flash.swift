import Vapor

/// A one-time message shown on the next page («Программа сохранена»). Kept in a short-lived
/// cookie so it works for visitors and across servers.
public struct FlashMessage: Codable, Sendable {
    public enum Kind: String, Codable, Sendable { case success, info, warning, error }
    public let kind: Kind
    public let text: String

    public init(_ kind: Kind, _ text: String) {
        self.kind = kind
        self.text = text
    }
}

enum Flash {
    static let cookieName = "nastavnik_flash"

    static func set(_ message: FlashMessage, on response: Response, request: Request) {
        guard let data = try? JSONEncoder().encode(message) else { return }
        var cookie = SessionStore.cookie(data.base64EncodedString(), request: request)
        cookie.maxAge = 60
        response.cookies[cookieName] = cookie
    }

    /// Reads and consumes the message the previous response left.
    static func take(from request: Request) -> FlashMessage? {
        guard let raw = request.cookies[cookieName]?.string,
              let data = Data(base64Encoded: raw),
              let message = try? JSONDecoder().decode(FlashMessage.self, from: data) else { return nil }
        return message
    }
}

extension Request {
    /// Redirects after a successful form, with a message for the next page.
    func redirect(to location: String, flash: FlashMessage) -> Response {
        let response = redirect(to: location)
        Flash.set(flash, on: response, request: self)
        return response
    }
}
