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
        }
        let directory = environment["NASTAVNIK_DATA"] ?? "data"
        return AppSettings(database: .sqliteFile(path: directory + "/nastavnik.sqlite"), secureCookies: secure)
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
