import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 16, the bases: raw imports that do not outlive their use, imports that cannot duplicate
/// a child, API reads in the audit log, and two staff editing one card.
@Suite("Базы: доверие к данным детей")
struct ParticipantsTrustTests {
    struct School {
        let territory: Fixtures.Territory
        let curator: Browser
        var base: String { "/orgs/\(territory.organizationID)" }
    }

    func school(_ app: Application, live: LiveServer? = nil) async throws -> School {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
        let curator = Browser(app, live: live)
        try await curator.signIn("kurator")
        return School(territory: territory, curator: curator)
    }

    func apiHeaders(_ app: Application, login: String, live: LiveServer? = nil) async throws -> HTTPHeaders {
        let browser = Browser(app, live: live)
        try await browser.signIn(login)
        let page = try await browser.post("/account/tokens", form: ["name": "АИС"])
        let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
        return ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    }

    /// A class list of `count` pupils, as a school exports it.
    static func classList(_ count: Int) -> Data {
        var text = "ФИО;Класс;Форма наставничества;Запросы;Дата рождения;Телефон представителя\n"
        for i in 0..<count {
            text += "Ученик\(i) Арсений Павлович;7А;ученик – ученик;Низкая успеваемость;\(String(format: "%02d", i % 28 + 1)).03.2013;+7 900 111-22-\(String(format: "%02d", i))\n"
        }
        return Data(text.utf8)
    }

