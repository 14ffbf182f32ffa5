import Foundation

/// How regularly a pair meets (seed 003): not less than once in two weeks; twice a week is
/// optimal for teacher–teacher and student–student. The curator watches without intruding.
struct PairRhythm: Codable, Sendable {
    /// The longest gap the seeds allow between meetings.
    static let maximumGapDays = 14
    /// Each side fills the feedback form (the reflection) within this many days of a meeting.
    static let feedbackDays = 3

    let lastHeld: String
    let daysSinceLast: Int?
    let heldLast30Days: Int
    let planned: Int
    let warnings: [String]

    /// `reflections` are those of `meetings`; without them the feedback forms are not checked.
    /// `agreedPerMonth` and `agreedOn` come from the pair's rules of interaction.
    static func assess(_ meetings: [PairMeeting], formedAt: Date?, form: MentoringForm, today: CalendarDay = .today(),
                       reflections: [MeetingReflection]? = nil, agreedPerMonth: Int? = nil, agreedOn: CalendarDay? = nil) -> PairRhythm {
        let held = meetings.filter { $0.status == .held }.compactMap(\.day).sorted()
        let last = held.last
        let since = last.map { today.days(since: $0) }
        let monthAgo = today.adding(days: -30)
        let recent = held.filter { $0 > monthAgo }.count
        let planned = meetings.filter { $0.status == .planned && ($0.day.map { $0 >= today } ?? false) }.count
        var warnings: [String] = []
        if let since, since > maximumGapDays {
            warnings.append("Пара не встречалась \(since) \(days(since)): встречи должны быть не реже раза в две недели.")
        } else if last == nil, let formedAt {
            let waited = today.days(since: CalendarDay.today(formedAt))
            if waited > maximumGapDays { warnings.append("Пара сформирована \(waited) \(days(waited)) назад, а встреч ещё не было.") }
        }
        if !meetings.contains(where: { $0.kind == .acquaintance && $0.status == .held }) && !held.isEmpty {
            warnings.append("Не отмечена встреча-знакомство с участием куратора.")
        }
        if (form == .teacherTeacher || form == .studentStudent) && recent > 0 && recent < 4 {
            warnings.append("Для формы «\(form.russianName)» оптимально встречаться дважды в неделю; за 30 дней встреч: \(recent).")
        }
        if let reflections {
            let sides = Dictionary(grouping: reflections, by: { $0.$meeting.id }).mapValues { Set($0.map(\.side)) }
            let late = meetings.filter { meeting in
                guard meeting.status == .held, let day = meeting.day, today.days(since: day) > feedbackDays else { return false }
                return (meeting.id.flatMap { sides[$0] } ?? []).count < 2
            }.compactMap(\.day).sorted()
            if let latest = late.last {
                warnings.append("Формы обратной связи не заполнены обеими сторонами после \(late.count) \(meetingsWord(late.count)) (последняя — \(latest.russian)); срок — \(feedbackDays) \(days(feedbackDays)) после встречи.")
            }
        }
        if let agreedPerMonth, let agreedOn, today.days(since: agreedOn) >= 30, recent < agreedPerMonth {
            warnings.append("Пара договорилась встречаться \(agreedPerMonth) \(times(agreedPerMonth)) в месяц, а за 30 дней встреч было \(recent): план встреч отстаёт.")
        }
        return PairRhythm(lastHeld: last?.russian ?? "не было", daysSinceLast: since, heldLast30Days: recent, planned: planned, warnings: warnings)
    }

    /// «после N встреч(и)»: the genitive after a number.
    static func meetingsWord(_ count: Int) -> String {
        RussianPlural.form(count, "встречи", "встреч", "встреч")
    }

    /// «N раз(а) в месяц».
    static func times(_ count: Int) -> String {
        RussianPlural.form(count, "раз", "раза", "раз")
    }

    static func days(_ count: Int) -> String {
        let tens = count % 100, ones = count % 10
        if (11...14).contains(tens) { return "дней" }
        if ones == 1 { return "день" }
        if (2...4).contains(ones) { return "дня" }
        return "дней"
    }
}
