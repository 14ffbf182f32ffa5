import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor

/// Letters through a real SMTP server on loopback (aiosmtpd, `scripts/smtp_sink.py`): what the
/// server received is read back from its folder.
@Suite("Доставка уведомлений по почте", .enabled(if: SMTPSink.isAvailable, "нет aiosmtpd: pip install aiosmtpd"))
struct NotificationDeliveryTests {
    func withSink(_ arguments: [String] = [], _ body: (SMTPSink) async throws -> Void) async throws {
        let sink = try SMTPSink.start(arguments: arguments)
        do {
            try await body(sink)
        } catch {
            sink.stop()
            throw error
        }
        sink.stop()
    }

    @Test("Предложение пары приходит письмом обеим сторонам: наставнику, ребёнку и законному представителю")
    func proposalReachesBothSidesByMail() async throws {
        try await withTestApp { app in
            try await withSink { sink in
                let world = try await ProposalWorld.make(app, programName: "Шаг вперёд")
                try await world.propose(app)
                // Nothing is sent inside the request: the letters wait for the worker.
                #expect(try sink.received().isEmpty)
                let report = try await OutboxWorker(app: app, mail: sink.settings()).runOnce()
                #expect(report.sent == 3)
                let letters = try sink.received()
                #expect(Set(letters.map(\.envelopeTo)) == ["mentor@school.test", "child@school.test", "guardian@school.test"])
                let guardian = try #require(letters.first { $0.envelopeTo == "guardian@school.test" })
                #expect(guardian.subject == "Наставник: Ребёнку предложен наставник в программе «Шаг вперёд»")
                #expect(guardian.body.contains("Без вашего согласия пара не сформируется"))
                #expect(guardian.body.contains("Открыть: https://nastavnik.school.test/me/children"))
                let token = try #require(try await NotificationPreference.find(world.guardianUser.id, on: app.db)?.unsubscribeToken)
                #expect(guardian.body.contains("https://nastavnik.school.test/notifications/unsubscribe/\(token)"))
                #expect(guardian.headers["list-unsubscribe"] == "<https://nastavnik.school.test/notifications/unsubscribe/\(token)>")
                let mentor = try #require(letters.first { $0.envelopeTo == "mentor@school.test" })
                #expect(mentor.subject == "Наставник: Предложение стать наставником в программе «Шаг вперёд»")
                // Each letter is sent once: the outbox records what the server took, by Message-ID.
                let sent = try await OutboxMessage.query(on: app.db).all()
                #expect(sent.allSatisfy { $0.status == .sent })
                #expect(Set(letters.map(\.messageID)) == Set(sent.map { "<\($0.messageID)>" }))
                #expect(try await OutboxWorker(app: app, mail: sink.settings()).runOnce().sent == 0)
                #expect(try sink.received().count == 3)
            }
        }
    }

    @Test("Сводка раз в день: уведомления за день приходят одним письмом утром следующего дня")
    func digestGroupsTheDay() async throws {
        try await withTestApp { app in
            try await withSink { sink in
                let world = try await ProposalWorld.make(app)
                let preference = try await UnsubscribeTokens.preference(of: world.mentorUser.id!, on: app.db)
                preference.frequency = .daily
                try await preference.save(on: app.db)
                let morning = try #require(ISO8601DateFormatter().date(from: "2026-12-07T04:30:00Z"))  // 07:30 in Moscow
                let evening = morning.addingTimeInterval(-14 * 3600)  // 6 December, 17:30
                let worker = OutboxWorker(app: app, mail: sink.settings())
                // The worker ran on the morning of 6 December, before anything happened.
                #expect(try await worker.runOnce(now: morning.addingTimeInterval(-86_400)).digestsWritten == 0)
                for (index, title) in ["Первая анкета", "Вторая анкета", "Третья анкета"].enumerated() {
                    _ = try await app.db.transaction { db in
                        try await Notifications.notify([world.mentorUser.id!], NotificationMessage(
                            kind: .questionnaireSent, title: "Новая анкета «\(title)»", body: "Куратор просит заполнить анкету «\(title)».",
                            link: "/my/questionnaires", organizationID: world.territory.organizationID),
                            now: evening.addingTimeInterval(Double(index) * 60), on: db)
                    }
                }
                // In the evening nothing goes out.
                #expect(try await worker.runOnce(now: evening.addingTimeInterval(3600)).sent == 0)
                let report = try await worker.runOnce(now: morning)
                #expect(report.digestsWritten == 1)
                #expect(report.sent == 1)
                let letters = try sink.received()
                #expect(letters.count == 1)
                let digest = try #require(letters.first)
                #expect(digest.subject == "Наставник: сводка за 6 декабря — 3 уведомления")
                #expect(digest.body.contains("1. Новая анкета «Первая анкета» (17:30)"))
                #expect(digest.body.contains("3. Новая анкета «Третья анкета» (17:32)"))
                // The same morning again, or a second server: no second digest.
                #expect(try await worker.runOnce(now: morning.addingTimeInterval(600)).digestsWritten == 0)
                #expect(try sink.received().count == 1)
                // Items stay in the in-app list, unread.
                #expect(try await NotificationList.unreadCount(of: world.mentorUser.id!, on: app.db) == 3)
            }
        }
    }

