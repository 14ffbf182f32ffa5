import Fluent
import Foundation

/// The demo program's stage 4, as a curator would have done it: candidates interviewed, two
/// selected, one «не сейчас» with its reason, and two primary-training sessions with attendance,
/// so the selection, training and registry pages open with something to show.
/// Runs once the bases are filled, since the school's program is made before its mentors.
enum DemoSelection {
    static func create(on db: any Database, today: CalendarDay = .today()) async throws {
        guard let program = try await Program.query(on: db).sort(\.$createdAt).first(),
              let curator = try await User.query(on: db).filter(\.$login == "kurator").first(),
              let psychologist = try await User.query(on: db).filter(\.$login == "psikholog").first() else { return }
        // Recorded as the demo school's curator did it, so the decisions name them.
        let actor = AuditActor(principal: Principal(userID: try curator.requireID(), fullName: curator.fullName, shortName: curator.fullName,
                                                    isPlatformAdmin: false, mustChangePassword: false, grants: []), ip: nil)
        let candidates = try await SelectionService.add(nil, to: program, by: actor, on: db)
        guard !candidates.isEmpty else { return }
        let start = program.start
        let interviewed = Array(candidates.prefix(3))
        let readiness: [PsychologicalReadiness] = [.ready, .ratherReady, .notReady]
        let conclusions = [
            "Опытный педагог, готов к роли наставника; темы для обучения — постановка целей с молодым специалистом.",
            "Готов при условии помощи куратора с регламентом встреч; в обучении — стили взаимоотношений с наставляемым.",
            "Высокая нагрузка в этом учебном году; интерес к наставничеству есть, вернуться к отбору в следующем цикле.",
        ]
        for (index, mentor) in interviewed.enumerated() {
            let (_, selection) = try await SelectionService.selection(of: mentor.id, in: program, on: db)
            try await SelectionService.recordInterview(
                .init(day: CalendarDay(year: start.year, month: 9, day: 12 + index), interviewer: "\(curator.fullName), куратор программы",
                      readiness: readiness[index % readiness.count], conclusion: conclusions[index % conclusions.count]),
                on: selection, mentor: mentor, program: program, by: actor, db: db)
            let decision: SelectionInput.Decision = index < 2
                ? .init(decision: .selected, reason: "")
                : .init(decision: .notNow, reason: "Высокая учебная нагрузка в этом году; предложить участие в следующем цикле программы.")
            try await SelectionService.decide(decision, on: selection, mentor: mentor, program: program, by: actor, db: db)
        }
        let sessions = [
            ("Наставничество: Что? Зачем? Как?", TrainingFormat.seminar, 26),
            ("MENTOR SET — уникальная технология для наставника", TrainingFormat.workshop, 3),
        ]
        var planned: [TrainingSession] = []
        for (index, (topic, format, day)) in sessions.enumerated() {
            let session = try await TrainingService.add(
                .init(kind: .primary, topic: topic, day: CalendarDay(year: start.year, month: 9 + index, day: day), format: format,
                      trainerName: index == 0 ? psychologist.fullName : curator.fullName, trainerKind: .internal,
                      materials: "Презентация и памятка наставника — в методическом кабинете"),
                to: program, on: db)
            planned.append(session)
        }
        let selected = Set(interviewed.prefix(2).compactMap(\.id))
        for session in planned where session.day.map({ $0 <= today }) ?? false {
            try await TrainingService.setAttendance(of: session, mentorIDs: selected, program: program, on: db)
        }
    }
}
