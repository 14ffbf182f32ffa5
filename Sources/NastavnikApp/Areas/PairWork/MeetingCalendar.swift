import Foundation

/// A pair's planned meetings as an iCalendar file, for the phone's or the office's calendar.
enum MeetingCalendar {
    static func ics(_ meetings: [PairMeeting], title: String, stamp: Date = Date()) -> String {
        let events = meetings.filter { $0.status != .cancelled }.compactMap { meeting -> ICalendar.Event? in
            guard let day = meeting.day else { return nil }
            let time = meeting.startsAt.split(separator: ":").compactMap { Int($0) }
            let start: ICalendar.Event.Start = time.count == 2 && (0..<24).contains(time[0]) && (0..<60).contains(time[1])
                ? .time(day, hour: time[0], minute: time[1], minutes: meeting.durationMinutes) : .day(day)
            return ICalendar.Event(uid: "\(meeting.id?.uuidString ?? UUID().uuidString)@nastavnik", start: start,
                                   summary: "\(meeting.kind.russianName) — \(title)", location: meeting.place,
                                   description: meeting.kind.guidance)
        }
        return ICalendar(name: title, productID: "-//Nastavnik//Pair meetings//RU", events: events).text(stamp: stamp)
    }
}
