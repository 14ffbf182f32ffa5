import Fluent
import Foundation

/// The demo school's teacher–teacher program, made from seed 003's plan as a school would:
/// it began this academic year, what was due before today is done — except one event, so the
/// program page shows how an overdue item stands out — and the stage follows the plan.
enum DemoProgram {
    static func create(school: Organization, curator: User, psychologist: User, on db: any Database, today: CalendarDay = .today()) async throws {
        let startYear = today.month >= 9 ? today.year : today.year - 1
        let draft = ProgramDraft(
            name: "Учитель – учитель", forms: [.teacherTeacher], roleModels: [.noviceMaster, .subjectExperiencedNovice, .reverseDigital],
            goals: "Успешное закрепление на месте работы молодых специалистов, повышение их профессионального потенциала, создание комфортной профессиональной среды внутри школы.",
            expectedResults: "Высокий уровень включённости молодых специалистов в педагогическую работу и культурную жизнь школы; рост уверенности педагогов в собственных силах; снижение числа конфликтов с родительским сообществом.",
            start: CalendarDay(year: startYear, month: 9, day: 1), end: CalendarDay(year: startYear + 3, month: 8, day: 31),
            curators: [.init(fullName: curator.fullName, responsibility: "куратор программы, дорожная карта, мониторинг")],
            team: [.init(fullName: psychologist.fullName, responsibility: "анкетирование, диагностика, психологическое сопровождение")],
            partners: "Центр непрерывного повышения профессионального мастерства педагогических работников")
        let program = try await ProgramService.create(draft, organizationID: try school.requireID(), template: .schoolPlan, on: db)
        let items = try await RoadmapItem.query(on: db).filter(\.$program.$id == program.requireID()).sort(\.$position).all()
        let past = items.filter { item in item.deadline.dueOn.map { $0 < today } ?? false }
        for item in past.dropLast() {
            item.markedStatus = .done
            try await item.save(on: db)
        }
        let stage = past.map(\.stage).max() ?? .preparation
        program.stage = stage
        try await program.save(on: db)
        let checklist = try await StageChecklistItem.query(on: db).filter(\.$program.$id == program.requireID()).all()
        for item in checklist where item.stage < stage {
            item.isDone = true
            item.doneAt = Date()
            item.doneByName = curator.shortName
            try await item.save(on: db)
        }
    }
}
