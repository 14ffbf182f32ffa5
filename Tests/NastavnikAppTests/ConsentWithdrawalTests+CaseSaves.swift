import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// The text of a practice case after a consent withdrawal: the case of the person's pair takes no
/// new text (the page, the API, a save racing the withdrawal), and a case form read before the
/// withdrawal — or before a colleague's save — cannot write over what is stored now (the case's
/// version, M041).
extension ConsentWithdrawalTests {
    /// The case form's fields, naming the child.
    static func caseForm(_ story: String, version: Int? = nil, title: String = "Арсений и олимпиада",
                         goal: String = "Иванову Арсению исправить оценку") -> [String: String] {
        var form = ["title": title, "topic": "contests", "story": story, "goal": goal,
                    "whatWasDone": "Решали задачи", "results": "Призёр", "materials": ""]
        if let version { form["version"] = String(version) }
        return form
    }

    static func caseJSON(_ story: String, version: Int? = nil) -> ByteBuffer {
        let version = version.map { #", "version": \#($0)"# } ?? ""
        return ByteBuffer(string: #"{"title": "Кейс", "topic": "contests", "story": "\#(story)", "goal": "Цель", "whatWasDone": "Занятия", "results": "Призёр"\#(version)}"#)
    }

    /// The version the case form carries in its hidden field.
    static func formVersion(_ page: String) throws -> Int {
        let match = try #require(page.firstMatch(of: /name="version" value="(\d+)"/))
        return try #require(Int(match.1))
    }

    /// The world with its pair finished, so a case may be written.
    func finishedWorld(_ app: Application, group: Bool = false) async throws -> World {
        let w = try await world(app, group: group)
        w.pairing.status = .finished
        try await w.pairing.save(on: app.db)
        return w
    }

    func withdrawChild(_ w: World) async throws -> ConsentRecord {
        let consent = try #require(try await ConsentRecord.query(on: w.curator.app.db).filter(\.$subjectID == w.mentee.id!)
            .filter(\.$purpose == .processing).first())
        let withdrawn = try await w.curator.post("/orgs/\(w.territory.organizationID)/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw")
        #expect(withdrawn.status == .seeOther)
        return consent
    }

    @Test("После отзыва согласия ребёнком кейс его пары не принимает новый текст: страница объясняет и сохраняет введённое, API отвечает 409 consent_withdrawn, кейс остаётся пустым")
    func caseTakesNoTextAfterWithdrawal() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let c = try await caseWorld(app, w)
            _ = try await withdrawChild(w)
            let path = SiteRoute.Cases.save.path(w.pairing.id!)
            // The form says it before anything is typed.
            let opened = try await w.curator.get(SiteRoute.Cases.edit.path(w.pairing.id!))
            #expect(opened.status == .ok && opened.text.contains(CaseError.consentWithdrawn.russianMessage))

            let page = try await w.curator.post(path, form: Self.caseForm("Арсений снова ходит на занятия"))
            #expect(page.status == .conflict)
            #expect(page.text.contains(CaseError.consentWithdrawn.russianMessage))
            #expect(page.text.contains("Арсений снова ходит на занятия"), "введённый текст остался в форме")

            let api = try await app.testing().sendRequest(.PUT, "/api/v1/pairs/\(w.pairing.id!)/case", headers: c.curatorToken,
                                                         body: Self.caseJSON("Иванов Арсений вернулся"))
            #expect(api.status == .conflict)
            let error = try api.content.decode(ConsentsAPITests.ErrorBody.self).error
            #expect(error.code == "consent_withdrawn" && error.message == CaseError.consentWithdrawn.russianMessage)

            // The service itself, as any other caller would use it.
            let pairing = try #require(try await Pairing.find(w.pairing.id, on: app.db))
            await #expect(throws: CaseError.consentWithdrawn) {
                _ = try await CaseService.save(.init(title: "Кейс", topic: "contests", story: "Арсений", goal: "Цель", whatWasDone: "Занятия",
                                                     results: "Призёр", materials: ""), for: pairing, by: .system, on: app.db)
            }
            for needle in ["Арсени", "арсени", "Иванов А", "иванову"] { try await Self.expectNowhere(needle, app: app) }
            let practice = try #require(try await PracticeCase.find(c.practiceID, on: app.db))
            #expect(practice.title == ConsentWithdrawal.removedCaseTitle && practice.goal.isEmpty && practice.status == .takenDown)
        }
    }

    @Test("Кейс группы, где один ребёнок отозвал согласие, не принимает новый текст, как и файлы: отзыв очистил весь кейс группы")
    func groupCaseTakesNoTextAfterOneWithdrawal() async throws {
        try await withTestApp { app in
            let w = try await finishedWorld(app, group: true)
            let input = CaseService.CaseInput(title: "Группа и олимпиада", topic: "contests", story: "Арсений и Глеб готовились вместе",
                                              goal: "Цель", whatWasDone: "Занятия", results: "Призёры", materials: "")
            let saved = try await CaseService.save(input, for: w.pairing, by: .system, on: app.db)
            #expect(saved.version == 1)
            _ = try await withdrawChild(w)
            let pairing = try #require(try await Pairing.find(w.pairing.id, on: app.db))
            var again = input
            again.story = "Глеб продолжил готовиться"
            again.version = try #require(try await PracticeCase.find(saved.id, on: app.db)?.version)
            await #expect(throws: CaseError.consentWithdrawn) { _ = try await CaseService.save(again, for: pairing, by: .system, on: app.db) }
            let practice = try #require(try await PracticeCase.find(saved.id, on: app.db))
            #expect(practice.story == ConsentWithdrawal.removedText)
            try await Self.expectNowhere("Арсени", app: app)
        }
    }

    @Test("Форма кейса, открытая до отзыва согласия, не возвращает имя ребёнка; сохранение с текущей версией проходит")
    func staleCaseFormAfterWithdrawal() async throws {
        try await withTestApp { app in
            let w = try await finishedWorld(app)
            // Another finished pair of the same mentor, whose case names the child: the withdrawal
            // replaces his name there, and that case's curator keeps working on it.
            let gleb = try await PairingFixtures.mentee(app, organization: w.territory.organization, lastName: "Соколов", firstName: "Глеб")
            let other = try Pairing(program: w.program, mentorID: w.mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: .finished,
                                    createdByName: "Петрова Мария Ивановна")
            try await other.create(on: app.db)
            let member = PairingMember(pairingID: other.id!, menteeID: gleb.id!, programID: w.program.id!, score: 80, explanation: [], position: 0)
            member.menteeAnswer = .accepted
            member.mentorAnswer = .accepted
            try await member.create(on: app.db)
            let story = "Глебу помогал Иванов Арсений Павлович"
            #expect(try await w.curator.post(SiteRoute.Cases.save.path(other.id!), form: Self.caseForm(story, version: 0, title: "Глеб и олимпиада", goal: "Подготовиться к олимпиаде")).status
                    == .seeOther)
            #expect(try await w.curator.post(SiteRoute.Cases.save.path(w.pairing.id!), form: Self.caseForm("Арсений пришёл в сентябре", version: 0)).status
                    == .seeOther)
            // Both forms opened before the withdrawal.
            let ownVersion = try Self.formVersion(try await w.curator.get(SiteRoute.Cases.edit.path(w.pairing.id!)).text)
            let otherVersion = try Self.formVersion(try await w.curator.get(SiteRoute.Cases.edit.path(other.id!)).text)
            #expect(ownVersion == 1 && otherVersion == 1)
            _ = try await withdrawChild(w)

            let own = try await w.curator.post(SiteRoute.Cases.save.path(w.pairing.id!), form: Self.caseForm("Арсений пришёл в сентябре", version: ownVersion))
            #expect(own.status == .conflict && own.text.contains(CaseError.consentWithdrawn.russianMessage))
            let stale = try await w.curator.post(SiteRoute.Cases.save.path(other.id!), form: Self.caseForm(story, version: otherVersion, title: "Глеб и олимпиада", goal: "Подготовиться к олимпиаде"))
            #expect(stale.status == .conflict)
            #expect(stale.text.contains(CaseError.changedMeanwhile.russianMessage))
            #expect(stale.text.contains(story), "введённое осталось в форме")
            #expect(stale.text.contains(ConsentWithdrawal.label), "рядом показано, что сохранено сейчас")
            for needle in ["Арсени", "арсени", "Иванов А", "иванову"] { try await Self.expectNowhere(needle, app: app) }

            // The API refuses the same stale version with its own code and says the current one.
            let token: HTTPHeaders = ["Authorization": "Bearer \(try await APITests().token(app, login: "kurator"))", "Content-Type": "application/json"]
            let api = try await app.testing().sendRequest(.PUT, "/api/v1/pairs/\(other.id!)/case", headers: token,
                                                         body: Self.caseJSON(story, version: otherVersion))
            #expect(api.status == .conflict)
            #expect(try api.content.decode(ConsentsAPITests.ErrorBody.self).error.code == "case_changed_meanwhile")
            struct Version: Decodable { let version: Int }
            let current = try await app.testing().sendRequest(.GET, "/api/v1/pairs/\(other.id!)/case", headers: token).content.decode(Version.self)
            #expect(current.version > otherVersion)

            // A form read now saves.
            let fresh = try Self.formVersion(stale.text)
            #expect(fresh == current.version)
            let saved = try await w.curator.post(SiteRoute.Cases.save.path(other.id!), form: Self.caseForm("Глеб готовился к олимпиаде", version: fresh,
                                                                                                          title: "Глеб и олимпиада", goal: "Подготовиться"))
            #expect(saved.status == .seeOther)
            let practice = try #require(try await PracticeCase.query(on: app.db).filter(\.$pairingID == other.id!).first())
            #expect(practice.story == "Глеб готовился к олимпиаде" && practice.version == fresh + 1)
            let viaAPI = try await app.testing().sendRequest(.PUT, "/api/v1/pairs/\(other.id!)/case", headers: token,
                                                            body: Self.caseJSON("Глеб — призёр", version: fresh + 1))
            #expect(viaAPI.status == .ok)
            #expect(try viaAPI.content.decode(Version.self).version == fresh + 2)
        }
    }

    @Test("Две вкладки сохраняют кейс от одной версии одновременно: сохраняется ровно одна, вторая получает отказ и свой текст в форме")
    func twoTabsSaveTheSameVersion() async throws {
        try await withTestApp { app in
            let w = try await finishedWorld(app)
            let path = SiteRoute.Cases.save.path(w.pairing.id!)
            #expect(try await w.curator.post(path, form: Self.caseForm("Первый черновик", version: 0)).status == .seeOther)
            let version = try Self.formVersion(try await w.curator.get(SiteRoute.Cases.edit.path(w.pairing.id!)).text)
            let token: HTTPHeaders = ["Authorization": "Bearer \(try await APITests().token(app, login: "kurator"))", "Content-Type": "application/json"]
            try await withLiveServer(app) { server in
                let tabs = (0..<4).map { _ in w.curator.tab(live: server) }
                let pages = try await inParallel(4) { i in
                    let page = try await tabs[i].post(path, form: Self.caseForm("Вариант вкладки \(i)", version: version))
                    return (page.status, page.text.contains("Вариант вкладки \(i)"))
                }
                #expect(pages.filter { $0.0 == .seeOther }.count == 1, "\(pages.map(\.0))")
                #expect(pages.filter { $0.0 == .conflict && $0.1 }.count == 3, "\(pages.map(\.0))")
                let afterPages = try #require(try await PracticeCase.query(on: app.db).filter(\.$pairingID == w.pairing.id!).first())
                #expect(afterPages.version == version + 1 && afterPages.story.hasPrefix("Вариант вкладки"))

                let sent = try await inParallel(4) { i in
                    try await server.send(.PUT, "/api/v1/pairs/\(w.pairing.id!)/case", headers: token,
                                          body: Self.caseJSON("Вариант клиента \(i)", version: version + 1)).status
                }
                #expect(sent.filter { $0 == .ok }.count == 1 && sent.filter { $0 == .conflict }.count == 3, "\(sent)")
                let afterAPI = try #require(try await PracticeCase.query(on: app.db).filter(\.$pairingID == w.pairing.id!).first())
                #expect(afterAPI.version == version + 2 && afterAPI.story.hasPrefix("Вариант клиента"))
            }
        }
    }

    @Test("Сохранение кейса и отзыв согласия в одну секунду: в каком бы порядке они ни прошли, имени ребёнка в кейсе нет")
    func saveRacingWithdrawal() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let c = try await caseWorld(app, w)
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentee.id!)
                .filter(\.$purpose == .processing).first())
            let withdraw = "/orgs/\(w.territory.organizationID)/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw"
            let save = SiteRoute.Cases.save.path(w.pairing.id!)
            try await withLiveServer(app) { server in
                let tabs = (0..<7).map { _ in w.curator.tab(live: server) }
                // The withdrawal in the middle of saves from the page (no version: the newest text
                // wins) and from the API; each lands before it (and is cleared) or after it (and is refused).
                let statuses = try await inParallel(7) { i -> HTTPStatus in
                    switch i {
                    case 3: return try await tabs[i].post(withdraw).status
                    case 0, 2, 5: return try await tabs[i].post(save, form: Self.caseForm("Иванов Арсений на занятии \(i)")).status
                    default:
                        return try await server.send(.PUT, "/api/v1/pairs/\(w.pairing.id!)/case", headers: c.curatorToken,
                                                     body: Self.caseJSON("Арсений на занятии \(i)")).status
                    }
                }
                #expect(statuses.allSatisfy { [HTTPStatus.ok, .seeOther, .conflict].contains($0) }, "\(statuses)")
            }
            for needle in ["Арсени", "арсени", "Иванов А", "иванову"] { try await Self.expectNowhere(needle, app: app) }
            let practice = try #require(try await PracticeCase.find(c.practiceID, on: app.db))
            #expect(practice.title == ConsentWithdrawal.removedCaseTitle && practice.goal.isEmpty)
        }
    }
}
