import Foundation

/// A program's roadmap as an iCalendar file: each event with a deadline as whole days, from the
/// first day of its month or period through its last day, so a curator sees the plan beside
/// their own calendar. Events without a date («постоянно», not set) are left out.
enum RoadmapCalendar {
    static func ics(program: Program, items: [RoadmapItem], stamp: Date = Date()) -> String {
        let events = items.compactMap { item -> ICalendar.Event? in
            guard let first = item.deadline.startsOn ?? item.deadline.dueOn, let last = item.deadline.dueOn ?? item.deadline.startsOn else { return nil }
            let details = [("Срок", item.deadlineText), ("Ответственные", item.responsible), ("Результат", item.expectedResult)]
                .filter { !$0.1.isEmpty }.map { "\($0.0): \($0.1)" }.joined(separator: "\n")
            return ICalendar.Event(uid: "\(item.id?.uuidString ?? UUID().uuidString)@nastavnik", start: .days(first, through: last),
                                   summary: item.title, description: details)
        }
        return ICalendar(name: "Дорожная карта: \(program.name)", productID: "-//Nastavnik//Roadmap//RU", events: events).text(stamp: stamp)
    }
}
