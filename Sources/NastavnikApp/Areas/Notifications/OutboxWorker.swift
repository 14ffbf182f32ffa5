import Fluent
import Foundation
import SQLKit
import Vapor

/// The background worker of notifications: once a day it writes the scheduled reminders and
/// the daily digests, and on every round it sends the letters that are due. It never runs inside
/// a request. `serve` starts it (`OutboxWorker.start`); tests call `runOnce` when they choose.
public struct OutboxWorker: Sendable {
    /// Where a test stops the worker as a crash would: no bookkeeping, the connection dropped.
    public struct Crash: Error {
        public init() {}
    }

    /// Points a test may stop at.
    public struct Hooks: Sendable {
        /// After the letter's whole text is with the SMTP server, before the outbox records it
        /// as handed over and before the final dot.
        public var beforeCommit: (@Sendable (String) async throws -> Void)?
        /// After the final dot is written, before the server's answer is read and recorded.
        public var afterFinalDot: (@Sendable (String) async throws -> Void)?
        public init(beforeCommit: (@Sendable (String) async throws -> Void)? = nil,
                    afterFinalDot: (@Sendable (String) async throws -> Void)? = nil) {
            self.beforeCommit = beforeCommit
            self.afterFinalDot = afterFinalDot
        }
    }

    public struct Report: Sendable, Equatable {
        public var remindersWritten = 0
        public var digestsWritten = 0
        public var sent = 0
        public var retried = 0
        public var failed = 0
        public var cancelled = 0
        /// Letters whose final dot went out without an answer coming back: not sent again.
        public var unconfirmed = 0
    }

    let db: any Database
    let group: any EventLoopGroup
    let logger: Logger
    let mail: MailSettings?
    var hooks = Hooks()
    /// Letters claimed per round and sent over one connection.
    var batchSize = 50

    public init(app: Application, mail: MailSettings?, hooks: Hooks = Hooks()) {
        self.db = app.db
        self.group = app.eventLoopGroup
        self.logger = app.logger
        self.mail = mail
        self.hooks = hooks
    }

    /// One round: the day's jobs when their hour has come, then every letter that is due.
    @discardableResult
    public func runOnce(now: Date = Date()) async throws -> Report {
        var report = Report()
        try await dailyJobs(now: now, report: &report)
        guard let mail else { return report }
        while true {
            let round = try await sendDue(now: now, mail: mail)
            report.sent += round.sent
            report.retried += round.retried
            report.failed += round.failed
            report.cancelled += round.cancelled
            report.unconfirmed += round.unconfirmed
            if round.claimed < batchSize { break }
        }
        return report
    }

    // MARK: - Daily jobs

