import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Trust fixes of issue 22's session: marks of reading that count once between two tabs, a case
/// sent or published only under consents that hold at that moment, one case per pair kept by the
/// database, and the curator told of a concern without its words. On both databases.
@Suite("Доверие: отметки прочтения, согласия кейса, один кейс у пары, обращение к куратору")
struct NotificationAndCaseTrustTests {
    func bearer(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }

    // MARK: - Marking notifications read

    @Test("«Отметить все прочитанными» в четырёх вкладках сразу: каждое уведомление посчитано один раз, время первого прочтения не переписано")
    func readAllCountsOnce() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let user = try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            for index in 0..<6 {
                try await Notifications.notify([user.id!], NotificationMessage(kind: .questionnaireSent, title: "Анкета \(index + 1)", body: "Ответьте на анкету.",
                                                                             link: "/my/questionnaires", organizationID: school.organizationID), on: app.db)
            }
            let first = try #require(try await AppNotification.query(on: app.db).sort(\.$title).first())
            #expect(try await NotificationList.markRead([first.id!], of: user.id!, on: app.db))
            let firstRead = try #require(try await AppNotification.find(first.id, on: app.db)?.readAt)
            try await withLiveServer(app) { server in
                let browser = Browser(app, live: server)
                try await browser.signIn("kurator")
                let tabs = (0..<4).map { _ in browser.tab() }
                let answers = try await inParallel(4) { i in
                    let marked = try await tabs[i].post(i % 2 == 0 ? "/notifications/read-all" : "/notifications/\(first.id!)/read")
                    return (marked.status, try await tabs[i].get("/notifications").text)
                }
                #expect(answers.allSatisfy { $0.0 == .seeOther }, "\(answers.map(\.0.code))")
                let counted = answers.compactMap { $0.1.firstMatch(of: /Отмечено прочитанными: (\d+)/).flatMap { Int($0.output.1) } }
                #expect(counted.reduce(0, +) == 5, "\(counted)")
            }
            #expect(try await NotificationList.unreadCount(of: user.id!, on: app.db) == 0)
            let stored = try #require(try await AppNotification.find(first.id, on: app.db)?.readAt)
            #expect(abs(stored.timeIntervalSince(firstRead)) < 0.001)
        }
    }

    // MARK: - The case and its consents

    struct FinishedPair {
        let pairing: Pairing
        let territory: Fixtures.Territory
        let menteeID: UUID
        let curator: HTTPHeaders
    }

    func finishedPairWithCase(_ app: Application) async throws -> FinishedPair {
        let (pairing, _, _, _, territory) = try await PairCompletionTests().formedPair(app)
        pairing.status = .finished
        try await pairing.save(on: app.db)
        let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
        _ = try await PublicationsTests().consent(app, territory.organizationID, .mentor, pairing.$mentor.id, .publicationCases)
        _ = try await CaseService.save(.init(title: "Из троечника — в призёры", topic: "contests", story: "История пары", goal: "Подтянуть математику",
                                             whatWasDone: "Занятия", results: "Призёр", materials: ""), for: pairing, by: .system, on: app.db)
        return FinishedPair(pairing: pairing, territory: territory, menteeID: member.$mentee.id,
                            curator: bearer(try await APITests().token(app, login: "kurator")))
    }

    @Test("Согласие на публикацию отзывают в ту же секунду, когда куратор отправляет кейс: отправленным с отозванным согласием кейс не остаётся")
    func submitMeetsWithdrawal() async throws {
        try await withTestApp { app in
            let p = try await finishedPairWithCase(app)
            let practice = try #require(try await PracticeCase.query(on: app.db).first())
            try await withLiveServer(app) { server in
                for round in 0..<4 {
                    let consent = try await PublicationsTests().consent(app, p.territory.organizationID, .mentee, p.menteeID, .publicationCases)
                    try await PracticeCase.query(on: app.db).filter(\.$id == practice.id!).set(\.$status, to: .draft).update()
                    let withdraw = "/api/v1/organizations/\(p.territory.organizationID)/mentees/\(p.menteeID)/consents/\(consent.id!)/withdraw"
                    let statuses = try await inParallel(2) { i in
                        i == 0 ? try await server.send(.POST, "/api/v1/pairs/\(p.pairing.id!)/case/submit", headers: p.curator).status
                               : try await server.send(.POST, withdraw, headers: p.curator).status
                    }
                    #expect([HTTPResponseStatus.ok, .conflict].contains(statuses[0]) && statuses[1] == .ok, "круг \(round): \(statuses)")
                    #expect(try await ConsentRecord.find(consent.id, on: app.db)?.withdrawnAt != nil)
                    let status = try await PracticeCase.find(practice.id, on: app.db)?.status
                    #expect(status == .draft || status == .takenDown, "круг \(round): \(String(describing: status))")
                }
            }
        }
    }

    @Test("Администрация публикует кейс, пока согласие отзывают: опубликованным с отозванным согласием кейс не остаётся")
    func publishMeetsWithdrawal() async throws {
        try await withTestApp { app in
            let p = try await finishedPairWithCase(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: p.territory.organization)
            let director = bearer(try await APITests().token(app, login: "direktor"))
            let practice = try #require(try await PracticeCase.query(on: app.db).first())
            try await withLiveServer(app) { server in
                for round in 0..<4 {
                    let consent = try await PublicationsTests().consent(app, p.territory.organizationID, .mentee, p.menteeID, .publicationCases)
                    try await PracticeCase.query(on: app.db).filter(\.$id == practice.id!).set(\.$status, to: .submitted).update()
                    let withdraw = "/api/v1/organizations/\(p.territory.organizationID)/mentees/\(p.menteeID)/consents/\(consent.id!)/withdraw"
                    let publish = "/api/v1/organizations/\(p.territory.organizationID)/cases/\(practice.id!)/publish"
                    let statuses = try await inParallel(2) { i in
                        i == 0 ? try await server.send(.POST, publish, headers: director).status
                               : try await server.send(.POST, withdraw, headers: p.curator).status
                    }
                    #expect(statuses[0].code < 500 && statuses[1] == .ok, "круг \(round): \(statuses)")
                    let status = try await PracticeCase.find(practice.id, on: app.db)?.status
                    #expect(status != .published && status != .submitted, "круг \(round): \(String(describing: status))")
                }
            }
        }
    }

    @Test("У пары один кейс: база не принимает второй, а служба кейсов отвечает на отказ индекса русским сообщением, не 500")
    func oneCasePerPair() async throws {
        try await withTestApp { app in
            let p = try await finishedPairWithCase(app)
            let first = try #require(try await PracticeCase.query(on: app.db).first())
            let twin = PracticeCase()
            twin.organizationID = first.organizationID
            twin.municipalityID = first.municipalityID
            twin.regionID = first.regionID
            twin.programID = first.programID
            twin.pairingID = first.pairingID
            twin.form = first.form
            twin.topic = first.topic
            twin.title = "Второй кейс той же пары"
            twin.story = ""; twin.goal = ""; twin.whatWasDone = ""; twin.results = ""; twin.materials = ""
            twin.status = .draft
            twin.statusNote = ""
            twin.writtenByName = ""
            twin.updateSearchKey()
            do {
                try await twin.create(on: app.db)
                Issue.record("второй кейс пары сохранён")
            } catch {
                #expect(RowLock.isUniqueViolation(error), "\(error)")
            }
            #expect(try await PracticeCase.query(on: app.db).filter(\.$pairingID == p.pairing.id!).count() == 1)
            #expect(CaseError.savedMeanwhile.status == .conflict && CaseError.savedMeanwhile.russianMessage.contains("только что сохранён"))
        }
    }

    // MARK: - A concern reaches the curator, its words do not

    @Test("Наставляемый пишет обращение к куратору: куратор получает уведомление и письмо без имени ребёнка и без текста; наставник и сам автор — ничего")
    func concernNotifiesTheCurator() async throws {
        try await withTestApp { app in
            let (pairing, _, _, mentee, territory) = try await PairWorkTests().formedPair(app)
            try await User.query(on: app.db).filter(\.$login == "kurator").set(\.$email, to: "kurator@school.example").update()
            let words = "Наставник кричит на меня, мне страшно"
            #expect(try await mentee.post("/pairs/\(pairing.id!)/concerns", form: ["concernText": words, "asksIntervention": "on"]).status == .seeOther)

            let curator = try #require(try await User.query(on: app.db).filter(\.$login == "kurator").first())
            let notifications = try await AppNotification.query(on: app.db).filter(\.$kind == .concernRaised).all()
            #expect(notifications.map(\.userID) == [curator.id!])
            let note = try #require(notifications.first)
            #expect(note.title.contains("Просят вмешаться") && note.link == "/orgs/\(territory.organizationID)/concerns")
            let letters = try await OutboxMessage.query(on: app.db).filter(\.$userID == curator.id!).all()
            #expect(letters.count == 1)
            let child = try #require(try await Mentee.query(on: app.db).first())
            for text in [note.title, note.body] + letters.flatMap({ [$0.subject, $0.body] }) {
                #expect(!text.contains("кричит") && !text.contains("страшно"), "\(text)")
                #expect(!text.contains(child.lastName) && !text.contains(child.firstName), "\(text)")
            }
            // The curator's inbox, which the link opens, shows the words to the curator.
            let browser = Browser(app)
            try await browser.signIn("kurator")
            #expect(try await browser.get(note.link).text.contains(words))
        }
    }

    @Test("Обращение и его уведомление — одна транзакция: если журнал не записан, нет ни обращения, ни уведомления")
    func concernAndNotificationTogether() async throws {
        try await withTestApp { app in
            let (pairing, _, _, mentee, _) = try await PairWorkTests().formedPair(app)
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("ALTER TABLE \(ident: AuditEntry.schema) RENAME TO \(ident: "audit_entries_away")").run()
            let answer = try await mentee.post("/pairs/\(pairing.id!)/concerns", form: ["concernText": "Мне трудно успевать к встречам"])
            try await sql.raw("ALTER TABLE \(ident: "audit_entries_away") RENAME TO \(ident: AuditEntry.schema)").run()
            #expect(answer.status.code >= 500)
            #expect(try await PairConcern.query(on: app.db).count() == 0)
            #expect(try await AppNotification.query(on: app.db).filter(\.$kind == .concernRaised).count() == 0)
        }
    }
}
