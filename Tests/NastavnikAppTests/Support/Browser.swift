import Foundation
@testable import NastavnikApp
import NIOHTTP1
import Testing
import Vapor
import VaporTesting

/// Drives the app like a browser: keeps cookies, sends forms with the CSRF token, follows nothing
/// by itself so tests see each redirect.
final class Browser: @unchecked Sendable {
    let app: Application
    private(set) var cookies: [String: String] = [:]

    init(_ app: Application) { self.app = app }

    var csrfToken: String? { cookies[CSRFProtection.cookieName] }
    var sessionToken: String? { cookies[SessionStore.cookieName] }

    /// Plants a cookie, as an attacker or an old tab would.
    func setCookie(_ name: String, _ value: String?) { cookies[name] = value }

    @discardableResult
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// Posts a form; the CSRF token is added unless `csrf` is false. Fetches a page first when the
    /// browser has no token yet, as a person always opens the form before sending it.
    @discardableResult
    func post(_ path: String, form: [String: String] = [:], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if csrf {
            if csrfToken == nil { try await get("/login") }
            fields[CSRFProtection.fieldName] = csrfToken
        }
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let body = fields.sorted { $0.key < $1.key }
            .map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    func signIn(_ login: String, password: String = Fixtures.password) async throws {
        let response = try await post("/login", form: ["login": login, "password": password, "next": "/"])
        #expect(response.status == .seeOther, "вход \(login) не удался: \(response.status)")
    }

    private func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var headers = headers
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        for (name, value) in response.headers.setCookie?.all ?? [:] {
            let expired = value.expires.map { $0 < Date() } ?? false
            cookies[name] = (expired || value.string.isEmpty) ? nil : value.string
        }
        return response
    }

    private static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

extension TestingHTTPResponse {
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }
    var location: String? { headers.first(name: .location) }
}
