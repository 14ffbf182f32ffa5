import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// The rules of a pair's work and of a program's completion, called on the services directly
/// (no HTTP): what the page and the API both answer. Each change writes its audit entry in its
/// own transaction, so a refused change leaves neither a row nor an entry.
@Suite("Работа пар: правила сервиса без HTTP")
struct PairWorkServiceTests {
    struct World {
        let organization: Organization
        let program: Program
        let pairingID: UUID
        let mentorID: UUID
        let memberID: UUID
        let menteeID: UUID

        /// The pair as `PairAccess.load` finds it, seen as `role`.
        func access(_ role: PairAccess.Role, on db: any Database) async throws -> PairAccess {
            let pairing = try #require(try await Pairing.query(on: db).filter(\.$id == pairingID)
                .with(\.$mentor).with(\.$program).with(\.$members) { $0.with(\.$mentee) }.first())
            return PairAccess(pairing: pairing, role: role)
        }

        var mentee: PairAccess.Role { .mentee(memberID: memberID) }
    }

    static func actor(_ name: String) -> AuditActor {
        AuditActor(principal: Principal(userID: UUID(), fullName: name, shortName: name, isPlatformAdmin: false, mustChangePassword: false, grants: []),
                   ip: "127.0.0.1")
    }

    let curator = Self.actor("Петрова Мария Ивановна")
    let mentorActor = Self.actor("Смирнова Анна")
    let menteeActor = Self.actor("Орлов Иван")

    /// A formed pair of the program: the mentor active, the mentee in the pair.
    func world(_ app: Application) async throws -> World {
        let territory = try await Fixtures.territory(app)
        let program = try await PairingFixtures.program(app, organization: territory.organization)
        let mentor = try await PairingFixtures.mentor(app, organization: territory.organization, lastName: "Смирнова", selectedIn: program)
        let mentee = try await PairingFixtures.mentee(app, organization: territory.organization, lastName: "Орлов")
        mentor.status = .active
        try await mentor.save(on: app.db)
        mentee.status = .inPair
        try await mentee.save(on: app.db)
        let pairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: .formed, createdByName: "")
        pairing.formedAt = Date().addingTimeInterval(-30 * 86_400)
        try await pairing.create(on: app.db)
        let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: program.id!, score: 80, explanation: [], position: 0)
        member.menteeAnswer = .accepted
        member.mentorAnswer = .accepted
        try await member.create(on: app.db)
        return World(organization: territory.organization, program: program, pairingID: pairing.id!, mentorID: mentor.id!, memberID: member.id!,
                     menteeID: mentee.id!)
    }

    func audits(_ action: AuditAction, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$action == action.rawValue).all()
    }

    /// The error a call throws, for `#expect(… == .pairFinished)`.
    func refusal(_ body: () async throws -> Void) async -> (any Error)? {
        do {
            try await body()
            return nil
        } catch {
            return error
        }
    }

    @Test("Во встречи, цели и дневник завершённой пары ничего не записывается, и журнал не получает записи без изменения")
    func finishedPairIsClosed() async throws {
        try await withTestApp { app in
            let world = try await world(app)
            let today = CalendarDay.today()
            let planned = try await PairWorkService.planMeeting(["kind": "working", "on": today.adding(days: 3).iso], in: world.access(.mentor, on: app.db),
                                                               by: mentorActor, on: app.db)
            #expect(planned.recordedByName == "Смирнова Анна")
            #expect(try await audits(.pairMeetingRecorded, on: app.db).map(\.actorName) == ["Смирнова Анна"])

            try await PairWorkService.closePair(["decision": "earlyEnd", "reason": "Переезд в другой город"], in: world.access(world.mentee, on: app.db),
                                                by: menteeActor, on: app.db)
            // A page opened before the closure still holds the pair as working: the service reads it again.
            let stale = try await world.access(.mentor, on: app.db)
            stale.pairing.status = .formed
            let held = ["kind": "working", "status": "held", "on": today.iso, "summary": "Разобрали задачи"]
            let refusal1 = await refusal { try await PairWorkService.planMeeting(held, in: stale, by: mentorActor, on: app.db) }
            #expect(refusal1 as? PairWorkError == .pairFinished)
            let refusal2 = await refusal { try await PairWorkService.recordMeeting(planned.requireID(), summary: "Состоялась", in: stale, by: mentorActor, on: app.db) }
            #expect(refusal2 as? PairWorkError == .pairFinished)
            let refusal3 = await refusal {
                try await PairWorkService.addGoal(["title": "Цель", "dueOn": "2027-05-01", "indicator": "Оценка"], in: stale, by: mentorActor, on: app.db)
            }
            #expect(refusal3 as? PairWorkError == .pairFinished)
            let refusal4 = await refusal { try await PairWorkService.writeDiary("Запись", in: stale, by: mentorActor, on: app.db) }
            #expect(refusal4 as? PairWorkError == .pairFinished)
            let rows = (meetings: try await PairMeeting.query(on: app.db).count(), goals: try await PairGoal.query(on: app.db).count(),
                        diary: try await DiaryEntry.query(on: app.db).count())
            #expect(rows.meetings == 1 && rows.goals == 0 && rows.diary == 0)
            #expect(try await audits(.pairMeetingRecorded, on: app.db).count == 1)
            #expect(try await audits(.pairDiaryWritten, on: app.db).isEmpty)
            #expect(try await audits(.pairGoalSaved, on: app.db).isEmpty)
            #expect(PairWorkError.pairFinished.russianMessage == "Работа этой пары завершена: записи закрыты." && PairWorkError.pairFinished.status == .conflict)
        }
    }

    @Test("Встреча отмечается состоявшейся только с итогом и не раньше своей даты; отмена записывается в журнал")
    func meetingOutcome() async throws {
        try await withTestApp { app in
            let world = try await world(app)
            let access = try await world.access(.mentor, on: app.db)
            let today = CalendarDay.today()
            let future = try await PairWorkService.planMeeting(["kind": "working", "on": today.adding(days: 5).iso], in: access, by: mentorActor, on: app.db)
            let refusal5 = await refusal { try await PairWorkService.recordMeeting(future.requireID(), summary: " ", in: access, by: mentorActor, on: app.db) }
            #expect(refusal5 as? PairWorkError == .heldMeetingNeedsSummary)
            let refusal6 = await refusal { try await PairWorkService.recordMeeting(future.requireID(), summary: "Итог", in: access, by: mentorActor, on: app.db) }
            #expect(refusal6 as? PairWorkError == .meetingNotYetHeld)
            #expect(try await PairMeeting.find(future.id, on: app.db)?.status == .planned)
            let cancelled = try await PairWorkService.cancelMeeting(future.requireID(), note: "Заболел наставляемый", in: access, by: mentorActor, on: app.db)
            #expect(cancelled.status == .cancelled && cancelled.summary == "Заболел наставляемый")
            #expect(try await audits(.pairMeetingRecorded, on: app.db).compactMap(\.details).contains("Отменена"))
            // The held meeting in the future is refused at planning too, by the field.
            let refused = await refusal {
                try await PairWorkService.planMeeting(["kind": "working", "status": "held", "on": today.adding(days: 1).iso, "summary": "Итог"],
                                                      in: access, by: mentorActor, on: app.db)
            }
            guard case AppError.validation(let errors) = try #require(refused) else { Issue.record("ожидалась ошибка поля"); return }
            #expect(errors["on"] == "Состоявшаяся встреча не может быть в будущем.")
        }
    }

    @Test("Рефлексию пишут только участники пары и только после состоявшейся встречи; вторая отправка не затирает первую")
    func reflectionRules() async throws {
        try await withTestApp { app in
            let world = try await world(app)
            let mentor = try await world.access(.mentor, on: app.db)
            let today = CalendarDay.today()
            let planned = try await PairWorkService.planMeeting(["kind": "working", "on": today.adding(days: 2).iso], in: mentor, by: mentorActor, on: app.db)
            let held = try await PairWorkService.planMeeting(["kind": "working", "status": "held", "on": today.iso, "summary": "Разобрали задачи"],
                                                            in: mentor, by: mentorActor, on: app.db)
            let answers = ["closerToGoal": "yes", "wentWell": "Решили три задачи", "feeling": "Спокойно"]
            let refusal7 = await refusal {
                try await PairWorkService.saveReflection(answers, on: held.requireID(), in: world.access(.curator, on: app.db), by: curator, on: app.db)
            }
            #expect(refusal7 as? PairWorkError == .participantsOnly)
            let refusal8 = await refusal { try await PairWorkService.saveReflection(answers, on: planned.requireID(), in: mentor, by: mentorActor, on: app.db) }
            #expect(refusal8 as? PairWorkError == .reflectionBeforeMeeting)
            try await PairWorkService.saveReflection(answers, on: held.requireID(), in: mentor, by: mentorActor, on: app.db)
            let refusal9 = await refusal {
                try await PairWorkService.saveReflection(answers.merging(["wentWell": "Другое"]) { $1 }, on: held.requireID(), in: mentor, by: mentorActor, on: app.db)
            }
            #expect(refusal9 as? PairWorkError == .reflectionAlreadySaved)
            try await PairWorkService.saveReflection(answers, on: held.requireID(), in: world.access(world.mentee, on: app.db), by: menteeActor, on: app.db)
            let saved = try await MeetingReflection.query(on: app.db).all()
            #expect(saved.count == 2 && saved.contains { $0.side == .mentor && $0.wentWell == "Решили три задачи" })
            // The answers stay out of the log: only that a reflection was saved.
            let entries = try await audits(.meetingReflectionSaved, on: app.db)
            #expect(entries.count == 2 && entries.allSatisfy { !($0.details ?? "").contains("Решили") })
        }
    }

    @Test("Дневник подписан ролью автора в паре; пустая запись отклоняется полем")
    func diarySignedByRole() async throws {
        try await withTestApp { app in
            let world = try await world(app)
            let entry = try await PairWorkService.writeDiary("  Договорились о правилах  ", in: world.access(world.mentee, on: app.db), by: menteeActor, on: app.db)
            #expect(entry.authorRole == "наставляемый" && entry.authorName == "Орлов Иван" && entry.text == "Договорились о правилах")
            let byCurator = try await PairWorkService.writeDiary("Проверила план", in: world.access(.curator, on: app.db), by: curator, on: app.db)
            #expect(byCurator.authorRole == "куратор")
            let empty = await refusal { try await PairWorkService.writeDiary(" ", in: world.access(.mentor, on: app.db), by: mentorActor, on: app.db) }
            guard case AppError.validation(let errors) = try #require(empty) else { Issue.record("ожидалась ошибка поля"); return }
            #expect(errors["text"] == "Запись пустая.")
            #expect(try await audits(.pairDiaryWritten, on: app.db).count == 2)
        }
    }

    @Test("Обращение к куратору пишет участник пары, отвечает только куратор; текст не попадает в журнал")
    func concerns() async throws {
        try await withTestApp { app in
            let world = try await world(app)
            let values = ["concernText": "Наставник часто переносит встречи", "asksIntervention": "on"]
            let refusal10 = await refusal { try await PairWorkService.raiseConcern(values, in: world.access(.curator, on: app.db), by: curator, on: app.db) }
            #expect(refusal10 as? PairWorkError == .participantsOnly)
            let concern = try await PairWorkService.raiseConcern(values, in: world.access(world.mentee, on: app.db), by: menteeActor, on: app.db)
            #expect(concern.asksIntervention && concern.side == .mentee && concern.memberID == world.memberID)
            let refusal11 = await refusal {
                try await PairWorkService.answerConcern(concern.requireID(), reply: "Поговорю", in: world.access(.mentor, on: app.db), by: mentorActor, on: app.db)
            }
            #expect(refusal11 as? PairWorkError == .curatorOnly)
            let answered = try await PairWorkService.answerConcern(concern.requireID(), reply: "Поговорю с наставником", in: world.access(.curator, on: app.db),
                                                                  by: curator, on: app.db)
            #expect(answered.status == .answered && answered.handledAt != nil)
            // Already handled by the reply: the inbox's «решено» changes nothing and writes no entry.
            #expect(try await PairWorkService.markConcernHandled(concern.requireID(), in: world.organization, by: curator, on: app.db) == false)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$objectType == "pairConcern").all()
            #expect(entries.map(\.action).sorted() == [AuditAction.pairConcernAnswered.rawValue, AuditAction.pairConcernRaised.rawValue].sorted())
            #expect(entries.allSatisfy { !($0.details ?? "").contains("переносит") })
        }
    }

    @Test("Продолжить или завершить цикл решает куратор после итоговой встречи; второе решение отклоняется")
    func closureRules() async throws {
        try await withTestApp { app in
            let world = try await world(app)
            let curatorAccess = try await world.access(.curator, on: app.db)
            let refusal12 = await refusal { try await PairWorkService.closePair(["decision": "finish"], in: world.access(.mentor, on: app.db), by: mentorActor, on: app.db) }
            #expect(refusal12 as? PairWorkError == .curatorOnly)
            let early = await refusal { try await PairWorkService.closePair(["decision": "finish"], in: curatorAccess, by: curator, on: app.db) }
            guard case AppError.validation(let errors) = try #require(early) else { Issue.record("ожидалась ошибка поля"); return }
            #expect(errors["decision"]?.contains("сначала отметьте её состоявшейся") == true)
            try await PairWorkService.planMeeting(["kind": "final", "status": "held", "on": CalendarDay.today().iso, "summary": "Подвели итоги"],
                                                  in: world.access(.mentor, on: app.db), by: mentorActor, on: app.db)
            try await PairWorkService.closePair(["decision": "finish", "reason": "Цель достигнута"], in: curatorAccess, by: curator, on: app.db)
            #expect(try await Pairing.find(world.pairingID, on: app.db)?.status == .finished)
            #expect(try await Mentee.find(world.menteeID, on: app.db)?.status == .finished)
            #expect(try await Mentor.find(world.mentorID, on: app.db)?.status == .resting)
            // The same page still open in another tab: the pair is read again under its lock.
            let refusal13 = await refusal { try await PairWorkService.closePair(["decision": "earlyEnd", "reason": "Ещё раз"], in: curatorAccess, by: curator, on: app.db) }
            #expect(refusal13 as? PairWorkError == .pairAlreadyClosed)
            #expect(try await PairClosure.query(on: app.db).count() == 1)
            #expect(try await audits(.pairClosed, on: app.db).map(\.details) == [ClosureDecision.finish.russianName])
        }
    }

    @Test("Итоговые ответы: сторона отвечает один раз, правка — только со своей версии; куратор вносит ответы выбранной стороны")
    func finalAnswers() async throws {
        try await withTestApp { app in
            let world = try await world(app)
            let values = ["results": "Подтянул математику", "closeness": "8", "continueTogether": "no", "wantsToMentor": "yes"]
            let first = try await PairWorkService.saveFinalAnswers(values, side: nil, version: nil, in: world.access(world.mentee, on: app.db),
                                                                   by: menteeActor, on: app.db)
            #expect(first.side == .mentee && first.memberID == world.memberID && first.version == 1)
            let refusal14 = await refusal {
                try await PairWorkService.saveFinalAnswers(values, side: nil, version: nil, in: world.access(world.mentee, on: app.db), by: menteeActor, on: app.db)
            }
            #expect(refusal14 as? PairWorkError == .finalAnswersAlreadySaved)
            let curatorAccess = try await world.access(.curator, on: app.db)
            let edited = try await PairWorkService.saveFinalAnswers(values.merging(["closeness": "9"]) { $1 }, side: "mentee:\(world.memberID)", version: 1,
                                                                    in: curatorAccess, by: curator, on: app.db)
            #expect(edited.closeness == 9 && edited.version == 2)
            let refusal15 = await refusal {
                try await PairWorkService.saveFinalAnswers(values, side: "mentee:\(world.memberID)", version: 1, in: curatorAccess, by: curator, on: app.db)
            }
            #expect(refusal15 as? PairWorkError == .finalAnswersChangedMeanwhile)
            let noSide = await refusal { try await PairWorkService.saveFinalAnswers(values, side: "mentee:\(UUID())", version: nil, in: curatorAccess, by: curator, on: app.db) }
            guard case AppError.validation(let errors) = try #require(noSide) else { Issue.record("ожидалась ошибка поля"); return }
            #expect(errors["answerSide"] == "Выберите, чьи это ответы.")
            #expect(try await audits(.finalAnswersSaved, on: app.db).count == 2)
        }
    }

    @Test("Поощрение — только наставнику пары этой программы; приказ «О поощрении» записывается на поощрения один раз")
    func incentivesAndOrder() async throws {
        try await withTestApp { app in
            let world = try await world(app)
            let stranger = try await PairingFixtures.mentor(app, organization: world.organization, lastName: "Кузнецова")
            let refused = await refusal {
                try await CompletionService.awardIncentive(mentorID: stranger.id, kind: "diploma", reason: "За работу", awardedOn: "2026-12-01",
                                                           in: world.organization, program: world.program, by: curator, on: app.db)
            }
            guard case AppError.validation(let errors) = try #require(refused) else { Issue.record("ожидалась ошибка поля"); return }
            #expect(errors["mentor"] == "Выберите наставника программы.")
            let incentive = try await CompletionService.awardIncentive(mentorID: world.mentorID, kind: "diploma", reason: "За подготовку призёра олимпиады",
                                                                       awardedOn: "2026-12-01", in: world.organization, program: world.program,
                                                                       by: curator, on: app.db)
            #expect(incentive.createdByName == "Петрова Мария Ивановна")
            let mentor = try #require(try await Mentor.find(world.mentorID, on: app.db))
            #expect(try await audits(.incentiveAwarded, on: app.db).map(\.details) == ["\(mentor.fullName): \(IncentiveKind.diploma.russianName)"])
            #expect(try await CompletionService.fixIncentiveOrder(["orderNumber": "112-од", "orderOn": "2026-12-05"], program: world.program,
                                                                  by: curator, on: app.db) == 1)
            let refusal16 = await refusal {
                try await CompletionService.fixIncentiveOrder(["orderNumber": "113-од", "orderOn": "2026-12-06"], program: world.program, by: curator, on: app.db)
            }
            #expect(refusal16 as? PairWorkError == .incentivesAlreadyOrdered(number: "113-од"))
            #expect(try await Incentive.find(incentive.id, on: app.db)?.orderNumber == "112-од")
            #expect(try await audits(.incentiveOrderFixed, on: app.db).count == 1)
        }
    }

    @Test("Номинация — наставнику или паре этой программы; в долгосрочную базу переходит только тот, кто ответил, что хочет наставлять")
    func nominationsAndLongTermBase() async throws {
        try await withTestApp { app in
            let world = try await world(app)
            let nomination = try await CompletionService.addNomination(["title": "Лучшая пара", "pairingID": world.pairingID.uuidString, "year": "2026"],
                                                                       in: world.organization, program: world.program, by: curator, on: app.db)
            #expect(nomination.$mentor.id == world.mentorID && nomination.pairingID == world.pairingID)
            let foreign = await refusal {
                try await CompletionService.addNomination(["title": "Лучшая пара", "pairingID": UUID().uuidString, "year": "2026"],
                                                          in: world.organization, program: world.program, by: curator, on: app.db)
            }
            guard case AppError.validation(let errors) = try #require(foreign) else { Issue.record("ожидалась ошибка поля"); return }
            #expect(errors["pairingID"] == "Выберите пару этой программы.")

            let notWanting = await refusal {
                _ = try await CompletionService.moveToLongTermBase(world.menteeID, in: world.organization, program: world.program, by: curator, on: app.db)
            }
            guard case AppError.notFound = try #require(notWanting) else { Issue.record("ожидалось 404"); return }
            try await PairWorkService.saveFinalAnswers(["results": "Олимпиада", "closeness": "9", "continueTogether": "no", "wantsToMentor": "yes"],
                                                       side: nil, version: nil, in: world.access(world.mentee, on: app.db), by: menteeActor, on: app.db)
            let moved = try await CompletionService.moveToLongTermBase(world.menteeID, in: world.organization, program: world.program, by: curator, on: app.db)
            #expect(moved.created && moved.mentor.formerMentee && moved.mentor.consentState == .missing)
            let again = try await CompletionService.moveToLongTermBase(world.menteeID, in: world.organization, program: world.program, by: curator, on: app.db)
            #expect(!again.created && again.mentor.id == moved.mentor.id)
            #expect(try await audits(.movedToLongTermBase, on: app.db).count == 2)
            #expect(try await audits(.nominationAdded, on: app.db).count == 1)
        }
    }
}
