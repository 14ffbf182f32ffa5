import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Согласия законного представителя в личном кабинете и правило «кто соглашается»")
struct GuardianConsentsTests {
    @Test("Кто соглашается: в 13 лет — законный представитель, в 14 и 17 — и представитель, и сам ребёнок, в 18 — сам человек")
    func whoMustAgree() {
        #expect(AgreementRule.whoMustAgree(age: 13, isMinor: true) == .guardianAlone)
        #expect(AgreementRule.whoMustAgree(age: 14, isMinor: true) == .guardianAndPerson)
        #expect(AgreementRule.whoMustAgree(age: 17, isMinor: true) == .guardianAndPerson)
        #expect(AgreementRule.whoMustAgree(age: 18, isMinor: false) == .personAlone)
        // A stale «несовершеннолетний» flag does not outweigh the age; without an age a minor needs both.
        #expect(AgreementRule.whoMustAgree(age: 18, isMinor: true) == .personAlone)
        #expect(AgreementRule.whoMustAgree(age: nil, isMinor: true) == .guardianAndPerson)
        #expect(AgreementRule.whoMustAgree(age: nil, isMinor: false) == .personAlone)
        // The birth date decides over the base's age once known: 14 tomorrow is still 13 today.
        let mentee = Mentee()
        mentee.isMinor = true
        mentee.age = 14
        let today = FieldParsing.date("06.12.2026")!
        mentee.birthDate = FieldParsing.date("07.12.2012")
        #expect(AgreementRule.whoMustAgree(for: mentee, on: today) == .guardianAlone)
        mentee.birthDate = FieldParsing.date("06.12.2012")
        #expect(AgreementRule.whoMustAgree(for: mentee, on: today) == .guardianAndPerson)
    }

    struct School {
        let organization: Organization
        let program: Program
        let curator: Browser
        let parent: Browser
        let mentee: Mentee
        var org: String { "/orgs/\(organization.id!)" }
        var card: String { "\(org)/mentees/\(mentee.id!)" }
        var consents: String { "/me/children/mentees/\(mentee.id!)/consents" }
    }

