import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Законные представители и связь записей баз с учётными записями")
struct GuardiansTests {
    /// A school with a minor mentee (account «uchenik») proposed to a mentor («nastavnik») who
    /// already agreed; the child's parent («roditel») and another child's parent («roditel.b»).
    struct School {
        let organization: Organization
        let program: Program
        let curator: Browser
        let mentee: Mentee
        let member: PairingMember
        var org: String { "/orgs/\(organization.id!)" }
        var card: String { "\(org)/mentees/\(mentee.id!)" }
        var pairs: String { "\(org)/programs/\(program.id!)/pairs" }
    }

    func school(_ app: Application, mentorAccepts: Bool = true) async throws -> School {
        let territory = try await Fixtures.territory(app)
        let organization = territory.organization
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization, lastName: "Куратова")
        let program = try await PairingFixtures.program(app, organization: organization)
        let mentorUser = try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: organization, lastName: "Смирнова")
        let childUser = try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: organization, lastName: "Орлов")
        try await Fixtures.person(app, login: "roditel", role: .guardian, organization: organization, lastName: "Орлова")
        try await Fixtures.person(app, login: "roditel.b", role: .guardian, organization: organization, lastName: "Белова")
        let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова", userID: mentorUser.id, selectedIn: program)
        let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", age: 13, userID: childUser.id)
        try await PairingFixtures.mentee(app, organization: organization, lastName: "Белов", age: 12)
        let member = try await app.db.transaction { db in
            try await PairingProposals.propose(mentee: mentee, mentor: mentor, program: program,
                                               meeting: .init(scheme: .curatorProposal, heldOn: nil, note: ""), actorName: "Куратова", on: db)
        }
        if mentorAccepts {
            let mentorBrowser = Browser(app)
            try await mentorBrowser.signIn("nastavnik")
            #expect(try await mentorBrowser.post("/me/pairs/\(member.id!)/answer", form: ["answer": "accepted"]).status == .seeOther)
        }
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return School(organization: organization, program: program, curator: curator, mentee: mentee, member: member)
    }

    func token(_ app: Application, login: String) async throws -> HTTPHeaders {
        let browser = Browser(app)
        try await browser.signIn(login)
        let page = try await browser.post("/account/tokens", form: ["name": "Приложение"])
        let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
        return ["Authorization": "Bearer \(token)"]
    }

    func memberNow(_ app: Application, _ s: School) async throws -> PairingMember {
        try #require(try await PairingMember.query(on: app.db).filter(\.$id == s.member.id!).with(\.$pairing).first())
    }

    @Test("Несовершеннолетний не может сам согласиться на пару: нужно согласие законного представителя")
    func minorCannotAgreeAlone() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let child = Browser(app)
            try await child.signIn("uchenik")
            let answered = try await child.post("/me/pairs/\(s.member.id!)/answer", form: ["answer": "accepted"])
            #expect(answered.status == .seeOther)
            let member = try await memberNow(app, s)
            #expect(member.menteeAnswer == .pending && !member.isAgreed)
            #expect(member.menteeAnswerNote == PairingAnswers.minorWishNote)
            #expect(member.pairing.status == .proposed)
            #expect(try await Mentee.find(s.mentee.id, on: app.db)?.status != .inPair)
            let mine = try await child.get("/me/pairs")
            #expect(mine.text.contains("Ждёт согласия законного представителя"))
            #expect(mine.text.contains("нужно согласие законного представителя"))
            // The curator sees that the child agreed and the representative has not yet.
            #expect(try await s.curator.get(s.pairs).text.contains(PairingAnswers.minorWishNote))
            // A child's refusal still counts: no pair against the child's will.
            #expect(try await child.post("/me/pairs/\(s.member.id!)/answer", form: ["answer": "declined"]).status == .seeOther)
            #expect(try await memberNow(app, s).isDeclined)
        }
    }

    @Test("Законный представитель соглашается в личном кабинете — пара формируется; представителю другого ребёнка — 404")
    func guardianAgreesInTheApp() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            // The card suggests the organization's representatives with the child's surname.
            let before = try await s.curator.get(s.card)
            #expect(before.text.contains("Орлова Мария Ивановна — <code>roditel</code>") && !before.text.contains("<code>roditel.b</code>"))
            // Only an account holding the guardian role may be linked to the child.
            let mentorAsGuardian = try await s.curator.post(s.card + "/guardians", form: ["guardianLogin": "nastavnik"])
            #expect(mentorAsGuardian.status == .unprocessableEntity && mentorAsGuardian.text.contains("нет роли «Законный представитель»"))
            #expect(mentorAsGuardian.text.contains("value=\"nastavnik\""))
            let linked = try await s.curator.post(s.card + "/guardians", form: ["guardianLogin": "roditel", "representativeRelation": "мать"])
            #expect(linked.status == .seeOther)
            let again = try await s.curator.post(s.card + "/guardians", form: ["guardianLogin": "roditel"])
            #expect(again.status == .unprocessableEntity && again.text.contains("уже связана с этим ребёнком"))
            #expect(try await GuardianLink.query(on: app.db).count() == 1)
            let card = try await s.curator.get(s.card)
            #expect(card.text.contains("Законные представители") && card.text.contains("Орлова Мария Ивановна (roditel), мать"))
            // The other parent is linked to another child.
            let belov = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Белов").first())
            #expect(try await s.curator.post("\(s.org)/mentees/\(belov.id!)/guardians", form: ["guardianLogin": "roditel.b"]).status == .seeOther)

            let child = Browser(app)
            try await child.signIn("uchenik")
            #expect(try await child.post("/me/pairs/\(s.member.id!)/answer", form: ["answer": "accepted"]).status == .seeOther)

            // Another child's parent sees neither the child nor the proposal, and cannot answer for it.
            let stranger = Browser(app)
            try await stranger.signIn("roditel.b")
            let strangerPage = try await stranger.get("/me/children")
            #expect(strangerPage.status == .ok && strangerPage.text.contains("Белов Иван") && !strangerPage.text.contains("Орлов"))
            #expect(try await stranger.post("/me/children/pairs/\(s.member.id!)/answer", form: ["answer": "accepted"]).status == .notFound)
            #expect(try await memberNow(app, s).menteeAnswer == .pending)
            // A representative sees nothing else of the organization, and cannot answer as the child.
            #expect(try await stranger.get("\(s.org)/mentees").status == .forbidden)
            #expect(try await stranger.post("/me/pairs/\(s.member.id!)/answer", form: ["answer": "accepted"]).status == .notFound)
            let strangerAPI = try await app.testing().sendRequest(.GET, "/api/v1/me/children", headers: try await token(app, login: "roditel.b"))
            #expect(strangerAPI.status == .ok && strangerAPI.body.string.contains("Белов Иван") && !strangerAPI.body.string.contains("Орлов"))
            // A link counts only while the guardian role is held in the child's organization.
            let strangerUser = try #require(try await User.query(on: app.db).filter(\.$login == "roditel.b").first())
            try await RoleAssignment.query(on: app.db).filter(\.$user.$id == strangerUser.id!).filter(\.$role == .guardian).delete()
            #expect(!(try await stranger.get("/me/children")).text.contains("Белов Иван"))

            let parent = Browser(app)
            try await parent.signIn("roditel")
            let home = try await parent.get("/")
            #expect(home.text.contains("/me/children") && home.text.contains("ждёт вашего согласия:</strong> пара с наставником Смирнова Анна"))
            let page = try await parent.get("/me/children")
            #expect(page.status == .ok && page.text.contains("Орлов Иван") && page.text.contains("Смирнова Анна"))
            #expect(page.text.contains("ребёнок сам согласен") && page.text.contains("Обработка персональных данных") && page.text.contains("действует"))
            #expect(!page.text.contains("Белов"))
            // The words agree with each person: the mentor Смирнова Анна «Согласна», the buttons in
            // the words of the mother (Орлова Мария Ивановна), the consent's signer without a verb.
            #expect(page.text.contains("Наставник: Согласна.") && !page.text.contains("Наставник: Согласен"))
            #expect(page.text.contains("Согласна на участие ребёнка в паре") && page.text.contains("Не согласна"))
            #expect(!page.text.contains("(а)") && !page.text.contains("(на)") && !page.text.contains("Согласен / Согласна"))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/me/children", headers: try await token(app, login: "roditel"))
            #expect(api.status == .ok && api.body.string.contains("Орлов Иван") && api.body.string.contains("\"mayAnswer\":true"))
            let agreed = try await parent.post("/me/children/pairs/\(s.member.id!)/answer", form: ["answer": "accepted"])
            #expect(agreed.status == .seeOther && agreed.location == "/me/children")
            let member = try await memberNow(app, s)
            #expect(member.isAgreed && member.pairing.status == .formed)
            #expect(member.menteeAnswerNote == PairingAnswers.guardianAppNote)
            #expect(try await Mentee.find(s.mentee.id, on: app.db)?.status == .inPair)

            // Unlinked, the parent no longer sees the child.
            let parentUser = try #require(try await User.query(on: app.db).filter(\.$login == "roditel").first())
            #expect(try await s.curator.post(s.card + "/guardians/\(parentUser.id!)/remove").status == .seeOther)
            #expect(!(try await parent.get("/me/children")).text.contains("Орлов Иван"))
        }
    }

    @Test("Куратор по-прежнему записывает согласие законного представителя по бумаге")
    func curatorRecordsPaperAgreement() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let page = try await s.curator.get(s.pairs)
            #expect(page.text.contains("За наставляемого: со слов законного представителя / по бумажному согласию"))
            let recorded = try await s.curator.post(s.pairs + "/members/\(s.member.id!)/answer", form: ["side": "mentee", "answer": "accepted"])
            #expect(recorded.status == .seeOther)
            let member = try await memberNow(app, s)
            #expect(member.isAgreed && member.pairing.status == .formed)
            #expect(member.menteeAnswerNote == PairingAnswers.paperAgreementNote)
            #expect(try await s.curator.get(s.pairs).text.contains("со слов законного представителя / по бумажному согласию"))
        }
    }

    @Test("Двойной клик «Связать с ребёнком» даёт одну связь представителя с ребёнком")
    func parallelLinking() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await withLiveServer(app) { server in
                let live = s.curator.tab(live: server)
                _ = try await live.get(s.card)
                let tabs = (0..<4).map { _ in live.tab() }
                let pages = try await inParallel(4) { i in
                    try await tabs[i].post(s.card + "/guardians", form: ["guardianLogin": "roditel", "representativeRelation": "мать"])
                }
                #expect(pages.filter { $0.status == .seeOther }.count == 1, "ответы: \(pages.map(\.status))")
                for refused in pages where refused.status != .seeOther {
                    #expect(refused.status == .unprocessableEntity && refused.text.contains("уже связана с этим ребёнком"), "\(refused.status)")
                }
            }
            #expect(try await GuardianLink.query(on: app.db).count() == 1)
        }
    }

    @Test("Ребёнок, законный представитель и наставник отвечают одновременно — пара формируется, согласие представителя не теряется")
    func parallelAnswers() async throws {
        try await withTestApp { app in
            let s = try await school(app, mentorAccepts: false)
            #expect(try await s.curator.post(s.card + "/guardians", form: ["guardianLogin": "roditel"]).status == .seeOther)
            let people = ["uchenik", "roditel", "nastavnik"]
            var browsers: [Browser] = []
            for login in people {
                let browser = Browser(app)
                try await browser.signIn(login)
                browsers.append(browser)
            }
            let paths = ["/me/pairs/\(s.member.id!)/answer", "/me/children/pairs/\(s.member.id!)/answer", "/me/pairs/\(s.member.id!)/answer"]
            try await withLiveServer(app) { server in
                let tabs = browsers.map { $0.tab(live: server) }
                let answers = try await inParallel(3) { i in try await tabs[i].post(paths[i], form: ["answer": "accepted"]) }
                #expect(answers.allSatisfy { $0.status == .seeOther }, "ответы: \(answers.map(\.status))")
            }
            let member = try await memberNow(app, s)
            #expect(member.isAgreed && member.pairing.status == .formed)
            #expect(member.menteeAnswerNote == PairingAnswers.guardianAppNote)
            #expect(try await Mentee.find(s.mentee.id, on: app.db)?.status == .inPair)
        }
    }

    @Test("Демо: родитель ученика 7Б видит своего ребёнка и его согласия в «Мои дети», и только его")
    func demoParent() async throws {
        try await withTestApp { app in
            let summary = try await DemoData.create(on: app.db, passwords: app.password.async)
            let parent = Browser(app)
            try await parent.signIn("roditel", password: summary.password)
            let page = try await parent.get("/me/children")
            let pupil = try #require(try await Mentee.query(on: app.db).join(User.self, on: \Mentee.$user.$id == \User.$id)
                .filter(User.self, \.$login == "uchenik").first())
            #expect(page.status == .ok && page.text.contains(pupil.fullName) && page.text.contains("Обработка персональных данных"))
            let parentUser = try #require(try await User.query(on: app.db).filter(\.$login == "roditel").first())
            #expect(try await GuardianLink.query(on: app.db).filter(\.$guardian.$id == parentUser.id!).count() == 1)
            #expect(try await GuardianLink.query(on: app.db).count() == 12)
        }
    }

    @Test("Запись ребёнка нельзя связать с учётной записью родителя или другого ребёнка")
    func childRowLinksOnlyToTheChild() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            let organization = territory.organization
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization, lastName: "Куратова")
            let curator = Browser(app)
            try await curator.signIn("kurator")
            // Fixtures' people are all «… Мария Ивановна».
            let child = try await PairingFixtures.mentee(app, organization: organization, lastName: "Семёнова", firstName: "Мария", className: "7А")
            let namesake = try await PairingFixtures.mentee(app, organization: organization, lastName: "Семёнова", firstName: "Мария", className: "5Б")
            try await Fixtures.person(app, login: "semenova", role: .mentee, organization: organization, lastName: "СЕМЕНОВА")
            try await Fixtures.person(app, login: "belova", role: .mentee, organization: organization, lastName: "Белова")
            try await Fixtures.person(app, login: "semenova.mama", role: .guardian, organization: organization, lastName: "Семёнова")
            try await Fixtures.person(app, login: "semenova.5b", role: .mentee, organization: organization, lastName: "Семёнова")
            let org = "/orgs/\(organization.id!)"
            let card = "\(org)/mentees/\(child.id!)"

            let parent = try await curator.post(card + "/account", form: ["login": "semenova.mama"])
            #expect(parent.status == .unprocessableEntity && parent.text.contains("нет роли «Наставляемый»"))
            let otherChild = try await curator.post(card + "/account", form: ["login": "belova"])
            #expect(otherChild.status == .unprocessableEntity && otherChild.text.contains("не совпадают с записью базы"))
            // An account already acting as another child's row is not handed a second one.
            #expect(try await curator.post("\(org)/mentees/\(namesake.id!)/account", form: ["login": "semenova.5b"]).status == .seeOther)
            let taken = try await curator.post(card + "/account", form: ["login": "semenova.5b"])
            #expect(taken.status == .unprocessableEntity && taken.text.contains("уже связана с другой записью базы"))
            #expect(try await Mentee.find(child.id, on: app.db)?.$user.id == nil)
            // Nor may a mentor's row take a child's account.
            let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Семёнова", firstName: "Мария")
            let asMentor = try await curator.post("\(org)/mentors/\(mentor.id!)/account", form: ["login": "semenova"])
            #expect(asMentor.status == .unprocessableEntity && asMentor.text.contains("нет роли «Наставник»"))

            // The child's own account (case and «ё» do not matter) is linked.
            #expect(try await curator.post(card + "/account", form: ["login": "semenova"]).status == .seeOther)
            let own = try await User.query(on: app.db).filter(\.$login == "semenova").first()
            #expect(try await Mentee.find(child.id, on: app.db)?.$user.id == own?.id)
        }
    }

    /// A pupil mentor of 16 («uchenik.nastavnik», a minor) proposed to an adult mentee who agreed;
    /// the mentor's parent («roditel.n») not yet linked.
    func minorMentorSchool(_ app: Application) async throws -> (School, Mentor) {
        let territory = try await Fixtures.territory(app)
        let organization = territory.organization
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization, lastName: "Куратова")
        let program = try await PairingFixtures.program(app, organization: organization)
        let mentorUser = try await Fixtures.person(app, login: "uchenik.nastavnik", role: .mentor, organization: organization, lastName: "Соколов")
        let menteeUser = try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: organization, lastName: "Орлов")
        try await Fixtures.person(app, login: "roditel.n", role: .guardian, organization: organization, lastName: "Соколова")
        let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Соколов", firstName: "Пётр", consent: false,
                                                      userID: mentorUser.id, selectedIn: program)
        mentor.isMinor = true
        mentor.origin = .student
        mentor.consentState = .valid
        try await mentor.save(on: app.db)
        try await PairingFixtures.addConsent(app, organizationID: organization.id!, kind: .mentor, subjectID: mentor.id!, byGuardian: true)
        let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", age: 18, userID: menteeUser.id)
        let member = try await app.db.transaction { db in
            try await PairingProposals.propose(mentee: mentee, mentor: mentor, program: program,
                                               meeting: .init(scheme: .curatorProposal, heldOn: nil, note: ""), actorName: "Куратова", on: db)
        }
        let menteeBrowser = Browser(app)
        try await menteeBrowser.signIn("uchenik")
        #expect(try await menteeBrowser.post("/me/pairs/\(member.id!)/answer", form: ["answer": "accepted"]).status == .seeOther)
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return (School(organization: organization, program: program, curator: curator, mentee: mentee, member: member), mentor)
    }

    @Test("Несовершеннолетний наставник не может сам согласиться на пару: нужно согласие законного представителя")
    func minorMentorCannotAgreeAlone() async throws {
        try await withTestApp { app in
            let (s, _) = try await minorMentorSchool(app)
            let pupilMentor = Browser(app)
            try await pupilMentor.signIn("uchenik.nastavnik")
            let answered = try await pupilMentor.post("/me/pairs/\(s.member.id!)/answer", form: ["answer": "accepted"])
            #expect(answered.status == .seeOther)
            var member = try await memberNow(app, s)
            #expect(member.menteeAnswer == .accepted && member.mentorAnswer == .pending && !member.isAgreed)
            #expect(member.mentorAnswerNote == PairingAnswers.minorMentorWishNote)
            #expect(member.pairing.status == .proposed)
            #expect((try await pupilMentor.get("/me/pairs")).text.contains("Ждёт согласия законного представителя"))
            // The curator records the representative's paper agreement for the mentor's side.
            let paper = try await s.curator.post("\(s.pairs)/members/\(s.member.id!)/answer",
                                                 form: ["side": "mentor", "answer": "accepted", "note": "заявление законного представителя"])
            #expect(paper.status == .seeOther)
            member = try await memberNow(app, s)
            #expect(member.isAgreed && member.pairing.status == .formed)
            #expect(member.mentorAnswerNote?.hasPrefix(PairingAnswers.paperAgreementNote) == true)
        }
    }

    @Test("Законный представитель несовершеннолетнего наставника соглашается в личном кабинете — сторона наставника согласна")
    func minorMentorGuardianAgreesInTheApp() async throws {
        try await withTestApp { app in
            let (s, mentor) = try await minorMentorSchool(app)
            let card = "\(s.org)/mentors/\(mentor.id!)"
            #expect((try await s.curator.get(card)).text.contains("Законные представители"))
            let linked = try await s.curator.post(card + "/guardians", form: ["guardianLogin": "roditel.n", "representativeRelation": "мать"])
            #expect(linked.status == .seeOther)
            #expect(try await GuardianLink.query(on: app.db).filter(\.$mentor.$id == mentor.id!).count() == 1)
            #expect((try await s.curator.get(card)).text.contains("(roditel.n), мать"))
            let again = try await s.curator.post(card + "/guardians", form: ["guardianLogin": "roditel.n"])
            #expect(again.status == .unprocessableEntity)

            let pupilMentor = Browser(app)
            try await pupilMentor.signIn("uchenik.nastavnik")
            #expect(try await pupilMentor.post("/me/pairs/\(s.member.id!)/answer", form: ["answer": "accepted"]).status == .seeOther)
            #expect(try await memberNow(app, s).mentorAnswer == .pending)

            let parent = Browser(app)
            try await parent.signIn("roditel.n")
            let page = try await parent.get("/me/children")
            #expect(page.status == .ok && page.text.contains("Соколов Пётр") && page.text.contains("Наставляемый: Орлов Иван"))
            #expect(page.text.contains("ребёнок сам согласен"))
            // Answering for the mentee's side of a pair where the child is the mentor: not theirs.
            #expect(try await parent.post("/me/children/pairs/\(s.member.id!)/answer", form: ["answer": "accepted"]).status == .notFound)
            let agreed = try await parent.post("/me/children/pairs/\(s.member.id!)/answer", form: ["answer": "accepted", "side": "mentor"])
            #expect(agreed.status == .seeOther && agreed.location == "/me/children")
            let member = try await memberNow(app, s)
            #expect(member.isAgreed && member.pairing.status == .formed)
            #expect(member.mentorAnswerNote == PairingAnswers.guardianAppNote)
            // Unlinked, the parent no longer sees the mentor.
            let parentUser = try #require(try await User.query(on: app.db).filter(\.$login == "roditel.n").first())
            #expect(try await s.curator.post(card + "/guardians/\(parentUser.id!)/remove").status == .seeOther)
            #expect(!(try await parent.get("/me/children")).text.contains("Соколов Пётр"))
        }
    }
}
