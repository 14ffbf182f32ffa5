import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("CSRF: форма без токена отклоняется на каждом маршруте браузера")
struct CSRFTests {
    static let message = "Форма устарела или отправлена не с этого сайта"

    /// Browser writes: everything but GET outside `/api/`.
    static func browserWrites(_ app: Application) -> [String] {
        RouteAccessMatrixTests.patterns(app).filter { !$0.hasPrefix("GET ") && !$0.contains(" /api/") }.sorted()
    }

    @Test("Без токена, с чужим токеном или с токеном не из формы — 403 даже администратору платформы, и ничего не меняется")
    func everyBrowserWrite() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let probe = RouteProbe(app: app, world: world)
            // The platform administrator may do everything, so only the token can stop the request.
            let admin = world.browsers[.platformAdmin]!
            let ownToken = try #require(admin.csrfToken)
            let before = try await RouteProbe.rowCounts(app)
            let routes = Self.browserWrites(app)
            #expect(routes.count > 80)
            for pattern in routes {
                let path = probe.path(pattern, side: .own)
                let missing = try await admin.post(path, form: [:], csrf: false)
                #expect(missing.status == .forbidden && missing.text.contains(Self.message), "\(pattern) без токена: \(missing.status)")
                let forged = try await admin.post(path, form: [CSRFProtection.fieldName: SecureToken.generate()], csrf: false)
                #expect(forged.status == .forbidden, "\(pattern) с чужим токеном: \(forged.status)")
                // The token in the cookie alone proves nothing: it must come back in the form.
                admin.setCookie(CSRFProtection.cookieName, nil)
                let noCookie = try await admin.post(path, form: [CSRFProtection.fieldName: ownToken], csrf: false)
                admin.setCookie(CSRFProtection.cookieName, ownToken)
                #expect(noCookie.status == .forbidden, "\(pattern) без куки: \(noCookie.status)")
            }
            let after = try await RouteProbe.rowCounts(app)
            for (table, count) in after where before[table] != count {
                Issue.record("запросы без CSRF-токена изменили таблицу \(table): \(before[table] ?? 0) → \(count)")
            }
            // The administrator is still signed in: the refused logout did not end the session.
            #expect(try await admin.get("/").status == .ok)
        }
    }

    @Test("API не принимает куку сеанса вместо токена: без Bearer — 401, даже с кукой и CSRF-токеном")
    func apiIgnoresSessionCookie() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let admin = world.browsers[.platformAdmin]!
            let session = try #require(admin.sessionToken)
            let csrf = try #require(admin.csrfToken)
            let headers: HTTPHeaders = ["Cookie": "\(SessionStore.cookieName)=\(session); \(CSRFProtection.cookieName)=\(csrf)",
                                        "X-CSRF-Token": csrf, "Content-Type": "application/json"]
            let org = "/api/v1/organizations/\(world.a.organizationID)"
            let before = try await RouteProbe.rowCounts(app)
            #expect(try await app.testing().sendRequest(.GET, org + "/mentees", headers: headers).status == .unauthorized)
            let write = try await app.testing().sendRequest(.POST, org + "/programs", headers: headers, body: ByteBuffer(string: #"{"name":"Через куку"}"#))
            #expect(write.status == .unauthorized)
            #expect(try await RouteProbe.rowCounts(app) == before)
        }
    }
}
