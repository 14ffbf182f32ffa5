import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Библиотека практик и доска почёта: публикация только с согласием")
struct PublicationsTests {
    func consent(_ app: Application, _ organizationID: UUID, _ kind: BaseKind, _ subjectID: UUID, _ purpose: ConsentPurpose) async throws -> ConsentRecord {
        let record = ConsentRecord()
        record.organizationID = organizationID
        record.subjectKind = kind
        record.subjectID = subjectID
        record.purpose = purpose
        record.givenOn = Date()
        record.textVersion = Consents.currentTextVersion
        record.givenByName = kind == .mentee ? "Законный представитель" : "Сам участник"
        record.givenByGuardian = kind == .mentee
        record.recordedByID = UUID()
        try await record.create(on: app.db)
        return record
    }

    @Test("Кейс публикуется после согласий и одобрения администрации; имя ребёнка не показывается; отзыв согласия снимает кейс сразу")
    func consentGatedCase() async throws {
        try await withTestApp { app in
            let (pairing, curator, mentor, _, territory) = try await PairCompletionTests().formedPair(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization)
            let director = Browser(app)
            try await director.signIn("direktor")
            let path = "/pairs/\(pairing.id!)"
            // A case comes from a finished pair.
            #expect(try await curator.get(path + "/case").status == .conflict)
            pairing.status = .finished
            try await pairing.save(on: app.db)
            #expect(try await mentor.get(path + "/case").status == .forbidden)

            let bad = try await curator.post(path + "/case", form: ["title": "", "topic": "achievement", "materials": "javascript:alert(1)"])
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Назовите кейс.") && bad.text.contains("начинающаяся с https://"))
            #expect(try await curator.post(path + "/case", form: [
                "title": "Из троечника — в призёры олимпиады", "topic": "contests", "story": "Ученик седьмого класса и старшеклассница-наставник.",
                "goal": "Подтянуть математику", "whatWasDone": "Еженедельные занятия, разбор олимпиадных задач", "results": "Призёр муниципального этапа",
                "materials": "https://example.org/olimpiada"]).status == .seeOther)
            let practice = try #require(try await PracticeCase.query(on: app.db).first())
            // Without publication consents the case cannot go further.
            #expect(try await curator.post(path + "/case/submit").status == .seeOther)
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .draft)
            #expect(try await curator.get(path + "/case").text.contains("Нет согласия на публикацию в библиотеке практик"))

            let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
            _ = try await consent(app, territory.organizationID, .mentor, pairing.$mentor.id, .publicationCases)
            let menteeConsent = try await consent(app, territory.organizationID, .mentee, member.$mentee.id, .publicationCases)
            #expect(try await curator.post(path + "/case/submit").status == .seeOther)
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .submitted)
            // Only the administration publishes.
            let cases = "/orgs/\(territory.organizationID)/cases"
            #expect(try await curator.post(cases + "/\(practice.id!)/publish").status == .forbidden)
            // The administration may return it with what to fix (issue 20): a comment is required,
            // the curator reads it in the editor and sends the case again.
            #expect(try await director.get(cases).text.contains("/cases/\(practice.id!)"))
            #expect(try await director.get(cases + "/\(practice.id!)").text.contains("Вернуть на доработку"))
            #expect(try await curator.post(cases + "/\(practice.id!)/return", form: ["comment": "Уберите фамилию"]).status == .forbidden)
            #expect(try await director.post(cases + "/\(practice.id!)/return", form: ["comment": "  "]).status == .seeOther)
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .submitted)
            #expect(try await director.post(cases + "/\(practice.id!)/return", form: ["comment": "Добавьте, сколько встреч было за год"]).status == .seeOther)
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .draft)
            let returned = try await curator.get(path + "/case")
            #expect(returned.text.contains("Возвращён на доработку") && returned.text.contains("Добавьте, сколько встреч было за год"))
            #expect(try await director.post(cases + "/\(practice.id!)/return", form: ["comment": "ещё раз"]).status == .conflict)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.caseReturned.rawValue).count() == 1)
            #expect(try await curator.post(path + "/case/submit").status == .seeOther)
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .submitted)
            #expect(try await director.post(cases + "/\(practice.id!)/publish").status == .seeOther)

            let anonymous = Browser(app)
            let library = try await anonymous.get("/cases?q=" + "олимпиад".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)
            #expect(library.status == .ok && library.text.contains("Из троечника — в призёры олимпиады"))
            // Asked again at every view (withdrawal is immediate); private while it sets the first cookie.
            #expect(library.headers.first(name: .cacheControl) == "private, no-cache")
            let page = try await anonymous.get("/cases/\(practice.id!)")
            #expect(page.headers.first(name: .cacheControl) == "public, no-cache")
            #expect(page.status == .ok && page.text.contains("Призёр муниципального этапа") && page.text.contains("og:title"))
            // The adult mentor by name; the minor mentee only by role and class.
            #expect(page.text.contains("Наставник: Смирнова") && page.text.contains("Наставляемый, 7А класс") && !page.text.contains("Орлов"))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/public/cases?form=studentStudent")
            #expect(api.status == .ok && api.text.contains("Из троечника") && !api.text.contains("Орлов"))
            #expect(try await anonymous.get("/cases?topic=youngTeacher").text.contains("Найдено кейсов: 0"))

            // The guardian withdraws the publication consent: the case is gone at once.
            #expect(try await director.post("/orgs/\(territory.organizationID)/mentees/\(member.$mentee.id)/consents/\(menteeConsent.id!)/withdraw").status == .seeOther)
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .takenDown)
            #expect(try await anonymous.get("/cases/\(practice.id!)").status == .notFound)
            #expect(!(try await anonymous.get("/cases").text.contains("Из троечника")))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/public/cases/\(practice.id!)").status == .notFound)
        }
    }

    @Test("Доска почёта: наставник с номинацией и поощрением по приказу — только с согласием на доску почёта")
    func honorBoard() async throws {
        try await withTestApp { app in
            let (pairing, curator, _, _, territory) = try await PairCompletionTests().formedPair(app)
            let completion = "/orgs/\(territory.organizationID)/programs/\(pairing.$program.id)/completion"
            #expect(try await curator.post(completion + "/nominations", form: ["title": "Наставник года", "mentorID": pairing.$mentor.id.uuidString,
                                                                               "year": "2026"]).status == .seeOther)
            #expect(try await curator.post(completion + "/incentives", form: ["mentorID": pairing.$mentor.id.uuidString, "kind": "diploma",
                                                                              "reason": "За работу", "awardedOn": "2026-12-01"]).status == .seeOther)
            let anonymous = Browser(app)
            #expect(!(try await anonymous.get("/honor").text.contains("Смирнова")))
            let record = try await consent(app, territory.organizationID, .mentor, pairing.$mentor.id, .publicationHonorBoard)
            let board = try await anonymous.get("/honor?region=\(territory.region.id!)")
            #expect(board.status == .ok && board.text.contains("Смирнова") && board.text.contains("«Наставник года», 2026"))
            // The incentive appears once its order is recorded.
            #expect(!board.text.contains("Почётная грамота"))
            #expect(try await curator.post(completion + "/incentives/order", form: ["orderNumber": "5", "orderOn": "2026-12-02"]).status == .seeOther)
            #expect(try await anonymous.get("/honor").text.contains("Почётная грамота, 2026"))
            record.withdrawnAt = Date()
            try await record.save(on: app.db)
            #expect(!(try await anonymous.get("/honor").text.contains("Смирнова")))
        }
    }
}
