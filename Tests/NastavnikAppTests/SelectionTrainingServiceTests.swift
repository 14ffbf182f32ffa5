import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// Selection and training write their audit entries in the transaction of the change they record.
@Suite("Отбор и обучение: запись журнала в транзакции изменения")
struct SelectionTrainingServiceTests {
    struct Rollback: Error {}

    func curator(_ app: Application, organization: Organization) async throws -> AuditActor {
        let user = try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization, lastName: "Куратова")
        return AuditActor(principal: Principal(userID: user.id!, fullName: user.fullName, shortName: user.fullName, isPlatformAdmin: false,
                                               mustChangePassword: false, grants: []), ip: "10.0.0.1")
    }

    func audits(_ action: AuditAction, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$action == action.rawValue).all()
    }

    @Test("Решение по отбору и его запись в журнале откатываются вместе; записанное называет того, кто решил")
    func decisionAndItsAudit() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let actor = try await curator(app, organization: school.organization)
            let program = try await SelectionFixtures.program(app, organization: school.organization, forms: [.studentStudent])
            let mentor = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов", origin: .student)
            _ = try await SelectionService.add(nil, to: program, by: actor, on: app.db)
            #expect(try await audits(.selectionCandidatesAdded, on: app.db).map(\.details) == [mentor.fullName])
            let (_, selection) = try await SelectionService.selection(of: mentor.id, in: program, on: app.db)
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { tx in
                    try await SelectionService.decide(.init(decision: .selected, reason: ""), on: selection, mentor: mentor, program: program, by: actor, db: tx)
                    throw Rollback()
                }
            }
            #expect(try await MentorSelection.find(selection.id, on: app.db)?.decision != .selected)
            #expect(try await audits(.selectionDecided, on: app.db).isEmpty)

            let (_, fresh) = try await SelectionService.selection(of: mentor.id, in: program, on: app.db)
            try await SelectionService.decide(.init(decision: .selected, reason: ""), on: fresh, mentor: mentor, program: program, by: actor, db: app.db)
            let decided = try await audits(.selectionDecided, on: app.db)
            #expect(decided.count == 1 && decided.first?.actorID == actor.principal?.userID && decided.first?.ip == "10.0.0.1")
            #expect(try await MentorSelection.find(fresh.id, on: app.db)?.decidedBy == "Куратова Мария Ивановна")
        }
    }

    @Test("Посещение, ставшее «обучен», пишет в журнал отметки и каждого обученного в той же транзакции")
    func attendanceAndTrained() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let actor = try await curator(app, organization: school.organization)
            let program = try await SelectionFixtures.program(app, organization: school.organization, forms: [.studentStudent])
            let mentor = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов", origin: .student)
            _ = try await SelectionService.add(nil, to: program, by: actor, on: app.db)
            let (_, selection) = try await SelectionService.selection(of: mentor.id, in: program, on: app.db)
            try await SelectionService.decide(.init(decision: .selected, reason: ""), on: selection, mentor: mentor, program: program, by: actor, db: app.db)
            try await TrainingService.setRequiredSessions(1, for: program, by: actor, on: app.db)
            let session = try await TrainingService.add(.init(kind: .primary, topic: "Тема", day: CalendarDay(year: 2025, month: 10, day: 1),
                                                              format: .seminar, trainerName: "Сидорова А. А.", trainerKind: .internal, materials: ""),
                                                        to: program, by: actor, on: app.db)
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { tx in
                    try await TrainingService.setAttendance(of: session, mentorIDs: [mentor.id!], program: program, by: actor, on: tx)
                    throw Rollback()
                }
            }
            #expect(try await Mentor.find(mentor.id, on: app.db)?.status == .selected)
            #expect(try await audits(.mentorTrained, on: app.db).isEmpty)
            #expect(try await audits(.trainingAttendanceMarked, on: app.db).isEmpty)

            let promoted = try await TrainingService.setAttendance(of: session, mentorIDs: [mentor.id!], program: program, by: actor, on: app.db)
            #expect(promoted.map(\.id) == [mentor.id])
            #expect(try await audits(.mentorTrained, on: app.db).map(\.actorID) == [actor.principal?.userID])
            #expect(try await audits(.trainingAttendanceMarked, on: app.db).map(\.details) == ["Тема: отметок 1"])
            #expect(try await audits(.trainingSessionAdded, on: app.db).count == 1)
        }
    }
}
