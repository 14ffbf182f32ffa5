import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// The bases' rules called directly, without HTTP: what the pages and the API both rely on.
@Suite("Правила баз без HTTP: карточки, согласия, представители, импорт")
struct ParticipantsServiceTests {
    struct World {
        let organization: Organization
        let curator: User
        var actor: AuditActor {
            AuditActor(principal: Principal(userID: curator.id!, fullName: curator.fullName, shortName: curator.fullName, isPlatformAdmin: false,
                                            mustChangePassword: false, grants: []), ip: "127.0.0.1")
        }
    }

    func world(_ app: Application) async throws -> World {
        let territory = try await Fixtures.territory(app)
        let curator = try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization, lastName: "Куратова")
        return World(organization: territory.organization, curator: curator)
    }

    func audits(_ action: AuditAction, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$action == action.rawValue).all()
    }

    struct Rollback: Error {}

    let child = ["lastName": "Орлов", "firstName": "Пётр", "birthDate": "14.03.2013", "className": "7Б", "form": "ученик – ученик",
                 "requests": "lowAchievement"]

    @Test("Второй такой же ребёнок не добавляется: одно правило и одно сообщение для страницы и API, запись журнала одна")
    func duplicateMentee() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let mentee = try await ParticipantsService.create(Mentee.self, values: child, in: w.organization, by: w.actor, on: app.db)
            #expect(mentee.isMinor && mentee.consentState == .missing)
            await #expect(throws: ParticipantsError.duplicate(.mentee, .school)) {
                try await ParticipantsService.create(Mentee.self, values: child, in: w.organization, by: w.actor, on: app.db)
            }
            #expect(ParticipantsError.duplicate(.mentee, .school).russianMessage
                    == "Такой наставляемый уже есть в базе (совпадают ФИО и дата рождения или класс).")
            #expect(try await Mentee.query(on: app.db).count() == 1)
            let created = try await audits(.menteeCreated, on: app.db)
            #expect(created.count == 1 && created.first?.actorID == w.curator.id && created.first?.objectID == mentee.id?.uuidString
                    && created.first?.ip == "127.0.0.1")
        }
    }

    @Test("Запись журнала о новой карточке — в транзакции изменения: откат убирает и карточку, и запись")
    func auditInsideTheTransaction() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { tx in
                    try await ParticipantsService.create(Mentor.self, values: ["lastName": "Соколова", "firstName": "Анна", "origin": "педагог", "forms": "учитель – учитель"], in: w.organization,
                                                         by: w.actor, on: tx)
                    throw Rollback()
                }
            }
            #expect(try await Mentor.query(on: app.db).count() == 0)
            #expect(try await audits(.mentorCreated, on: app.db).isEmpty)
        }
    }

    @Test("Ошибки полей — по полям формы; ничего не записано")
    func fieldErrors() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            do {
                try await ParticipantsService.create(Mentee.self, values: ["lastName": "Орлов", "form": "нет такой"], in: w.organization, by: w.actor, on: app.db)
                Issue.record("принято без имени")
            } catch AppError.validation(let errors) {
                #expect(errors["firstName"] == "Укажите имя." && errors["form"]?.contains("Неизвестная форма") == true)
            }
            #expect(try await Mentee.query(on: app.db).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).count() == 0)
        }
    }

    @Test("Изменение из устаревшей версии не сохраняется и не пишется в журнал; обезличенную карточку изменить нельзя")
    func staleAndAnonymized() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let mentee = try await ParticipantsService.create(Mentee.self, values: child, in: w.organization, by: w.actor, on: app.db)
            var changed = Mentee.formValues(of: mentee)
            changed["className"] = "8Б"
            try await ParticipantsService.update(mentee, values: changed, expectedVersion: 0, in: w.organization, by: w.actor, on: app.db)
            #expect(try await Mentee.find(mentee.id, on: app.db)?.className == "8Б")
            let stale = try #require(try await Mentee.find(mentee.id, on: app.db))
            changed["className"] = "9Б"
            await #expect(throws: ParticipantsError.changedMeanwhile) {
                try await ParticipantsService.update(stale, values: changed, expectedVersion: 0, in: w.organization, by: w.actor, on: app.db)
            }
            #expect(try await Mentee.find(mentee.id, on: app.db)?.className == "8Б")
            #expect(try await audits(.menteeUpdated, on: app.db).count == 1)

            // Withdrawn meanwhile: the edit made from the card read before cannot write the name back.
            let before = try #require(try await Mentee.find(mentee.id, on: app.db))
            try await Mentee.query(on: app.db).filter(\.$id == mentee.id!).set(\.$anonymizedAt, to: Date()).set(\.$lastName, to: "Обезличено").update()
            await #expect(throws: ParticipantsError.anonymized) {
                try await ParticipantsService.update(before, values: changed, expectedVersion: nil, in: w.organization, by: w.actor, on: app.db)
            }
            #expect(try await Mentee.find(mentee.id, on: app.db)?.lastName == "Обезличено")
            let anonymized = try #require(try await Mentee.find(mentee.id, on: app.db))
            #expect(throws: ParticipantsError.anonymized) { try ParticipantsService.requireEditable(anonymized) }
            #expect(ParticipantsError.anonymized.russianMessage == "Данные обезличены после отзыва согласия; их нельзя изменить.")
        }
    }

    @Test("Бумажное согласие за несовершеннолетнего — только от законного представителя; внесённое записано в журнал в той же транзакции")
    func paperConsentOfAMinor() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let mentee = try await ParticipantsService.create(Mentee.self, values: child, in: w.organization, by: w.actor, on: app.db)
            let subject = try await ConsentSubject.load(.mentee, mentee.id, organizationID: w.organization.id!, on: app.db)
            let today = FieldParsing.text(Date())
            await #expect(throws: Consents.Problem.minorNeedsGuardian) {
                try await Consents.recordPaper(.init(purpose: "processing", givenOn: today, givenByName: nil, byGuardian: false), for: subject,
                                               by: w.actor, on: app.db)
            }
            do {
                _ = try await Consents.recordPaper(.init(purpose: "processing", givenOn: today, givenByName: nil, byGuardian: true), for: subject,
                                                   by: w.actor, on: app.db)
                Issue.record("принято без ФИО представителя")
            } catch AppError.validation(let errors) {
                #expect(errors["givenByName"] == "Укажите ФИО законного представителя, подписавшего согласие.")
            }
            #expect(try await ConsentRecord.query(on: app.db).count() == 0)
            #expect(try await audits(.consentGiven, on: app.db).isEmpty)

            let record = try await Consents.recordPaper(.init(purpose: "processing", givenOn: today, givenByName: "Орлова Мария Ивановна", byGuardian: true,
                                                              guardianRelation: "мать"), for: subject, by: w.actor, on: app.db)
            #expect(record.givenByGuardian && record.guardianRelation == "мать" && record.givenAt == nil)
            #expect(try await Mentee.find(mentee.id, on: app.db)?.consentState == .valid)
            #expect(try await audits(.consentGiven, on: app.db).map(\.details) == ["Обработка персональных данных"])
        }
    }

    @Test("Отзыв согласия сотрудником: второй отзыв того же согласия — «уже отозвано», ничего не сделано дважды")
    func withdrawTwice() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let mentor = try await ParticipantsService.create(Mentor.self, values: ["lastName": "Соколова", "firstName": "Анна", "origin": "педагог", "forms": "учитель – учитель"], in: w.organization,
                                                              by: w.actor, on: app.db)
            let subject = try await ConsentSubject.load(.mentor, mentor.id, organizationID: w.organization.id!, on: app.db)
            let record = try await Consents.recordPaper(.init(purpose: "processing", givenOn: FieldParsing.text(Date()), byGuardian: false),
                                                        for: subject, by: w.actor, on: app.db)
            let withdrawal = try await Consents.withdrawByStaff(consentID: record.id, of: subject, by: w.actor, on: app.db)
            #expect(withdrawal.purpose == .processing && withdrawal.removed.first?.hasPrefix("В базе наставников") == true)
            #expect(try await Mentor.find(mentor.id, on: app.db)?.anonymizedAt != nil)
            await #expect(throws: ParticipantsError.consentWithdrawnAlready) {
                try await Consents.withdrawByStaff(consentID: record.id, of: subject, by: w.actor, on: app.db)
            }
            #expect(try await audits(.consentWithdrawn, on: app.db).count == 1)
            // Someone else's consent id, or none: not found.
            await #expect(throws: AppError.self) { try await Consents.withdrawByStaff(consentID: UUID(), of: subject, by: w.actor, on: app.db) }
        }
    }

    @Test("Связь с законным представителем и её снятие записываются в журнал в своих транзакциях; чужой логин — ошибка поля")
    func guardianLinks() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            try await Fixtures.person(app, login: "roditel", role: .guardian, organization: w.organization, lastName: "Орлова")
            let mentee = try await ParticipantsService.create(Mentee.self, values: child, in: w.organization, by: w.actor, on: app.db)
            do {
                _ = try await GuardianLinks.link(login: "nikto", relation: nil, child: mentee, by: w.actor, on: app.db)
                Issue.record("связан несуществующий логин")
            } catch AppError.validation(let errors) {
                #expect(errors["guardianLogin"] != nil)
            }
            let parent = try await GuardianLinks.link(login: "roditel", relation: "мать", child: mentee, by: w.actor, on: app.db)
            #expect(parent.login == "roditel")
            #expect(try await audits(.guardianLinked, on: app.db).map(\.details) == ["roditel, мать"])
            _ = try await GuardianLinks.unlink(guardianUserID: parent.id, child: mentee, by: w.actor, on: app.db)
            #expect(try await GuardianLink.query(on: app.db).count() == 0)
            #expect(try await audits(.guardianUnlinked, on: app.db).count == 1)
            await #expect(throws: AppError.self) { try await GuardianLinks.unlink(guardianUserID: parent.id, child: mentee, by: w.actor, on: app.db) }
        }
    }

    @Test("Импорт: все строки или ни одной; повтор файла обновляет, а не дублирует; каждая запись импорта — в журнале")
    func importFile() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let good = Data("ФИО,Категория наставника,Формы наставничества\nОрлова Мария,педагог,учитель – учитель\n".utf8)
            let bad = Data("ФИО,Категория наставника,Формы наставничества\nОрлова Мария,педагог,учитель – учитель\nКузнецов Денис,космонавт,работодатель – ученик\n".utf8)
            do {
                _ = try await BaseImports.importFile(kind: .mentor, data: bad, organization: w.organization, by: w.actor, on: app.db)
                Issue.record("импортирован файл с ошибкой")
            } catch let rejected as BaseImports.Rejected {
                #expect(rejected.problems.map(\.line) == [3] && rejected.russianMessage.contains("Неизвестная категория «космонавт»"))
            }
            #expect(try await Mentor.query(on: app.db).count() == 0)
            #expect(try await audits(.baseImported, on: app.db).isEmpty)
            let first = try await BaseImports.importFile(kind: .mentor, data: good, organization: w.organization, by: w.actor, on: app.db)
            let again = try await BaseImports.importFile(kind: .mentor, data: good, organization: w.organization, by: w.actor, on: app.db)
            #expect(first.created == 1 && again.created == 0 && again.updated == 1)
            #expect(try await Mentor.query(on: app.db).count() == 1)
            #expect(try await audits(.baseImported, on: app.db).count == 2)
        }
    }
}
