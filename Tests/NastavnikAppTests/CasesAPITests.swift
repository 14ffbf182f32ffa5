import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Кейсы практик: сервис и JSON API по тем же правилам, что и страницы")
struct CasesAPITests {
    func json(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }

    func audits(_ app: Application, _ action: AuditAction) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == action.rawValue).count()
    }

    static let text = CaseService.CaseInput(title: "Из троечника — в призёры олимпиады", topic: "contests", story: "Ученик седьмого класса и старшеклассница.",
                                            goal: "Подтянуть математику", whatWasDone: "Еженедельные занятия", results: "Призёр муниципального этапа",
                                            materials: "https://example.org/olimpiada")

    @Test("Сервис кейса: черновик только по завершённой паре, отправка только с согласиями, второе решение отклоняется; запись журнала — в той же транзакции")
    func serviceRules() async throws {
        try await withTestApp { app in
            let (pairing, _, _, _, territory) = try await PairCompletionTests().formedPair(app)
            let director = try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization)
            let actor = AuditActor(principal: nil, ip: "127.0.0.1")
            await #expect(throws: CaseError.pairNotFinished) { _ = try await CaseService.save(Self.text, for: pairing, by: actor, on: app.db) }
            pairing.status = .finished
            try await pairing.save(on: app.db)
            var bad = Self.text
            bad.title = "  "
            bad.materials = "javascript:alert(1)"
            do {
                _ = try await CaseService.save(bad, for: pairing, by: actor, on: app.db)
                Issue.record("пустое название принято")
            } catch AppError.validation(let errors) {
                #expect(errors["title"] == "Назовите кейс." && errors["materials"] == "Каждая строка — ссылка, начинающаяся с https://.")
            }
            #expect(try await PracticeCase.query(on: app.db).count() == 0)
            #expect(try await audits(app, .caseSaved) == 0)

            let practice = try await CaseService.save(Self.text, for: pairing, by: actor, on: app.db)
            #expect(practice.status == .draft)
            #expect(try await audits(app, .caseSaved) == 1)
            do {
                _ = try await CaseService.submit(pairing, by: actor, on: app.db)
                Issue.record("кейс отправлен без согласий")
            } catch CaseError.consentsMissing(let names) {
                #expect(names.count == 2 && names.contains { $0.hasPrefix("Смирнова") } && names.contains { $0.hasPrefix("Орлов") })
            }
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .draft)
            #expect(try await audits(app, .caseSubmitted) == 0)
            try await Self.consentAll(app, pairing, territory.organizationID)
            let submitted = try await CaseService.submit(pairing, by: actor, on: app.db)
            #expect(submitted.status == .submitted)
            #expect(try await audits(app, .caseSubmitted) == 1)

            let principal = AuditActor(principal: Principal(userID: director.id!, fullName: director.fullName, shortName: director.fullName, isPlatformAdmin: false, mustChangePassword: false, grants: []), ip: nil)
            await #expect(throws: AppError.self) { try await CaseService.returnForRevision(submitted, comment: " ", by: principal, on: app.db) }
            try await CaseService.publish(submitted, by: principal, on: app.db)
            // The second of two decisions (a double click, another director) changes nothing and writes no entry.
            await #expect(throws: CaseError.decidedMeanwhile) { try await CaseService.publish(submitted, by: principal, on: app.db) }
            #expect(try await audits(app, .casePublished) == 1)
            #expect(try await audits(app, .caseReturned) == 0)
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .published)
            let stale = try #require(try await PracticeCase.find(practice.id, on: app.db))
            await #expect(throws: CaseError.notSubmittedForReturn) { try await CaseService.returnForRevision(stale, comment: "ещё раз", by: principal, on: app.db) }
        }
    }

    static func consentAll(_ app: Application, _ pairing: Pairing, _ organizationID: UUID) async throws {
        let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
        for (kind, id) in [(BaseKind.mentor, pairing.$mentor.id), (.mentee, member.$mentee.id)] {
            _ = try await PublicationsTests().consent(app, organizationID, kind, id, .publicationCases)
        }
    }

    @Test("API кейсов: куратор пишет и отправляет, администрация возвращает и публикует; чужая организация — 404, роль без права — 403")
    func casesOverAPI() async throws {
        try await withTestApp { app in
            let (pairing, _, _, _, territory) = try await PairCompletionTests().formedPair(app)
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization)
            try await Fixtures.person(app, login: "kurator.b", role: .curator, organization: other.organization)
            let curator = json(try await APITests().token(app, login: "kurator"))
            let director = json(try await APITests().token(app, login: "direktor"))
            let mentor = json(try await APITests().token(app, login: "nastavnik"))
            let stranger = json(try await APITests().token(app, login: "kurator.b"))
            let pairCase = "/api/v1/pairs/\(pairing.id!)/case"
            let body = ByteBuffer(string: #"{"title": "Из троечника — в призёры олимпиады", "topic": "contests", "story": "Ученик седьмого класса и старшеклассница.", "goal": "Подтянуть математику", "whatWasDone": "Еженедельные занятия", "results": "Призёр муниципального этапа", "materials": ["https://example.org/olimpiada"]}"#)

            let unfinished = try await app.testing().sendRequest(.PUT, pairCase, headers: curator, body: body)
            #expect(unfinished.status == .conflict && unfinished.text.contains("Кейс готовится по завершённой паре."))
            pairing.status = .finished
            try await pairing.save(on: app.db)
            #expect(try await app.testing().sendRequest(.PUT, pairCase, headers: mentor, body: body).status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, pairCase, headers: curator).status == .notFound)
            let invalid = try await app.testing().sendRequest(.PUT, pairCase, headers: curator,
                body: ByteBuffer(string: #"{"title": "", "topic": "contests", "story": "", "goal": "", "whatWasDone": "", "results": "", "materials": ["javascript:alert(1)"]}"#))
            #expect(invalid.status == .unprocessableEntity && invalid.text.contains("Назовите кейс.") && invalid.text.contains("начинающаяся с https:"))
            let saved = try await app.testing().sendRequest(.PUT, pairCase, headers: curator, body: body)
            #expect(saved.status == .ok)
            let practice = try saved.content.decode(CasesAPIController.CaseDTO.self)
            #expect(practice.status == "draft" && practice.materials == ["https://example.org/olimpiada"])
            // The curator sees who lacks a consent, as on the editor page; the public name of the minor has no name.
            let minor = try #require(practice.participants.first { $0.role == "Наставляемый" })
            #expect(!minor.consented && minor.publicName.contains("7А") && !minor.publicName.contains("Орлов"))
            #expect(try await audits(app, .caseSaved) == 1)

            let refused = try await app.testing().sendRequest(.POST, pairCase + "/submit", headers: curator)
            #expect(refused.status == .conflict && refused.text.contains("Нет согласия на публикацию в библиотеке практик"))
            try await Self.consentAll(app, pairing, territory.organizationID)
            let submitted = try await app.testing().sendRequest(.POST, pairCase + "/submit", headers: curator)
            #expect(try submitted.status == .ok && (try submitted.content.decode(CasesAPIController.CaseDTO.self).status) == "submitted")

            let cases = "/api/v1/organizations/\(territory.organizationID)/cases"
            let list = try await app.testing().sendRequest(.GET, cases, headers: director)
            #expect(try list.content.decode(CasesAPIController.CaseList.self).items.map(\.id) == [practice.id])
            #expect(try await app.testing().sendRequest(.GET, cases, headers: mentor).status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, cases + "/\(practice.id)", headers: stranger).status == .notFound)
            let foreign = "/api/v1/organizations/\(other.organizationID)/cases/\(practice.id)"
            #expect(try await app.testing().sendRequest(.GET, foreign, headers: stranger).status == .notFound)
            #expect(try await app.testing().sendRequest(.POST, foreign + "/take-down", headers: stranger).status == .notFound)

            // Only the administration decides; a return needs a comment, which the curator then reads.
            #expect(try await app.testing().sendRequest(.POST, cases + "/\(practice.id)/publish", headers: curator).status == .forbidden)
            let blank = try await app.testing().sendRequest(.POST, cases + "/\(practice.id)/return", headers: director, body: ByteBuffer(string: #"{"comment": "  "}"#))
            #expect(blank.status == .unprocessableEntity && blank.text.contains("Напишите, что исправить в кейсе"))
            let returned = try await app.testing().sendRequest(.POST, cases + "/\(practice.id)/return", headers: director,
                                                               body: ByteBuffer(string: #"{"comment": "Добавьте, сколько встреч было за год"}"#))
            #expect(returned.status == .ok)
            #expect(try returned.content.decode(CasesAPIController.CaseDTO.self).statusNote.contains("Добавьте, сколько встреч было за год"))
            #expect(try await app.testing().sendRequest(.POST, cases + "/\(practice.id)/return", headers: director,
                                                        body: ByteBuffer(string: #"{"comment": "ещё раз"}"#)).status == .conflict)
            #expect(try await app.testing().sendRequest(.POST, cases + "/\(practice.id)/publish", headers: director).status == .conflict)
            #expect(try await app.testing().sendRequest(.POST, pairCase + "/submit", headers: curator).status == .ok)
            let published = try await app.testing().sendRequest(.POST, cases + "/\(practice.id)/publish", headers: director)
            #expect(try published.status == .ok && (try published.content.decode(CasesAPIController.CaseDTO.self).status) == "published")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/public/cases/\(practice.id)").status == .ok)
            #expect(try await audits(app, .casePublished) == 1)
            #expect(try await audits(app, .caseReturned) == 1)
            #expect(try await audits(app, .caseSubmitted) == 2)

            // A material: the administration downloads it, only the curator deletes it, and the case needs approval again.
            let material = CaseFile()
            material.$practiceCase.id = practice.id
            material.fileName = "программа.pdf"
            material.fileType = "application/pdf"
            material.isPhoto = false
            material.caption = ""
            material.size = 9
            material.data = Data("%PDF-1.4\n".utf8)
            try await material.create(on: app.db)
            let download = try await app.testing().sendRequest(.GET, cases + "/\(practice.id)/files/\(material.id!)", headers: director)
            #expect(download.status == .ok && download.headers.contentType?.description == "application/pdf" && download.body.readableBytes == 9)
            #expect(download.headers.first(name: .cacheControl) == "private, no-store")
            #expect(try await app.testing().sendRequest(.GET, cases + "/\(practice.id)/files/\(material.id!)", headers: mentor).status == .forbidden)
            #expect(try await app.testing().sendRequest(.GET, foreign + "/files/\(material.id!)", headers: stranger).status == .notFound)
            #expect(try await app.testing().sendRequest(.DELETE, pairCase + "/files/\(material.id!)", headers: mentor).status == .forbidden)
            let removed = try await app.testing().sendRequest(.DELETE, pairCase + "/files/\(material.id!)", headers: curator)
            #expect(removed.status == .ok)
            let afterRemoval = try removed.content.decode(CasesAPIController.CaseDTO.self)
            #expect(afterRemoval.files.isEmpty && afterRemoval.status == "draft")
            #expect(try await app.testing().sendRequest(.DELETE, pairCase + "/files/\(material.id!)", headers: curator).status == .notFound)
            #expect(try await audits(app, .caseSaved) == 2)

            let down = try await app.testing().sendRequest(.POST, cases + "/\(practice.id)/take-down", headers: curator)
            #expect(try down.status == .ok && (try down.content.decode(CasesAPIController.CaseDTO.self).status) == "takenDown")
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/public/cases/\(practice.id)").status == .notFound)
            #expect(try await audits(app, .caseTakenDown) == 1)
        }
    }
}
