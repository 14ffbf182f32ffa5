import Foundation

/// Spreadsheet dates are numbers: days since 1899-12-30 in the 1900 date system (Excel's
/// default, whose day 60 is the 29 February 1900 that never was), days since 1904-01-01 in the
/// 1904 system (`<workbookPr date1904="1"/>`, old Mac workbooks); the fraction is the time of day.
enum ExcelDate {
    /// The written side: the platform writes the 1900 system.
    static let epoch = Date(timeIntervalSince1970: -2_209_161_600)

    static func serial(_ date: Date) -> Double {
        // Dates are calendar days in Moscow time, so a date entered as 01.09.2025 stays that day.
        let offset = Double(RussianDate.timeZone.secondsFromGMT(for: date))
        return ((date.timeIntervalSince(epoch) + offset) / 86_400).rounded(.down)
    }

    /// A serial's day and second of the day, by arithmetic alone (no formatter, no zone: a cell
    /// holds a wall-clock value). Nil for a negative or absurd number.
    static func moment(fromSerial serial: Double, date1904: Bool) -> (day: CalendarDay, second: Int)? {
        guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var second = Int(((serial - serial.rounded(.down)) * 86_400).rounded())
        if second >= 86_400 { second -= 86_400; days += 1 }
        let sinceUnixEpoch: Int
        if date1904 {
            sinceUnixEpoch = days - 24_107
        } else {
            // Days 1–59 come before the phantom 29.02.1900, so they count from 1899-12-31.
            sinceUnixEpoch = days - (days < 60 ? 25_568 : 25_569)
        }
        return (civilDay(sinceUnixEpoch), second)
    }

    /// Days since 1970-01-01 → a Gregorian day (H. Hinnant's `civil_from_days`).
    static func civilDay(_ days: Int) -> CalendarDay {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return CalendarDay(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}

/// What a cell's number format says its number is: a plain number, or a date, a time or both.
enum NumberFormatKind: Equatable, Sendable {
    case number, date, time(seconds: Bool), dateTime

    /// Built-in formats (ECMA-376 §18.8.30): 14–17 dates, 18–21 times, 22 date and time,
    /// 45–47 minutes and seconds. Locale-specific ids (27–36, 50–58) are East Asian calendars.
    static func builtIn(_ id: Int) -> NumberFormatKind {
        switch id {
        case 14...17: .date
        case 18, 20: .time(seconds: false)
        case 19, 21, 45, 46, 47: .time(seconds: true)
        case 22: .dateTime
        default: .number
        }
    }

    /// A custom format code is a date or a time when it has a d, m, y, h or s outside quoted text
    /// (`"руб."`), brackets (`[Red]`, `[$-419]`, `[<=9999999]`) and escaped or spacing characters
    /// (`\d`, `_)`, `*-`); `0.00`, `#,##0`, `0%` and `+7 (000) 000-00-00` are numbers.
    static func of(formatCode code: String) -> NumberFormatKind {
        var date = false, time = false, month = false, seconds = false
        var iterator = code.lowercased().makeIterator()
        while let character = iterator.next() {
            switch character {
            case "\"": while let next = iterator.next(), next != "\"" {}
            case "[":
                // Elapsed time ([h], [mm], [ss]) is a time; other brackets are colours, locales, conditions.
                var inside = ""
                while let next = iterator.next(), next != "]" { inside.append(next) }
                if !inside.isEmpty, inside.allSatisfy({ "hms".contains($0) }) { time = true; seconds = seconds || inside.contains("s") }
            case "\\", "_", "*": _ = iterator.next()
            case "d", "y": date = true
            case "m": month = true
            case "h": time = true
            case "s": time = true; seconds = true
            default: break
            }
        }
        // An m is the month beside a day or a year, or alone; beside an hour or seconds it is minutes.
        if month && !time { date = true }
        switch (date, time) {
        case (true, true): return .dateTime
        case (true, false): return .date
        case (false, true): return .time(seconds: seconds)
        case (false, false): return .number
        }
    }

    /// The cell's text as the platform's forms take it: «01.09.2025», «01.09.2025 14:30», «14:30».
    func text(serial: Double, date1904: Bool) -> String? {
        guard self != .number, let (day, second) = ExcelDate.moment(fromSerial: serial, date1904: date1904) else { return nil }
        let clock = String(format: "%02d:%02d", second / 3600, second % 3600 / 60)
        switch self {
        case .number: return nil
        case .date: return day.russian
        case .dateTime: return second == 0 ? day.russian : day.russian + " " + clock
        case .time(let withSeconds):
            // A duration past a day ([h]:mm) keeps counting hours.
            let hours = Int(serial.rounded(.down)) * 24 + second / 3600
            let text = String(format: "%02d:%02d", hours, second % 3600 / 60)
            return withSeconds ? text + String(format: ":%02d", second % 60) : text
        }
    }
}
