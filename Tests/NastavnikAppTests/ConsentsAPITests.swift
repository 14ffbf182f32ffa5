import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Consents and exports of the bases through the API: what the card and the base page let a
/// curator do, by the same rules, with the same audit.
@Suite("API согласий и выгрузок баз")
struct ConsentsAPITests {
    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let fields: [String: String]? }
        let error: Detail
    }

    func token(_ app: Application, login: String) async throws -> HTTPHeaders {
        let browser = Browser(app)
        try await browser.signIn(login)
        let page = try await browser.post("/account/tokens", form: ["name": "АИС"])
        let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
        return ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    }

    @Test("Куратор через API: согласие за ребёнка — только от представителя, список с журналом, отзыв один раз, обезличенное не изменить")
    func consentsOfAChild() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            let organization = territory.organization
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization)
            let headers = try await token(app, login: "kurator")
            let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", age: 13, consent: false)
            let path = "/api/v1/organizations/\(organization.id!)/mentees/\(mentee.id!)"
            let today = FieldParsing.text(Date())

            let empty = try await app.testing().sendRequest(.GET, path + "/consents", headers: headers)
            #expect(empty.status == .ok)
            #expect(try empty.content.decode(ConsentsAPIController.ConsentList.self).items.isEmpty)

            // The child cannot sign the processing consent: the same refusal as on the card.
            let byChild = try await app.testing().sendRequest(.POST, path + "/consents", headers: headers,
                                                              body: ByteBuffer(string: #"{"purpose": "processing", "givenOn": "\#(today)"}"#))
            #expect(byChild.status == .unprocessableEntity)
            #expect(try byChild.content.decode(ErrorBody.self).error.message == Consents.Problem.minorNeedsGuardian.russianMessage)
            let badDate = try await app.testing().sendRequest(.POST, path + "/consents", headers: headers,
                                                              body: ByteBuffer(string: #"{"purpose": "processing", "givenOn": "завтра", "byGuardian": true, "givenByName": "Орлова Мария"}"#))
            #expect(badDate.status == .unprocessableEntity)
            #expect(try badDate.content.decode(ErrorBody.self).error.fields?["givenOn"] != nil)
            #expect(try await ConsentRecord.query(on: app.db).count() == 0)

            let given = try await app.testing().sendRequest(.POST, path + "/consents", headers: headers, body: ByteBuffer(string:
                #"{"purpose": "processing", "givenOn": "\#(today)", "byGuardian": true, "givenByName": "Орлова Мария Ивановна", "guardianRelation": "мать"}"#))
            #expect(given.status == .created)
            let consent = try given.content.decode(ConsentsAPIController.ConsentDTO.self)
            #expect(consent.purpose == .processing && consent.source == "paper" && consent.active && consent.givenByGuardian && consent.guardianRelation == "мать")
            #expect(try await Mentee.find(mentee.id, on: app.db)?.consentState == .valid)
            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.consentGiven.rawValue).all()
            #expect(audits.map(\.objectID) == [mentee.id!.uuidString])
            #expect(audits.map(\.details) == ["Обработка персональных данных (API)"])

            let list = try await app.testing().sendRequest(.GET, path + "/consents", headers: headers)
            #expect(try list.content.decode(ConsentsAPIController.ConsentList.self).items.map(\.id) == [consent.id])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.menteeViewed.rawValue)
                .filter(\.$details == "API, согласия").count() == 2)

            let withdrawn = try await app.testing().sendRequest(.POST, path + "/consents/\(consent.id)/withdraw", headers: headers)
            #expect(withdrawn.status == .ok)
            let result = try withdrawn.content.decode(ConsentsAPIController.WithdrawalResult.self)
            #expect(result.withdrawn && result.removed.first?.hasPrefix("В базе наставляемых") == true)
            #expect(try await Mentee.find(mentee.id, on: app.db)?.anonymizedAt != nil)
            let again = try await app.testing().sendRequest(.POST, path + "/consents/\(consent.id)/withdraw", headers: headers)
            #expect(again.status == .conflict)
            #expect(try again.content.decode(ErrorBody.self).error.message == "Согласие уже отозвано.")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.consentWithdrawn.rawValue).count() == 1)

            // The anonymized card: the API and the page refuse an edit with the same words.
            let edit = try await app.testing().sendRequest(.PUT, path, headers: headers, body: ByteBuffer(string: #"{"className": "8А"}"#))
            #expect(edit.status == .conflict)
            #expect(try edit.content.decode(ErrorBody.self).error.message == ParticipantsError.anonymized.russianMessage)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let page = try await curator.get("/orgs/\(organization.id!)/mentees/\(mentee.id!)/edit")
            #expect(page.status == .conflict && page.text.contains(ParticipantsError.anonymized.russianMessage))
        }
    }

    @Test("Выгрузка базы через API — тот же файл XLSX или CSV, что на странице, с записью в журнал")
    func exports() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            let organization = territory.organization
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization)
            let headers = try await token(app, login: "kurator")
            _ = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов")
            _ = try await PairingFixtures.mentor(app, organization: organization, lastName: "Соколова")
            let base = "/api/v1/organizations/\(organization.id!)/exports"

            let csv = try await app.testing().sendRequest(.GET, base + "/mentees?format=csv", headers: headers)
            #expect(csv.status == .ok && csv.headers.contentType?.description.hasPrefix("text/csv") == true)
            let text = csv.body.string
            #expect(text.contains("Согласие на обработку ПДн") && text.contains("Орлов") && !text.contains("Соколова"))
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let pageCSV = try await curator.get("/orgs/\(organization.id!)/mentees/export?format=csv")
            #expect(pageCSV.text == text)

            let xlsx = try await app.testing().sendRequest(.GET, base + "/mentors", headers: headers)
            #expect(xlsx.status == .ok && xlsx.headers.first(name: .contentType) == DocumentResponse.xlsxType)
            #expect(xlsx.body.getBytes(at: 0, length: 2) == Array("PK".utf8))
            #expect(xlsx.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)

            let wrong = try await app.testing().sendRequest(.GET, base + "/mentees?format=pdf", headers: headers)
            #expect(wrong.status == .unprocessableEntity)
            #expect(try wrong.content.decode(ErrorBody.self).error.fields?["format"] != nil)
            let audits = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.baseExported.rawValue).all().compactMap(\.details)
            #expect(audits.filter { $0.hasPrefix("API, строк: 1") }.count == 2)
        }
    }

    @Test("Согласия и выгрузки через API: чужая организация — 404, наставник — 403, ничего не изменено")
    func refusals() async throws {
        try await withTestApp { app in
            let a = try await Fixtures.territory(app, organizationName: "Школа А")
            let b = try await Fixtures.territory(app, organizationName: "Школа Б")
            try await Fixtures.person(app, login: "kurator.a", role: .curator, organization: a.organization)
            try await Fixtures.person(app, login: "nastavnik.b", role: .mentor, organization: b.organization)
            let curator = try await token(app, login: "kurator.a")
            let mentor = try await token(app, login: "nastavnik.b")
            let child = try await PairingFixtures.mentee(app, organization: b.organization, lastName: "Орлов")
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == child.id!).first())
            let person = "/api/v1/organizations/\(b.organizationID)/mentees/\(child.id!)/consents"
            let paper = ByteBuffer(string: #"{"purpose": "publicationPhotos", "givenOn": "01.09.2026"}"#)
            for (headers, status) in [(curator, HTTPStatus.notFound), (mentor, .forbidden)] {
                #expect(try await app.testing().sendRequest(.GET, person, headers: headers).status == status)
                #expect(try await app.testing().sendRequest(.POST, person, headers: headers, body: paper).status == status)
                #expect(try await app.testing().sendRequest(.POST, person + "/\(consent.id!)/withdraw", headers: headers).status == status)
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(b.organizationID)/exports/mentees", headers: headers).status == status)
            }
            // The curator's own organization does not reach the other's child by its id.
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(a.organizationID)/mentees/\(child.id!)/consents",
                                                        headers: curator).status == .notFound)
            #expect(try await ConsentRecord.query(on: app.db).filter(\.$withdrawnAt != nil).count() == 0)
            #expect(try await ConsentRecord.query(on: app.db).count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action ~~ [AuditAction.consentGiven.rawValue, AuditAction.consentWithdrawn.rawValue,
                                                                                 AuditAction.baseExported.rawValue]).count() == 0)
        }
    }
}
