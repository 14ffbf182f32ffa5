import Fluent
import Foundation
import Logging
@testable import NastavnikApp
import NIOHTTP1
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 16, accounts: invitations that reach another organization's account, password guessing
/// in parallel and behind a proxy, API tokens without limits, the open redirect after sign-in,
/// invitation tokens in the log and one link accepted several times at once.
@Suite("Учётные записи: захват, перебор паролей, токены и ссылки (issue 16)")
struct AccountsTrustTests {
    // MARK: - Invitations across organizations (item 1)

    @Test("Администрация другой организации не получает ссылку на чужую учётную запись и не отнимает приглашение владельца")
    func invitationNeverReachesForeignAccount() async throws {
        try await withTestApp { app in
            let college = try await Fixtures.territory(app, organizationName: "Колледж")
            let enterprise = try await Fixtures.territory(app, organizationName: "Предприятие")
            try await Fixtures.person(app, login: "kolledzh", role: .orgAdmin, organization: college.organization)
            try await Fixtures.person(app, login: "hr", role: .orgAdmin, organization: enterprise.organization)
            let owner = Browser(app), attacker = Browser(app)
            try await owner.signIn("kolledzh")
            try await attacker.signIn("hr")

            let invited = try await owner.post("/orgs/\(college.organizationID)/members", form: [
                "lastName": "Новикова", "firstName": "Ольга", "login": "novikova", "role": "curator"])
            let link = try #require(Self.invitationLink(in: invited.text))
            let user = try #require(try await User.query(on: app.db).filter(\.$login == "novikova").first())

            // Another organization typing this login, with any name, only offers a role: it learns
            // nothing of the person, gets no link, and no role exists until the owner accepts (issue 18, item 2).
            for (lastName, firstName, role) in [("Иванов", "Пётр", "mentor"), ("Новикова", "Ольга", "orgAdmin")] {
                let offered = try await attacker.post("/orgs/\(enterprise.organizationID)/members", form: [
                    "lastName": lastName, "firstName": firstName, "login": "novikova", "role": role])
                #expect(offered.status == .seeOther)
                let page = try await attacker.get("/orgs/\(enterprise.organizationID)/members")
                #expect(page.text.contains("Её владельцу отправлено предложение роли") && page.text.contains("<code>novikova</code>"))
                #expect(!page.text.contains("Ольга") && Self.invitationLink(in: page.text) == nil)
            }
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == user.id!)
                .filter(\.$organization.$id == enterprise.organizationID).count() == 0)
            let reissue = try await attacker.post("/orgs/\(enterprise.organizationID)/members/people/\(user.id!)/invitation")
            #expect(reissue.status == .notFound)

            // The owner's link still works and is the only one.
            #expect(try await Invitation.query(on: app.db).filter(\.$user.$id == user.id!).count() == 1)
            #expect(try await Browser(app).get(link).text.contains("Новикова Ольга"))
            #expect(try await Browser(app).post(link, form: ["password": "надёжный-пароль", "passwordConfirmation": "надёжный-пароль"]).location == "/")

