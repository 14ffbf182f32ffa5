import Foundation

/// A pair's planned meetings as an iCalendar file (RFC 5545), for the phone's or the office's calendar.
enum MeetingCalendar {
    static func ics(_ meetings: [PairMeeting], title: String) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Nastavnik//Pair meetings//RU", "CALSCALE:GREGORIAN",
                     "X-WR-CALNAME:" + escape(title), "X-WR-TIMEZONE:Europe/Moscow"]
        let stamp = timestamp(Date())
        for meeting in meetings where meeting.status != .cancelled {
            guard let day = meeting.day else { continue }
            lines.append("BEGIN:VEVENT")
            lines.append("UID:\(meeting.id?.uuidString ?? UUID().uuidString)@nastavnik")
            lines.append("DTSTAMP:\(stamp)")
            let date = day.iso.replacingOccurrences(of: "-", with: "")
            let time = meeting.startsAt.split(separator: ":").compactMap { Int($0) }
            if time.count == 2 {
                let end = time[0] * 60 + time[1] + meeting.durationMinutes
                lines.append("DTSTART;TZID=Europe/Moscow:\(date)T\(String(format: "%02d%02d00", time[0], time[1]))")
                lines.append("DTEND;TZID=Europe/Moscow:\(date)T\(String(format: "%02d%02d00", min(end / 60, 23), end / 60 > 23 ? 59 : end % 60))")
            } else {
                lines.append("DTSTART;VALUE=DATE:\(date)")
            }
            lines.append("SUMMARY:" + escape("\(meeting.kind.russianName) — \(title)"))
            if !meeting.place.isEmpty { lines.append("LOCATION:" + escape(meeting.place)) }
            lines.append("DESCRIPTION:" + escape(meeting.kind.guidance))
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// A TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma escaped, every line break
    /// (CR LF, a bare CR, LF, U+2028/2029, NEL) written as `\\n`, and other control characters
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

    /// Lines longer than 75 octets continue on the next line after a space (RFC 5545 §3.1).
    static func fold(_ line: String) -> String {
        var result = "", count = 0
        for character in line {
            let size = String(character).utf8.count
            if count + size > 75 { result += "\r\n "; count = 1 }
            result.append(character)
            count += size
        }
        return result
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
