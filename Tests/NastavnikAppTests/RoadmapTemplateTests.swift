import Foundation
@testable import NastavnikApp
import Testing

@Suite("Дорожная карта: шаблоны, сроки, просрочка")
struct RoadmapTemplateTests {
    let start = CalendarDay(year: 2022, month: 9, day: 1), end = CalendarDay(year: 2025, month: 8, day: 31)

    @Test("План школы — 37 мероприятий «Плана реализации Программы», сроки как в плане для программы сентябрь 2022 – август 2025")
    func schoolPlanMatchesSeed() throws {
        #expect(RoadmapTemplate.schoolPlan.items.count == 37)
        let plan = RoadmapTemplate.schoolPlan.plan(start: start, end: end)
        #expect(Set(plan.map(\.title)).count == 37)
        let first = try #require(plan.first)
        #expect(first.title.hasPrefix("Административное совещание"))
        #expect(first.deadline.russian == "август 2022 г.")
        #expect(first.stage == .preparation)
        let last = try #require(plan.last)
        #expect(last.title == "Анализ достигнутых результатов по итогам реализации программы")
        #expect(last.deadline == .month(YearMonth(year: 2025, month: 8)))
        let courses = try #require(plan.first { $0.title.hasPrefix("Прохождение административной командой") })
        #expect(courses.deadline.russian == "2023 г.")
        let control = try #require(plan.first { $0.title.hasPrefix("Организация текущего контроля") })
        #expect(control.deadline.russian == "ноябрь 2022 г. – апрель 2023 г.")
        #expect(plan.first { $0.title == "Проведение консультаций для наставников" }?.deadline == .continuous)
    }

    @Test("Ежегодные мероприятия повторяются в каждом учебном году программы")
    func yearlyItemsPerAcademicYear() {
        let plan = RoadmapTemplate.schoolPlan.plan(start: start, end: end)
        let interviews = plan.filter { $0.title == "Проведение собеседования с наставниками" }
        #expect(interviews.map(\.deadline.russian) == ["сентябрь 2022 г.", "сентябрь 2023 г.", "сентябрь 2024 г."])
        #expect(interviews.map(\.academicYear) == ["2022/2023", "2023/2024", "2024/2025"])
        let yearly = RoadmapTemplate.schoolPlan.items.filter(\.yearly).count
        #expect(plan.count == 37 + 2 * yearly)
        // A one-year program has each event once.
        #expect(RoadmapTemplate.schoolPlan.plan(start: start, end: CalendarDay(year: 2023, month: 8, day: 31)).count == 37)
        // A program that starts in January belongs to the academic year begun in September.
        let january = RoadmapTemplate.schoolPlan.plan(start: CalendarDay(year: 2027, month: 1, day: 11), end: CalendarDay(year: 2027, month: 12, day: 31))
        #expect(january.first { $0.title == "Проведение собеседования с наставниками" }?.academicYear == "2026/2027")
    }

    @Test("Сроки сдвигаются к датам программы: старт в январе 2024 — совещание в декабре 2023")
    func shiftedToProgramDates() {
        let plan = RoadmapTemplate.schoolPlan.plan(start: CalendarDay(year: 2024, month: 1, day: 15), end: CalendarDay(year: 2024, month: 12, day: 31))
        #expect(plan.first?.deadline == .month(YearMonth(year: 2023, month: 12)))
        #expect(plan.last?.deadline == .month(YearMonth(year: 2024, month: 12)))
        let college = RoadmapTemplate.collegePlan.plan(start: CalendarDay(year: 2020, month: 12, day: 1), end: CalendarDay(year: 2021, month: 12, day: 31))
        let regulation = college.first { $0.title.contains("Разработка Положения") }
        #expect(regulation?.deadline.russian == "20.12.2020")
        #expect(college.contains { $0.contour == .external && $0.title.contains("СМИ") })
    }

    @Test("Мероприятие, не выполненное после своего месяца, просрочено; выполненное и «постоянно» — нет")
    func overdueDetection() {
        let october = RoadmapDeadline.month(YearMonth(year: 2022, month: 10))
        #expect(RoadmapStatus.effective(marked: .planned, deadline: october, today: CalendarDay(year: 2022, month: 10, day: 31)) == .planned)
        #expect(RoadmapStatus.effective(marked: .planned, deadline: october, today: CalendarDay(year: 2022, month: 11, day: 1)) == .overdue)
        #expect(RoadmapStatus.effective(marked: .inProgress, deadline: october, today: CalendarDay(year: 2023, month: 1, day: 1)) == .overdue)
        #expect(RoadmapStatus.effective(marked: .done, deadline: october, today: CalendarDay(year: 2023, month: 1, day: 1)) == .done)
        #expect(RoadmapStatus.effective(marked: .planned, deadline: .continuous, today: CalendarDay(year: 2030, month: 1, day: 1)) == .planned)
        #expect(RoadmapStatus.effective(marked: .planned, deadline: .unset, today: CalendarDay(year: 2030, month: 1, day: 1)) == .planned)
    }

    @Test("Чек-лист этапов: общие пункты целевой модели и пункты выбранных форм, без повторов")
    func checklistByForms() {
        let teachers = StageChecklistTemplate.items(for: [.teacherTeacher])
        #expect(teachers.contains { $0.title.contains("1–2 встречи") })
        #expect(!teachers.contains { $0.title.contains("3–4 встреч") })
        #expect(Set(teachers.map(\.stage)) == Set(ProgramStage.allCases))
        #expect(teachers.filter { $0.stage == .preparation }.count == 7)
        let minors = StageChecklistTemplate.items(for: [.studentStudent, .employerPupil])
        #expect(minors.filter { $0.title.contains("законных представителей") }.count == 1)
        #expect(zip(minors, minors.dropFirst()).allSatisfy { $0.stage <= $1.stage })
    }
}
