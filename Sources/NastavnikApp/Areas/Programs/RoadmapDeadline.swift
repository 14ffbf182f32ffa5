/// When a roadmap item is due: a day, a month, a span of months, «постоянно», or not set yet.
/// Every kind reduces to the first and the last day, so overdue detection is one comparison.
public enum RoadmapDeadline: Equatable, Sendable {
    case day(CalendarDay)
    case month(YearMonth)
    case period(YearMonth, YearMonth)
    case continuous
    case unset

    /// Stored in three columns: `deadline_kind`, `starts_on`, `due_on`.
    public var kind: String {
        switch self {
        case .day: "day"
        case .month: "month"
        case .period: "period"
        case .continuous: "continuous"
        case .unset: "unset"
        }
    }

    public var startsOn: CalendarDay? {
        switch self {
        case .day(let day): day
        case .month(let month): month.firstDay
        case .period(let from, _): from.firstDay
        case .continuous, .unset: nil
        }
    }

    /// The last day the item may still be done on time.
    public var dueOn: CalendarDay? {
        switch self {
        case .day(let day): day
        case .month(let month): month.lastDay
        case .period(_, let to): to.lastDay
        case .continuous, .unset: nil
        }
    }

    public init(kind: String, startsOn: String?, dueOn: String?) {
        let start = startsOn.flatMap(CalendarDay.init(iso:)), due = dueOn.flatMap(CalendarDay.init(iso:))
        switch (kind, start, due) {
        case ("day", _, let due?): self = .day(due)
        case ("month", _, let due?): self = .month(due.yearMonth)
        case ("period", let start?, let due?): self = .period(start.yearMonth, due.yearMonth)
        case ("continuous", _, _): self = .continuous
        default: self = .unset
        }
    }

    /// As the seeds write it: «20.12.2020», «октябрь 2022 г.», «ноябрь 2022 г. – апрель 2023 г.», «2023 г.», «постоянно».
    public var russian: String {
        switch self {
        case .day(let day): day.russian
        case .month(let month): month.russian
        case .period(let from, let to) where from.month == 1 && to.month == 12 && from.year == to.year: "\(from.year) г."
        case .period(let from, let to) where from.year == to.year: "\(from.russianMonth) – \(to.russian)"
        case .period(let from, let to): "\(from.russian) – \(to.russian)"
        case .continuous: "постоянно"
        case .unset: "срок не задан"
        }
    }

    /// Moves a deadline by whole months: a recurring item in a later academic year.
    public func shifted(months: Int) -> RoadmapDeadline {
        switch self {
        case .day(let day):
            let month = day.yearMonth.adding(months: months)
            return .day(CalendarDay(year: month.year, month: month.month, day: min(day.day, month.lastDay.day)))
        case .month(let month): return .month(month.adding(months: months))
        case .period(let from, let to): return .period(from.adding(months: months), to.adding(months: months))
        case .continuous, .unset: return self
        }
    }
}

/// What the curator marks; «просрочено» is not marked but computed from the deadline.
public enum RoadmapStatus: String, Codable, CaseIterable, Sendable {
    case planned, inProgress, done, overdue

    public var russianName: String {
        switch self {
        case .planned: "запланировано"
        case .inProgress: "выполняется"
        case .done: "выполнено"
        case .overdue: "просрочено"
        }
    }

    /// The statuses a person can set.
    public static var settable: [RoadmapStatus] { [.planned, .inProgress, .done] }

    /// An item not done after its last day is overdue, whatever was marked.
    public static func effective(marked: RoadmapStatus, deadline: RoadmapDeadline, today: CalendarDay) -> RoadmapStatus {
        guard marked != .done else { return .done }
        if let due = deadline.dueOn, due < today { return .overdue }
        return marked == .overdue ? .inProgress : marked
    }
}