    /// A school, a child of `age` without consents, linked by the curator to the parent «roditel».
    func school(_ app: Application, age: Int = 13, consent: Bool = false) async throws -> School {
        let territory = try await Fixtures.territory(app)
        let organization = territory.organization
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization, lastName: "Куратова")
        let program = try await PairingFixtures.program(app, organization: organization)
        let childUser = try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: organization, lastName: "Орлов")
        try await Fixtures.person(app, login: "roditel", role: .guardian, organization: organization, lastName: "Орлова")
        try await Fixtures.person(app, login: "roditel.b", role: .guardian, organization: organization, lastName: "Белова")
        let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", age: age, consent: consent, userID: childUser.id)
        let curator = Browser(app)
        try await curator.signIn("kurator")
        #expect(try await curator.post("/orgs/\(organization.id!)/mentees/\(mentee.id!)/guardians",
                                       form: ["guardianLogin": "roditel", "representativeRelation": "мать"]).status == .seeOther)
        let parent = Browser(app)
        try await parent.signIn("roditel")
        return School(organization: organization, program: program, curator: curator, parent: parent, mentee: mentee)
    }

    func wording(_ s: School, _ purpose: ConsentPurpose) -> ConsentTexts.Wording {
        ConsentTexts.forGuardian(purpose, organization: s.organization, kind: .mentee)
    }

    @Test("Законный представитель даёт согласие в кабинете: сохранены время, точный текст и его учётная запись, куратор видит, как оно дано")
    func guardianGivesConsent() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let processing = wording(s, .processing)
            let page = try await s.parent.get("/me/children")
            // The text to agree to is on the page, with its hash in the form; it names the operator, not the child.
            #expect(page.text.contains("даю согласие оператору — МБОУ СОШ № 1") && page.text.contains(processing.hash))
            #expect(!processing.text.contains("Орлов"))
            #expect(page.text.contains("Я прочитала текст согласия"))
            // Without the tick nothing is recorded.
            let unticked = try await s.parent.post(s.consents, form: ["purpose": "processing", "textHash": processing.hash])
            #expect(unticked.status == .seeOther)
            #expect(try await ConsentRecord.query(on: app.db).count() == 0)
            let before = Date().addingTimeInterval(-1)
            let given = try await s.parent.post(s.consents, form: ["purpose": "processing", "textHash": processing.hash, "confirm": "1"])
            #expect(given.status == .seeOther)
            let parentUser = try #require(try await User.query(on: app.db).filter(\.$login == "roditel").first())
            let record = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == s.mentee.id!).first())
            #expect(record.purpose == .processing && record.isActive && record.givenByGuardian && record.guardianRelation == "мать")
            #expect(record.givenByUserID == parentUser.id && record.textHash == processing.hash && record.textVersion == processing.version)
            #expect((record.givenAt ?? .distantPast) >= before)
            let kept = try #require(try await ConsentText.query(on: app.db).filter(\.$textHash == processing.hash).first())
            #expect(kept.text == processing.text)
            #expect(try await Mentee.find(s.mentee.id, on: app.db)?.consentState == .valid)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.consentGiven.rawValue).first())
            #expect(audit.actorID == parentUser.id && audit.details?.contains(processing.hash) == true)

            // The curator's card says how it was given and shows the text agreed.
            let card = try await s.curator.get(s.card)
            #expect(card.text.contains("в личном кабинете (roditel)") && card.text.contains("Текст, с которым согласились"))
            // A paper consent entered by the curator stays possible, and reads as such.
            let paper = try await s.curator.post(s.card + "/consents", form: [
                "purpose": "publicationPhotos", "givenOn": FieldParsing.text(Date()), "givenByName": "Орлова Мария Ивановна", "byGuardian": "on"])
            #expect(paper.status == .seeOther)
            #expect(try await s.curator.get(s.card).text.contains("на бумаге, внесено сотрудником"))
            // The parent's page shows both, and the kept text of the one given in the app.
            let after = try await s.parent.get("/me/children")
            #expect(after.text.contains("в личном кабинете законного представителя") && after.text.contains("на бумаге, внесено куратором"))
            // The same consent twice is refused.
            #expect(try await s.parent.post(s.consents, form: ["purpose": "processing", "textHash": processing.hash, "confirm": "1"]).status == .seeOther)
            #expect(try await ConsentRecord.query(on: app.db).filter(\.$purpose == .processing).count() == 1)
        }
    }

    @Test("Повзрослевший — сам себе хозяин: связь с представителем, оставшаяся после 18 лет, не даёт давать или отзывать его согласия и отвечать за него на пару")
    func noSayOverAnAdult() async throws {
        try await withTestApp { app in
            let s = try await school(app, age: 17, consent: true)
            let mentor = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", selectedIn: s.program)
            let member = try await app.db.transaction { db in
                try await PairingProposals.propose(mentee: s.mentee, mentor: mentor, program: s.program,
                                                   meeting: .init(scheme: .curatorProposal, heldOn: nil, note: ""), actorName: "Куратова", on: db)
            }
            // The birthday: the base now says 18.
            s.mentee.age = 18
            s.mentee.isMinor = false
            try await s.mentee.save(on: app.db)
            let photos = wording(s, .publicationPhotos)
            #expect(try await s.parent.post(s.consents, form: ["purpose": "publicationPhotos", "textHash": photos.hash, "confirm": "1"]).status == .notFound)
            #expect(try await s.parent.post("/me/children/pairs/\(member.id!)/answer", form: ["answer": "declined"]).status == .notFound)
            #expect(try await ConsentRecord.query(on: app.db).filter(\.$purpose == .publicationPhotos).count() == 0)
            #expect(try await PairingMember.find(member.id, on: app.db)?.menteeAnswer == .pending)
        }
    }

    @Test("Текст, изменившийся после открытия страницы, не принимается; чужой ребёнок — 404")
    func staleTextAndStranger() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let stale = try await s.parent.post(s.consents, form: ["purpose": "processing", "textHash": SecureToken.hash("старый текст"), "confirm": "1"])
            #expect(stale.status == .seeOther)
            #expect(try await ConsentRecord.query(on: app.db).count() == 0)
            let stranger = Browser(app)
            try await stranger.signIn("roditel.b")
            let hash = wording(s, .processing).hash
            #expect(try await stranger.post(s.consents, form: ["purpose": "processing", "textHash": hash, "confirm": "1"]).status == .notFound)
            let child = Browser(app)
            try await child.signIn("uchenik")
            #expect(try await child.post(s.consents, form: ["purpose": "processing", "textHash": hash, "confirm": "1"]).status == .notFound)
            #expect(try await ConsentRecord.query(on: app.db).count() == 0)
        }
    }

    @Test("Отзыв согласия в кабинете представителя выводит ребёнка из программы так же, как отзыв куратором")
    func guardianWithdrawsConsent() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let hash = wording(s, .processing).hash
            #expect(try await s.parent.post(s.consents, form: ["purpose": "processing", "textHash": hash, "confirm": "1"]).status == .seeOther)
            let mentor = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", selectedIn: s.program)
            let pairing = try await ProgramSurveysTests.pairing(app, s.program, mentorID: mentor.id!, mentees: [s.mentee], status: .formed,
                                                                form: .studentStudent, formedAt: Date())
            let page = try await s.parent.get("/me/children")
            #expect(page.text.contains("Шаг вперёд") && page.text.contains("в паре с наставником"))
            let record = try #require(try await ConsentRecord.query(on: app.db).first())
            let stranger = Browser(app)
            try await stranger.signIn("roditel.b")
            #expect(try await stranger.post("\(s.consents)/\(record.id!)/withdraw").status == .notFound)
            #expect(try await ConsentRecord.find(record.id, on: app.db)?.isActive == true)

            let withdrawn = try await s.parent.post("\(s.consents)/\(record.id!)/withdraw")
            #expect(withdrawn.status == .seeOther)
            let after = try #require(try await ConsentRecord.find(record.id, on: app.db))
            let parentUser = try #require(try await User.query(on: app.db).filter(\.$login == "roditel").first())
            #expect(!after.isActive && after.withdrawnByID == parentUser.id)
            let mentee = try #require(try await Mentee.find(s.mentee.id, on: app.db))
            #expect(mentee.anonymizedAt != nil && mentee.status == .left && mentee.consentState == .withdrawn)
            #expect(try await Pairing.find(pairing.id, on: app.db)?.status == .finished)
            #expect(try await GuardianLink.query(on: app.db).count() == 0)
            let audit = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.consentWithdrawn.rawValue).first())
            #expect(audit.actorID == parentUser.id)
            // The card lists what was removed, as after the curator's withdrawal.
            #expect(try await s.curator.get(s.card).text.contains("Что удалено"))
            #expect(!(try await s.parent.get("/me/children")).text.contains("Орлов Иван"))
        }
    }

    /// A 15-year-old of the school proposed to a mentor by the curator.
    func teenagerProposed(_ app: Application) async throws -> (School, PairingMember) {
        let s = try await school(app, age: 15, consent: true)
        let mentor = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", selectedIn: s.program)
        let member = try await app.db.transaction { db in
            try await PairingProposals.propose(mentee: s.mentee, mentor: mentor, program: s.program,
                                               meeting: .init(scheme: .curatorProposal, heldOn: nil, note: ""), actorName: "Куратова", on: db)
        }
        return (s, member)
    }

    @Test("Ребёнку 14–17 лет пара формируется только с согласием и представителя, и самого ребёнка, в любом порядке",
          arguments: [true, false])
    func teenagerAndGuardianBothAgree(guardianFirst: Bool) async throws {
        try await withTestApp { app in
            let (s, member) = try await teenagerProposed(app)
            #expect(try await s.curator.post("\(s.org)/programs/\(s.program.id!)/pairs/members/\(member.id!)/answer",
                                             form: ["side": "mentor", "answer": "accepted"]).status == .seeOther)
            let child = Browser(app)
            try await child.signIn("uchenik")
            func memberNow() async throws -> PairingMember {
                try #require(try await PairingMember.query(on: app.db).filter(\.$id == member.id!).with(\.$pairing).first())
            }
            func guardianAgrees() async throws {
                #expect(try await s.parent.post("/me/children/pairs/\(member.id!)/answer", form: ["answer": "accepted"]).status == .seeOther)
            }
            func childAgrees() async throws {
                #expect(try await child.post("/me/pairs/\(member.id!)/answer", form: ["answer": "accepted"]).status == .seeOther)
            }
            if guardianFirst {
                try await guardianAgrees()
                let waiting = try await memberNow()
                #expect(!waiting.isAgreed && waiting.pairing.status == .proposed)
                #expect(waiting.menteeAnswerNote == PairingAnswers.guardianWaitsForMenteeNote)
                #expect(try await s.parent.get("/me/children").text.contains("нужно и его собственное согласие"))
                #expect(try await child.get("/me/pairs").text.contains("Законный представитель согласен, ждёт вашего ответа"))
                try await childAgrees()
            } else {
                try await childAgrees()
                let waiting = try await memberNow()
                #expect(!waiting.isAgreed && waiting.pairing.status == .proposed)
                #expect(waiting.menteeAnswerNote == PairingAnswers.minorWishNote)
                try await guardianAgrees()
            }
            let formed = try await memberNow()
            #expect(formed.isAgreed && formed.pairing.status == .formed)
            #expect(try await Mentee.find(s.mentee.id, on: app.db)?.status == .inPair)
        }
    }

    @Test("Ребёнку 15 лет бумага представителя, внесённая куратором, не формирует пару одна: нужен и ответ ребёнка — на его странице или второй записью куратора",
          arguments: [true, false])
    func teenagerPaperNeedsTheChild(childOnOwnPage: Bool) async throws {
        try await withTestApp { app in
            let (s, member) = try await teenagerProposed(app)
            let answer = "\(s.org)/programs/\(s.program.id!)/pairs/members/\(member.id!)/answer"
            #expect(try await s.curator.post(answer, form: ["side": "mentor", "answer": "accepted"]).status == .seeOther)
            #expect(try await s.curator.post(answer, form: ["side": "mentee", "answer": "accepted", "note": "заявление матери"]).status == .seeOther)
            func memberNow() async throws -> PairingMember {
                try #require(try await PairingMember.query(on: app.db).filter(\.$id == member.id!).with(\.$pairing).first())
            }
            let waiting = try await memberNow()
            #expect(!waiting.isAgreed && waiting.pairing.status == .proposed)
            #expect(waiting.menteeAnswerNote == PairingAnswers.guardianWaitsForMenteeNote)
            if childOnOwnPage {
                let child = Browser(app)
                try await child.signIn("uchenik")
                #expect(try await child.post("/me/pairs/\(member.id!)/answer", form: ["answer": "accepted"]).status == .seeOther)
            } else {
                #expect(try await s.curator.post(answer, form: ["side": "mentee", "answer": "accepted", "note": "ученик согласен лично"]).status == .seeOther)
            }
            let formed = try await memberNow()
            #expect(formed.isAgreed && formed.pairing.status == .formed)
        }
    }

    @Test("Ребёнок 15 лет и законный представитель соглашаются в одну секунду — пара формируется, ни одно согласие не теряется")
    func teenagerAndGuardianAtOnce() async throws {
        try await withTestApp { app in
            let (s, member) = try await teenagerProposed(app)
            #expect(try await s.curator.post("\(s.org)/programs/\(s.program.id!)/pairs/members/\(member.id!)/answer",
                                             form: ["side": "mentor", "answer": "accepted"]).status == .seeOther)
            let child = Browser(app)
            try await child.signIn("uchenik")
            try await withLiveServer(app) { server in
                let tabs = [child.tab(live: server), s.parent.tab(live: server)]
                let paths = ["/me/pairs/\(member.id!)/answer", "/me/children/pairs/\(member.id!)/answer"]
                let answers = try await inParallel(2) { i in try await tabs[i].post(paths[i], form: ["answer": "accepted"]) }
                #expect(answers.allSatisfy { $0.status == .seeOther }, "ответы: \(answers.map(\.status))")
            }
            let formed = try #require(try await PairingMember.query(on: app.db).filter(\.$id == member.id!).with(\.$pairing).first())
            #expect(formed.isAgreed && formed.pairing.status == .formed)
        }
    }

    /// A bearer token of the person's app (`GuardiansTests.token`) that sends JSON.
    func token(_ app: Application, login: String) async throws -> HTTPHeaders {
        var headers = try await GuardiansTests().token(app, login: login)
        headers.contentType = .json
        return headers
    }

    @Test("Приложение представителя даёт и отзывает согласие через API по тем же правилам; чужому — 404, изменённый текст — 422")
    func consentsThroughTheAPI() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let parent = try await token(app, login: "roditel"), stranger = try await token(app, login: "roditel.b")
            let api = "/api/v1/me/children/mentees/\(s.mentee.id!)/consents"
            let list = try await app.testing().sendRequest(.GET, "/api/v1/me/children", headers: parent)
            let processing = wording(s, .processing)
            #expect(list.status == .ok && list.body.string.contains(processing.hash))
            func body(_ hash: String, confirm: Bool = true) -> ByteBuffer {
                ByteBuffer(string: #"{"purpose":"processing","textHash":"\#(hash)","confirm":\#(confirm)}"#)
            }
            #expect(try await app.testing().sendRequest(.POST, api, headers: stranger, body: body(processing.hash)).status == .notFound)
            let unconfirmed = try await app.testing().sendRequest(.POST, api, headers: parent, body: body(processing.hash, confirm: false))
            #expect(unconfirmed.status == .unprocessableEntity && unconfirmed.body.string.contains("\"error\""))
            let stale = try await app.testing().sendRequest(.POST, api, headers: parent, body: body(SecureToken.hash("старый текст")))
            #expect(stale.status == .unprocessableEntity && stale.body.string.contains("Текст согласия изменился"))
            #expect(try await ConsentRecord.query(on: app.db).count() == 0)
            let given = try await app.testing().sendRequest(.POST, api, headers: parent, body: body(processing.hash))
            #expect(given.status == .created && given.body.string.contains(processing.hash))
            let record = try #require(try await ConsentRecord.query(on: app.db).first())
            #expect(record.givenByUserID != nil && record.textHash == processing.hash)
            #expect(try await app.testing().sendRequest(.POST, "\(api)/\(record.id!)/withdraw", headers: stranger).status == .notFound)
            let withdrawn = try await app.testing().sendRequest(.POST, "\(api)/\(record.id!)/withdraw", headers: parent)
            #expect(withdrawn.status == .ok && withdrawn.body.string.contains("\"withdrawn\":true"))
            #expect(try await Mentee.find(s.mentee.id, on: app.db)?.anonymizedAt != nil)
        }
    }

    @Test("Двойной клик «Дать согласие» записывает одно согласие")
    func parallelConsent() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let hash = wording(s, .processing).hash
            try await withLiveServer(app) { server in
                let live = s.parent.tab(live: server)
                _ = try await live.get("/me/children")
                let tabs = (0..<4).map { _ in live.tab() }
                let pages = try await inParallel(4) { i in
                    try await tabs[i].post(s.consents, form: ["purpose": "processing", "textHash": hash, "confirm": "1"])
                }
                #expect(pages.allSatisfy { $0.status == .seeOther }, "ответы: \(pages.map(\.status))")
            }
            #expect(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == s.mentee.id!).count() == 1)
            #expect(try await ConsentText.query(on: app.db).count() == 1)
        }
    }
}
