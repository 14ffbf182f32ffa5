import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A reply of an SMTP server: the code and its text lines.
struct SMTPReply: Sendable, CustomStringConvertible {
    let code: Int
    let lines: [String]
    var description: String { "\(code) \(lines.joined(separator: " / "))" }
}

enum SMTPError: Error, CustomStringConvertible {
    case refused(command: String, reply: SMTPReply)
    case startTLSUnavailable
    case connectionClosed
    case timeout(command: String)
    case badReply(String)
    /// The whole letter and its final dot went out, and no answer came back (a timeout, a broken
    /// connection): the server may well have taken it, so it must not be sent again.
    case replyLost(String)

    /// A 5xx refusal will not change on retry (no such mailbox, a message refused); anything else may.
    var isPermanent: Bool {
        if case .refused(_, let reply) = self { return reply.code >= 500 }
        return false
    }

    var description: String {
        switch self {
        case .refused(let command, let reply): "сервер ответил на \(command): \(reply)"
        case .startTLSUnavailable: "сервер не предлагает STARTTLS, а без шифрования письма и пароль не отправляются"
        case .connectionClosed: "сервер закрыл соединение"
        case .timeout(let command): "сервер не ответил вовремя на \(command)"
        case .badReply(let line): "непонятный ответ сервера: \(line.prefix(80))"
        case .replyLost(let reason): "письмо передано целиком, но ответа сервера нет (\(reason)): возможно, оно доставлено, повторно не отправляется"
        }
    }
}

