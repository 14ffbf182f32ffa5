import Foundation
import MentorMatching

/// When, how often, how and with whom people want to meet, read from the options of the
/// questionnaires («Утром, до уроков», «Раз в неделю», «Очно или онлайн», «11–14 лет (5–8
/// классы)») and from the mentor base's free «Удобное время встреч» («пн, ср после уроков»).
enum MeetingAnswers {
    static let weekdays = Array(1...5)
    static let weekend = [6, 7]

    /// Options of a «В какое время вам удобно встречаться?» question as weekly times: a part of a
    /// weekday, or the whole weekend. «Время обсудим отдельно» says no time.
    static func times(fromOptions options: [String]) -> [MeetingTime] {
        var result = Set<MeetingTime>()
        for option in options {
            let text = option.lowercased()
            if text.contains("выходн") { for day in weekend { for part in DayPart.allCases { result.insert(MeetingTime(weekday: day, dayPart: part)) } } }
            for part in parts(text) { for day in weekdays { result.insert(MeetingTime(weekday: day, dayPart: part)) } }
        }
        return result.sorted()
    }

    /// The mentor base's free text: days named by their short or full names («пн», «среда»,
    /// «будни», «выходные»), parts of the day by words or hours («после уроков», «вечером», «15:00»).
    /// Without a named day, weekdays; without a named part, the whole day. Nothing recognisable gives nothing.
    static func times(fromText text: String) -> [MeetingTime] {
        let lower = text.lowercased()
        guard !lower.trimmingCharacters(in: .whitespaces).isEmpty else { return [] }
        let words = RussianWords.words(lower)
        var days = Set<Int>()
        for word in words {
            if let day = shortDays.firstIndex(of: word) ?? fullDays.firstIndex(where: { word.hasPrefix($0) }) { days.insert(day + 1) }
        }
        if lower.contains("будн") { days.formUnion(weekdays) }
        if lower.contains("выходн") { days.formUnion(weekend) }
        var dayParts = parts(lower)
        for word in words {
            guard let hour = Int(word), (6...22).contains(hour) else { continue }
            dayParts.insert(hour < 12 ? .morning : hour < 17 ? .afternoon : .evening)
        }
        if days.isEmpty && dayParts.isEmpty { return [] }
        if days.isEmpty { days = Set(weekdays) }
        if dayParts.isEmpty { dayParts = Set(DayPart.allCases) }
        return days.flatMap { day in dayParts.map { MeetingTime(weekday: day, dayPart: $0) } }.sorted()
    }

    /// Short names (whole words only: «вс» is not «всё») and stems of the full names, Monday first.
    private static let shortDays = ["пн", "вт", "ср", "чт", "пт", "сб", "вс"]
    private static let fullDays = ["понедельн", "вторн", "сред", "четверг", "пятниц", "суббот", "воскрес"]

    private static func parts(_ text: String) -> Set<DayPart> {
        var result = Set<DayPart>()
        if text.contains("утр") || text.contains("до урок") { result.insert(.morning) }
        if text.contains("днём") || text.contains("днем") || text.contains("после урок") || text.contains("после занят") { result.insert(.afternoon) }
        if text.contains("вечер") { result.insert(.evening) }
        return result
    }

    /// «Очно», «Онлайн», «Очно или онлайн».
    static func place(_ option: String?) -> MentorMatching.MeetingPlace? {
        guard let text = option?.lowercased() else { return nil }
        let inPerson = text.contains("очно"), online = text.contains("онлайн") || text.contains("дистанц")
        switch (inPerson, online) {
        case (true, true): return .either
        case (true, false): return .inPerson
        case (false, true): return .online
        case (false, false): return nil
        }
    }

    /// Hours a week of a meeting frequency, a meeting being about an hour (seed 003).
    static func hoursPerWeek(_ option: String?) -> Double? {
        guard let text = option?.lowercased() else { return nil }
        if text.contains("два раза в неделю") { return 2 }
        if text.contains("раз в неделю") { return 1 }
        if text.contains("раз в две недели") { return 0.5 }
        if text.contains("раз в месяц") { return 0.25 }
        return nil
    }

    /// «11–14 лет (5–8 классы)» → 11–14; «Студенты, молодые специалисты» → 16–35; «Не важно» → any age.
    static func ageRange(_ option: String) -> AgeRange? {
        let text = option.lowercased()
        if text.contains("не важно") { return AgeRange(minimum: 0, maximum: 100) }
        if text.contains("студент") || text.contains("молод") { return AgeRange(minimum: 16, maximum: 35) }
        guard let years = text.range(of: "лет") else { return nil }
        let numbers = text[..<years.lowerBound].split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count >= 2, numbers[0] <= numbers[1] else { return nil }
        return AgeRange(minimum: numbers[0], maximum: numbers[1])
    }

    /// The usual age of a class or a course when the base has no age: «7А» — about 13, «2 курс» —
    /// about 17 (college after the 9th grade). Nil for anything else.
    static func usualAge(className: String?) -> Int? {
        guard let text = className?.lowercased(), let number = Int(text.prefix(while: \.isNumber)) else { return nil }
        if text.contains("курс") { return (1...6).contains(number) ? 15 + number : nil }
        return (1...11).contains(number) ? 6 + number : nil
    }
}
