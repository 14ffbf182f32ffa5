import Foundation
@testable import NastavnikApp
import Testing

/// The pair's meetings file (`/pairs/:id/meetings.ics`) as RFC 5545 wants it, read back by a real
/// iCalendar parser (Python's `icalendar`, which `.ci/run` installs).
@Suite("Файл встреч .ics по RFC 5545")
struct CalendarFileTests {
    /// Longer than 75 octets many times over in UTF-8 (each Cyrillic letter is two).
    static let title = "Наставничество: Смирнова Анна Сергеевна и Орлов Илья, программа «Шаг вперёд» 2026/2027 учебного года"
    static let place = "каб. 12, 2 этаж; вход со двора\\справа\nу окна"

    static func meeting(on day: String, at time: String, minutes: Int = 40, place: String = "") -> PairMeeting {
        let meeting = PairMeeting()
        meeting.id = UUID()
        meeting.kind = .working
        meeting.status = .planned
        meeting.on = day
        meeting.startsAt = time
        meeting.durationMinutes = minutes
        meeting.format = .inPerson
        meeting.place = place
        meeting.summary = ""
        meeting.recordedByName = ""
        return meeting
    }

    static let meetings = [
        meeting(on: "2026-12-10", at: "15:00", place: place),
        // Past midnight: the end is the next day, not 23:59.
        meeting(on: "2026-12-31", at: "23:30", minutes: 60),
        // No time given: a whole-day event.
        meeting(on: "2027-01-15", at: ""),
    ]

    static let stamp = Date(timeIntervalSince1970: 1_796_000_000)

