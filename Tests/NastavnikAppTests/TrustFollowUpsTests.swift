import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Issue 16 follow-ups found by reviews: decisions and orders taken once whatever arrives at once,
/// one matching draft per program, sign-in counters that do not pile up, uploads refused before
/// their body is read, and links that never take their address from the request.
@Suite("Доверие: решения разом, счётчики входа, загрузки до чтения тела, адрес ссылок")
struct TrustFollowUpsTests {
    // MARK: - A case decided in several tabs at once

    /// A finished pair's case, sent for approval with both sides' publication consents, and the director's browser.
    func submittedCase(_ app: Application) async throws -> (practice: PracticeCase, director: Browser, cases: String) {
        let (pairing, curator, _, _, territory) = try await PairCompletionTests().formedPair(app)
        try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization)
        let director = Browser(app)
        try await director.signIn("direktor")
        pairing.status = .finished
        try await pairing.save(on: app.db)
        let path = "/pairs/\(pairing.id!)"
        #expect(try await curator.post(path + "/case", form: [
            "title": "Из троечника — в призёры олимпиады", "topic": "contests", "story": "Ученик седьмого класса и старшеклассница-наставник.",
            "goal": "Подтянуть математику", "whatWasDone": "Еженедельные занятия", "results": "Призёр муниципального этапа"]).status == .seeOther)
        let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
        _ = try await PublicationsTests().consent(app, territory.organizationID, .mentor, pairing.$mentor.id, .publicationCases)
        _ = try await PublicationsTests().consent(app, territory.organizationID, .mentee, member.$mentee.id, .publicationCases)
        #expect(try await curator.post(path + "/case/submit").status == .seeOther)
        let practice = try #require(try await PracticeCase.query(on: app.db).first())
        #expect(practice.status == .submitted)
        return (practice, director, "/orgs/\(territory.organizationID)/cases")
    }

    @Test("Кейс публикуют и возвращают на доработку разом из четырёх вкладок: один исход, одна запись в журнале, остальным — отказ по-русски")
    func caseDecidedOnce() async throws {
        try await withTestApp { app in
            let (practice, director, cases) = try await submittedCase(app)
            let base = cases + "/\(practice.id!)"
            var answers: [TestingHTTPResponse] = []
            try await withLiveServer(app) { server in
                let live = director.tab(live: server)
                let tabs = (0..<4).map { _ in live.tab() }
                answers = try await inParallel(tabs.count) { index in
                    index % 2 == 0
                        ? try await tabs[index].post(base + "/publish")
                        : try await tabs[index].post(base + "/return", form: ["comment": "Уберите название школы (вкладка \(index))"])
                }
            }
            #expect(answers.filter { $0.status == .seeOther }.count == 1, "ответы: \(answers.map(\.status))")
            for refused in answers where refused.status != .seeOther {
                // Refused by the claim, or (arriving later) by the status read before it: 409 in Russian either way.
                #expect(refused.status == .conflict && ["Решение по кейсу уже принято", "Опубликовать можно кейс, отправленный", "Вернуть на доработку можно кейс"]
                    .contains { refused.text.contains($0) }, "\(refused.status)")
            }
            let decisions = try await AuditEntry.query(on: app.db)
                .filter(\.$action ~~ [AuditAction.casePublished.rawValue, AuditAction.caseReturned.rawValue]).all()
            #expect(decisions.count == 1, "\(decisions.map(\.action))")
            let stored = try #require(try await PracticeCase.find(practice.id, on: app.db))
            if decisions.first?.action == AuditAction.casePublished.rawValue {
                #expect(stored.status == .published && stored.publishedAt != nil && stored.statusNote.isEmpty)
            } else {
                #expect(stored.status == .draft && stored.publishedAt == nil && stored.statusNote.contains("Уберите название школы"))
                // One comment, the winner's: not a mix of two tabs.
                #expect(stored.statusNote.components(separatedBy: "вкладка").count == 2)
            }
        }
    }

    // MARK: - The order fixing the pairs

    @Test("Приказ о закреплении пар вносят разом из четырёх вкладок: у пар один номер, одна запись в журнале, позднему — отказ по-русски")
    func pairingOrderFixedOnce() async throws {
        try await withTestApp { app in
            let (pairing, curator, _, _, territory) = try await PairCompletionTests().formedPair(app)
            let pairs = "/orgs/\(territory.organizationID)/programs/\(pairing.$program.id)/pairs"
            try await withLiveServer(app) { server in
                let live = curator.tab(live: server)
                let tabs = (0..<4).map { _ in live.tab() }
                let answers = try await inParallel(tabs.count) { index in
                    try await tabs[index].post(pairs + "/order", form: ["orderNumber": "\(index + 10)-о", "orderOn": "2026-12-02"]).status
                }
                #expect(answers.allSatisfy { $0 == .seeOther }, "\(answers)")
            }
            let numbers = Set(try await Pairing.query(on: app.db).filter(\.$status == .formed).all().map(\.orderNumber))
            #expect(numbers.count == 1 && !numbers.contains(nil), "\(numbers)")
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.pairingFixedByOrder.rawValue).all()
            #expect(entries.count == 1, "\(entries.map(\.details))")
            let winner = try #require(numbers.first ?? nil)
            #expect(entries.first?.details?.contains("приказ № \(winner) ") == true, "\(entries.map(\.details))")
            // A later order changes nothing and says so.
            #expect(try await curator.post(pairs + "/order", form: ["orderNumber": "99-о", "orderOn": "2026-12-03"]).status == .seeOther)
            #expect(try await curator.get(pairs).text.contains("Приказ № 99-о не записан"))
            #expect(Set(try await Pairing.query(on: app.db).filter(\.$status == .formed).all().map(\.orderNumber)) == numbers)
        }
    }

    // MARK: - Matching run twice at once

    @Test("Подбор по анкетам запущен дважды разом: оба запуска проходят, черновик один — от одного запуска, без смешанных строк")
    func matchingRunsTakeTurns() async throws {
        try await withTestApp { app in
            let s = try await PairingTests().school(app)
            for index in 0..<3 {
                try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Наставник\(index)", capacity: 2, selectedIn: s.program)
            }
            for index in 0..<6 {
                try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Ученик\(index)")
            }
            try await withLiveServer(app) { server in
                let live = s.curator.tab(live: server)
                let tabs = (0..<3).map { _ in live.tab() }
                let answers = try await inParallel(tabs.count) { index in try await tabs[index].post(s.base + "/match", form: PairingTests.weights) }
                #expect(answers.allSatisfy { $0.status == .seeOther }, "ответы: \(answers.map(\.status))")
            }
            let drafts = try await Pairing.query(on: app.db).filter(\.$program.$id == s.program.id!).filter(\.$status == .draft).all()
            #expect(!drafts.isEmpty)
            #expect(Set(drafts.map(\.matchingRunID)).count == 1, "черновик одного запуска")
            #expect(Set(drafts.map(\.$mentor.id)).count == drafts.count, "у наставника одна группа черновика")
            let members = try await PairingMember.query(on: app.db).filter(\.$pairing.$id ~~ drafts.map { $0.id! }).all()
            #expect(members.count == 6 && Set(members.map(\.$mentee.id)).count == 6, "каждый ребёнок в черновике один раз")
            #expect(try await PairingMember.query(on: app.db).count() == members.count, "строк прежних запусков не осталось")
        }
    }

    // MARK: - Sign-in counters

    func throttleRows(_ app: Application) async throws -> Int {
        let sql = try #require(app.db as? any SQLDatabase)
        return try await sql.raw("SELECT COUNT(*) AS n FROM login_throttles").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test("Счётчики неудачных входов с истёкшим окном удаляются регулярно, без единого удачного входа; текущие остаются")
    func expiredThrottlesArePurged() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            // A guesser tries 40 invented logins from one address.
            for index in 0..<40 {
                let response = try await Browser(app).post("/login", form: ["login": "guess\(index)", "password": "не тот", "next": "/"])
                #expect(response.status != .seeOther)
            }
            #expect(try await throttleRows(app) == 81, "по строке на логин и на адрес с логином, одна на адрес")
            // An hour later nobody signed in; the counters count nothing and go.
            let later = Date().addingTimeInterval(LoginRateLimit.window + 60)
            let report = try await Housekeeping.runOnce(now: later, on: app.db)
            #expect(report.throttles == 81, "\(report)")
            #expect(try await throttleRows(app) == 0)
            // Fresh failures stay counted.
            _ = try await Browser(app).post("/login", form: ["login": "kurator", "password": "не тот", "next": "/"])
            #expect(try await Housekeeping.runOnce(on: app.db).throttles == 0)
            #expect(try await LoginRateLimit.failures(login: "kurator", on: app.db) == 1)
        }
    }

    @Test("Очистка, запущенная вместе с сервером (как в serve), сама удаляет истёкшие счётчики входа и файлы импорта старше суток")
    func housekeepingRunsWithTheServer() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            let curator = try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            let sql = try #require(app.db as? any SQLDatabase)
            let old = Int64(Date().timeIntervalSince1970 - LoginRateLimit.window - 60)
            for index in 0..<20 {
                try await sql.raw("INSERT INTO login_throttles (\"key\", failures, window_start) VALUES (\(bind: "account:guess\(index)"), 3, \(bind: old))").run()
            }
            let batch = ImportBatch()
            batch.organizationID = territory.organizationID
            batch.kind = .mentee
            batch.fileName = "7Б.csv"
            batch.content = Data("Фамилия;Имя\nИванов;Арсений".utf8)
            batch.createdByID = curator.id!
            try await batch.create(on: app.db)
            try await ImportBatch.query(on: app.db).set(\.$createdAt, to: Date().addingTimeInterval(-ImportRetention.maxAge - 60)).update()
            Housekeeping.start(app, interval: 0.2)
            try await app.asyncBoot()
            var rows = -1, batches = -1
            for _ in 0..<100 where rows != 0 || batches != 0 {
                try await Task.sleep(nanoseconds: 100_000_000)
                rows = try await throttleRows(app)
                batches = try await ImportBatch.query(on: app.db).count()
            }
            #expect(rows == 0 && batches == 0)
        }
    }

    // MARK: - Uploads refused before their body

    /// Sends the request head and the body's first kilobyte (the rest promised by Content-Length
    /// never comes; the server hands a request to the app with its first chunk) and returns the
    /// answer's status line, or nil when the server waited for the rest of the body instead.
    /// A server that waits for the body never answers, so a generous wait tells the two apart
    /// also on a loaded machine (3 s was too short while the whole PostgreSQL suite ran).
    static func headOnly(port: Int, _ head: String, wait seconds: Int = 15) throws -> String? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        #expect(connected == 0)
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(head.utf8) + Array("--XyZ\r\n".utf8) + [UInt8](repeating: 0x61, count: 1024)
        _ = bytes.withUnsafeBufferPointer { send(fd, $0.baseAddress, $0.count, 0) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBufferPointer { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count], as: UTF8.self).components(separatedBy: "\r\n").first
    }

    static func uploadHead(_ path: String, cookies: [String: String], extra: String = "") -> String {
        let cookie = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        return "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 5000000\r\n"
            + (cookie.isEmpty ? "" : "Cookie: \(cookie)\r\n") + extra + "\r\n"
    }

    @Test("Загрузка с поддельной кукой сеанса или с неверным CSRF-токеном в адресе получает отказ до чтения тела, а не после 5 МБ")
    func uploadsRefusedBeforeTheBody() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let csrf = try #require(curator.csrfToken)
            let session = try #require(curator.sessionToken)
            let imports = "/orgs/\(territory.organizationID)/imports"
            try await withLiveServer(app) { server in
                // A forged session cookie: no one is signed in, so the sign-in page at once.
                let forged = try Self.headOnly(port: server.port, Self.uploadHead(imports + "?_csrf=\(csrf)",
                                                                                   cookies: [SessionStore.cookieName: "poddelka", CSRFProtection.cookieName: csrf]))
                #expect(forged?.contains("303") == true, "\(forged ?? "сервер ждал тело")")
                // A real session, but the token in the address is not the cookie's.
                let wrong = try Self.headOnly(port: server.port, Self.uploadHead(imports + "?_csrf=chuzhoi",
                                                                                  cookies: [SessionStore.cookieName: session, CSRFProtection.cookieName: csrf]))
                #expect(wrong?.contains("403") == true, "\(wrong ?? "сервер ждал тело")")
                // The token in the header is checked as early.
                let header = try Self.headOnly(port: server.port, Self.uploadHead(imports, cookies: [SessionStore.cookieName: session, CSRFProtection.cookieName: csrf],
                                                                                   extra: "X-CSRF-Token: chuzhoi\r\n"))
                #expect(header?.contains("403") == true, "\(header ?? "сервер ждал тело")")
                // The API without a valid token: 401 at once.
                let api = try Self.headOnly(port: server.port, Self.uploadHead("/api/v1/organizations/\(territory.organizationID)/imports", cookies: [:],
                                                                                extra: "Authorization: Bearer nst_poddelka\r\n"))
                #expect(api?.contains("401") == true, "\(api ?? "сервер ждал тело")")
                // More than the route takes: 413 by the declared length.
                let huge = try Self.headOnly(port: server.port, Self.uploadHead(imports + "?_csrf=\(csrf)",
                                                                                 cookies: [SessionStore.cookieName: session, CSRFProtection.cookieName: csrf])
                    .replacingOccurrences(of: "Content-Length: 5000000", with: "Content-Length: 50000000"))
                #expect(huge?.contains("413") == true, "\(huge ?? "сервер ждал тело")")
            }
            // The upload forms carry the token in their address, so it is checked before the body too.
            let page = try await curator.get(imports + "/new")
            #expect(page.status == .ok && page.text.contains("/imports?_csrf=\(csrf)"), "форма загрузки несёт токен в адресе")
            let views = app.directory.viewsDirectory
            var uploadForms = 0
            for case let file as String in FileManager.default.enumerator(atPath: views)! where file.hasSuffix(".leaf") {
                let text = try String(contentsOfFile: views + file, encoding: .utf8)
                for form in text.components(separatedBy: "<form").dropFirst() where form.prefix(400).contains("multipart/form-data") {
                    uploadForms += 1
                    #expect(form.prefix(400).contains("?_csrf=#(csrfToken)"), "\(file): форма с файлом без токена в адресе")
                }
            }
            #expect(uploadForms >= 4)
        }
    }

    // MARK: - Absolute links

    @Test("Ссылки-приглашения на листе и в CSV берут адрес сайта из настройки NASTAVNIK_SITE_URL или адреса сервера, никогда из заголовка Host")
    func invitationLinksIgnoreTheHostHeader() async throws {
        try await withTestApp { app in
            let school = try await InvitationSheetTests.school(app)
            try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванова", firstName: "Саша", className: "7Б")
            let (path, _) = try await InvitationSheetTests.issueClass(school, "7Б")
            let forged: HTTPHeaders = ["Host": "evil.example", "X-Forwarded-Host": "evil.example"]
            let sheet = try await school.curator.get(path, headers: forged)
            let csv = try await school.curator.get(path + "/csv", headers: forged)
            #expect(sheet.status == .ok && csv.status == .ok)
            #expect(!sheet.text.contains("evil.example") && !csv.text.contains("evil.example"))
            #expect(sheet.text.contains("http://127.0.0.1:8080/invitations/"), "без настройки — адрес, на котором слушает сервер")

            app.settings.siteURL = "https://nastavnik.school.ru"
            let configured = try await school.curator.get(path, headers: forged)
            #expect(configured.text.contains("https://nastavnik.school.ru/invitations/") && !configured.text.contains("evil.example"))
            #expect(try await school.curator.get(path + "/csv", headers: forged).text.contains("https://nastavnik.school.ru/invitations/"))
        }
    }

    @Test("Адрес сайта из NASTAVNIK_SITE_URL: только http(s), без косой в конце; иное не принимается")
    func siteURLSetting() {
        #expect(AppSettings.fromEnvironment(["NASTAVNIK_SITE_URL": "https://nastavnik.school.ru/"]).siteURL == "https://nastavnik.school.ru")
        #expect(AppSettings.fromEnvironment(["NASTAVNIK_SITE_URL": "http://10.0.0.5:8080"]).siteURL == "http://10.0.0.5:8080")
        #expect(AppSettings.fromEnvironment(["NASTAVNIK_SITE_URL": "javascript:alert(1)"]).siteURL == nil)
        #expect(AppSettings.fromEnvironment(["NASTAVNIK_SITE_URL": "https://"]).siteURL == nil)
        #expect(AppSettings.fromEnvironment([:]).siteURL == nil)
    }
}
