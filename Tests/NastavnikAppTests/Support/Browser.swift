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
    /// When set, requests go over real HTTP to this server, so several browsers can send at once.
    let live: LiveServer?
    private(set) var cookies: [String: String] = [:]

    init(_ app: Application, live: LiveServer? = nil) {
        self.app = app
        self.live = live
    }

    var csrfToken: String? { cookies[CSRFProtection.cookieName] }
    var sessionToken: String? { cookies[SessionStore.cookieName] }

    /// The same person in another tab (same cookies), for a double click sent in parallel: one
    /// `Browser` must not be shared between tasks running at once.
    func tab(live: LiveServer? = nil) -> Browser {
        let other = Browser(app, live: live ?? self.live)
        other.cookies = cookies
        return other
    }

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
        try await post(path, pairs: form.sorted { $0.key < $1.key }, csrf: csrf)
    }

    /// A form with repeated fields (checkbox lists such as `requests[]`).
    @discardableResult
    func post(_ path: String, pairs: [(String, String)], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = pairs
        if csrf {
            if csrfToken == nil { try await get("/login") }
            fields.append((CSRFProtection.fieldName, csrfToken ?? ""))
        }
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Sends a multipart form with one file, as a file input does.
    @discardableResult
    func upload(_ path: String, fields: [String: String], fileField: String = "file", fileName: String, data: Data) async throws -> TestingHTTPResponse {
        if csrfToken == nil { try await get("/login") }
        let boundary = "----nastavnik\(UUID().uuidString)"
        var body = Data()
        var all = fields
        all[CSRFProtection.fieldName] = csrfToken
        for (name, value) in all.sorted(by: { $0.key < $1.key }) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
        body.append(data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        return try await send(.POST, path, headers: headers, body: ByteBuffer(data: body))
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
        let response: TestingHTTPResponse
        if let live {
            response = try await live.send(method, path, headers: headers, body: body)
        } else {
            response = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        }
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