    @Test("Сбой обработчика посреди отправки (письмо взято, не отмечено): после перезапуска письмо приходит ровно один раз")
    func crashInTheMiddleSendsOnce() async throws {
        try await withTestApp { app in
            try await withSink { sink in
                let world = try await ProposalWorld.make(app)
                try await world.propose(app)
                let now = Date()
                // The first worker takes the letters and dies with the first one's whole text already with the server.
                let crashing = OutboxWorker(app: app, mail: sink.settings(), hooks: .init(beforeCommit: { _ in throw OutboxWorker.Crash() }))
                await #expect(throws: OutboxWorker.Crash.self) { try await crashing.runOnce(now: now) }
                let claimed = try await OutboxMessage.query(on: app.db).all()
                #expect(claimed.allSatisfy { $0.status == .sending && $0.sentAt == nil })
                try await Task.sleep(nanoseconds: 300_000_000)
                #expect(try sink.received().isEmpty, "сервер не должен доставить письмо без завершающей точки")
                // A restarted worker waits for the lease, then sends each letter once.
                let restarted = OutboxWorker(app: app, mail: sink.settings())
                #expect(try await restarted.runOnce(now: now.addingTimeInterval(60)).sent == 0)
                #expect(try await restarted.runOnce(now: now.addingTimeInterval(Outbox.lease + 1)).sent == 3)
                let letters = try sink.received()
                let ids = Set(claimed.map { "<\($0.messageID)>" })
                #expect(letters.count == 3)
                #expect(Set(letters.map(\.messageID)) == ids)
                let after = try await OutboxMessage.query(on: app.db).all()
                #expect(after.allSatisfy { $0.status == .sent && $0.attempts == 2 })
                #expect(try await restarted.runOnce(now: now.addingTimeInterval(2 * Outbox.lease)).sent == 0)
                #expect(try sink.received().count == 3)
            }
        }
    }

    @Test("Сбой после завершающей точки, до записи «принято»: письмо не приходит второй раз, остальные приходят по одному разу")
    func crashAfterTheFinalDotNeverSendsTwice() async throws {
        try await withTestApp { app in
            try await withSink { sink in
                let world = try await ProposalWorld.make(app)
                try await world.propose(app)
                let now = Date()
                // The first worker dies right after the first letter's final dot, before the server's «250» is recorded.
                let crashing = OutboxWorker(app: app, mail: sink.settings(), hooks: .init(afterFinalDot: { _ in throw OutboxWorker.Crash() }))
                await #expect(throws: OutboxWorker.Crash.self) { try await crashing.runOnce(now: now) }
                let states = try await OutboxMessage.query(on: app.db).all()
                let doubtful = try #require(states.first { $0.status == .committing })
                #expect(states.filter { $0.status == .sending }.count == 2)
                // The dot reached the server: it took the letter although the worker is gone.
                for _ in 0..<40 where try sink.received().isEmpty { try await Task.sleep(nanoseconds: 50_000_000) }
                #expect(try sink.received().map(\.messageID) == ["<\(doubtful.messageID)>"])
                // The restarted worker sends the two letters it never finished, and not the doubtful one.
                let restarted = OutboxWorker(app: app, mail: sink.settings())
                #expect(try await restarted.runOnce(now: now.addingTimeInterval(Outbox.lease + 1)).sent == 2)
                #expect(try await restarted.runOnce(now: now.addingTimeInterval(3 * Outbox.lease)).sent == 0)
                let letters = try sink.received()
                #expect(letters.count == 3)
                #expect(Set(letters.map(\.messageID)) == Set(states.map { "<\($0.messageID)>" }))
                #expect(try await Outbox.counts(on: app.db) == [.sent: 2, .unconfirmed: 1])
                let row = try #require(try await OutboxMessage.find(doubtful.id, on: app.db))
                #expect(row.lastError == Outbox.unconfirmedNote)
                // The person still has the notification on the site.
                #expect(try await NotificationList.unreadCount(of: row.userID, on: app.db) == 1)
            }
        }
    }

    @Test("Два сервера на одной базе: каждое письмо уходит один раз")
    func twoServersSendEachOnce() async throws {
        try await withTestApp { app in
            try await withSink { sink in
                let world = try await ProposalWorld.make(app)
                let now = Date()
                try await app.db.transaction { db in
                    for index in 0..<40 {
                        try await Notifications.notify([world.mentorUser.id!, world.guardianUser.id!], NotificationMessage(
                            kind: .questionnaireSent, title: "Анкета №\(index)", body: "Заполните анкету.", link: "/my/questionnaires",
                            organizationID: nil), now: now, on: db)
                    }
                }
                var worker = OutboxWorker(app: app, mail: sink.settings())
                worker.batchSize = 7
                let workers = [worker, worker, worker]
                let reports = try await inParallel(workers.count) { index in try await workers[index].runOnce(now: now) }
                #expect(reports.map(\.sent).reduce(0, +) == 80)
                let letters = try sink.received()
                #expect(letters.count == 80)
                #expect(Set(letters.map(\.messageID)).count == 80)
                #expect(try await Outbox.counts(on: app.db) == [.sent: 80])
            }
        }
    }

