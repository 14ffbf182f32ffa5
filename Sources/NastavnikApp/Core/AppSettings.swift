import Foundation

/// Where the data lives and how the app behaves; read from the environment by the executable and
/// built by hand in tests.
public struct AppSettings: Sendable {
    public enum DatabaseLocation: Sendable, Equatable {
        /// An SQLite file, created if missing.
        case sqliteFile(path: String)
        /// A PostgreSQL server; `schema` isolates one test's tables from another's.
        case postgres(url: String, schema: String?)
    }

    public var database: DatabaseLocation
    /// Bcrypt cost. 12 in production; tests lower it so they stay fast.
    public var passwordCost: Int
    /// Adds the Secure flag to cookies; on when the site is served over HTTPS.
    public var secureCookies: Bool
    /// PostgreSQL pool size per event loop; tests keep it small because they run side by side.
    public var maxConnectionsPerEventLoop: Int
    /// How long a request waits for a free PostgreSQL connection before it fails. The driver's
    /// 10 s turned a busy minute (100 users at once on 2 cores, Benchmarks/load) into 500s; SQLite's
    /// requests simply queue, so PostgreSQL's should wait as long as a person would.
    public var postgresPoolTimeoutSeconds: Int
    /// Reverse proxies whose header names the client (`NASTAVNIK_TRUSTED_PROXIES`); empty: the
    /// connecting address is the client, and the header is ignored.
    public var trustedProxies: TrustedProxies = .none
    /// The header a trusted proxy names the client in (`NASTAVNIK_CLIENT_ADDRESS_HEADER`).
    public var clientAddressHeader: String = "X-Forwarded-For"
    /// How long a sign-in to an account under a guessing attack waits before the password is
    /// checked: the owner still gets in, a guesser is slowed down. Tests make it short.
    public var loginSlowdownSeconds: Double = 2
    /// Below this much free space on the data folder's disk the health check answers 503
    /// (`NASTAVNIK_MIN_FREE_MB`, 100 MB by default).
    public var minimumFreeDiskBytes: Int64 = 100 * 1024 * 1024
    /// The address people open (`NASTAVNIK_SITE_URL`, «https://nastavnik.school.ru»), put before
    /// every absolute link the server writes (invitation sheets, their QR codes). Never taken from
    /// a request's Host header, which anyone can forge to make a link leak its token elsewhere.
    public var siteURL: String?

    /// The folder holding the SQLite database and its journal; nil on PostgreSQL.
    public var dataDirectory: String? {
        guard case .sqliteFile(let path) = database else { return nil }
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    public init(database: DatabaseLocation, passwordCost: Int = 12, secureCookies: Bool = false, maxConnectionsPerEventLoop: Int = 4,
                postgresPoolTimeoutSeconds: Int = 60) {
        self.database = database
        self.passwordCost = passwordCost
        self.secureCookies = secureCookies
        self.maxConnectionsPerEventLoop = maxConnectionsPerEventLoop
        self.postgresPoolTimeoutSeconds = postgresPoolTimeoutSeconds
    }

    /// `DATABASE_URL=postgres://…` picks PostgreSQL; otherwise an SQLite file in `dataDirectory`
    /// (`NASTAVNIK_DATA`, by default `./data`).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AppSettings {
        let secure = environment["NASTAVNIK_SECURE_COOKIES"] == "1"
        if let url = environment["DATABASE_URL"], url.hasPrefix("postgres") {
            return AppSettings(database: .postgres(url: url, schema: environment["DATABASE_SCHEMA"]), secureCookies: secure)
                .readingClientAddress(environment).readingDiskThreshold(environment).readingSiteURL(environment)
        }
        let directory = environment["NASTAVNIK_DATA"] ?? "data"
        return AppSettings(database: .sqliteFile(path: directory + "/nastavnik.sqlite"), secureCookies: secure)
            .readingClientAddress(environment).readingDiskThreshold(environment).readingSiteURL(environment)
    }

    func readingSiteURL(_ environment: [String: String]) -> AppSettings {
        var settings = self
        settings.siteURL = Self.siteURL(environment["NASTAVNIK_SITE_URL"])
        return settings
    }

    func readingDiskThreshold(_ environment: [String: String]) -> AppSettings {
        var settings = self
        if let megabytes = environment["NASTAVNIK_MIN_FREE_MB"].flatMap(Int64.init), megabytes >= 0 {
            settings.minimumFreeDiskBytes = megabytes * 1024 * 1024
        }
        return settings
    }

    /// The proxy settings from the environment; a list that does not parse stops the start, since
    /// guessing which addresses to trust would be worse.
    func readingClientAddress(_ environment: [String: String]) -> AppSettings {
        var settings = self
        if let header = environment["NASTAVNIK_CLIENT_ADDRESS_HEADER"], !header.isEmpty { settings.clientAddressHeader = header }
        guard let list = environment["NASTAVNIK_TRUSTED_PROXIES"] else { return settings }
        do {
            settings.trustedProxies = try TrustedProxies(list.split(separator: ",").map(String.init))
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(78)
        }
        return settings
    }

    /// An http(s) address without its trailing slashes, or nil for anything else.
    static func siteURL(_ text: String?) -> String? {
        guard var site = text?.trimmingCharacters(in: .whitespaces), site.hasPrefix("https://") || site.hasPrefix("http://") else { return nil }
        while site.hasSuffix("/") { site.removeLast() }
        guard let url = URLComponents(string: site), let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil else { return nil }
        return site
    }

    /// A short human description for start-up messages.
    public var databaseDescription: String {
        switch database {
        case .sqliteFile(let path): "SQLite: \(path)"
        case .postgres(let url, _):
            "PostgreSQL: " + (URLComponents(string: url).map { "\($0.host ?? "localhost"):\($0.port ?? 5432)\($0.path)" } ?? "?")
        }
    }
}
