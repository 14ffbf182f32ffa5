import Foundation

/// Dates as text through one formatter per pattern, zone and locale, built once and shared.
/// Building a `DateFormatter` is the costly part (ICU parses the pattern and loads the locale),
/// and pages, letters and exports format dates in loops; one instance is not promised to be safe
/// on several threads at once on Linux, so each use holds the cache's lock (formatting is
/// microseconds, the lock is never held across anything slower).
enum DateFormatting {
    /// `pattern` as `DateFormatter.dateFormat` reads it («dd.MM.yyyy HH:mm»); Moscow time and
    /// Russian month names unless told otherwise.
    static func string(_ date: Date, _ pattern: String, zone: TimeZone = RussianDate.timeZone, locale: String = "ru_RU") -> String {
        cache.string(date, pattern: pattern, zone: zone, locale: locale)
    }

    private static let cache = FormatterCache()

    private final class FormatterCache: @unchecked Sendable {
        private let lock = NSLock()
        private var formatters: [String: DateFormatter] = [:]

        func string(_ date: Date, pattern: String, zone: TimeZone, locale: String) -> String {
            let key = "\(locale)|\(zone.identifier)|\(pattern)"
            return lock.withLock {
                let formatter = formatters[key] ?? {
                    let formatter = DateFormatter()
                    formatter.locale = Locale(identifier: locale)
                    formatter.timeZone = zone
                    formatter.dateFormat = pattern
                    formatters[key] = formatter
                    return formatter
                }()
                return formatter.string(from: date)
            }
        }
    }
}
