import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Учётные записи и вход")
struct AccountsTests {
    @Test("Первый администратор создаётся один раз, со случайным одноразовым паролем")
    func firstAdministrator() async throws {
        try await withTestApp { app in
            let first = try #require(try await FirstAdministrator.createIfNeeded(on: app.db, passwords: app.password.async))
            #expect(first.password.count >= 12)
            #expect(try await FirstAdministrator.createIfNeeded(on: app.db, passwords: app.password.async) == nil)
            let admin = try #require(try await User.query(on: app.db).filter(\.$login == "admin").first())
            #expect(admin.isPlatformAdmin && admin.mustChangePassword)

            // The one-time password leads straight to the password change.
            let browser = Browser(app)
            let response = try await browser.post("/login", form: ["login": "admin", "password": first.password])
            #expect(response.location == "/account/password")
            #expect(try await browser.get("/").location == "/account/password")
            let changed = try await browser.post("/account/password", form: [
                "currentPassword": first.password, "newPassword": "новый-пароль-42", "newPasswordConfirmation": "новый-пароль-42",
            ])
            #expect(changed.status == .seeOther)
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test("Неверный пароль: понятное сообщение, логин остаётся в форме")
    func wrongPassword() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "kurator")
            let browser = Browser(app)
            let response = try await browser.post("/login", form: ["login": "Kurator", "password": "не тот"])
            #expect(response.status == .unauthorized)
            #expect(response.text.contains("Неверный логин или пароль."))
            #expect(response.text.contains("value=\"kurator\""))
            #expect(browser.sessionToken == nil)
        }
    }

    @Test("После пяти неудачных попыток с одного адреса вход с него блокируется даже с верным паролем")
    func rateLimit() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "mentor1")
            let browser = Browser(app)
            for _ in 0..<LoginRateLimit.maxFailuresPerClient {
                #expect(try await browser.post("/login", form: ["login": "mentor1", "password": "угадываю"]).status == .unauthorized)
            }
            let blocked = try await browser.post("/login", form: ["login": "mentor1", "password": Fixtures.password])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.text.contains("Слишком много неудачных попыток"))
            #expect(browser.sessionToken == nil)
        }
    }

    @Test("Вход выдаёт новый сеанс: подброшенный заранее идентификатор не работает")
    func sessionFixation() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "kurator")
            let browser = Browser(app)
            browser.setCookie(SessionStore.cookieName, "planted-by-attacker")
            try await browser.signIn("kurator")
            let issued = try #require(browser.sessionToken)
            #expect(issued != "planted-by-attacker")

            let attacker = Browser(app)
            attacker.setCookie(SessionStore.cookieName, "planted-by-attacker")
            #expect(try await attacker.get("/").location?.hasPrefix("/login") == true)
            // Sessions live in the database as hashes only.
            let stored = try await UserSession.query(on: app.db).all().map(\.tokenHash)
            #expect(stored == [SecureToken.hash(issued)])
        }
    }

    @Test("Выход завершает сеанс на сервере: старая кука больше не пускает")
    func logout() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "kurator")
            let browser = Browser(app)
            try await browser.signIn("kurator")
            let token = try #require(browser.sessionToken)
            #expect(try await browser.get("/").status == .ok)
            let out = try await browser.post("/logout")
            #expect(out.location == "/login")
            #expect(browser.sessionToken == nil)
            let replay = Browser(app)
            replay.setCookie(SessionStore.cookieName, token)
            #expect(try await replay.get("/").location?.hasPrefix("/login") == true)
        }
    }

    @Test("Куки сеанса и CSRF — HttpOnly и SameSite")
    func cookieFlags() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "kurator")
            let page = try await app.testing().sendRequest(.GET, "/login")
            let csrf = try #require(page.headers.setCookie?[CSRFProtection.cookieName])
            #expect(csrf.isHTTPOnly && csrf.sameSite == .lax)
            let browser = Browser(app)
            try await browser.get("/login")
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            headers.replaceOrAdd(name: .cookie, value: "\(CSRFProtection.cookieName)=\(browser.csrfToken!)")
            let response = try await app.testing().sendRequest(.POST, "/login", headers: headers,
                body: ByteBuffer(string: "_csrf=\(browser.csrfToken!)&login=kurator&password=\(Fixtures.password.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"))
            let session = try #require(response.headers.setCookie?[SessionStore.cookieName])
            #expect(session.isHTTPOnly && session.sameSite == .lax)
        }
    }

    @Test("Форма без CSRF-токена или с чужим токеном отклоняется")
    func csrf() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "kurator")
            let browser = Browser(app)
            try await browser.get("/login")
            let missing = try await browser.post("/login", form: ["login": "kurator", "password": Fixtures.password], csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.text.contains("Форма устарела"))
            let forged = try await browser.post("/login", form: ["login": "kurator", "password": Fixtures.password, "_csrf": "чужой"], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(browser.sessionToken == nil)
            // The form itself carries the token that the cookie holds.
            let page = try await browser.get("/login")
            #expect(page.text.contains("name=\"_csrf\" value=\"\(browser.csrfToken!)\""))
        }
    }

    @Test("Смена пароля: проверка текущего, правила и выход из других сеансов")
    func passwordChange() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "kurator")
            let laptop = Browser(app), phone = Browser(app)
            try await laptop.signIn("kurator")
            try await phone.signIn("kurator")

            let wrong = try await laptop.post("/account/password", form: [
                "currentPassword": "не тот", "newPassword": "новый-пароль-42", "newPasswordConfirmation": "новый-пароль-42",
            ])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.text.contains("Текущий пароль введён неверно."))
            let short = try await laptop.post("/account/password", form: [
                "currentPassword": Fixtures.password, "newPassword": "123", "newPasswordConfirmation": "123",
            ])
            #expect(short.text.contains("не короче 10 символов"))

            let done = try await laptop.post("/account/password", form: [
                "currentPassword": Fixtures.password, "newPassword": "новый-пароль-42", "newPasswordConfirmation": "новый-пароль-42",
            ])
            #expect(done.status == .seeOther)
            #expect(try await laptop.get("/").status == .ok)
            #expect(try await phone.get("/").location?.hasPrefix("/login") == true)
            let again = Browser(app)
            try await again.signIn("kurator", password: "новый-пароль-42")
        }
    }

    @Test("Приглашение: ссылка работает один раз и задаёт пароль")
    func invitation() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization)
            let admin = Browser(app)
            try await admin.signIn("direktor")
            let page = try await admin.post("/orgs/\(territory.organizationID)/members", form: [
                "lastName": "Сидорова", "firstName": "Анна", "middleName": "Петровна", "login": "Sidorova.AP",
                "role": "curator", "position": "заместитель директора по УВР",
            ])
            #expect(page.status == .ok)
            let link = try #require(page.text.firstMatch(of: /\/invitations\/[A-Za-z0-9_-]+/).map { String($0.output) })

            let invited = Browser(app)
            #expect(try await invited.get(link).text.contains("Сидорова Анна Петровна"))
            let mismatch = try await invited.post(link, form: ["password": "надёжный-пароль", "passwordConfirmation": "другой-пароль"])
            #expect(mismatch.text.contains("Пароли не совпадают."))
            let accepted = try await invited.post(link, form: ["password": "надёжный-пароль", "passwordConfirmation": "надёжный-пароль"])
            #expect(accepted.location == "/")
            #expect(try await invited.get("/").text.contains("Сидорова Анна Петровна"))
            #expect(try await Browser(app).get(link).status == .notFound)

            let roles = try await RoleAssignment.query(on: app.db).join(User.self, on: \RoleAssignment.$user.$id == \User.$id)
                .filter(User.self, \.$login == "sidorova.ap").all()
            #expect(roles.map(\.role) == [.curator])
        }
    }
}