    @Test("Чтение страницы полных записей через API пишется в журнал, как просмотр карточки")
    func apiListIsAudited() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let mentees = [try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: "Орлов"),
                           try await PairingFixtures.mentee(app, organization: s.territory.organization, lastName: "Соколова")]
            let mentor = try await PairingFixtures.mentor(app, organization: s.territory.organization, lastName: "Смирнова")
            let headers = try await apiHeaders(app, login: "kurator")
            let base = "/api/v1/organizations/\(s.territory.organizationID)"
            #expect(try await app.testing().sendRequest(.GET, base + "/mentees", headers: headers).status == .ok)
            #expect(try await app.testing().sendRequest(.GET, base + "/mentors", headers: headers).status == .ok)
            let read = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.menteeViewed.rawValue).all()
            #expect(read.count == 1)
            #expect(mentees.allSatisfy { mentee in read.first?.details?.contains(mentee.id!.uuidString) == true })
            let mentors = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.mentorViewed.rawValue).all()
            #expect(mentors.count == 1 && mentors.first?.details?.contains(mentor.id!.uuidString) == true)
        }
    }

    @Test("Файл импорта удаляется при подтверждении и через сутки без него; обезличенных из него не показывают")
    func rawImportsAreNotKept() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let upload = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "класс.csv", data: Self.classList(3))
            let batchPath = try #require(upload.location)
            #expect(try await s.curator.get(batchPath).text.contains("+7 900 111-22-01"))
            #expect(try await s.curator.post(batchPath + "/confirm").status == .seeOther)
            #expect(try await Mentee.query(on: app.db).count() == 3)
            let batch = try #require(try await ImportBatch.query(on: app.db).first())
            #expect(batch.content.isEmpty && batch.importedAt != nil && batch.createdCount == 3)

            // The child withdraws: the import page shows nobody from the file.
            let child = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Ученик1").first())
            try await PairingFixtures.addConsent(app, organizationID: s.territory.organizationID, kind: .mentee, subjectID: child.id!, byGuardian: true)
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == child.id!).first())
            #expect(try await s.curator.post(s.base + "/mentees/\(child.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)
            let after = try await s.curator.get(batchPath)
            #expect(after.status == .ok && after.text.contains("добавлено 3"))
            #expect(!after.text.contains("Ученик1") && !after.text.contains("+7 900 111-22-01") && !after.text.contains("03.2013"))

            // A file never confirmed: deleted when the child named in it withdraws…
            let pending = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "ещё.csv", data: Self.classList(3))
            let pendingLocation = try #require(pending.location)
            #expect(try await s.curator.get(pendingLocation).status == .ok)
            let second = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Ученик2").first())
            try await PairingFixtures.addConsent(app, organizationID: s.territory.organizationID, kind: .mentee, subjectID: second.id!, byGuardian: true)
            let secondConsent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == second.id!).filter(\.$withdrawnAt == nil).first())
            #expect(try await s.curator.post(s.base + "/mentees/\(second.id!)/consents/\(secondConsent.id!)/withdraw").status == .seeOther)
            #expect(try await s.curator.get(pending.location!).status == .notFound)

            // …and after a day in any case, at the next visit of the import pages.
            let old = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "старый.csv", data: Self.classList(2))
            let oldLocation = try #require(old.location)
            let oldID = try #require(UUID(uuidString: String(oldLocation.split(separator: "/").last!)))
            try await ImportBatch.query(on: app.db).filter(\.$id == oldID).set(\.$createdAt, to: Date().addingTimeInterval(-25 * 3600)).update()
            #expect(try await s.curator.get(s.base + "/imports/new").status == .ok)
            #expect(try await ImportBatch.find(oldID, on: app.db) == nil)
            #expect(try await s.curator.get(old.location!).status == .notFound)
            #expect(try await ImportBatch.query(on: app.db).filter(\.$importedAt == nil).count() == 0)
        }
    }

    @Test("Параллельные импорты одного файла и двойное подтверждение не дублируют детей")
    func parallelImportsDoNotDuplicate() async throws {
        try await withTestApp { app in
            try await withLiveServer(app) { server in
                let s = try await school(app, live: server)
                let file = Self.classList(30)
                // Four tabs upload the same file and confirm it at once; the first tab clicks twice.
                var locations: [String] = []
                for _ in 0..<4 {
                    let upload = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: "класс.csv", data: file)
                    locations.append(try #require(upload.location))
                }
                let tabs = (0..<5).map { _ in s.curator.tab() }
                let targets = locations + [locations[0]]
                let statuses = try await inParallel(5) { i in try await tabs[i].post(targets[i] + "/confirm").status }
                #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
                #expect(try await Mentee.query(on: app.db).count() == 30)
                #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.baseImported.rawValue).count() == 4)

                // Four integrations send the same file through the API at once.
                let headers = try await apiHeaders(app, login: "kurator", live: server)
                var csvHeaders = headers
                csvHeaders.replaceOrAdd(name: .contentType, value: "text/csv")
                let apiHeaders = csvHeaders
                let other = Data(String(decoding: Self.classList(30), as: UTF8.self).replacingOccurrences(of: "Ученик", with: "Студент").utf8)
                let path = "/api/v1/organizations/\(s.territory.organizationID)/imports?kind=mentee"
                let answers = try await inParallel(4) { _ in try await server.send(.POST, path, headers: apiHeaders, body: ByteBuffer(data: other)).status }
                #expect(answers.allSatisfy { $0 == .ok }, "\(answers)")
                #expect(try await Mentee.query(on: app.db).count() == 60)

                // A double click on the new card's form adds the child once.
                let clicks = (0..<3).map { _ in s.curator.tab() }
                let created = try await inParallel(3) { i in try await clicks[i].post(s.base + "/mentees", pairs: ParticipantsTests.menteeForm).status }
                #expect(created.filter { $0 == .seeOther }.count == 1 && created.filter { $0 == .unprocessableEntity }.count == 2, "\(created)")
                #expect(try await Mentee.query(on: app.db).filter(\.$lastName == "Иванов").count() == 1)
            }
        }
    }

    @Test("Два сотрудника правят одну карточку: второе сохранение не затирает первое, показаны оба текста")
    func staleSaveIsRefused() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            #expect(try await s.curator.post(s.base + "/mentees", pairs: ParticipantsTests.menteeForm).status == .seeOther)
            let mentee = try #require(try await Mentee.query(on: app.db).first())
            let edit = s.base + "/mentees/\(mentee.id!)"
            let first = s.curator.tab(), second = s.curator.tab()
            let opened = try await first.get(edit + "/edit")
            #expect(opened.text.contains(#"name="version" value="0""#))
            _ = try await second.get(edit + "/edit")
            let version = [("version", "0")]
            #expect(try await first.post(edit, pairs: ParticipantsTests.menteeForm + version + [("requestNote", "Трудно с дробями, мама просит помочь")]).status == .seeOther)
            let stale = try await second.post(edit, pairs: ParticipantsTests.menteeForm + version + [("requestNote", "Конфликт в классе")])
            #expect(stale.status == .conflict)
            #expect(stale.text.contains("её сохранил другой сотрудник") && stale.text.contains("Трудно с дробями, мама просит помочь") && stale.text.contains("Конфликт в классе"))
            #expect(stale.text.contains(#"name="version" value="1""#))
            #expect(try await Mentee.find(mentee.id, on: app.db)?.requestNote == "Трудно с дробями, мама просит помочь")
            // Seen both, the second person saves on purpose.
            #expect(try await second.post(edit, pairs: ParticipantsTests.menteeForm + [("version", "1"), ("requestNote", "Конфликт в классе; трудно с дробями")]).status == .seeOther)
            #expect(try await Mentee.find(mentee.id, on: app.db)?.version == 2)

            // The API: the version read is sent back; an older one answers 409 and changes nothing.
            let headers = try await apiHeaders(app, login: "kurator")
            let path = "/api/v1/organizations/\(s.territory.organizationID)/mentees/\(mentee.id!)"
            let read = try await app.testing().sendRequest(.GET, path, headers: headers).content.decode(BasesAPIController.MenteeDTO.self)
            #expect(read.version == 2)
            let put = try await app.testing().sendRequest(.PUT, path, headers: headers, body: ByteBuffer(string: #"{"version": 2, "requestNote": "из АИС"}"#))
            #expect(put.status == .ok)
            #expect(try put.content.decode(BasesAPIController.MenteeDTO.self).version == 3)
            let late = try await app.testing().sendRequest(.PUT, path, headers: headers, body: ByteBuffer(string: #"{"version": 2, "requestNote": "устарело"}"#))
            #expect(late.status == .conflict && late.body.string.contains("из АИС") && late.body.string.contains("устарело"))
            #expect(try await Mentee.find(mentee.id, on: app.db)?.requestNote == "из АИС")

            // An import that updates the card raises its version too, so a form opened before it is refused.
            var csv = headers
            csv.replaceOrAdd(name: .contentType, value: "text/csv")
            let file = "ФИО;Класс;Форма наставничества;Запросы;Дата рождения\nИванов Пётр Сергеевич;7Б;ученик – ученик;Буллинг;14.03.2013\n"
            let imported = try await app.testing().sendRequest(.POST, "/api/v1/organizations/\(s.territory.organizationID)/imports?kind=mentee", headers: csv,
                                                               body: ByteBuffer(string: file))
            #expect(imported.status == .ok)
            #expect(try await Mentee.find(mentee.id, on: app.db)?.version == 4)
            #expect(try await first.post(edit, pairs: ParticipantsTests.menteeForm + [("version", "3"), ("requestNote", "старая вкладка")]).status == .conflict)
        }
    }

    @Test("Два сохранения одной версии карточки в один момент: одно проходит, второму показаны оба текста")
    func simultaneousSavesOfOneVersion() async throws {
        try await withTestApp { app in
            try await withLiveServer(app) { server in
                let s = try await school(app, live: server)
                #expect(try await s.curator.post(s.base + "/mentees", pairs: ParticipantsTests.menteeForm).status == .seeOther)
                let mentee = try #require(try await Mentee.query(on: app.db).first())
                let path = s.base + "/mentees/\(mentee.id!)"
                let tabs = (0..<4).map { _ in s.curator.tab() }
                let statuses = try await inParallel(4) { i in
                    try await tabs[i].post(path, pairs: ParticipantsTests.menteeForm + [("version", "0"), ("requestNote", "Текст вкладки \(i)")]).status
                }
                #expect(statuses.filter { $0 == .seeOther }.count == 1 && statuses.filter { $0 == .conflict }.count == 3, "\(statuses)")
                let stored = try #require(try await Mentee.find(mentee.id, on: app.db))
                #expect(stored.version == 1 && stored.requestNote?.hasPrefix("Текст вкладки") == true)
            }
        }
    }
}
