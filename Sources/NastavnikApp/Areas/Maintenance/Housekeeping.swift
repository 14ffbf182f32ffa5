import Fluent
import Foundation
import Vapor

/// Deletes what must not outlive its time while the server runs, whatever requests arrive:
/// sign-in counters whose window has passed (`login_throttles` grew by three rows per failed
/// guess and was cleared only by a successful sign-in, so a guesser could grow it without bound)
/// and raw import files older than a day (cleared before only at start-up and on the import
/// pages, so a server nobody imported on kept a file with children's data for weeks).
/// `serve` starts it (`Housekeeping.start`); tests call `runOnce`.
public enum Housekeeping {
    public struct Report: Equatable, Sendable {
        public var throttles = 0
        public var imports = 0
    }

    @discardableResult
    public static func runOnce(now: Date = Date(), on db: any Database) async throws -> Report {
        Report(throttles: try await LoginRateLimit.purgeExpired(now: now, on: db),
               imports: try await ImportRetention.purge(now: now, on: db))
    }

    /// Starts a round every `interval` seconds (five minutes by default) until the server stops.
    public static func start(_ app: Application, interval: Double = 300) {
        app.lifecycle.use(Lifecycle(interval: interval))
    }

    final class Lifecycle: LifecycleHandler, @unchecked Sendable {
        let interval: Double
        private var task: Task<Void, Never>?

        init(interval: Double) { self.interval = interval }

        func didBootAsync(_ application: Application) async throws {
            let interval = interval
            let logger = application.logger
            let db = application.db
            task = Task {
                while !Task.isCancelled {
                    do {
                        let report = try await Housekeeping.runOnce(on: db)
                        if report != Report() {
                            logger.info("Очистка: удалено счётчиков входа \(report.throttles), файлов импорта \(report.imports)")
                        }
                    } catch {
                        logger.error("Очистка: круг не удался: \(error)")
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