    private func dailyJobs(now: Date, report: inout Report) async throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = LetterText.timeZone
        guard calendar.component(.hour, from: now) >= (mail?.digestHour ?? 7) else { return }
        let today = CalendarDay.today(now).iso
        if try await claimJob("reminders", today: today, now: now) {
            report.remindersWritten = try await Reminders.write(now: now, on: db)
            try await finishJob("reminders", today: today)
        }
        if try await claimJob("digests", today: today, now: now) {
            report.digestsWritten = try await Digests.compose(now: now, on: db)
            try await finishJob("digests", today: today)
        }
    }

    /// Claims a daily job for this server: a conditional UPDATE that only one server wins. A server
    /// that dies in the middle leaves a lease that expires; the job then runs again, and the
    /// reminders' and digests' keys keep it from writing anything twice.
    private func claimJob(_ name: String, today: String, now: Date) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { return false }
        try await sql.insert(into: "notification_jobs").columns("name", "done_on").values(SQLBind(name), SQLBind("")).ignoringConflicts().run()
        let rows = try await sql.raw("""
            UPDATE notification_jobs SET lease_until = \(bind: now.addingTimeInterval(30 * 60))
            WHERE name = \(bind: name) AND done_on < \(bind: today) AND (lease_until IS NULL OR lease_until < \(bind: now))
            RETURNING name
            """).all()
        return !rows.isEmpty
    }

    private func finishJob(_ name: String, today: String) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        try await sql.raw("UPDATE notification_jobs SET done_on = \(bind: today), lease_until = NULL WHERE name = \(bind: name)").run()
    }

    // MARK: - Sending

    private struct Round {
        var claimed = 0, sent = 0, retried = 0, failed = 0, cancelled = 0, unconfirmed = 0
    }

    private func sendDue(now: Date, mail: MailSettings) async throws -> Round {
        let token = UUID()
        let letters = try await Outbox.claim(limit: batchSize, token: token, now: now, lease: mail.leaseSeconds, on: db)
        var round = Round(claimed: letters.count)
        guard !letters.isEmpty else { return round }
        let recipients = try await UnsubscribeTokens.ensure(for: Array(Set(letters.map(\.user_id))), on: db)
        var deliverable: [Outbox.Claimed] = []
        for letter in letters {
            let person = recipients[letter.user_id]
            if person == nil || !(person!.mayReceive) || now.timeIntervalSince(letter.created_at) > Notifications.letterLifetime {
                if try await Outbox.move(letter.id, token: token, from: [.sending], to: .cancelled, on: db) { round.cancelled += 1 }
            } else {
                deliverable.append(letter)
            }
        }
        guard !deliverable.isEmpty else { return round }
        let session: SMTPSession
        do {
            session = try await SMTPSession.open(mail, group: group)
        } catch {
            logger.warning("Почта: не удалось подключиться к \(mail.host):\(mail.port): \(error)")
            for letter in deliverable { try await retry(letter, token: token, error: error, now: now, round: &round) }
            return round
        }
        var remaining = deliverable[...]
        while let letter = remaining.popFirst() {
            let message = MailComposer.message(letter, settings: mail, unsubscribeToken: recipients[letter.user_id]!.token, date: now)
            do {
                let accepted = try await session.send(to: letter.recipient, message: message, beforeCommit: {
                    try await hooks.beforeCommit?(letter.message_id)
                    return try await Outbox.move(letter.id, token: token, from: [.sending], to: .committing, on: db)
                }, afterFinalDot: {
                    try await hooks.afterFinalDot?(letter.message_id)
                })
                if accepted, try await Outbox.move(letter.id, token: token, from: [.committing], to: .sent, sentAt: now, on: db) {
                    round.sent += 1
                }
                if !accepted {
                    logger.warning("Почта: письмо \(letter.message_id) уже взял другой обработчик; это соединение его не отправило.")
                    session.abort()
                    return round
                }
            } catch let crash as Crash {
                session.abort()
                throw crash
            } catch SMTPError.replyLost(let reason) {
                // The dot went out: the server may have the letter. Never a second copy.
                logger.warning("Почта: письмо \(letter.message_id) передано, но ответа сервера нет (\(reason)); повторно не отправляется.")
                session.abort()
                if try await Outbox.move(letter.id, token: token, from: [.committing], to: .unconfirmed, error: Outbox.unconfirmedNote, on: db) {
                    round.unconfirmed += 1
                }
                for rest in remaining { try await retry(rest, token: token, error: SMTPError.connectionClosed, now: now, round: &round) }
                return round
            } catch let error as SMTPError where error.isPermanent {
                logger.warning("Почта: письмо \(letter.message_id) отклонено: \(error)")
                if try await Outbox.move(letter.id, token: token, from: [.sending, .committing], to: .failed, error: error.description, on: db) {
                    round.failed += 1
                }
            } catch {
                // The connection is lost or the server is busy: this letter and the rest wait their turn.
                logger.warning("Почта: письмо \(letter.message_id) не отправлено, будет ещё попытка: \(error)")
                session.abort()
                try await retry(letter, token: token, error: error, now: now, round: &round)
                for rest in remaining { try await retry(rest, token: token, error: error, now: now, round: &round) }
                return round
            }
        }
        await session.quit()
        return round
    }

    private func retry(_ letter: Outbox.Claimed, token: UUID, error: any Error, now: Date, round: inout Round) async throws {
        let text = (error as? SMTPError)?.description ?? String(describing: error)
        if letter.attempts >= Outbox.maxAttempts {
            if try await Outbox.move(letter.id, token: token, from: [.sending, .committing], to: .failed, error: text, on: db) { round.failed += 1 }
        } else if try await Outbox.move(letter.id, token: token, from: [.sending, .committing], to: .pending,
                                        nextAttemptAt: now.addingTimeInterval(Outbox.backoff(afterAttempts: letter.attempts)), error: text, on: db) {
            round.retried += 1
        }
    }

    // MARK: - Running in the server

    /// Starts the worker with the server: a round every `interval` seconds until the server stops.
    public static func start(_ app: Application, mail: MailSettings?, interval: Double = 30) {
        app.lifecycle.use(Lifecycle(mail: mail, interval: interval))
    }

    final class Lifecycle: LifecycleHandler, @unchecked Sendable {
        let mail: MailSettings?
        let interval: Double
        private var task: Task<Void, Never>?

        init(mail: MailSettings?, interval: Double) {
            self.mail = mail
            self.interval = interval
        }

        func didBootAsync(_ application: Application) async throws {
            let worker = OutboxWorker(app: application, mail: mail)
            let interval = interval
            let logger = application.logger
            task = Task {
                while !Task.isCancelled {
                    do {
                        let report = try await worker.runOnce()
                        if report != Report() { logger.info("Уведомления: \(report)") }
                    } catch {
                        logger.error("Уведомления: круг обработчика не удался: \(error)")
                    }
                    try? await Task.sleep(nanoseconds: UInt64(interval * 1_000_000_000))
                }
            }
        }

        func shutdownAsync(_ application: Application) async {
            task?.cancel()
            await task?.value
        }
    }
}
