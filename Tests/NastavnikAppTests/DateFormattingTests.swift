import Foundation
@testable import NastavnikApp
import Testing

/// Dates as text through the shared formatters (`DateFormatting`), which pages, letters and
/// exports call from many requests at once.
@Suite("Даты текстом: общие форматтеры")
struct DateFormattingTests {
    static let moscow: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = RussianDate.timeZone
        return calendar
    }()

    /// «12.12.2026 09:41» by calendar arithmetic, without a formatter.
    static func expected(_ date: Date) -> String {
        let c = moscow.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%02d.%02d.%04d %02d:%02d", c.day!, c.month!, c.year!, c.hour!, c.minute!)
    }

    @Test("Даты по-русски и для писем одинаковы, сколько бы запросов ни форматировали их одновременно")
    func sameTextFromManyThreads() async throws {
        let calendar = Self.moscow
        let dates = (0..<400).map { Date(timeIntervalSince1970: 1_780_000_000 + Double($0) * 97_531) }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for (index, date) in dates.enumerated() where index % 8 == worker || worker == 0 {
                        if RussianDate.dateTime(date) != Self.expected(date) { wrong += 1 }
                        // Other patterns in between, as a letter and a page would ask.
                        _ = LetterText.day(date)
                        _ = MailComposer.rfc5322Date(date)
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        let december = try #require(calendar.date(from: DateComponents(year: 2026, month: 12, day: 12, hour: 9, minute: 41)))
        #expect(LetterText.day(december) == "12 декабря 2026" && LetterText.day(december, withYear: false) == "12 декабря")
        #expect(LetterText.time(december) == "09:41" && RussianDate.dateTime(december) == "12.12.2026 09:41")
        #expect(MailComposer.rfc5322Date(december) == "Sat, 12 Dec 2026 06:41:00 +0000")
    }
}
