import Foundation

/// An iCalendar file (RFC 5545) that Google, Apple, Outlook and Яндекс calendars import: CRLF
/// lines folded at 75 octets, TEXT values escaped, DTSTAMP and UID on every event, and times
/// given in a named zone whose VTIMEZONE the file carries (§3.2.19: a TZID must be defined in
/// the file) — or in UTC with `Z` when the zone changes its offset for summer.
struct ICalendar {
    struct Event {
        enum Start {
            /// A whole day (`VALUE=DATE`).
            case day(CalendarDay)
            /// Whole days from the first through the last (DTEND is the day after, RFC 5545 §3.6.1).
            case days(CalendarDay, through: CalendarDay)
            /// A wall-clock time in the calendar's zone.
            case time(CalendarDay, hour: Int, minute: Int, minutes: Int)
        }

        var uid: String
        var start: Start
        var summary: String
        var location = ""
        var description = ""
    }

    var name: String
    var productID = "-//Nastavnik//Calendar//RU"
    var zone = RussianDate.timeZone
    var events: [Event]

    /// The file's text; `stamp` is the DTSTAMP of every event (when the file was made).
    func text(stamp: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let starts = events.compactMap { event -> Date? in
            guard case .time(let day, let hour, let minute, _) = event.start else { return nil }
            return calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute))
        }
        // A zone that moves its clocks would need its rules written out; UTC times need none.
        let fixed = starts.min().map { zone.nextDaylightSavingTimeTransition(after: $0.addingTimeInterval(-86_400)) == nil } ?? true
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + productID, "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + Self.escape(name)]
        if fixed, let first = starts.min() {
            lines += ["X-WR-TIMEZONE:" + zone.identifier] + timeZoneBlock(from: first, calendar: calendar)
        }
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + Self.escape(event.uid), "DTSTAMP:" + Self.utc(stamp)]
            switch event.start {
            case .day(let day):
                lines.append("DTSTART;VALUE=DATE:" + Self.basic(day))
            case .days(let first, let last):
                lines.append("DTSTART;VALUE=DATE:" + Self.basic(first))
                lines.append("DTEND;VALUE=DATE:" + Self.basic(max(first, last).adding(days: 1)))
            case .time(let day, let hour, let minute, let minutes):
                guard let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)) else { continue }
                let end = start.addingTimeInterval(Double(max(minutes, 1)) * 60)
                if fixed {
                    lines.append("DTSTART;TZID=\(zone.identifier):" + Self.local(start, calendar))
                    lines.append("DTEND;TZID=\(zone.identifier):" + Self.local(end, calendar))
                } else {
                    lines += ["DTSTART:" + Self.utc(start), "DTEND:" + Self.utc(end)]
                }
            }
            lines.append("SUMMARY:" + Self.escape(event.summary))
            if !event.location.isEmpty { lines.append("LOCATION:" + Self.escape(event.location)) }
            if !event.description.isEmpty { lines.append("DESCRIPTION:" + Self.escape(event.description)) }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The zone's one offset since before the first event (Moscow has kept +03:00 since 2014).
    private func timeZoneBlock(from first: Date, calendar: Calendar) -> [String] {
        let since = calendar.startOfDay(for: first.addingTimeInterval(-86_400))
        let offset = Self.offset(zone.secondsFromGMT(for: first))
        // The zone's short name (MSK) when the system knows one; «GMT+3» says nothing the offset does not.
        let name = zone.abbreviation(for: first).flatMap { $0.allSatisfy(\.isLetter) ? ["TZNAME:" + $0] : nil } ?? []
        return ["BEGIN:VTIMEZONE", "TZID:" + zone.identifier, "BEGIN:STANDARD", "DTSTART:" + Self.local(since, calendar),
                "TZOFFSETFROM:" + offset, "TZOFFSETTO:" + offset] + name + ["END:STANDARD", "END:VTIMEZONE"]
    }

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break
    /// (CR LF, a bare CR, LF, U+2028/2029, NEL) written as `\n`, and other control characters
    /// dropped — a bare CR from a typed place would otherwise end the line inside the file.
    static func escape(_ text: String) -> String {
        var result = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n" where previousWasCR: continue
            case "\r", "\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}": result += "\\n"
            case "\t": result += " "
            default:
                if scalar.properties.generalCategory == .control { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1),
    /// never inside a character's UTF-8 bytes.
    static func fold(_ line: String) -> String {
        var result = "", count = 0
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if count + size > 75 { result += "\r\n "; count = 1 }
            result.unicodeScalars.append(scalar)
            count += size
        }
        return result
    }

    /// «20261210T120000Z».
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return local(date, calendar) + "Z"
    }

    private static func local(_ date: Date, _ calendar: Calendar) -> String {
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    private static func basic(_ day: CalendarDay) -> String { String(format: "%04d%02d%02d", day.year, day.month, day.day) }

    /// «+0300».
    private static func offset(_ seconds: Int) -> String {
        (seconds < 0 ? "-" : "+") + String(format: "%02d%02d", abs(seconds) / 3600, abs(seconds) % 3600 / 60)
    }
}