/// Reads CRLF lines and gathers multi-line replies (`250-…` … `250 …`); hands each reply to
/// the oldest waiter, or keeps it until one comes (the greeting arrives unasked).
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private var buffer = ByteBuffer()
    private var lines: [String] = []
    private var ready: [Result<SMTPReply, any Error>] = []
    private var waiters: [(id: Int, promise: EventLoopPromise<SMTPReply>)] = []
    private var nextWaiter = 0
    private var closed = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        buffer.writeBuffer(&incoming)
        while let view = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = view - buffer.readerIndex + 1
            guard var line = buffer.readString(length: length) else { break }
            line = line.trimmingCharacters(in: .newlines)
            handle(line: line)
        }
        buffer.discardReadBytes()
    }

    private func handle(line: String) {
        let characters = Array(line)
        guard characters.count >= 3, let code = Int(String(characters[0..<3])) else {
            deliver(.failure(SMTPError.badReply(line)))
            return
        }
        lines.append(characters.count > 4 ? String(characters[4...]) : "")
        if characters.count > 3 && characters[3] == "-" { return }
        let reply = SMTPReply(code: code, lines: lines)
        lines = []
        deliver(.success(reply))
    }

    private func deliver(_ result: Result<SMTPReply, any Error>) {
        if waiters.isEmpty {
            ready.append(result)
        } else {
            waiters.removeFirst().promise.completeWith(result)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        failAll(SMTPError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        let pending = waiters
        waiters = []
        for waiter in pending { waiter.promise.fail(error) }
    }

    /// The next reply; fails after `timeout` and then closes the connection (a late reply would
    /// belong to a command nobody waits for any more).
    func next(on eventLoop: any EventLoop, timeout: TimeAmount, command: String, channel: any Channel) -> EventLoopFuture<SMTPReply> {
        if !ready.isEmpty { return eventLoop.makeCompletedFuture(ready.removeFirst()) }
        if closed { return eventLoop.makeFailedFuture(SMTPError.connectionClosed) }
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let id = nextWaiter
        nextWaiter += 1
        waiters.append((id, promise))
        let timer = eventLoop.scheduleTask(in: timeout) { [weak self] in
            guard let self, let index = self.waiters.firstIndex(where: { $0.id == id }) else { return }
            self.waiters.remove(at: index).promise.fail(SMTPError.timeout(command: command))
            channel.close(promise: nil)
        }
        promise.futureResult.whenComplete { _ in timer.cancel() }
        return promise.futureResult
    }
}

/// One connection to the SMTP server: greeting, EHLO, STARTTLS, AUTH, then letters one after
/// another. A letter's transaction stops before its final dot until `beforeCommit` agrees, so
/// the outbox can record that the letter is about to be handed over.
final class SMTPSession: @unchecked Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private let settings: MailSettings
    private var extensions: Set<String> = []

    private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, settings: MailSettings) {
        self.channel = channel
        self.handler = handler
        self.settings = settings
    }

    static func open(_ settings: MailSettings, group: any EventLoopGroup) async throws -> SMTPSession {
        let eventLoop = group.next()
        let channel = try await ClientBootstrap(group: eventLoop)
            .connectTimeout(.seconds(settings.timeoutSeconds))
            .channelOption(ChannelOptions.socketOption(.so_keepalive), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                }
            }
            .connect(host: settings.host, port: settings.port).get()
        let handler = try await eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: eventLoop)
        }.get()
        let session = SMTPSession(channel: channel, handler: handler, settings: settings)
        do {
            try await session.expect(220, after: "подключение")
            try await session.hello()
            if settings.security == .startTLS {
                guard session.extensions.contains("STARTTLS") else { throw SMTPError.startTLSUnavailable }
                try await session.command("STARTTLS", expect: [220])
                try await session.startTLS()
                try await session.hello()
            }
            if let username = settings.username, let password = settings.password {
                try await session.authenticate(username: username, password: password)
            }
        } catch {
            session.abort()
            throw error
        }
        return session
    }

    private func reply(to command: String) async throws -> SMTPReply {
        let channel = self.channel
        let timeout = TimeAmount.seconds(settings.timeoutSeconds)
        let handler = self.handler
        return try await channel.eventLoop.flatSubmit {
            handler.value.next(on: channel.eventLoop, timeout: timeout, command: command, channel: channel)
        }.get()
    }

    private func write(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    @discardableResult
    private func expect(_ codes: Set<Int>, after command: String) async throws -> SMTPReply {
        let reply = try await reply(to: command)
        guard codes.contains(reply.code) else { throw SMTPError.refused(command: command, reply: reply) }
        return reply
    }

    @discardableResult
    private func expect(_ code: Int, after command: String) async throws -> SMTPReply {
        try await expect([code], after: command)
    }

    /// Sends a command; `shown` replaces it in error messages (AUTH carries the password).
    @discardableResult
    private func command(_ line: String, expect codes: Set<Int>, shown: String? = nil) async throws -> SMTPReply {
        try await write(line + "\r\n")
        return try await expect(codes, after: shown ?? String(line.prefix(40)))
    }

    private func hello() async throws {
        let name = ProcessInfo.processInfo.hostName.isEmpty ? "localhost" : ProcessInfo.processInfo.hostName
        let reply = try await command("EHLO \(name)", expect: [250])
        extensions = Set(reply.lines.dropFirst().map { $0.uppercased() })
    }

    private func startTLS() async throws {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let caFile = settings.caFile { configuration.trustRoots = .file(caFile) }
        let context = try NIOSSLContext(configuration: configuration)
        let host = settings.host
        let isAddress = host.allSatisfy { $0.isNumber || $0 == "." || $0 == ":" }
        let channel = self.channel
        try await channel.eventLoop.submit {
            let tls = try NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host)
            try channel.pipeline.syncOperations.addHandler(tls, position: .first)
        }.get()
    }

    private func authenticate(username: String, password: String) async throws {
        let mechanisms = extensions.first { $0.hasPrefix("AUTH") }.map { Set($0.split(separator: " ").dropFirst().map(String.init)) } ?? []
        if mechanisms.contains("PLAIN") || !mechanisms.contains("LOGIN") {
            let token = Data("\0\(username)\0\(password)".utf8).base64EncodedString()
            try await command("AUTH PLAIN \(token)", expect: [235], shown: "AUTH PLAIN")
        } else {
            try await command("AUTH LOGIN", expect: [334])
            try await command(Data(username.utf8).base64EncodedString(), expect: [334], shown: "AUTH LOGIN (логин)")
            try await command(Data(password.utf8).base64EncodedString(), expect: [235], shown: "AUTH LOGIN (пароль)")
        }
    }

    /// Sends one letter. `beforeCommit` runs after the whole text is with the server and before
    /// the final dot; when it answers false the connection is dropped and the server discards the
    /// letter. `afterFinalDot` runs once the dot is written (tests stop there as a crash would).
    /// Returns whether the server accepted it; a refusal of the letter throws `.refused`, and a
    /// missing answer after the dot `.replyLost`.
    func send(to recipient: String, message: String, beforeCommit: () async throws -> Bool,
              afterFinalDot: () async throws -> Void = {}) async throws -> Bool {
        do {
            try await command("MAIL FROM:<\(settings.from)>", expect: [250])
            try await command("RCPT TO:<\(recipient)>", expect: [250, 251])
            try await command("DATA", expect: [354])
        } catch let error as SMTPError {
            if case .refused = error { try? await command("RSET", expect: [250]) }
            throw error
        }
        // Dot-stuffing: a line that starts with a dot gets a second one (RFC 5321, 4.5.2).
        let stuffed = message.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        try await write(stuffed.hasPrefix(".") ? "." + stuffed : stuffed)
        guard try await beforeCommit() else {
            abort()
            return false
        }
        do {
            try await write(".\r\n")
        } catch {
            throw SMTPError.replyLost(String(describing: error))
        }
        try await afterFinalDot()
        do {
            try await expect(250, after: "конец письма")
        } catch let error as SMTPError {
            if case .refused = error { throw error }
            throw SMTPError.replyLost(error.description)
        } catch {
            throw SMTPError.replyLost(String(describing: error))
        }
        return true
    }

    func quit() async {
        _ = try? await command("QUIT", expect: [221])
        abort()
    }

    /// Drops the connection at once, as a crash would.
    func abort() {
        channel.close(promise: nil)
    }
}