    @Test("Строки файла .ics: CRLF, не длиннее 75 октетов, перенос не разрывает русскую букву, текст экранирован")
    func foldingAndEscaping() throws {
        let text = MeetingCalendar.ics(Self.meetings, title: Self.title, stamp: Self.stamp)
        #expect(text.hasSuffix("\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        // No bare CR or LF: every line ends with CRLF.
        #expect(lines.allSatisfy { !$0.contains("\r") && !$0.contains("\n") })
        #expect(lines.allSatisfy { $0.utf8.count <= 75 }, "строка длиннее 75 октетов")
        // The Cyrillic title is long enough to be folded several times, and every piece is whole UTF-8.
        #expect(lines.filter { $0.hasPrefix(" ") }.count >= 4)
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
        #expect(unfolded.contains("X-WR-CALNAME:" + Self.title.replacingOccurrences(of: ",", with: "\\,")))
        #expect(unfolded.contains("LOCATION:каб. 12\\, 2 этаж\\; вход со двора\\\\справа\\nу окна"))
        #expect(unfolded.contains("SUMMARY:Рабочая встреча — " + Self.title.replacingOccurrences(of: ",", with: "\\,")))
        // Every event has its UID and DTSTAMP; the zone its times name is defined in the file.
        #expect(unfolded.filter { $0.hasPrefix("UID:") }.count == 3)
        #expect(unfolded.filter { $0 == "DTSTAMP:20261130T005320Z" }.count == 3)
        #expect(unfolded.contains("DTSTART;TZID=Europe/Moscow:20261210T150000"))
        #expect(unfolded.contains("DTEND;TZID=Europe/Moscow:20261210T154000"))
        #expect(unfolded.contains("DTEND;TZID=Europe/Moscow:20270101T003000"))
        #expect(unfolded.contains("DTSTART;VALUE=DATE:20270115"))
        let zone = Array(unfolded.drop { $0 != "BEGIN:VTIMEZONE" }.prefix { $0 != "BEGIN:VEVENT" }).filter { !$0.hasPrefix("TZNAME:") }
        #expect(zone == ["BEGIN:VTIMEZONE", "TZID:Europe/Moscow", "BEGIN:STANDARD", "DTSTART:20261209T000000",
                         "TZOFFSETFROM:+0300", "TZOFFSETTO:+0300", "END:STANDARD", "END:VTIMEZONE"])
    }

    @Test("Парсер iCalendar читает файл встреч: зона описана в файле, время и текст те же")
    func realParser() throws {
        guard let python = try Python.withModule("icalendar") else { return }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("meetings.ics")
        try Data(MeetingCalendar.ics(Self.meetings, title: Self.title, stamp: Self.stamp).utf8).write(to: file)
        // The zone is resolved from the file's own VTIMEZONE (to_tz), not from the parser's database.
        let script = """
        import json, sys
        from datetime import timezone
        from icalendar import Calendar
        calendar = Calendar.from_ical(open(sys.argv[1], 'rb').read())
        zones = {str(z['TZID']): z.to_tz() for z in calendar.walk('VTIMEZONE')}
        errors = [str(e) for c in calendar.walk() for e in getattr(c, 'errors', [])]
        events = []
        for e in calendar.walk('VEVENT'):
            def moment(name):
                prop = e.get(name)
                if prop is None:
                    return None
                value = prop.dt
                if not hasattr(value, 'hour'):
                    return value.isoformat()
                tzid = prop.params.get('TZID')
                if tzid is not None:
                    value = value.replace(tzinfo=None)
                    value = value.replace(tzinfo=zones[tzid]) if tzid in zones else None
                    if value is None:
                        return 'undefined TZID ' + tzid
                return value.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')
            events.append({'uid': str(e['UID']), 'stamp': moment('DTSTAMP'), 'start': moment('DTSTART'), 'end': moment('DTEND'),
                           'summary': str(e['SUMMARY']), 'location': str(e.get('LOCATION', ''))})
        print(json.dumps({'version': str(calendar['VERSION']), 'prodid': str(calendar['PRODID']), 'errors': errors, 'events': events}))
        """
        let run = try ChildProcess.run(python, ["-c", script, file.path])
        #expect(run.status == 0, "\(run.errors)")
        struct Parsed: Decodable {
            struct Event: Decodable { let uid: String; let stamp: String?; let start: String?; let end: String?; let summary: String; let location: String }
            let version: String
            let prodid: String
            let errors: [String]
            let events: [Event]
        }
        let parsed = try JSONDecoder().decode(Parsed.self, from: run.output)
        #expect(parsed.version == "2.0" && parsed.errors.isEmpty)
        #expect(parsed.events.map(\.uid) == Self.meetings.map { "\($0.id!.uuidString)@nastavnik" })
        #expect(parsed.events.allSatisfy { $0.stamp == "2026-11-30T00:53:20Z" })
        // 15:00 in Moscow is 12:00 UTC; 23:30 on New Year's Eve ends at 00:30, 21:30 UTC.
        #expect(parsed.events.map(\.start) == ["2026-12-10T12:00:00Z", "2026-12-31T20:30:00Z", "2027-01-15"])
        #expect(parsed.events.map(\.end) == ["2026-12-10T12:40:00Z", "2026-12-31T21:30:00Z", nil])
        #expect(parsed.events[0].summary == "Рабочая встреча — " + Self.title)
        #expect(parsed.events[0].location == "каб. 12, 2 этаж; вход со двора\\справа\nу окна")
    }
}

/// Python with a module for a check: in CI (CI=true) a missing interpreter or module fails the test,
/// elsewhere the check is skipped with a word.
enum Python {
    struct Missing: Error, CustomStringConvertible {
        let module: String
        var description: String { "python3 с модулем \(module) не найден, а в CI (CI=true) проверка обязательна (.ci/run ставит его через pip)" }
    }

    static func withModule(_ module: String) throws -> String? {
        if let python = LibreOffice.find("python3"), (try? ChildProcess.run(python, ["-c", "import \(module)"]))?.status == 0 {
            return python
        }
        if LibreOffice.isCI { throw Missing(module: module) }
        print("python3 с модулем \(module) не установлен: проверка настоящим парсером пропущена (pip install \(module); CI его ставит).")
        return nil
    }
}
