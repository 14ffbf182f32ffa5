/// A roadmap template: events transcribed from a seed, with deadlines as months counted from
/// the month the program's period starts, so the plan moves with the program's dates.
public struct RoadmapTemplate: Sendable {
    public enum Kind: String, CaseIterable, Sendable {
        /// Seed 003: «План реализации Программы» of a school, 37 events, teacher–teacher.
        case schoolPlan
        /// Seed 001: «План мероприятий („дорожная карта“)» of a college.
        case collegePlan

        public var russianName: String {
            switch self {
            case .schoolPlan: "План реализации программы школы (37 мероприятий, учитель – учитель)"
            case .collegePlan: "Дорожная карта колледжа (по этапам целевой модели)"
            }
        }

        public var template: RoadmapTemplate {
            switch self {
            case .schoolPlan: RoadmapTemplate.schoolPlan
            case .collegePlan: RoadmapTemplate.collegePlan
            }
        }
    }

    /// A deadline relative to the program: month 0 is the month its period starts.
    public enum Timing: Sendable {
        case month(Int)
        case day(month: Int, day: Int)
        case period(Int, Int)
        /// The month the program's period ends (seed 003 item 37: «Август 2025 г.»).
        case programEnd
        case continuous
        case unset
    }

    public struct Item: Sendable {
        public let title: String
        public let stage: ProgramStage
        public let contour: Contour
        public let timing: Timing
        /// «Ежегодно»: repeated in every academic year of the program.
        public let yearly: Bool
        public let result: String
        public let responsible: String
        public let document: String

        /// An item of the internal contour, as most are.
        init(_ title: String, _ stage: ProgramStage, _ timing: Timing, yearly: Bool = false,
             result: String, responsible: String, document: String = "") {
            self.init(title, stage, .internal, timing, yearly: yearly, result: result, responsible: responsible, document: document)
        }

        init(_ title: String, _ stage: ProgramStage, _ contour: Contour, _ timing: Timing, yearly: Bool = false,
             result: String, responsible: String, document: String = "") {
            self.title = title
            self.stage = stage
            self.contour = contour
            self.timing = timing
            self.yearly = yearly
            self.result = result
            self.responsible = responsible
            self.document = document
        }
    }

    public let items: [Item]

    /// One concrete roadmap row made from a template item for a program.
    public struct Planned: Sendable, Equatable {
        public let title: String
        public let stage: ProgramStage
        public let contour: Contour
        public let deadline: RoadmapDeadline
        public let isYearly: Bool
        /// «2023/2024» for a recurring item; nil for a one-time one.
        public let academicYear: String?
        public let result: String
        public let responsible: String
        public let document: String
    }

    /// The plan for a program from `start` to `end`: one-time items once, «ежегодно» items in
    /// every academic year that begins inside the period, in order of stage and deadline.
    public func plan(start: CalendarDay, end: CalendarDay) -> [Planned] {
        let first = start.yearMonth, last = end.yearMonth
        let years = max(1, (first.months(to: last) + 12) / 12)
        var rows: [(order: (Int, Int, Int), row: Planned)] = []
        for (index, item) in items.enumerated() {
            let base = deadline(item.timing, first: first, last: last)
            for year in 0..<(item.yearly ? years : 1) {
                let deadline = base.shifted(months: 12 * year)
                let yearStart = first.adding(months: 12 * year)
                rows.append(((year, item.stage.rawValue, index), Planned(
                    title: item.title, stage: item.stage, contour: item.contour, deadline: deadline, isYearly: item.yearly,
                    // A program that starts in January is still in the academic year that began in September.
                    academicYear: item.yearly ? AcademicYear.of(CalendarDay(year: yearStart.year, month: yearStart.month, day: 1)).title : nil,
                    result: item.result, responsible: item.responsible, document: item.document)))
            }
        }
        // One-time items that close the program (seed 003's item 37) stay last.
        return rows.sorted { lhs, rhs in
            let l = lhs.row.isYearly || lhs.row.deadline != deadline(.programEnd, first: first, last: last) ? 0 : 1
            let r = rhs.row.isYearly || rhs.row.deadline != deadline(.programEnd, first: first, last: last) ? 0 : 1
            return (l, lhs.order.0, lhs.order.1, lhs.order.2) < (r, rhs.order.0, rhs.order.1, rhs.order.2)
        }.map(\.row)
    }

    func deadline(_ timing: Timing, first: YearMonth, last: YearMonth) -> RoadmapDeadline {
        switch timing {
        case .month(let offset): .month(first.adding(months: offset))
        case .day(let offset, let day):
            .day(CalendarDay(year: first.adding(months: offset).year, month: first.adding(months: offset).month,
                             day: min(day, first.adding(months: offset).lastDay.day)))
        case .period(let from, let to): .period(first.adding(months: from), first.adding(months: to))
        case .programEnd: .month(last)
        case .continuous: .continuous
        case .unset: .unset
        }
    }
}
