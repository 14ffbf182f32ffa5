import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor

/// A program with a mentor and a minor mentee, each with an account and an address, and the
/// mentee's legal representative linked to the child.
struct ProposalWorld {
    let territory: Fixtures.Territory
    let program: Program
    let mentor: Mentor
    let mentee: Mentee
    let mentorUser: User
    let childUser: User
    let guardianUser: User

    static func make(_ app: Application, programName: String = "Шаг вперёд") async throws -> ProposalWorld {
        let territory = try await Fixtures.territory(app)
        let organization = territory.organization
        let program = try await PairingFixtures.program(app, organization: organization, name: programName)
        let mentorUser = try await Fixtures.person(app, login: "mentor", role: .mentor, organization: organization, lastName: "Соколова")
        let childUser = try await Fixtures.person(app, login: "child", role: .mentee, organization: organization, lastName: "Орлов")
        let guardianUser = try await Fixtures.person(app, login: "guardian", role: .guardian, organization: organization, lastName: "Орлова")
        for (user, address) in [(mentorUser, "mentor@school.test"), (childUser, "child@school.test"), (guardianUser, "guardian@school.test")] {
            user.email = address
            try await user.save(on: app.db)
        }
        let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Соколова", userID: mentorUser.id, selectedIn: program)
        let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", userID: childUser.id)
        try await GuardianLink(organizationID: organization.id!, guardianUserID: guardianUser.id!, menteeID: mentee.id!, relation: "мать",
                               createdByID: nil, createdByName: "Куратор").create(on: app.db)
        return ProposalWorld(territory: territory, program: program, mentor: mentor, mentee: mentee, mentorUser: mentorUser,
                             childUser: childUser, guardianUser: guardianUser)
    }

    /// The curator's proposal, in its own transaction as the page sends it.
    func propose(_ app: Application) async throws {
        try await app.db.transaction { db in
            _ = try await PairingProposals.propose(mentee: mentee, mentor: mentor, program: program,
                                                   meeting: .init(scheme: .curatorProposal, heldOn: nil, note: ""), actorName: "Куратор", on: db)
        }
    }
}

@Suite("Уведомления")
struct NotificationsTests {
    static func notifications(_ app: Application, of user: User) async throws -> [AppNotification] {
        try await AppNotification.query(on: app.db).filter(\.$userID == user.id!).sort(\.$createdAt).all()
    }