            // Once the person uses the system, they accept the offered mentor role and decline the other.
            let person = Browser(app)
            try await person.signIn("novikova", password: "надёжный-пароль")
            let offers = try await RoleOffer.query(on: app.db).filter(\.$user.$id == user.id!).all()
            #expect(offers.count == 2)
            for offer in offers {
                #expect(try await person.post("/me/role-offers/\(offer.id!)/\(offer.role == .mentor ? "accept" : "decline")").status == .seeOther)
            }
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == user.id!)
                .filter(\.$organization.$id == enterprise.organizationID).all().map(\.role) == [.mentor])
            // Now the person has roles in two organizations: neither may hand out a new link alone.
            let user2 = try #require(try await User.find(user.id!, on: app.db))
            user2.passwordHash = nil
            try await user2.save(on: app.db)
            for (browser, organizationID) in [(attacker, enterprise.organizationID), (owner, college.organizationID)] {
                let again = try await browser.post("/orgs/\(organizationID)/members/people/\(user.id!)/invitation")
                #expect(Self.invitationLink(in: again.text) == nil)
            }
            #expect(try await Invitation.query(on: app.db).filter(\.$user.$id == user.id!).filter(\.$usedAt == nil).count() == 0)
        }
    }

    @Test("Организация, которой принадлежат все роли человека, выдаёт ему новую ссылку взамен потерянной")
    func owningOrganizationReissues() async throws {
        try await withTestApp { app in
            let college = try await Fixtures.territory(app, organizationName: "Колледж")
            try await Fixtures.person(app, login: "kolledzh", role: .orgAdmin, organization: college.organization)
            let owner = Browser(app)
            try await owner.signIn("kolledzh")
            let first = try await owner.post("/orgs/\(college.organizationID)/members", form: [
                "lastName": "Новикова", "firstName": "Ольга", "login": "novikova", "role": "curator"])
            let lost = try #require(Self.invitationLink(in: first.text))
            let user = try #require(try await User.query(on: app.db).filter(\.$login == "novikova").first())
            let again = try await owner.post("/orgs/\(college.organizationID)/members/people/\(user.id!)/invitation")
            let link = try #require(Self.invitationLink(in: again.text))
            #expect(link != lost)
            #expect(try await Browser(app).get(lost).status == .notFound)
            #expect(try await Browser(app).get(link).status == .ok)
        }
    }

    @Test("Приглашение одного нового логина, отправленное четырежды одновременно: одна учётная запись, одна ссылка, остальным — понятный отказ, не 500")
    func parallelInvitationsOfOneLogin() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            try await withLiveServer(app) { server in
                let admin = Browser(app, live: server)
                try await admin.signIn("direktor")
                let tabs = (0..<4).map { _ in admin.tab() }
                let answers = try await inParallel(4) { i in
                    try await tabs[i].post("/orgs/\(school.organizationID)/members", form: [
                        "lastName": "Сидорова", "firstName": "Анна", "login": "sidorova", "role": "curator"])
                }
                #expect(answers.allSatisfy { $0.status.code < 500 }, "\(answers.map(\.status.code))")
                #expect(answers.filter { Self.invitationLink(in: $0.text) != nil }.count == 1, "\(answers.map(\.status.code))")
                // A tab that found the account its twin had just made reads that the role is already there.
                #expect(answers.filter { $0.status == .conflict }.allSatisfy {
                    $0.text.contains("только что занят") || $0.text.contains("уже есть роль «Куратор»")
                })
                #expect(try await User.query(on: app.db).filter(\.$login == "sidorova").count() == 1)
                #expect(try await RoleAssignment.query(on: app.db).filter(\.$role == .curator).count() == 1)
                #expect(try await Invitation.query(on: app.db).filter(\.$usedAt == nil).count() == 1)
            }
        }
    }

    @Test("Роль уже работающему человеку, добавленная четырежды одновременно: одна роль, остальным — понятный отказ, не 500")
    func parallelRoleAdditions() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            let teacher = try await Fixtures.person(app, login: "uchitel", role: .mentor, organization: school.organization)
            try await withLiveServer(app) { server in
                let admin = Browser(app, live: server)
                try await admin.signIn("direktor")
                let tabs = (0..<4).map { _ in admin.tab() }
                let answers = try await inParallel(4) { i in
                    try await tabs[i].post("/orgs/\(school.organizationID)/members", form: [
                        "lastName": teacher.lastName, "firstName": teacher.firstName, "login": "uchitel", "role": "curator"])
                }
                let codes = answers.map(\.status.code)
                #expect(answers.allSatisfy { $0.status.code < 500 }, "\(codes)")
                #expect(answers.filter { $0.status == .seeOther }.count == 1, "\(codes)")
                #expect(answers.filter { $0.status != .seeOther }.allSatisfy { $0.text.contains("уже есть роль «Куратор»") }, "\(codes)")
                #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == teacher.id!)
                    .filter(\.$organization.$id == school.organizationID).filter(\.$role == .curator).count() == 1)
            }
        }
    }

    @Test("Координатор, назначенный дважды на тот же регион, получает одну роль; второй раз — понятный отказ")
    func coordinatorAssignedOnce() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "admin", role: nil, platformAdmin: true)
            let admin = Browser(app)
            try await admin.signIn("admin")
            let form = ["lastName": "Орлова", "firstName": "Вера", "login": "orlova", "scope": ""]
            let first = try await admin.post("/admin/regions/\(territory.region.id!)/coordinators", form: form)
            #expect(first.status == .ok)
            let second = try await admin.post("/admin/regions/\(territory.region.id!)/coordinators", form: form)
            #expect(second.status == .unprocessableEntity)
            #expect(second.text.contains("уже координатор"))
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$role == .regionalCoordinator).count() == 1)
        }
    }

    @Test("Миграция убирает дубли ролей, оставленные старой гонкой, и после неё база не принимает вторую такую же роль")
    func migrationRemovesDuplicateRoles() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let teacher = try await Fixtures.person(app, login: "uchitel", role: .mentor, organization: school.organization)
            try await M019_AccountsTrust.dropOneRolePerPlace(on: app.db)
            for _ in 0..<2 {
                try await RoleAssignment(userID: teacher.id!, role: .mentor, organizationID: school.organizationID).save(on: app.db)
                try await RoleAssignment(userID: teacher.id!, role: .regionalCoordinator, regionID: school.region.id!).save(on: app.db)
            }
            try await M019_AccountsTrust.oneRolePerPlace(on: app.db)
            let roles = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == teacher.id!).all()
            #expect(roles.filter { $0.role == .mentor }.count == 1)
            #expect(roles.filter { $0.role == .regionalCoordinator }.count == 1)
            let again = RoleAssignment(userID: teacher.id!, role: .mentor, organizationID: school.organizationID)
            await #expect(throws: (any Error).self) { try await again.save(on: app.db) }
        }
    }

    // MARK: - One link accepted at once (item 18)

    @Test("Одна ссылка-приглашение, отправленная трижды одновременно, задаёт пароль один раз; остальные получают понятный отказ")
    func invitationAcceptedOnce() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            let admin = Browser(app)
            try await admin.signIn("direktor")
            let page = try await admin.post("/orgs/\(school.organizationID)/members", form: [
                "lastName": "Сидорова", "firstName": "Анна", "login": "sidorova", "role": "curator"])
            let link = try #require(Self.invitationLink(in: page.text))
            try await withLiveServer(app) { server in
                let tabs = (0..<3).map { _ in Browser(app, live: server) }
                for tab in tabs { #expect(try await tab.get(link).status == .ok) }
                let answers = try await inParallel(3) { i in
                    let password = "пароль-номер-\(i)-длинный"
                    return try await tabs[i].post(link, form: ["password": password, "passwordConfirmation": password])
                }
                let accepted = answers.enumerated().filter { $0.element.location == "/" }
                #expect(accepted.count == 1, "приняты: \(answers.map(\.status))")
                let refused = answers.filter { $0.location != "/" }
                #expect(refused.count == 2)
                for answer in refused {
                    #expect(answer.status == .conflict)
                    #expect(answer.text.contains("уже использована"))
                }
                let user = try #require(try await User.query(on: app.db).filter(\.$login == "sidorova").first())
                #expect(try await UserSession.query(on: app.db).filter(\.$user.$id == user.id!).count() == 1)
                let winner = try #require(accepted.first?.offset)
                #expect(try app.password.verify("пароль-номер-\(winner)-длинный", created: user.passwordHash ?? ""))
            }
        }
    }

    // MARK: - Open redirect (item 16)

    @Test("После входа — только путь этого сайта: табуляция, пробел, управляющий символ или двойная косая в next ведут на главную")
    func nextIsOnlyALocalPath() async throws {
        for bad in ["/\t/evil.example", "/ /evil.example", "//evil.example", "/\\evil.example", "\\/evil.example",
                    "/\n/evil.example", "/\r/evil.example", "/\u{0B}/evil.example", "/orgs\u{00A0}", "https://evil.example",
                    "/\u{7F}/evil.example", "evil", "", "/login?next=//evil.example", "/%09/evil.example\t"] {
            #expect(SignInController.safeNext(bad) == "/", "\(bad.debugDescription)")
        }
        for good in ["/", "/orgs/1/members?role=curator&q=%D0%B0", "/account"] {
            #expect(SignInController.safeNext(good) == good)
        }
        try await withTestApp { app in
            try await Fixtures.person(app, login: "kurator")
            let browser = Browser(app)
            let post = try await browser.post("/login", form: ["login": "kurator", "password": Fixtures.password, "next": "/\t/evil.example"])
            #expect(post.location == "/")
            #expect(try await browser.get("/login?next=/%09/evil.example").location == "/")
            #expect(try await browser.get("/login?next=/account").location == "/account")
        }
    }

    // MARK: - Invitation tokens in the log (item 17)

    @Test("Токен приглашения не попадает в журнал сервера")
    func invitationTokenNotLogged() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            let admin = Browser(app)
            try await admin.signIn("direktor")
            let page = try await admin.post("/orgs/\(school.organizationID)/members", form: [
                "lastName": "Сидорова", "firstName": "Анна", "login": "sidorova", "role": "curator"])
            let link = try #require(Self.invitationLink(in: page.text))
            let token = String(link.dropFirst("/invitations/".count))

            let log = CapturedLog()
            // Debug is more than a server logs by default (info), so nothing slips through below it.
            app.logger = Logger(label: "test.captured") { _ in CapturingLogHandler(store: log, logLevel: .debug) }
            try await withLiveServer(app) { server in
                let invited = Browser(app, live: server)
                #expect(try await invited.get(link).status == .ok)
                _ = try await invited.post(link, form: ["password": "короткий", "passwordConfirmation": "короткий"])
                _ = try await invited.post(link, form: ["password": "надёжный-пароль", "passwordConfirmation": "надёжный-пароль"])
                _ = try await invited.get(link)
                _ = try await Browser(app, live: server).get(link + "x")
            }
            let lines = log.lines
            #expect(lines.contains { $0.contains("GET /invitations/") }, "запросы пишутся в журнал: \(lines.prefix(5))")
            #expect(!lines.contains { $0.contains(token) }, "\(lines.filter { $0.contains(token) })")
            #expect(!lines.contains { $0.contains(String(token.prefix(12))) })
        }
    }

    // MARK: - API tokens (item 7)

    @Test("API-токен создаётся с названием, сроком и правом «только чтение» и виден в профиле с ними")
    func tokenFormKeepsNameExpiryAndScope() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "kurator")
            let browser = Browser(app)
            try await browser.signIn("kurator")
            let profile = try await browser.get("/account")
            #expect(profile.text.contains("name=\"expiresInDays\""))
            #expect(profile.text.contains("value=\"\(ApiTokenRules.defaultLifetimeDays)\""))
            #expect(profile.text.contains("name=\"readOnly\""))

            let tooLong = try await browser.post("/account/tokens", form: ["name": "Выгрузка в АИС", "expiresInDays": "5000", "readOnly": "1"])
            #expect(tooLong.status == .unprocessableEntity)
            #expect(tooLong.text.contains("от 1 до \(ApiTokenRules.maximumLifetimeDays)"))
            #expect(tooLong.text.contains("value=\"Выгрузка в АИС\""))
            #expect(try await ApiToken.query(on: app.db).count() == 0)

            let made = try await browser.post("/account/tokens", form: ["name": "Выгрузка в АИС", "expiresInDays": "30", "readOnly": "1"])
            #expect(made.status == .ok)
            #expect(made.text.contains("nst_"))
            #expect(made.text.contains("только чтение"))
            let token = try #require(try await ApiToken.query(on: app.db).first())
            #expect(token.readOnly)
            let expiresAt = try #require(token.expiresAt)
            #expect(abs(expiresAt.timeIntervalSinceNow - 30 * 86_400) < 120)
            #expect(made.text.contains(RussianDate.dateTime(expiresAt)))

            _ = try await browser.post("/account/tokens", form: ["name": "Полный доступ"])
            let full = try #require(try await ApiToken.query(on: app.db).filter(\.$name == "Полный доступ").first())
            #expect(!full.readOnly)
            #expect(abs((full.expiresAt ?? .distantPast).timeIntervalSinceNow - Double(ApiTokenRules.defaultLifetimeDays) * 86_400) < 120)
            #expect(try await browser.get("/account").text.contains("чтение и изменение"))
        }
    }

    @Test("Токен «только чтение» получает 403 с JSON на каждом изменяющем маршруте API и читает по GET")
    func readOnlyTokenRefusedOnEveryWrite() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let user = try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            let raw = "nst_" + SecureToken.generate()
            try await ApiToken(userID: user.id!, name: "Чтение", tokenHash: SecureToken.hash(raw), prefix: String(raw.prefix(10)),
                               expiresAt: Date().addingTimeInterval(3600), readOnly: true).save(on: app.db)
            let headers: HTTPHeaders = ["Authorization": "Bearer \(raw)", "Content-Type": "application/json"]
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .ok)

            let writes = app.routes.all.filter { $0.method != .GET && $0.method != .HEAD && $0.path.first?.description == "api" }
            #expect(writes.count > 10)
            for route in writes {
                let path = "/" + route.path.map { component -> String in
                    switch component {
                    case .parameter: UUID().uuidString
                    case .anything, .catchall: "x"
                    case .constant(let value): value
                    }
                }.joined(separator: "/")
                let response = try await app.testing().sendRequest(route.method, path, headers: headers, body: ByteBuffer(string: "{}"))
                #expect(response.status == .forbidden, "\(route.method) \(path): \(response.status)")
                let json = try? JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let error = json?["error"] as? [String: Any]
                #expect(error?["code"] as? String == "read_only_token", "\(route.method) \(path)")
                #expect((error?["message"] as? String)?.contains("только для чтения") == true)
            }
        }
    }

    @Test("Просроченный или отозванный API-токен не пускает в API")
    func expiredTokenRefused() async throws {
        try await withTestApp { app in
            let user = try await Fixtures.person(app, login: "kurator")
            let raw = "nst_" + SecureToken.generate()
            let token = ApiToken(userID: user.id!, name: "Старый", tokenHash: SecureToken.hash(raw), prefix: String(raw.prefix(10)),
                                 expiresAt: Date().addingTimeInterval(3600))
            try await token.save(on: app.db)
            let headers: HTTPHeaders = ["Authorization": "Bearer \(raw)"]
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers).status == .ok)
            token.expiresAt = Date().addingTimeInterval(-1)
            try await token.save(on: app.db)
            let expired = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: headers)
            #expect(expired.status == .unauthorized)
            #expect(expired.text.contains("\"error\""))
        }
    }

    // MARK: - Password guessing (item 6)

    @Test("40 одновременных неверных паролей к одной учётной записи: все 40 записаны, пароль проверен не больше предела")
    func parallelGuessesAreCountedAtomically() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "mentor1")
            try await withLiveServer(app) { server in
                let answers = try await inParallel(40) { _ in
                    try await Self.signIn(server, login: "mentor1", password: "угадываю")
                }
                let tried = answers.filter { $0.status == .unauthorized }.count
                let refused = answers.filter { $0.status == .tooManyRequests }.count
                #expect(tried == LoginRateLimit.maxFailuresPerClient, "проверено паролей: \(tried)")
                #expect(tried + refused == 40, "\(answers.map(\.status.code))")
                let failures = try await LoginRateLimit.failures(login: "mentor1", on: app.db)
                #expect(failures == 40)
                // From the same address the right password waits for the window too.
                #expect(try await Self.signIn(server, login: "mentor1", password: Fixtures.password).status == .tooManyRequests)
            }
        }
    }

    @Test("Владелец входит с верным паролем, пока с другого адреса за доверенным прокси перебирают его пароль")
    func ownerSignsInWhileAnotherAddressGuesses() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "mentor1")
            app.settings.trustedProxies = try TrustedProxies(["127.0.0.1", "::1"])
            app.settings.loginSlowdownSeconds = 0.1
            try await withLiveServer(app) { server in
                async let guesses = inParallel(30) { i in
                    try await Self.signIn(server, login: "mentor1", password: "угадываю-\(i)", forwardedFor: "203.0.113.9")
                }
                try await Task.sleep(for: .milliseconds(50))
                let owner = try await Self.signIn(server, login: "mentor1", password: Fixtures.password, forwardedFor: "198.51.100.4, 127.0.0.1")
                #expect(owner.status == .seeOther)
                #expect(owner.headers.setCookie?[SessionStore.cookieName] != nil)
                let attacker = try await guesses
                #expect(attacker.filter { $0.status == .unauthorized }.count <= LoginRateLimit.maxFailuresPerClient)
                // After the guessing, the owner still gets in from their own address (after a short delay).
                for i in 0..<10 {
                    _ = try await Self.signIn(server, login: "mentor1", password: "ещё-\(i)", forwardedFor: "203.0.113.\(10 + i)")
                }
                #expect(try await Self.signIn(server, login: "mentor1", password: Fixtures.password, forwardedFor: "198.51.100.4").status == .seeOther)
                // The guessing address stays refused, even with the right password.
                #expect(try await Self.signIn(server, login: "mentor1", password: Fixtures.password, forwardedFor: "203.0.113.9").status == .tooManyRequests)
                // The address is recorded where the session and the audit keep it.
                let audit = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.signIn.rawValue).all()
                #expect(audit.compactMap(\.ip).contains("198.51.100.4"))
            }
        }
    }

    @Test("Адрес из заголовка прокси учитывается, только когда запрос пришёл от доверенного прокси")
    func forwardedHeaderOnlyFromTrustedProxy() async throws {
        // Unit: the rightmost address that is not a trusted proxy is the client.
        let proxies = try TrustedProxies(["10.0.0.0/8", "127.0.0.1", "fd00::/8"])
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwarded: ["203.0.113.9, 10.1.2.3"], trusted: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwarded: ["1.1.1.1, 203.0.113.9"], trusted: proxies) == "203.0.113.9")
        #expect(ClientAddress.resolve(peer: "198.51.100.1", forwarded: ["203.0.113.9"], trusted: proxies) == "198.51.100.1")
        #expect(ClientAddress.resolve(peer: "fd00::5", forwarded: ["2001:db8::1"], trusted: proxies) == "2001:db8::1")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwarded: ["не адрес"], trusted: proxies) == "127.0.0.1")
        #expect(ClientAddress.resolve(peer: "127.0.0.1", forwarded: [], trusted: proxies) == "127.0.0.1")
        #expect(throws: (any Error).self) { try TrustedProxies(["10.0.0.0/33"]) }
        #expect(AppSettings.fromEnvironment(["NASTAVNIK_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8"]).trustedProxies.contains("10.20.30.40"))

        try await withTestApp { app in
            try await Fixtures.person(app, login: "mentor1")
            try await Fixtures.person(app, login: "mentor2")
            try await withLiveServer(app) { server in
                // No trusted proxy configured: a header made up by the client changes nothing.
                for i in 0..<LoginRateLimit.maxFailuresPerClient {
                    let answer = try await Self.signIn(server, login: "mentor1", password: "угадываю", forwardedFor: "203.0.113.\(i)")
                    #expect(answer.status == .unauthorized)
                }
                let spoofed = try await Self.signIn(server, login: "mentor1", password: Fixtures.password, forwardedFor: "198.51.100.200")
                #expect(spoofed.status == .tooManyRequests)

                // Behind a trusted proxy: one address guessing many logins is stopped, the rest of the site is not.
                app.settings.trustedProxies = try TrustedProxies(["127.0.0.1", "::1"])
                app.settings.loginSlowdownSeconds = 0.05
                for i in 0..<LoginRateLimit.maxFailuresPerAddress {
                    _ = try await Self.signIn(server, login: "nobody\(i)", password: "угадываю", forwardedFor: "203.0.113.50")
                }
                #expect(try await Self.signIn(server, login: "mentor2", password: Fixtures.password, forwardedFor: "203.0.113.50").status == .tooManyRequests)
                #expect(try await Self.signIn(server, login: "mentor2", password: Fixtures.password, forwardedFor: "198.51.100.7").status == .seeOther)
                #expect(try await Self.signIn(server, login: "mentor1", password: Fixtures.password, forwardedFor: "198.51.100.8").status == .seeOther)
            }
        }
    }

    // MARK: - Helpers

    static func invitationLink(in html: String) -> String? {
        html.firstMatch(of: /\/invitations\/[A-Za-z0-9_-]+/).map { String($0.output) }
    }

    /// A sign-in form post over HTTP with its own CSRF cookie, optionally through a proxy header.
    static func signIn(_ server: LiveServer, login: String, password: String, forwardedFor: String? = nil) async throws -> TestingHTTPResponse {
        let csrf = SecureToken.generate()
        var headers = HTTPHeaders()
        headers.contentType = .urlEncodedForm
        headers.replaceOrAdd(name: .cookie, value: "\(CSRFProtection.cookieName)=\(csrf)")
        headers.replaceOrAdd(name: "X-CSRF-Token", value: csrf)
        if let forwardedFor { headers.replaceOrAdd(name: "X-Forwarded-For", value: forwardedFor) }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let body = [("login", login), ("password", password), ("next", "/")]
            .map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }.joined(separator: "&")
        return try await server.send(.POST, "/login", headers: headers, body: ByteBuffer(string: body))
    }
}

/// Keeps every line the app logs, for tests that look for secrets in the log.
final class CapturedLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String] = []

    func append(_ line: String) { lock.withLock { stored.append(line) } }
    var lines: [String] { lock.withLock { stored } }
}

struct CapturingLogHandler: LogHandler {
    let store: CapturedLog
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(store: CapturedLog, logLevel: Logger.Level) {
        self.store = store
        self.logLevel = logLevel
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        store.append("\(event.level) \(event.message) \(all) \(event.error.map { "\($0)" } ?? "")")
    }
}
