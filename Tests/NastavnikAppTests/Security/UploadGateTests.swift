import Fluent
import Foundation
@testable import NastavnikApp
import NIOCore
import NIOConcurrencyHelpers
import NIOPosix
import Testing
import Vapor
import VaporTesting

/// An upload route (20 MB for a contest application, 8 MB for a case's file) used to read the
/// whole body of anyone with a valid session or token — a read-only token, a mentee's, another
/// organization's — before its handler answered 403/404. `UploadGate` now gives that answer from
/// the headers; these tests send only the headers of a big request and wait for the answer.
@Suite("Загрузки: токен только для чтения, участник и чужая организация получают отказ до того, как сервер читает тело")
struct UploadGateTests {
    /// The answer to a request whose headers declare `declared` bytes of body and which sends only
    /// its first kilobyte (Vapor hands a request with a body to the app at its first bytes): it
    /// comes only if the server answers without reading the body.
    static func answerWithoutBody(_ server: LiveServer, _ path: String, headers: [(String, String)],
                                  declared: Int = 6 * 1024 * 1024) async throws -> (status: Int, text: String) {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: server.port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        var head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(server.port)\r\n"
        for (name, value) in headers + [("Content-Type", "multipart/form-data; boundary=gate"), ("Content-Length", String(declared))] {
            head += "\(name): \(value)\r\n"
        }
        head += "\r\n"
        let request = head
        let seen = NIOLockedValueBox("")
        let received: String = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: request))
                    try await outbound.write(ByteBuffer(string: "--gate\r\n" + String(repeating: "a", count: 1024)))
                    var text = ""
                    for try await chunk in inbound {
                        text += String(buffer: chunk)
                        seen.withLockedValue { $0 = text }
                        if let end = text.range(of: "\r\n\r\n"),
                           let length = text[..<end.lowerBound].split(separator: "\r\n")
                               .first(where: { $0.lowercased().hasPrefix("content-length:") })
                               .flatMap({ Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }),
                           text.utf8.count - text[..<end.upperBound].utf8.count >= length {
                            break
                        }
                    }
                    return text
                }
            }
            group.addTask {
                // The answer to a refused header comes at once; a server that reads the body waits
                // for bytes that never come.
                try await Task.sleep(nanoseconds: 30_000_000_000)
                return nil
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first ?? seen.withLockedValue { "TIMEOUT:" + $0 }
        }
        try? await channel.channel.close()
        let status = received.split(separator: " ", maxSplits: 2).dropFirst().first.flatMap { Int($0) } ?? 0
        return (status, received)
    }

    static func bearer(_ token: String) -> [(String, String)] { [("Authorization", "Bearer \(token)")] }

    /// A read-only token of the curator who may apply and attach otherwise.
    static func readOnlyToken(_ app: Application, login: String) async throws -> String {
        let user = try #require(try await User.query(on: app.db).filter(\.$login == login).first())
        let raw = "nst_" + SecureToken.generate()
        let token = ApiToken(userID: user.id!, name: "Только чтение", tokenHash: SecureToken.hash(raw), prefix: String(raw.prefix(10)), readOnly: true)
        try await token.create(on: app.db)
        return raw
    }

    @Test("API: токен только для чтения, токен наставляемого и токен чужой организации получают 403/404 в JSON, не отправив тела заявки и файла кейса")
    func apiRefusedBeforeBody() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let contest = try #require(world.a.contest)
            let applications = "/api/v1/organizations/\(world.a.organizationID)/contests/\(contest.id!)/applications"
            let foreignApplications = "/api/v1/organizations/\(world.b.organizationID)/contests/\(try #require(world.b.contest).id!)/applications"
            let caseFiles = "/api/v1/pairs/\(world.a.finishedPairing.id!)/case/files"
            let readOnly = try await Self.readOnlyToken(app, login: "sec.curator")
            let curator = try #require(world.bearer[.curator])
            let mentee = try #require(world.bearer[.mentee])
            let psychologist = try #require(world.bearer[.psychologist])
            try await withLiveServer(app) { server in
                let cases: [(String, String, Int, String)] = [
                    (applications, readOnly, 403, "\"read_only_token\""),
                    (caseFiles, readOnly, 403, "\"read_only_token\""),
                    (applications, mentee, 403, "\"forbidden\""),
                    (foreignApplications, curator, 404, "\"not_found\""),
                    (caseFiles, psychologist, 404, "\"not_found\""),
                ]
                for (path, token, status, code) in cases {
                    let answer = try await Self.answerWithoutBody(server, path, headers: Self.bearer(token))
                    #expect(answer.status == status, "\(path): \(answer.text.prefix(300))")
                    #expect(answer.text.contains(code) && answer.text.contains("application/json"), "\(path): \(answer.text.prefix(300))")
                }
                // The pair's mentee gets the handler's 403 (a member, not its curator), as a small body gets it.
                let member = try await Self.answerWithoutBody(server, caseFiles, headers: Self.bearer(mentee))
                let small = try await UploadsAPITests.send(app, caseFiles, mentee, [UploadsAPITests.text("caption", "Фото")])
                #expect(member.status == Int(small.status.code) && [403, 404].contains(member.status), "\(member.text.prefix(300))")
            }
        }
    }

    @Test("Страница: наставляемый и психолог получают страницу отказа по-русски, не отправив тела заявки и файла кейса")
    func pageRefusedBeforeBody() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let contest = try #require(world.a.contest)
            let apply = SiteRoute.Contests.apply.path(world.a.organizationID, contest.id!)
            let caseFiles = SiteRoute.Cases.attachFile.path(world.a.finishedPairing.id!)
            try await withLiveServer(app) { server in
                for (role, path, status) in [(SecurityRole.mentee, apply, 403), (.psychologist, caseFiles, 404)] {
                    let browser = try #require(world.browsers[role])
                    let csrf = try #require(browser.csrfToken)
                    let cookies = browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
                    let answer = try await Self.answerWithoutBody(server, path, headers: [("Cookie", cookies), ("X-CSRF-Token", csrf)])
                    #expect(answer.status == status, "\(role) \(path): \(answer.text.prefix(300))")
                    #expect(answer.text.contains(status == 403 ? "Доступ запрещён" : "Страница не найдена"), "\(answer.text.prefix(300))")
                }
            }
        }
    }

    @Test("Заявка на конкурс с 50 крошечными файлами отклоняется сообщением о пределе трёх файлов, файлы не проверяются")
    func manyTinyParts() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let token = try #require(world.bearer[.curator])
            let contest = try #require(world.a.contest)
            let mentor = try #require(world.a.mentor)
            let before = try await ContestApplication.query(on: app.db).count()
            // Files the check would refuse one by one (a program under a document's name): counted
            // first, they get the limit's message, not the check's.
            let parts = (0..<50).map { UploadsAPITests.Part(name: "files[]", fileName: "часть\($0).exe", data: Data("MZ\($0)".utf8)) }
            let answer = try await UploadsAPITests.send(
                app, "/api/v1/organizations/\(world.a.organizationID)/contests/\(contest.id!)/applications", token,
                [UploadsAPITests.text("mentorId", mentor.id!.uuidString), UploadsAPITests.text("nomination", contest.nominationList[0]),
                 UploadsAPITests.text("materials", "Описание практики")] + parts)
            #expect(answer.status == .unprocessableEntity)
            let body = try answer.content.decode(UploadsAPITests.ErrorBody.self)
            #expect(body.error.fields?["files"] == "К заявке можно приложить не больше \(ContestRules.maxApplicationFiles) файлов; остальное — ссылками в описании.",
                    "\(answer.text.prefix(400))")
            #expect(try await ContestApplication.query(on: app.db).count() == before)

            // The rule itself, without HTTP: the count decides before any file is opened.
            let input = ContestService.ApplicationInput(mentorID: mentor.id, nomination: contest.nominationList[0], materials: "Описание",
                                                        uploads: (0..<50).map { ("часть\($0).exe", Data("MZ".utf8)) })
            do {
                _ = try await ContestService.apply(input, to: contest, organizationID: world.a.organizationID,
                                                   by: AuditActor(principal: nil, ip: "127.0.0.1"), on: app.db)
                Issue.record("50 файлов приняты")
            } catch AppError.validation(let errors) {
                #expect(errors["files"]?.hasPrefix("К заявке можно приложить не больше") == true, "\(errors)")
            }
        }
    }
}