    @Test("Предложение пары доходит до наставника, ребёнка и его законного представителя — с названием программы и действием")
    func proposalReachesBothSides() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app, programName: "Шаг вперёд")
            try await world.propose(app)
            let mentorSide = try await Self.notifications(app, of: world.mentorUser)
            let child = try await Self.notifications(app, of: world.childUser)
            let guardian = try await Self.notifications(app, of: world.guardianUser)
            #expect(mentorSide.map(\.title) == ["Предложение стать наставником в программе «Шаг вперёд»"])
            #expect(mentorSide.first?.body.contains("1 наставляемого") == true)
            #expect(child.map(\.title) == ["Вам предложен наставник в программе «Шаг вперёд»"])
            #expect(guardian.map(\.title) == ["Ребёнку предложен наставник в программе «Шаг вперёд»"])
            #expect(guardian.first?.link == "/me/children")
            // Texts never carry a person's name: a letter travels through mail servers.
            for notification in mentorSide + child + guardian {
                #expect(!notification.body.contains("Орлов") && !notification.body.contains("Соколова"))
            }
            let letters = try await OutboxMessage.query(on: app.db).all()
            #expect(Set(letters.map(\.recipient)) == ["mentor@school.test", "child@school.test", "guardian@school.test"])
            #expect(letters.allSatisfy { $0.status == .pending })
        }
    }

    @Test("Отправленный черновик пар: наставник получает одно уведомление на группу, каждая сторона наставляемых — своё")
    func sentDraftNotifiesOncePerGroup() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            world.mentor.capacity = 2
            try await world.mentor.save(on: app.db)
            let second = try await PairingFixtures.mentee(app, organization: world.territory.organization, lastName: "Зайцев", age: 19)
            try await app.db.transaction { db in
                try await PairingProposals.lockDraft(programID: world.program.id!, on: db)
                for mentee in [world.mentee, second] {
                    try await PairingProposals.addToDraft(mentee: mentee, mentor: world.mentor, program: world.program, actorName: "Куратор", on: db)
                }
            }
            // A draft tells no one.
            #expect(try await AppNotification.query(on: app.db).count() == 0)
            try await app.db.transaction { db in try await PairingProposals.send(programID: world.program.id!, on: db) }
            let mentorSide = try await Self.notifications(app, of: world.mentorUser)
            #expect(mentorSide.count == 1)
            #expect(mentorSide.first?.body.contains("предлагает вам 2 наставляемых") == true)
            #expect(try await Self.notifications(app, of: world.guardianUser).count == 1)
            #expect(try await Self.notifications(app, of: world.childUser).count == 1)
        }
    }

    @Test("Уведомления и письма пишутся в той же транзакции: отменённое изменение не оставляет ни уведомления, ни письма")
    func writtenInTheSameTransaction() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            struct Rollback: Error {}
            await #expect(throws: Rollback.self) {
                try await app.db.transaction { db in
                    _ = try await PairingProposals.propose(mentee: world.mentee, mentor: world.mentor, program: world.program,
                                                           meeting: .init(scheme: .curatorProposal, heldOn: nil, note: ""), actorName: "Куратор", on: db)
                    let written = try await AppNotification.query(on: db).count()
                    #expect(written == 3)
                    throw Rollback()
                }
            }
            #expect(try await AppNotification.query(on: app.db).count() == 0)
            #expect(try await OutboxMessage.query(on: app.db).count() == 0)
            #expect(try await PairingMember.query(on: app.db).count() == 0)
        }
    }

    @Test("Отправленная анкета и кейс на согласовании приходят тем, кому адресованы")
    func questionnaireAndCase() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            let organization = world.territory.organization
            let admin = try await Fixtures.person(app, login: "director", role: .orgAdmin, organization: organization, lastName: "Директорова")
            let questionnaire = Questionnaire()
            questionnaire.$organization.id = organization.id!
            questionnaire.programID = world.program.id
            questionnaire.title = "Ожидания от наставничества"
            questionnaire.purpose = ""
            questionnaire.audience = .mentor
            questionnaire.isAnonymous = false
            questionnaire.createdByID = admin.id!
            try await questionnaire.create(on: app.db)
            try await app.db.transaction { db in
                try await Notifications.questionnaireSent(questionnaire, to: [world.mentorUser.id!], dueAt: Date().addingTimeInterval(5 * 86_400), on: db)
            }
            let practice = PracticeCase()
            practice.organizationID = organization.id!
            practice.programID = world.program.id!
            try await app.db.transaction { db in try await Notifications.caseSubmitted(practice, on: db) }
            let mentorSide = try await Self.notifications(app, of: world.mentorUser)
            #expect(mentorSide.map(\.title) == ["Новая анкета «Ожидания от наставничества»"])
            #expect(mentorSide.first?.body.contains("программы наставничества «Шаг вперёд»") == true)
            let director = try await Self.notifications(app, of: admin)
            #expect(director.map(\.title) == ["Кейс программы «Шаг вперёд» ждёт согласования"])
            #expect(director.first?.link == "/orgs/\(organization.id!)/cases")
        }
    }

    @Test("Значок непрочитанных виден на каждой странице и гаснет, когда уведомление прочитано")
    func unreadBadge() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            try await world.propose(app)
            let browser = Browser(app)
            try await browser.signIn("guardian")
            for path in ["/", "/me/children", "/account"] {
                let page = try await browser.get(path)
                #expect(page.body.string.contains("aria-label=\"непрочитанных: 1\""), "\(path)")
            }
            let list = try await browser.get("/notifications")
            #expect(list.status == .ok)
            #expect(list.body.string.contains("Ребёнку предложен наставник в программе «Шаг вперёд»"))
            let notification = try #require(try await Self.notifications(app, of: world.guardianUser).first)
            let opened = try await browser.get("/notifications/\(notification.id!)/open")
            #expect(opened.status == .seeOther || opened.status == .found)
            #expect(opened.headers.first(name: .location) == "/me/children")
            let after = try await browser.get("/")
            #expect(!after.body.string.contains("unread-count"))
            // Someone else's notification is not found, and stays unread.
            let other = try #require(try await Self.notifications(app, of: world.mentorUser).first)
            #expect(try await browser.post("/notifications/\(other.id!)/read").status == .notFound)
            #expect(try await AppNotification.find(other.id, on: app.db)?.readAt == nil)
        }
    }

    @Test("API отдаёт мои уведомления и отмечает их прочитанными; чужое уведомление — 404")
    func api() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            try await world.propose(app)
            let token = try await NotificationsTests.token(app, for: world.mentorUser)
            let headers: HTTPHeaders = ["Authorization": "Bearer \(token)"]
            try await app.testing().test(.GET, "/api/v1/me/notifications", headers: headers) { response in
                #expect(response.status == .ok)
                let list = try response.content.decode(NotificationsAPIController.List.self, using: Self.decoder)
                #expect(list.unread == 1 && list.total == 1)
                #expect(list.items.first?.title == "Предложение стать наставником в программе «Шаг вперёд»")
                #expect(list.items.first?.kind == "pairProposed")
            }
            let foreign = try #require(try await Self.notifications(app, of: world.guardianUser).first)
            try await app.testing().test(.POST, "/api/v1/me/notifications/\(foreign.id!)/read", headers: headers) { response in
                #expect(response.status == .notFound)
            }
            for query in ["unread=maybe", "page=0", "page=два"] {
                try await app.testing().test(.GET, "/api/v1/me/notifications?\(query)", headers: headers) { response in
                    #expect(response.status == .badRequest, "\(query)")
                }
            }
            try await app.testing().test(.POST, "/api/v1/me/notifications/read", headers: headers) { response in
                #expect(response.status == .ok)
                let result = try response.content.decode(NotificationsAPIController.ReadResult.self)
                #expect(result.unread == 0)
            }
            try await app.testing().test(.GET, "/api/v1/me/notifications?unread=true", headers: headers) { response in
                let list = try response.content.decode(NotificationsAPIController.List.self, using: Self.decoder)
                #expect(list.items.isEmpty)
            }
            #expect(try await AppNotification.find(foreign.id, on: app.db)?.readAt == nil)
        }
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// A bearer token made through the profile page, as a person would.
    static func token(_ app: Application, for user: User) async throws -> String {
        let browser = Browser(app)
        try await browser.signIn(user.login)
        let page = try await browser.post("/account/tokens", form: ["name": "Телефон"])
        return try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
    }

    @Test("Выбор канала и частоты: только сайт — писем нет; раз в день — уведомление ждёт сводку")
    func choices() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            let browser = Browser(app)
            try await browser.signIn("guardian")
            let bad = try await browser.post("/notifications/settings", form: ["email": "не адрес", "emailEnabled": "on", "frequency": "daily"])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("не адрес"))
            let saved = try await browser.post("/notifications/settings", form: ["email": "mama@school.test", "emailEnabled": "on", "frequency": "daily"])
            #expect(saved.status == .seeOther)
            let child = Browser(app)
            try await child.signIn("child")
            #expect(try await child.post("/notifications/settings", form: ["email": "child@school.test", "frequency": "immediate"]).status == .seeOther)
            try await world.propose(app)
            let letters = try await OutboxMessage.query(on: app.db).all()
            #expect(letters.map(\.recipient) == ["mentor@school.test"])
            let guardianItems = try await Self.notifications(app, of: world.guardianUser)
            #expect(guardianItems.count == 1 && guardianItems.allSatisfy(\.digestPending))
            #expect(try await Self.notifications(app, of: world.childUser).allSatisfy { !$0.digestPending })
        }
    }

    @Test("Ссылка отписки из письма выключает письма после подтверждения и отменяет ждущие")
    func unsubscribe() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            try await world.propose(app)
            let preference = try await UnsubscribeTokens.preference(of: world.mentorUser.id!, on: app.db)
            let browser = Browser(app)
            let confirm = try await browser.get("/notifications/unsubscribe/\(preference.unsubscribeToken)")
            #expect(confirm.status == .ok)
            #expect(confirm.body.string.contains("Больше не присылать уведомления"))
            // Opening the link (as a mail scanner does) changes nothing.
            #expect(try await NotificationPreference.find(world.mentorUser.id, on: app.db)?.emailEnabled == true)
            let done = try await browser.post("/notifications/unsubscribe/\(preference.unsubscribeToken)")
            #expect(done.status == .ok)
            #expect(done.body.string.contains("больше не будут приходить"))
            #expect(try await NotificationPreference.find(world.mentorUser.id, on: app.db)?.emailEnabled == false)
            let mentorLetters = try await OutboxMessage.query(on: app.db).filter(\.$userID == world.mentorUser.id!).all()
            #expect(mentorLetters.map(\.status) == [.cancelled])
            #expect(try await browser.get("/notifications/unsubscribe/неверный").status == .notFound)
            #expect(RedactedRouteLogging.redacted("/notifications/unsubscribe/\(preference.unsubscribeToken)") == "/notifications/unsubscribe/…")
        }
    }

    @Test("Напоминания: встреча завтра, срок анкеты через 2 дня, 14 дней без встреч, нет согласия — каждое по одному разу")
    func reminders() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            try await world.propose(app)
            let organization = world.territory.organization
            let now = try #require(ISO8601DateFormatter().date(from: "2026-12-07T05:00:00Z"))  // 08:00 in Moscow
            let today = CalendarDay.today(now)
            // The pair formed 20 days ago, its last held meeting 16 days ago, the next one planned for tomorrow.
            let pairing = try #require(try await Pairing.query(on: app.db).first())
            pairing.status = .formed
            pairing.formedAt = now.addingTimeInterval(-20 * 86_400)
            try await pairing.save(on: app.db)
            for (day, status) in [(today.adding(days: -16), MeetingStatus.held), (today.adding(days: 1), .planned)] {
                try await Self.meeting(app, pairing, on: day, status)
            }
            // A questionnaire due in a day and a half, another in a week.
            let curator = try await Fixtures.person(app, login: "curator", role: .curator, organization: organization)
            let questionnaire = Questionnaire()
            questionnaire.$organization.id = organization.id!
            questionnaire.title = "Итоговая анкета"
            questionnaire.purpose = ""
            questionnaire.audience = .mentor
            questionnaire.isAnonymous = false
            questionnaire.createdByID = curator.id!
            try await questionnaire.create(on: app.db)
            let version = try await Self.version(app, questionnaire)
            for due in [now.addingTimeInterval(36 * 3600), now.addingTimeInterval(7 * 86_400)] {
                try await QuestionnaireAssignment(organizationID: organization.id!, questionnaireID: questionnaire.id!, versionID: version.id!,
                                                  userID: world.mentorUser.id!, role: .mentor, dueAt: due, assignedByID: curator.id!).create(on: app.db)
            }
            // A second child without consent, whose representative is the same person.
            let other = try await PairingFixtures.mentee(app, organization: organization, lastName: "Лебедев", consent: false)
            try await GuardianLink(organizationID: organization.id!, guardianUserID: world.guardianUser.id!, menteeID: other.id!, relation: "мать",
                                   createdByID: nil, createdByName: "Куратор").create(on: app.db)

            let written = try await Reminders.write(now: now, on: app.db)
            let mentorTitles = try await Self.notifications(app, of: world.mentorUser).map(\.title)
            #expect(mentorTitles.contains("Завтра встреча в программе «Шаг вперёд»"))
            #expect(mentorTitles.contains("В паре программы «Шаг вперёд» нет встреч 16 дней"))
            #expect(mentorTitles.filter { $0.hasPrefix("Срок анкеты «Итоговая анкета»") }.count == 1)
            #expect(try await Self.notifications(app, of: world.childUser).map(\.title).contains("Завтра встреча в программе «Шаг вперёд»"))
            #expect(try await Self.notifications(app, of: world.guardianUser).map(\.title)
                .contains("Нужно ваше согласие за ребёнка для «МБОУ СОШ № 1»"))
            // The meeting reaches the mentor, the child and the child's representative.
            #expect(written == 6)
            // The same day again, or an hour later on a second server: nothing new.
            #expect(try await Reminders.write(now: now.addingTimeInterval(3600), on: app.db) == 0)
            // The next day the meeting is today and the deadline reminded already: only what is new.
            #expect(try await Reminders.write(now: now.addingTimeInterval(86_400), on: app.db) == 0)
        }
    }

    @Test("Напоминания доходят до всех, кого касаются: представителю — о встрече ребёнка, наставнику и представителю несовершеннолетнего наставника — о согласии, администрации — о кейсе, по анкете — только не ответившим")
    func remindersReachEveryone() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            try await world.propose(app)
            let organization = world.territory.organization
            let now = try #require(ISO8601DateFormatter().date(from: "2026-12-07T05:00:00Z"))  // 08:00 in Moscow
            let today = CalendarDay.today(now)
            let pairing = try #require(try await Pairing.query(on: app.db).first())
            pairing.status = .formed
            pairing.formedAt = now.addingTimeInterval(-3 * 86_400)
            try await pairing.save(on: app.db)
            try await Self.meeting(app, pairing, on: today.adding(days: 1), .planned)
            // An adult mentor without consent with an account, and a minor student mentor whose representative has one.
            let adultUser = try await Fixtures.person(app, login: "teacher2", role: .mentor, organization: organization, lastName: "Белова")
            _ = try await PairingFixtures.mentor(app, organization: organization, lastName: "Белова", consent: false, userID: adultUser.id)
            let pupilMentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Жуков", consent: false)
            pupilMentor.isMinor = true
            try await pupilMentor.save(on: app.db)
            let father = try await Fixtures.person(app, login: "father", role: .guardian, organization: organization, lastName: "Жуков")
            try await GuardianLink(organizationID: organization.id!, guardianUserID: father.id!, mentorID: pupilMentor.id!, relation: "отец",
                                   createdByID: nil, createdByName: "Куратор").create(on: app.db)
            // A case sent for review an hour ago.
            let director = try await Fixtures.person(app, login: "director", role: .orgAdmin, organization: organization, lastName: "Директорова")
            let practice = try await Self.submittedCase(app, world, pairing)
            func sentForReview(_ age: TimeInterval) async throws {
                try await (app.db as! any SQLDatabase).update(PracticeCase.schema).set("updated_at", to: now.addingTimeInterval(-age))
                    .where("id", .equal, practice.id!).run()
            }
            try await sentForReview(3600)
            // A survey due tomorrow: the mentor answered, the child did not.
            let questionnaire = Questionnaire()
            questionnaire.$organization.id = organization.id!
            questionnaire.programID = world.program.id
            questionnaire.title = "Удовлетворённость"
            questionnaire.purpose = ""
            questionnaire.audience = .mentee
            questionnaire.isAnonymous = false
            questionnaire.createdByID = director.id!
            try await questionnaire.create(on: app.db)
            let version = try await Self.version(app, questionnaire)
            for (user, role) in [(world.mentorUser, Role.mentor), (world.childUser, .mentee)] {
                let assignment = QuestionnaireAssignment(organizationID: organization.id!, questionnaireID: questionnaire.id!, versionID: version.id!,
                                                         userID: user.id!, role: role, dueAt: now.addingTimeInterval(86_400), assignedByID: director.id!)
                if user.id == world.mentorUser.id { assignment.status = .submitted }
                try await assignment.create(on: app.db)
            }

            try await Reminders.write(now: now, on: app.db)
            let guardianTitles = try await Self.notifications(app, of: world.guardianUser).map(\.title)
            #expect(guardianTitles.contains("Завтра у ребёнка встреча в программе «Шаг вперёд»"))
            let guardianMeeting = try #require(try await Self.notifications(app, of: world.guardianUser).first { $0.kind == .meetingTomorrow })
            #expect(guardianMeeting.link == "/me/children")
            #expect(guardianMeeting.body.contains("8 декабря в 15:30"))
            #expect(try await Self.notifications(app, of: adultUser).map(\.title) == ["Нужно ваше согласие на обработку данных для «МБОУ СОШ № 1»"])
            #expect(try await Self.notifications(app, of: adultUser).first?.body.contains("быть наставником") == true)
            #expect(try await Self.notifications(app, of: father).map(\.title) == ["Нужно ваше согласие за ребёнка для «МБОУ СОШ № 1»"])
            // A case sent an hour ago reminds nobody yet; three days later the administration is reminded.
            #expect(try await Self.notifications(app, of: director).isEmpty)
            try await sentForReview(3 * 86_400)
            #expect(try await Reminders.write(now: now.addingTimeInterval(3600), on: app.db) == 1)
            #expect(try await Self.notifications(app, of: director).map(\.title) == ["Кейс программы «Шаг вперёд» всё ещё ждёт согласования"])
            let mentorTitles = try await Self.notifications(app, of: world.mentorUser).map(\.title)
            #expect(!mentorTitles.contains { $0.hasPrefix("Срок анкеты") })
            #expect(try await Self.notifications(app, of: world.childUser).map(\.title).contains { $0.hasPrefix("Срок анкеты «Удовлетворённость»") })
            // Again the same week: nothing new.
            #expect(try await Reminders.write(now: now.addingTimeInterval(86_400), on: app.db) == 0)
        }
    }

    @Test("Пара без встреч больше 14 дней: главная куратора, страница ритма и напоминание наставнику считают по одному правилу; снятое куратором предупреждение не напоминает")
    func stalePairsOneRule() async throws {
        try await withTestApp { app in
            let world = try await ProposalWorld.make(app)
            try await world.propose(app)
            let now = try #require(ISO8601DateFormatter().date(from: "2026-12-07T05:00:00Z"))
            let today = CalendarDay.today(now)
            let pairing = try #require(try await Pairing.query(on: app.db).first())
            pairing.status = .formed
            pairing.formedAt = now.addingTimeInterval(-20 * 86_400)
            try await pairing.save(on: app.db)
            func homeCount() async throws -> Int {
                let tasks = try await CuratorTasks.load(organizationID: world.territory.organizationID, evidence: app.checklistEvidence,
                                                        today: today, now: now, on: app.db)
                return tasks.programs.flatMap(\.tasks).filter { $0.kind == "stalePairs" }.reduce(0) { $0 + $1.count }
            }
            func staleReminders() async throws -> Int {
                try await Self.notifications(app, of: world.mentorUser).filter { $0.kind == .pairWithoutMeetings }.count
            }
            // The curator acknowledged «no meetings since forming» with a note: no line, no reminder.
            let acknowledgement = RhythmAcknowledgement()
            acknowledgement.$pairing.id = pairing.id!
            acknowledgement.programID = world.program.id!
            acknowledgement.warning = "gap"
            acknowledgement.anchor = ""
            acknowledgement.note = "Наставник на курсах, встречи с понедельника"
            acknowledgement.acknowledgedByName = "Куратор"
            try await acknowledgement.create(on: app.db)
            #expect(try await homeCount() == 0)
            try await Reminders.write(now: now, on: app.db)
            #expect(try await staleReminders() == 0)
            // A meeting held 16 days ago is a new occurrence: the line and the reminder come back together.
            try await Self.meeting(app, pairing, on: today.adding(days: -16), .held)
            #expect(try await homeCount() == 1)
            try await Reminders.write(now: now.addingTimeInterval(86_400), on: app.db)
            #expect(try await staleReminders() == 1)
            // The rhythm page counts them by the same query.
            try await Fixtures.person(app, login: "curator", role: .curator, organization: world.territory.organization)
            let curator = Browser(app)
            try await curator.signIn("curator")
            let rhythm = try await curator.get("/orgs/\(world.territory.organizationID)/programs/\(world.program.id!)/rhythm")
            #expect(rhythm.text.contains("не встречались больше 14 дней: <span id=\"stale-count\">1</span>"))
        }
    }

    /// A practice case of the pair, sent to the administration for review.
    static func submittedCase(_ app: Application, _ world: ProposalWorld, _ pairing: Pairing) async throws -> PracticeCase {
        let organization = world.territory.organization
        let practice = PracticeCase()
        practice.organizationID = organization.id!
        practice.municipalityID = organization.$municipality.id
        practice.regionID = organization.regionID
        practice.programID = world.program.id!
        practice.pairingID = pairing.id!
        practice.form = .studentStudent
        practice.topic = .achievement
        practice.title = "Кейс пары"
        practice.story = ""; practice.goal = ""; practice.whatWasDone = ""; practice.results = ""; practice.materials = ""
        practice.status = .submitted
        practice.statusNote = ""
        practice.writtenByName = "Куратор"
        practice.updateSearchKey()
        try await practice.create(on: app.db)
        return practice
    }

    /// A meeting of the pair at 15:30 in room 12.
    static func meeting(_ app: Application, _ pairing: Pairing, on day: CalendarDay, _ status: MeetingStatus) async throws {
        let meeting = PairMeeting()
        meeting.$pairing.id = pairing.id!
        meeting.programID = pairing.$program.id
        meeting.kind = MeetingKind.allCases[0]
        meeting.status = status
        meeting.on = day.iso
        meeting.startsAt = "15:30"
        meeting.durationMinutes = 45
        meeting.format = MeetingFormat.allCases[0]
        meeting.place = "каб. 12"
        meeting.summary = ""
        meeting.recordedByName = "Наставник"
        try await meeting.create(on: app.db)
    }

    static func version(_ app: Application, _ questionnaire: Questionnaire) async throws -> QuestionnaireVersion {
        let version = QuestionnaireVersion()
        version.$questionnaire.id = questionnaire.id!
        version.number = 1
        version.definitionJSON = "{\"questions\":[]}"
        version.publishedAt = Date()
        try await version.create(on: app.db)
        return version
    }
}
