import Foundation

/// The SMTP server letters go through, read from the environment (see README «Уведомления и
/// почта»). Without `NASTAVNIK_SMTP_HOST` the platform sends no letters: notifications stay on the site.
public struct MailSettings: Sendable, Equatable {
    public enum Security: String, Sendable {
        /// STARTTLS is required: a server that does not offer it gets no letter and no password.
        case startTLS = "starttls"
        /// Plain SMTP, for a relay on the same machine or in tests on loopback only.
        case none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The envelope sender and the From address.
    public var from: String
    public var fromName: String
    /// A PEM file of the certificate authority a school's own server is signed by; the system's otherwise.
    public var caFile: String?
    /// The site's address for links in letters, without a trailing slash.
    public var siteURL: String
    /// The hour (platform time) the daily digests and reminders are written.
    public var digestHour: Int
    /// Seconds one SMTP reply may take.
    public var timeoutSeconds: Int64
    /// How long a claimed letter stays with its worker: after a crash, the next worker takes the
    /// letters of the dead one once this has passed.
    public var leaseSeconds: TimeInterval

    public init(host: String, port: Int = 587, security: Security = .startTLS, username: String? = nil, password: String? = nil,
                from: String, fromName: String = "Наставник", caFile: String? = nil, siteURL: String = "http://127.0.0.1:8080",
                digestHour: Int = 7, timeoutSeconds: Int64 = 30, leaseSeconds: TimeInterval = 5 * 60) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.fromName = fromName
        self.caFile = caFile
        self.siteURL = siteURL
        self.digestHour = digestHour
        self.timeoutSeconds = timeoutSeconds
        self.leaseSeconds = leaseSeconds
    }

    /// Problems a person can fix, said in Russian.
    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// nil when no SMTP server is configured.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> MailSettings? {
        guard let host = environment["NASTAVNIK_SMTP_HOST"], !host.isEmpty else { return nil }
        let security: Security
        switch (environment["NASTAVNIK_SMTP_SECURITY"] ?? "starttls").lowercased() {
        case "starttls": security = .startTLS
        case "none":
            security = .none
            if environment["NASTAVNIK_SMTP_PASSWORD"] != nil {
                throw Problem(description: "NASTAVNIK_SMTP_SECURITY=none вместе с паролем: пароль ушёл бы по сети открытым текстом. Уберите пароль или включите starttls.")
            }
        default:
            throw Problem(description: "NASTAVNIK_SMTP_SECURITY: ожидается starttls или none.")
        }
        guard let port = Int(environment["NASTAVNIK_SMTP_PORT"] ?? "587"), (1...65535).contains(port) else {
            throw Problem(description: "NASTAVNIK_SMTP_PORT: ожидается номер порта, например 587.")
        }
        guard let from = environment["NASTAVNIK_SMTP_FROM"], MailAddress.isValid(from) else {
            throw Problem(description: "NASTAVNIK_SMTP_FROM: укажите адрес отправителя писем, например nastavnik@school.ru.")
        }
        let hour = Int(environment["NASTAVNIK_DIGEST_HOUR"] ?? "7") ?? 7
        let lease = TimeInterval(environment["NASTAVNIK_SMTP_LEASE_SECONDS"] ?? "") ?? Outbox.lease
        var site = environment["NASTAVNIK_SITE_URL"] ?? "http://127.0.0.1:8080"
        while site.hasSuffix("/") { site.removeLast() }
        return MailSettings(host: host, port: port, security: security, username: environment["NASTAVNIK_SMTP_USER"],
                            password: environment["NASTAVNIK_SMTP_PASSWORD"], from: from,
                            fromName: environment["NASTAVNIK_SMTP_FROM_NAME"] ?? "Наставник", caFile: environment["NASTAVNIK_SMTP_CA_FILE"],
                            siteURL: site, digestHour: (0...23).contains(hour) ? hour : 7,
                            leaseSeconds: lease >= 1 ? lease : Outbox.lease)
    }
}
