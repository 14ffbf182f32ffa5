import Foundation

/// A day of the calendar, without a time or a zone: program periods and deadlines are days
/// people write on paper («до 20 декабря 2020 года»). Stored as ISO text, which sorts.
public struct CalendarDay: Hashable, Comparable, Sendable, Codable {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses «2022-09-01» (the value of an `<input type="date">`); nil for anything else or an impossible day.
    public init?(iso: String) {
        let parts = iso.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), parts[0] > 1900, parts[0] < 3000,
              (1...CalendarDay.daysIn(year: parts[0], month: parts[1])).contains(parts[2]) else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    public var iso: String { String(format: "%04d-%02d-%02d", year, month, day) }
    /// «20.12.2020».
    public var russian: String { String(format: "%02d.%02d.%04d", day, month, year) }
    public var yearMonth: YearMonth { YearMonth(year: year, month: month) }

    /// Today in Moscow time, where most users are.
    public static func today(_ now: Date = Date()) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = RussianDate.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return CalendarDay(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// Noon in Moscow, for spreadsheet date cells.
    public var date: Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = RussianDate.timeZone
        return calendar.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) ?? Date()
    }

    static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool { lhs.iso < rhs.iso }
}

/// A month of a year: most roadmap deadlines are months («Октябрь 2022 г.»).
public struct YearMonth: Hashable, Comparable, Sendable {
    public let year: Int
    public let month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public func adding(months: Int) -> YearMonth {
        let index = year * 12 + (month - 1) + months
        return YearMonth(year: index / 12, month: index % 12 + 1)
    }

    /// Months from `self` to `other`; negative when `other` is earlier.
    public func months(to other: YearMonth) -> Int { (other.year * 12 + other.month) - (year * 12 + month) }

    public var firstDay: CalendarDay { CalendarDay(year: year, month: month, day: 1) }
    public var lastDay: CalendarDay { CalendarDay(year: year, month: month, day: CalendarDay.daysIn(year: year, month: month)) }

    static let names = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь"]

    /// «октябрь 2022 г.».
    public var russian: String { "\(YearMonth.names[month - 1]) \(year) г." }
    public var russianMonth: String { YearMonth.names[month - 1] }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}
