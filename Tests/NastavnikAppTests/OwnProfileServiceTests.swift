import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 22, item 1: a participant's own card, the link between a card and an account, and an
/// accepted invitation as service functions, without HTTP: each change and its audit entry are one
/// transaction, and a change racing another is decided by the database.
@Suite("Своя карточка, связь с учётной записью и приглашение как службы")
struct OwnProfileServiceTests {
    struct World {
        let organization: Organization
        let curator: AuditActor
        let mentorUser: User
        let mentor: Mentor
    }

    static func actor(_ user: User, ip: String = "10.0.0.9") -> AuditActor {
        AuditActor(principal: Principal(userID: user.id!, fullName: user.fullName, shortName: user.shortName, isPlatformAdmin: user.isPlatformAdmin,
                                        mustChangePassword: false, grants: []), ip: ip)
    }

    static func world(_ app: Application) async throws -> World {
        let territory = try await Fixtures.territory(app)
        let curator = try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization, lastName: "Куратова")
        let mentorUser = try await Fixtures.person(app, login: "orlova", role: .mentor, organization: territory.organization, lastName: "Орлова")
        let mentor = try await PairingFixtures.mentor(app, organization: territory.organization, lastName: "Орлова", firstName: "Мария", userID: mentorUser.id)
        return World(organization: territory.organization, curator: actor(curator), mentorUser: mentorUser, mentor: mentor)
    }

    /// A curator invited by the platform administrator: the account and its link.
    static func invited(_ app: Application, _ w: World) async throws -> (user: User, link: String) {
        let admin = try await Fixtures.person(app, login: "admin", platformAdmin: true)
        let invited = try await Fixtures.person(app, login: "sidorova", role: .curator, organization: w.organization, lastName: "Сидорова")
        return (invited, try await Invitations.issue(for: invited, by: actor(admin).principal!, organizationID: w.organization.id, on: app.db))
    }

    /// Белова Мария with a mentor's account «belova», and her card not linked to it yet.
    static func unlinkedCard(_ app: Application, _ w: World) async throws -> (Mentor, ConsentSubject) {
        try await Fixtures.person(app, login: "belova", role: .mentor, organization: w.organization, lastName: "Белова")
        let card = try await PairingFixtures.mentor(app, organization: w.organization, lastName: "Белова", firstName: "Мария")
        return (card, try await ConsentSubject.load(.mentor, card.id, organizationID: w.organization.requireID(), on: app.db))
    }

    static func audits(_ action: AuditAction, on db: any Database) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: db).filter(\.$action == action.rawValue).sort(\.$at).all()
    }

    @Test("Наставник меняет только своё: поля куратора не меняются, пол переходит в учётную запись, запись журнала — от него самого; устаревшая карточка не перезаписывает правку куратора")
    func ownCardRules() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let me = Self.actor(w.mentorUser)
            try await ParticipantsService.updateOwn(w.mentor, submitted: ["competencies": "Олимпиадная математика", "gender": "female", "lastName": "Чужая"],
                                                    in: w.organization, by: me, on: app.db)
            let stored = try #require(try await Mentor.find(w.mentor.id, on: app.db))
            #expect(stored.competencies == "Олимпиадная математика" && stored.lastName == "Орлова")
            #expect(try await User.find(w.mentorUser.id, on: app.db)?.storedGender == "female")
            let entries = try await Self.audits(.mentorUpdated, on: app.db)
            #expect(entries.count == 1 && entries[0].actorID == w.mentorUser.id && entries[0].details == "изменено самим наставником")

            // The curator saves the card after the mentor's page read it: the mentor's save is refused, the curator's words stay.
            let stale = try #require(try await Mentor.find(w.mentor.id, on: app.db))
            var values = Mentor.formValues(of: stale)
            values["competencies"] = "Подготовка к ЕГЭ"
            try await ParticipantsService.update(try #require(try await Mentor.find(w.mentor.id, on: app.db)), values: values, expectedVersion: nil,
                                                 in: w.organization, by: w.curator, on: app.db)
            await #expect(throws: ParticipantsError.changedMeanwhile) {
                try await ParticipantsService.updateOwn(stale, submitted: ["competencies": "Шахматы"], in: w.organization, by: me, on: app.db)
            }
            #expect(try await Mentor.find(w.mentor.id, on: app.db)?.competencies == "Подготовка к ЕГЭ")
            #expect(try await Self.audits(.mentorUpdated, on: app.db).count == 2)

            // A mentee's own note is limited; the refusal names the field and records nothing.
            let menteeUser = try await Fixtures.person(app, login: "kotova", role: .mentee, organization: w.organization, lastName: "Котова")
            let mentee = try await PairingFixtures.mentee(app, organization: w.organization, lastName: "Котова", firstName: "Мария", userID: menteeUser.id)
            do {
                try await ParticipantsService.updateOwn(mentee, submitted: ["requestNote": String(repeating: "а", count: 2001)], in: w.organization,
                                                        by: Self.actor(menteeUser), on: app.db)
                Issue.record("слишком длинный запрос принят")
            } catch AppError.validation(let errors) {
                #expect(errors["requestNote"] == "Не более 2000 знаков.")
            }
            #expect(try await Self.audits(.menteeUpdated, on: app.db).isEmpty)
        }
    }

    @Test("Карточку связывают только с учётной записью самого человека: отказ объясняет причину, связь записана в журнал от куратора")
    func linkRules() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let (card, subject) = try await Self.unlinkedCard(app, w)
            do {
                try await ParticipantsService.linkAccount(subject, login: "orlova", by: w.curator, on: app.db)
                Issue.record("чужая учётная запись связана")
            } catch let error as AccountLinkError {
                #expect(error.status == .unprocessableEntity)
                #expect(error.russianMessage.contains("уже связана с другой записью базы"))
            }
            try await ParticipantsService.linkAccount(subject, login: "  Belova ", by: w.curator, on: app.db)
            let belova = try #require(try await User.query(on: app.db).filter(\.$login == "belova").first())
            #expect(try await Mentor.find(card.id, on: app.db)?.$user.id == belova.id)
            let entries = try await Self.audits(.mentorUpdated, on: app.db)
            #expect(entries.count == 1 && entries[0].details == "связано с учётной записью belova" && entries[0].objectID == card.id?.uuidString)
        }
    }

    @Test("Приглашение: пароль по правилам, один раз; запись журнала — от приглашённого, в транзакции, где задан пароль")
    func invitationRules() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let (invited, link) = try await Self.invited(app, w)
            let token = String(link.dropFirst("/invitations/".count))
            let invitation = try #require(try await Invitations.find(token: token, on: app.db))
            let visitor = AuditActor(principal: nil, ip: "10.0.0.42")
            do {
                _ = try await Invitations.accept(invitation, password: "пароль-номер-один", confirmation: "другой-пароль-номер",
                                                 hasher: app.password.async, from: visitor, on: app.db)
                Issue.record("разные пароли приняты")
            } catch AppError.validation(let errors) {
                #expect(errors == ["passwordConfirmation": "Пароли не совпадают."])
            }
            let principal = try await Invitations.accept(invitation, password: "пароль-номер-один", confirmation: "пароль-номер-один",
                                                         hasher: app.password.async, from: visitor, on: app.db)
            #expect(principal?.userID == invited.id)
            let again = try await Invitations.accept(invitation, password: "пароль-номер-два", confirmation: "пароль-номер-два",
                                                     hasher: app.password.async, from: visitor, on: app.db)
            #expect(again == nil)
            let stored = try #require(try await User.find(invited.id, on: app.db))
            #expect(try app.password.verify("пароль-номер-один", created: stored.passwordHash ?? ""))
            let entries = try await Self.audits(.invitationAccepted, on: app.db)
            #expect(entries.count == 1 && entries[0].actorID == invited.id && entries[0].ip == "10.0.0.42")
        }
    }

    @Test("Если запись в журнал не удалась, своя карточка, связь с учётной записью и пароль по приглашению не сохраняются")
    func auditInsideTheChange() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let (card, subject) = try await Self.unlinkedCard(app, w)
            let (invited, link) = try await Self.invited(app, w)
            let invitation = try #require(try await Invitations.find(token: String(link.dropFirst("/invitations/".count)), on: app.db))
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE \(ident: AuditEntry.schema) RENAME TO \(ident: "audit_entries_away")").run()

            await #expect(throws: (any Error).self) {
                try await ParticipantsService.updateOwn(w.mentor, submitted: ["competencies": "Шахматы", "gender": "female"], in: w.organization,
                                                        by: Self.actor(w.mentorUser), on: app.db)
            }
            await #expect(throws: (any Error).self) { try await ParticipantsService.linkAccount(subject, login: "belova", by: w.curator, on: app.db) }
            await #expect(throws: (any Error).self) {
                try await Invitations.accept(invitation, password: "пароль-номер-один", confirmation: "пароль-номер-один",
                                             hasher: app.password.async, from: AuditActor(principal: nil, ip: nil), on: app.db)
            }

            let mentor = try #require(try await Mentor.find(w.mentor.id, on: app.db))
            #expect(mentor.competencies == "низкая успеваемость" && (mentor.version ?? 0) == 0)
            #expect(try await User.find(w.mentorUser.id, on: app.db)?.storedGender == nil)
            #expect(try await Mentor.find(card.id, on: app.db)?.$user.id == nil)
            #expect(try await Invitations.find(token: String(link.dropFirst("/invitations/".count)), on: app.db) != nil)
            #expect(try await User.find(invited.id, on: app.db)?.passwordHash == invited.passwordHash)
        }
    }

    @Test("Ссылка-приглашение, отправленная из трёх вкладок одновременно: пароль задан один раз, и в журнале одна запись о принятии")
    func invitationAcceptedOnceAudited() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let (invited, link) = try await Self.invited(app, w)
            try await withLiveServer(app) { server in
                let tabs = (0..<3).map { _ in Browser(app, live: server) }
                for tab in tabs { #expect(try await tab.get(link).status == .ok) }
                let answers = try await inParallel(tabs.count) { i in
                    try await tabs[i].post(link, form: ["password": "пароль-номер-\(i)-длинный", "passwordConfirmation": "пароль-номер-\(i)-длинный"])
                }
                #expect(answers.filter { $0.location == "/" }.count == 1, "\(answers.map(\.status))")
                #expect(answers.filter { $0.status == .conflict }.count == 2, "\(answers.map(\.status))")
            }
            let entries = try await Self.audits(.invitationAccepted, on: app.db)
            #expect(entries.count == 1 && entries.first?.actorID == invited.id)
        }
    }

    @Test("Четыре вкладки связывают четыре карточки с одной учётной записью одновременно: связана одна, и в журнале одна запись")
    func linkedOnceAudited() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            try await Fixtures.person(app, login: "belova", role: .mentor, organization: w.organization, lastName: "Белова")
            var paths: [String] = []
            for _ in 0..<4 {
                let card = try await PairingFixtures.mentor(app, organization: w.organization, lastName: "Белова", firstName: "Мария")
                paths.append("/orgs/\(w.organization.id!)/mentors/\(card.id!)/account")
            }
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let cards = paths
            try await withLiveServer(app) { server in
                let tabs = (0..<4).map { _ in curator.tab(live: server) }
                let pages = try await inParallel(tabs.count) { i in try await tabs[i].post(cards[i], form: ["login": "belova"]) }
                #expect(pages.filter { $0.status == .seeOther }.count == 1, "\(pages.map(\.status))")
            }
            let belova = try #require(try await User.query(on: app.db).filter(\.$login == "belova").first())
            #expect(try await Mentor.query(on: app.db).filter(\.$user.$id == belova.id!).count() == 1)
            let entries = try await Self.audits(.mentorUpdated, on: app.db)
            #expect(entries.count == 1 && entries.first?.details == "связано с учётной записью belova")
        }
    }
}
