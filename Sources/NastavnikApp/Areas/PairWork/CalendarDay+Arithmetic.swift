import Foundation

extension CalendarDay {
    /// Whole days from `earlier` to this day (negative when `earlier` is later).
    func days(since earlier: CalendarDay) -> Int {
        Int(((date.timeIntervalSince(earlier.date)) / 86_400).rounded())
    }

    func adding(days: Int) -> CalendarDay {
        CalendarDay.today(date.addingTimeInterval(Double(days) * 86_400))
    }
}