    @Test("Одновременные захваты писем несколькими обработчиками никогда не берут одно письмо дважды")
    func parallelClaimsNeverOverlap() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            let now = Date()
            try await app.db.transaction { db in
                for index in 0..<150 {
                    try await Notifications.notify([world.mentorUser.id!], NotificationMessage(
                        kind: .questionnaireSent, title: "Анкета №\(index)", body: "Заполните анкету.", link: "/my/questionnaires",
                        organizationID: nil), now: now, on: db)
                }
            }
            let claims = try await inParallel(12) { _ in
                var mine: [UUID] = []
                while true {
                    let batch = try await Outbox.claim(limit: 3, token: UUID(), now: now, on: app.db)
                    if batch.isEmpty { return mine }
                    mine += batch.map(\.id)
                }
            }
            let all = claims.flatMap { $0 }
            #expect(all.count == 150, "письма, взятые больше одного раза: \(all.count - Set(all).count)")
            #expect(Set(all).count == 150)
        }
    }

    @Test("Почтовый сервер недоступен: письмо ждёт, повторяется с нарастающей паузой и уходит, когда сервер вернулся")
    func retriesWithBackoff() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            try await world.propose(app)
            let now = Date()
            // A port nobody listens on.
            let closed = MailSettings(host: "127.0.0.1", port: 9, security: .none, from: "nastavnik@school.test", timeoutSeconds: 5)
            let first = try await OutboxWorker(app: app, mail: closed).runOnce(now: now)
            #expect(first.retried == 3 && first.sent == 0)
            var letter = try #require(try await OutboxMessage.query(on: app.db).first())
            #expect(letter.status == .pending && letter.attempts == 1 && letter.lastError != nil)
            #expect(abs(letter.nextAttemptAt.timeIntervalSince(now) - 60) < 1)
            let second = try await OutboxWorker(app: app, mail: closed).runOnce(now: now.addingTimeInterval(61))
            #expect(second.retried == 3)
            letter = try #require(try await OutboxMessage.find(letter.id, on: app.db))
            #expect(abs(letter.nextAttemptAt.timeIntervalSince(now.addingTimeInterval(61)) - 120) < 1)
            try await withSink { (sink: SMTPSink) async throws in
                #expect(try await OutboxWorker(app: app, mail: sink.settings()).runOnce(now: now.addingTimeInterval(100)).sent == 0)
                #expect(try await OutboxWorker(app: app, mail: sink.settings()).runOnce(now: now.addingTimeInterval(200)).sent == 3)
                #expect(try sink.received().count == 3)
            }
            #expect(Outbox.backoff(afterAttempts: 20) == 6 * 3600)
        }
    }

    @Test("Обработчик, запущенный вместе с сервером (как в serve), сам отправляет письма и останавливается с ним")
    func workerRunsWithTheServer() async throws {
        try await withTestApp { app in
            try await withSink { sink in
                let world = try await ProposalWorld.make(app)
                OutboxWorker.start(app, mail: sink.settings(), interval: 0.2)
                try await app.asyncBoot()
                try await world.propose(app)
                // The server received the letters, and the outbox recorded them sent (a moment later).
                var counts: [OutboxStatus: Int] = [:]
                for _ in 0..<100 where counts != [.sent: 3] {
                    try await Task.sleep(nanoseconds: 100_000_000)
                    counts = try await Outbox.counts(on: app.db)
                }
                #expect(counts == [.sent: 3])
                #expect(try sink.received().count == 3)
            }
        }
    }

    @Test("STARTTLS и вход: письмо и пароль идут только по шифрованному соединению")
    func startTLSWithLogin() async throws {
        let folder = NSTemporaryDirectory() + "smtp-tls-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let openssl = try ChildProcess.run("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                             "-addext", "subjectAltName=DNS:localhost", "-keyout", folder + "/key.pem", "-out", folder + "/cert.pem"])
        try #require(openssl.status == 0, "openssl не создал сертификат: \(openssl.errors)")
        try await withTestApp { app in
            try await withSink(["--tls-cert", folder + "/cert.pem", "--tls-key", folder + "/key.pem", "--auth", "school:секрет-1"]) { sink in
                let world = try await ProposalWorld.make(app)
                try await world.propose(app)
                let secure = sink.settings(security: .startTLS, username: "school", password: "секрет-1", caFile: folder + "/cert.pem", host: "localhost")
                #expect(try await OutboxWorker(app: app, mail: secure).runOnce().sent == 3)
                let letters = try sink.received()
                #expect(letters.count == 3)
                #expect(letters.allSatisfy { $0.overTLS && $0.login == "school" })
            }
        }
    }
}
