import Foundation
import SQLKit

/// An academic year, 1 September to 31 August, named «2026/2027». Indicators count a pair in every
/// academic year in which it is active (`IndicatorQueries.active`).
public struct AcademicYear: Hashable, Comparable, Sendable, Codable {
    public let startYear: Int

    public init(startYear: Int) { self.startYear = startYear }

    /// «2026/2027» or «2026»; nil for anything else.
    public init?(title: String) {
        let parts = title.split(separator: "/").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard let first = parts.first, (2000...2100).contains(first), parts.count == 1 || (parts.count == 2 && parts[1] == first + 1) else { return nil }
        startYear = first
    }

    public static func of(_ day: CalendarDay) -> AcademicYear { AcademicYear(startYear: day.month >= 9 ? day.year : day.year - 1) }
    public static func current(_ today: CalendarDay = .today()) -> AcademicYear { of(today) }

    public var title: String { "\(startYear)/\(startYear + 1)" }
    public var firstDay: CalendarDay { CalendarDay(year: startYear, month: 9, day: 1) }
    public var lastDay: CalendarDay { CalendarDay(year: startYear + 1, month: 8, day: 31) }
    public func adding(_ years: Int) -> AcademicYear { AcademicYear(startYear: startYear + years) }

    public static func < (lhs: AcademicYear, rhs: AcademicYear) -> Bool { lhs.startYear < rhs.startYear }

    /// The first moment of the next academic year in Moscow time: a pair formed before it is active this year.
    public var end: Date { adding(1).firstDay.date }

    /// The academic years of a period, first to last.
    public static func span(_ from: CalendarDay, _ to: CalendarDay) -> [AcademicYear] {
        let first = of(from), last = of(max(from, to))
        return (first.startYear...last.startYear).map(AcademicYear.init(startYear:))
    }

    /// The years as a small table `yr` (y, d0, d1, t1) for SQL to join: the start year, the first and
    /// last days as ISO text, and the moment the year ends.
    static func table(_ years: [AcademicYear]) -> SQLQueryString {
        var table: SQLQueryString = "("
        for (index, year) in years.enumerated() {
            if index > 0 { table = table + " UNION ALL " }
            table = table + "SELECT \(unsafeRaw: String(year.startYear)) AS y, \(bind: year.firstDay.iso) AS d0, \(bind: year.lastDay.iso) AS d1, \(bind: year.end) AS t1"
        }
        return table + ") yr"
    }
}
