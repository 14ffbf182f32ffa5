import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor

/// The rules of programs, monitoring and notifications called as services, without HTTP: each
/// change and its audit entry are one transaction, and the typed errors say the same as the pages.
@Suite("Правила программ и мониторинга без HTTP")
struct ProgramServicesTests {
    struct World {
        let school: Fixtures.Territory
        let other: Fixtures.Territory
        let curator: AuditActor
        let program: Program
    }

    static func world(_ app: Application) async throws -> World {
        let school = try await Fixtures.territory(app)
        let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
        let user = try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization, lastName: "Кузнецова")
        let curator = AuditActor(principal: Principal(userID: user.id!, fullName: "Кузнецова Мария Ивановна", shortName: "Кузнецова М. И.",
                                                      isPlatformAdmin: false, mustChangePassword: false, grants: []), ip: "10.0.0.5")
        guard case .success(let draft) = ProgramDraft.parse(ProgramsTests.schoolProgram) else { throw AppError.badRequest("черновик") }
        let program = try await ProgramService.create(draft, organizationID: school.organizationID, template: .schoolPlan, by: curator, on: app.db)
        return World(school: school, other: other, curator: curator, program: program)
    }

    static func audits(_ action: AuditAction, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$action == action.rawValue).all()
    }

    @Test("Создание программы и переход этапа записаны в журнал с тем, кто их сделал; предупреждение то же, что на странице")
    func createAndMoveAreAudited() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let created = try await Self.audits(.programCreated, on: app.db)
            #expect(created.count == 1 && created.first?.actorName == "Кузнецова Мария Ивановна" && created.first?.ip == "10.0.0.5")
            #expect(created.first?.details?.contains("дорожная карта по шаблону") == true)

            let move = try await ProgramService.move(w.program, to: .menteeBase, by: w.curator, evidence: app.checklistEvidence, on: app.db)
            #expect(move.from == .preparation && move.openItems.count == 4)
            #expect(move.message.hasPrefix("Программа переведена: Этап 2."))
            #expect(move.message.contains("Не выполнено пунктов прежних этапов: 4 — «"))
            #expect(move.message.contains(" и ещё 1. Вернитесь к ним, когда будет возможность."))
            let transition = try #require(try await StageTransition.query(on: app.db).first())
            #expect(transition.actorName == "Кузнецова Мария Ивановна" && transition.openItems == 4)
            #expect(try await Self.audits(.programStageChanged, on: app.db).count == 1)

            // The same stage again is refused and changes nothing.
            await #expect(throws: ProgramError.alreadyOnStage) {
                try await ProgramService.move(w.program, to: .menteeBase, by: w.curator, evidence: app.checklistEvidence, on: app.db)
            }
            #expect(try await StageTransition.query(on: app.db).count() == 1)
            #expect(try await Self.audits(.programStageChanged, on: app.db).count == 1)
            #expect(ProgramError.alreadyOnStage.status == .conflict)
        }
    }

    @Test("Пункт чек-листа чужой программы не отмечается (404); свой отмечается с именем и записью в журнале")
    func checklistTick() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            guard case .success(let draft) = ProgramDraft.parse(ProgramsTests.schoolProgram) else { return }
            let foreign = try await ProgramService.create(draft, organizationID: w.other.organizationID, template: nil, by: .system, on: app.db)
            let foreignItem = try #require(try await StageChecklistItem.query(on: app.db).filter(\.$program.$id == foreign.id!).first())
            await #expect(throws: AppError.self) {
                try await ProgramService.markChecklistItem(foreignItem.id, of: w.program, done: true, by: w.curator, on: app.db)
            }
            #expect(try await StageChecklistItem.find(foreignItem.id, on: app.db)?.isDone == false)

            let own = try #require(try await StageChecklistItem.query(on: app.db).filter(\.$program.$id == w.program.id!).filter(\.$fact == nil).first())
            let ticked = try await ProgramService.markChecklistItem(own.id, of: w.program, done: true, by: w.curator, on: app.db)
            #expect(ticked.isDone && ticked.doneByName == "Кузнецова М. И.")
            let untick = try await ProgramService.markChecklistItem(own.id, of: w.program, done: false, by: w.curator, on: app.db)
            #expect(!untick.isDone && untick.doneByName == nil)
            #expect(try await Self.audits(.checklistItemMarked, on: app.db).compactMap(\.details).sorted()
                == ["выполнено: \(own.title)", "снята отметка: \(own.title)"])
        }
    }

    @Test("Дорожная карта: «просрочено» вручную не ставится, неизвестный шаблон — понятная ошибка; шаблон добавляет весь план")
    func roadmapRules() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let item = try #require(try await RoadmapService.items(of: w.program, on: app.db).first)
            await #expect(throws: ProgramError.unknownRoadmapStatus) {
                try await RoadmapService.update(item.id, of: w.program, status: "overdue", note: nil, by: w.curator, on: app.db)
            }
            await #expect(throws: ProgramError.unknownTemplate) {
                try await RoadmapService.fill(w.program, from: "nope", by: w.curator, on: app.db)
            }
            let before = try await RoadmapItem.query(on: app.db).count()
            let added = try await RoadmapService.fill(w.program, from: "collegePlan", by: w.curator, on: app.db)
            #expect(try await RoadmapItem.query(on: app.db).count() == before + added && added > 0)
            let done = try await RoadmapService.update(item.id, of: w.program, status: "done", note: "  Приказ № 149 ", by: w.curator, on: app.db)
            #expect(done.markedStatus == .done && done.note == "Приказ № 149")
            #expect(try await Self.audits(.roadmapGenerated, on: app.db).count == 1)
            #expect(try await Self.audits(.roadmapItemUpdated, on: app.db).count == 1)
        }
    }

    @Test("Партнёр, названный дважды, — одна строка и одна запись в журнале; своя организация партнёром не бывает")
    func partnerOnce() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            for _ in 0..<2 { try await ProgramPartners.add(w.other.organizationID, to: w.program, by: w.curator, on: app.db) }
            #expect(try await ProgramPartner.query(on: app.db).count() == 1)
            #expect(try await Self.audits(.programPartnerAdded, on: app.db).count == 1)
            await #expect(throws: ProgramError.partnerNotChosen) {
                try await ProgramPartners.add(w.school.organizationID, to: w.program, by: w.curator, on: app.db)
            }
            try await ProgramPartners.remove(w.other.organizationID, from: w.program, by: w.curator, on: app.db)
            await #expect(throws: ProgramError.notAPartner) {
                try await ProgramPartners.remove(w.other.organizationID, from: w.program, by: w.curator, on: app.db)
            }
            #expect(try await Self.audits(.programPartnerRemoved, on: app.db).count == 1)
        }
    }

    @Test("Сведения за год: молодых не больше всех педагогов; второй ввод того же года заменяет первый")
    func yearFigures() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let wrong = MonitoringService.YearFiguresInput(year: "2026/2027", students: 500, teachers: 10, youngTeachers: 11)
            do {
                _ = try await MonitoringService.saveYearFigures(wrong, of: w.school.organization, by: w.curator, on: app.db)
                Issue.record("молодых больше, чем всех педагогов")
            } catch AppError.validation(let errors) {
                #expect(errors["youngTeachers"] == "Молодых педагогов не может быть больше, чем всех педагогов.")
            }
            for students in [500, 520] {
                _ = try await MonitoringService.saveYearFigures(.init(year: "2026/2027", students: students, teachers: 40, youngTeachers: 5),
                                                                of: w.school.organization, by: w.curator, on: app.db)
            }
            let rows = try await OrganizationYearFigures.query(on: app.db).all()
            #expect(rows.count == 1 && rows.first?.students == 520 && rows.first?.enteredByName == "Кузнецова Мария Ивановна")
            #expect(try await Self.audits(.yearFiguresSaved, on: app.db).count == 2)
        }
    }

    @Test("Своя шкала того же названия отказана типовой ошибкой; неизвестный параметр измерения ничего не записывает")
    func scalesAndMeasurements() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let values = ["name": "Баллы экзамена", "minimum": "0", "maximum": "100", "direction": "higher", "whom": "mentees"]
            try await OwnScales.create(try OwnScales.read(values, organizationID: w.school.organizationID), by: w.curator, on: app.db)
            await #expect(throws: MonitoringError.scaleExists("Баллы экзамена")) {
                try await OwnScales.create(try OwnScales.read(values, organizationID: w.school.organizationID), by: w.curator, on: app.db)
            }
            #expect(try await OwnScale.query(on: app.db).count() == 1)
            #expect(try await Self.audits(.ownScaleChanged, on: app.db).count == 1)

            let input = MonitoringService.MeasurementInput(person: "mentee-\(UUID())", phase: "entry", measuredOn: "2026-10-01", source: nil,
                                                           values: ["nope": "5"])
            await #expect(throws: MonitoringError.unknownParameter("nope")) {
                try await MonitoringService.measure(input, organization: w.school.organization, program: w.program, by: w.curator, on: app.db)
            }
            #expect(try await ImpactMeasurement.query(on: app.db).count() == 0)
            #expect(MonitoringError.unknownParameter("nope").status == .unprocessableEntity)
        }
    }

    @Test("SWOT: пустой пункт не добавляется, пункт чужой программы не удаляется; добавление и удаление записаны")
    func swotRules() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            do {
                _ = try await MonitoringService.addSwot(.init(quadrant: "strength", text: "   ", source: nil), to: w.program, by: w.curator, on: app.db)
                Issue.record("пустой пункт добавлен")
            } catch AppError.validation(let errors) {
                #expect(errors["text"] == "Сформулируйте пункт.")
            }
            let item = try await MonitoringService.addSwot(.init(quadrant: "threat", text: "Выгорание наставников", source: ""), to: w.program,
                                                          by: w.curator, on: app.db)
            #expect(item.source == "Куратор" && item.writtenByName == "Кузнецова Мария Ивановна")
            guard case .success(let draft) = ProgramDraft.parse(ProgramsTests.schoolProgram) else { return }
            let foreign = try await ProgramService.create(draft, organizationID: w.other.organizationID, template: nil, by: .system, on: app.db)
            await #expect(throws: AppError.self) {
                try await MonitoringService.deleteSwot(item.id, of: foreign, by: w.curator, on: app.db)
            }
            _ = try await MonitoringService.deleteSwot(item.id, of: w.program, by: w.curator, on: app.db)
            #expect(try await SwotItem.query(on: app.db).count() == 0)
            #expect(try await Self.audits(.swotEdited, on: app.db).compactMap(\.details).sorted() == ["Угрозы: добавлен пункт", "Угрозы: удалён пункт"])
        }
    }

    @Test("Если запись в журнал не удалась, изменение не сохраняется: журнал пишется в транзакции изменения")
    func auditInsideTheChange() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let item = try #require(try await StageChecklistItem.query(on: app.db).filter(\.$program.$id == w.program.id!).filter(\.$fact == nil).first())
            let roadmapItem = try #require(try await RoadmapService.items(of: w.program, on: app.db).first)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE \(ident: AuditEntry.schema) RENAME TO \(ident: "audit_entries_away")").run()

            guard case .success(let draft) = ProgramDraft.parse(ProgramsTests.schoolProgram) else { return }
            await #expect(throws: (any Error).self) {
                try await ProgramService.create(draft, organizationID: w.school.organizationID, template: nil, by: w.curator, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await ProgramService.move(w.program, to: .menteeBase, by: w.curator, evidence: app.checklistEvidence, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await ProgramService.markChecklistItem(item.id, of: w.program, done: true, by: w.curator, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await RoadmapService.update(roadmapItem.id, of: w.program, status: "done", note: "x", by: w.curator, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await ProgramPartners.add(w.other.organizationID, to: w.program, by: w.curator, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await MonitoringService.addSwot(.init(quadrant: "strength", text: "Сильные наставники"), to: w.program, by: w.curator, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await MonitoringService.saveYearFigures(.init(year: "2026/2027", students: 500, teachers: 40, youngTeachers: 5),
                                                            of: w.school.organization, by: w.curator, on: app.db)
            }
            await #expect(throws: (any Error).self) {
                try await NotificationSettings.save(.init(email: "kuznetsova@school.ru", emailEnabled: true, frequency: .daily),
                                                    of: w.curator.principal!.userID, by: w.curator, on: app.db)
            }

            #expect(try await Program.query(on: app.db).count() == 1)
            #expect(try await Program.find(w.program.id, on: app.db)?.stage == .preparation)
            #expect(try await StageTransition.query(on: app.db).count() == 0)
            #expect(try await StageChecklistItem.find(item.id, on: app.db)?.isDone == false)
            #expect(try await RoadmapItem.find(roadmapItem.id, on: app.db)?.note == roadmapItem.note)
            #expect(try await ProgramPartner.query(on: app.db).count() == 0)
            #expect(try await SwotItem.query(on: app.db).count() == 0)
            #expect(try await OrganizationYearFigures.query(on: app.db).count() == 0)
            #expect(try await User.find(w.curator.principal!.userID, on: app.db)?.email == nil)
        }
    }
}
