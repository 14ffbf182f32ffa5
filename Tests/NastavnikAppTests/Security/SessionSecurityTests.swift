import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Adds to AccountsTests (planted session id, logout, password change, cookie flags): the
/// attacker's side of each, including writes with a stolen cookie and its CSRF token.
@Suite("Сеансы: фиксация, выход и смена пароля глазами нападающего")
struct SessionSecurityTests {
    @Test("Кука сеанса до входа — не та, что после: сеанс прошлого человека в том же браузере заканчивается")
    func fixationAcrossPeople() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            let shared = Browser(app)
            _ = try await shared.get("/login")
            #expect(shared.sessionToken == nil, "до входа сеанса нет, подменять нечего")
            try await shared.signIn("kurator")
            let before = try #require(shared.sessionToken)
            // The next person signs in on the same computer without signing the first one out.
            try await shared.signIn("direktor")
            let after = try #require(shared.sessionToken)
            #expect(before != after)
            let old = Browser(app)
            old.setCookie(SessionStore.cookieName, before)
            #expect(try await old.get("/").location?.hasPrefix("/login") == true)
            #expect(try await UserSession.query(on: app.db).count() == 1)
        }
    }

    @Test("После выхода украденные кука сеанса и CSRF-токен ничего не открывают и ничего не меняют")
    func stolenCookieAfterLogout() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            let owner = Browser(app)
            try await owner.signIn("direktor")
            let session = try #require(owner.sessionToken), csrf = try #require(owner.csrfToken)
            #expect(try await owner.post("/logout").location == "/login")

            let thief = Browser(app)
            thief.setCookie(SessionStore.cookieName, session)
            thief.setCookie(CSRFProtection.cookieName, csrf)
            let members = "/orgs/\(school.organizationID)/members"
            #expect(try await thief.get(members).location?.hasPrefix("/login") == true)
            let write = try await thief.post(members, form: ["lastName": "Захватов", "firstName": "Иван", "login": "zakhvat", "role": "orgAdmin"])
            #expect(write.location?.hasPrefix("/login") == true)
            #expect(try await User.query(on: app.db).filter(\.$login == "zakhvat").count() == 0)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Cookie": "\(SessionStore.cookieName)=\(session)"]).status == .unauthorized)
        }
    }

    @Test("Смена пароля завершает другие сеансы и API-токены: их формы и запросы больше не проходят")
    func passwordChangeEndsOtherSessions() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            let owner = Browser(app), thief = Browser(app)
            try await owner.signIn("direktor")
            try await thief.signIn("direktor")
            let page = try await owner.post("/account/tokens", form: ["name": "АИС"])
            let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
            #expect(try await owner.post("/account/password", form: [
                "currentPassword": Fixtures.password, "newPassword": "новый-пароль-42", "newPasswordConfirmation": "новый-пароль-42"]).status == .seeOther)

            let write = try await thief.post("/account/tokens", form: ["name": "Чужой доступ"])
            #expect(write.location?.hasPrefix("/login") == true)
            #expect(try await ApiToken.query(on: app.db).filter(\.$name == "Чужой доступ").count() == 0)
            #expect(try await owner.get("/").status == .ok)
            // A token made under the old password is as leaked as the password was (issue 16):
            // it ends with the change, and an integration gets a new one.
            let api = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(api.status == .unauthorized)
            #expect(try await ApiToken.query(on: app.db).filter(\.$name == "АИС").first()?.revokedAt != nil)
        }
    }
}
