import Foundation
@testable import NastavnikApp

/// A real SMTP server on loopback (`scripts/smtp_sink.py`, aiosmtpd from PyPI) that writes every
/// message it accepts to a folder; the test reads what the server really received.
final class SMTPSink: @unchecked Sendable {
    struct Received {
        let envelopeTo: String
        let messageID: String
        let subject: String
        let body: String
        let headers: [String: String]
        let overTLS: Bool
        let login: String
    }

    let port: Int
    let folder: String
    private let process: ChildProcess

    /// aiosmtpd is installed (`.ci/run` installs it). In CI a missing one fails the test instead of skipping it.
    static var isAvailable: Bool {
        if ProcessInfo.processInfo.environment["CI"] == "true" { return true }
        return (try? ChildProcess.run("python3", ["-c", "import aiosmtpd"]).status) == 0
    }

    private init(port: Int, folder: String, process: ChildProcess) {
        self.port = port
        self.folder = folder
        self.process = process
    }

    static func start(arguments: [String] = []) throws -> SMTPSink {
        let folder = NSTemporaryDirectory() + "smtp-sink-\(UUID().uuidString)"
        let log = folder + ".log"
        let process = try ChildProcess.start("python3", [packageRoot + "scripts/smtp_sink.py", "--folder", folder] + arguments,
                                             output: log, errors: log, keepInput: true)
        defer { unlink(log) }
        // The sink prints «READY <port>» once it listens; it may take a few seconds on a busy machine.
        let deadline = Date().addingTimeInterval(30)
        var text = ""
        while Date() < deadline {
            text = String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }), let port = Int(line.dropFirst(6)) {
                return SMTPSink(port: port, folder: folder, process: process)
            }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        process.closeInput()
        process.stop()
        throw SinkError(description: "smtp_sink.py не запустился (установлен ли aiosmtpd: pip install aiosmtpd?): \(text)")
    }

    struct SinkError: Error, CustomStringConvertible { let description: String }

    func stop() {
        process.closeInput()
        process.wait()
        try? FileManager.default.removeItem(atPath: folder)
    }

    func settings(security: MailSettings.Security = .none, username: String? = nil, password: String? = nil, caFile: String? = nil,
                  host: String = "127.0.0.1") -> MailSettings {
        MailSettings(host: host, port: port, security: security, username: username, password: password, from: "nastavnik@school.test",
                     caFile: caFile, siteURL: "https://nastavnik.school.test", timeoutSeconds: 10)
    }

    /// Everything received so far, in the order received.
    func received() throws -> [Received] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".eml") }.sorted()
        return try files.map { try Self.parse(String(contentsOfFile: folder + "/" + $0, encoding: .utf8)) }
    }

    static func parse(_ text: String) throws -> Received {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let parts = normalized.components(separatedBy: "\n\n")
        let head = parts[0].replacingOccurrences(of: "\n ", with: " ")
        var headers: [String: String] = [:]
        for line in head.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[String(line[..<colon]).lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rawBody = parts.dropFirst().joined(separator: "\n\n").replacingOccurrences(of: "\n", with: "")
        let body = Data(base64Encoded: rawBody).map { String(decoding: $0, as: UTF8.self) } ?? rawBody
        return Received(envelopeTo: headers["x-envelope-to"] ?? "", messageID: headers["message-id"] ?? "",
                        subject: decodeWords(headers["subject"] ?? ""), body: body, headers: headers,
                        overTLS: headers["x-session-tls"] == "yes", login: headers["x-session-login"] ?? "")
    }

    /// Decodes RFC 2047 `=?UTF-8?B?…?=` words (adjacent words join without the space between).
    static func decodeWords(_ value: String) -> String {
        value.split(separator: " ").map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return String(word) + " " }
            let payload = word.dropFirst(10).dropLast(2)
            return Data(base64Encoded: String(payload)).map { String(decoding: $0, as: UTF8.self) } ?? String(word)
        }.joined().trimmingCharacters(in: .whitespaces)
    }
}
