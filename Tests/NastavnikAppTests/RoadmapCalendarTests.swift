import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// The roadmap as an .ics file: each dated event as whole days, read back by a real parser.
@Suite("Дорожная карта в календарь (.ics)")
struct RoadmapCalendarTests {
    @Test("Мероприятия дорожной карты приходят в .ics целыми днями своего месяца; парсер iCalendar читает файл")
    func roadmapCalendar() async throws {
        try await withTestApp { app in
            // The school's program with seed 003's roadmap, as the other roadmap exports test it.
            let (browser, location) = try await ProgramDocumentsTests().program(app)
            let response = try await browser.get(location + "/roadmap.ics")
            #expect(response.status == .ok)
            #expect(response.headers.first(name: .contentType) == DocumentResponse.calendarType)
            let text = response.text
            let lines = text.components(separatedBy: "\r\n").dropLast()
            #expect(lines.allSatisfy { $0.utf8.count <= 75 && !$0.contains("\n") && !$0.contains("\r") })
            let items = try await RoadmapItem.query(on: app.db).all()
            let dated = items.filter { $0.deadline.startsOn != nil || $0.deadline.dueOn != nil }
            #expect(!dated.isEmpty)
            let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
            #expect(unfolded.filter { $0 == "BEGIN:VEVENT" }.count == dated.count)
            // «август 2022 г.»: the whole month, DTEND the day after its last.
            let first = try #require(items.sorted { $0.position < $1.position }.first)
            let block = unfolded.drop { $0 != "UID:\(first.id!.uuidString)@nastavnik" }.prefix { $0 != "END:VEVENT" }
            #expect(block.contains("DTSTART;VALUE=DATE:20220801") && block.contains("DTEND;VALUE=DATE:20220901"))
            #expect(!unfolded.contains { $0.hasPrefix("BEGIN:VTIMEZONE") || $0.contains("TZID=") }, "целые дни не зависят от зоны")

            guard let python = try Python.withModule("icalendar") else { return }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("roadmap-\(UUID().uuidString).ics")
            try Data(text.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let script = """
            import sys
            from icalendar import Calendar
            calendar = Calendar.from_ical(open(sys.argv[1], 'rb').read())
            events = list(calendar.walk('VEVENT'))
            bad = [str(e['UID']) for e in events if hasattr(e['DTSTART'].dt, 'hour') or e['DTEND'].dt <= e['DTSTART'].dt]
            errors = [str(x) for c in calendar.walk() for x in getattr(c, 'errors', [])]
            print(len(events), len(bad), len(errors), str(events[0]['SUMMARY']) if events else '')
            """
            let run = try ChildProcess.run(python, ["-c", script, file.path])
            #expect(run.status == 0, "\(run.errors)")
            #expect(String(decoding: run.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "\(dated.count) 0 0 \(first.title)")
        }
    }
}
