import Foundation

/// An academic year, 1 September to 31 August, named «2026/2027». Indicators count a program in
/// the academic year its start date falls in.
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
}
