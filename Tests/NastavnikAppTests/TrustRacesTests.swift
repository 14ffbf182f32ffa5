import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Follow-ups of issue 16: rules the database enforces (a row lock, `ON CONFLICT`, a second look
/// after a creation), each tested with the requests really sent at once to a running server, and
/// the rows checked afterwards.
@Suite("Гонки: согласия, предложения ролей, черновик пар, приглашения")
struct TrustRacesTests {
    /// The school of `GuardianConsentsTests` (a 13-year-old with a processing consent, linked to
    /// the parent «roditel»), with `extra` more such children, so one round races several times.
    func children(_ app: Application, extra: Int = 2) async throws -> (GuardianConsentsTests.School, [Mentee]) {
        let s = try await GuardianConsentsTests().school(app, consent: true)
        var children = [s.mentee]
        for index in 0..<extra {
            let child = try await PairingFixtures.mentee(app, organization: s.organization, lastName: ["Белов", "Зайцев", "Ершов"][index % 3])
            #expect(try await s.curator.post(s.org + "/mentees/\(child.id!)/guardians",
                                             form: ["guardianLogin": "roditel", "representativeRelation": "мать"]).status == .seeOther)
            children.append(child)
        }
        return (s, children)
    }

    func processingConsent(_ app: Application, of child: Mentee) async throws -> ConsentRecord {
        try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == child.id!).filter(\.$purpose == .processing).first())
    }

    func auditCount(_ app: Application, _ action: AuditAction, about id: UUID) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == action.rawValue).filter(\.$objectID == id.uuidString).count()
    }

    /// Each answer is a redirect (always, for the indexes `redirects` names), or a 422 page saying `refusal`.
    static func expectRecordedOrRefused(_ answers: [TestingHTTPResponse], redirects: (Int) -> Bool, refusal: String,
                                        sourceLocation: SourceLocation = #_sourceLocation) {
        for (index, answer) in answers.enumerated() {
            if redirects(index) || answer.status == .seeOther {
                #expect(answer.status == .seeOther, "ответ \(index): \(answer.status)", sourceLocation: sourceLocation)
            } else {
                #expect(answer.status == .unprocessableEntity && answer.text.contains(refusal), "ответ \(index): \(answer.status)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: - Consents under the person's row lock

    @Test("Куратор вносит бумажное согласие, а законный представитель в ту же секунду отзывает согласие на обработку: у обезличенного ребёнка не остаётся действующих согласий, строк не вдвое, в журнале — по одной записи")
    func paperConsentMeetsWithdrawal() async throws {
        try await withTestApp { app in
            let (s, children) = try await children(app)
            var given: [ConsentRecord] = []
            for child in children { given.append(try await processingConsent(app, of: child)) }
            let consents = given
            let paper = ["purpose": "publicationCases", "givenOn": "01.09.2026", "byGuardian": "1",
                         "givenByName": "Орлова Мария Ивановна", "guardianRelation": "мать"]
            try await withLiveServer(app) { server in
                let curator = s.curator.tab(live: server), parent = s.parent.tab(live: server)
                _ = try await curator.get(s.card)
                _ = try await parent.get("/me/children")
                // First the same consent to photos twice on paper (a double click) and once by the
                // representative in the app, all at once: one of them is recorded.
                let photos = ConsentTexts.forGuardian(.publicationPhotos, organization: s.organization, kind: .mentee)
                let photoTabs = children.map { _ in (curator.tab(), curator.tab(), parent.tab()) }
                let photoAnswers = try await inParallel(children.count * 3) { i in
                    let (child, tab) = (children[i / 3], photoTabs[i / 3])
                    switch i % 3 {
                    case 0: return try await tab.0.post(s.org + "/mentees/\(child.id!)/consents", form: paper.merging(["purpose": "publicationPhotos"]) { $1 })
                    case 1: return try await tab.1.post(s.org + "/mentees/\(child.id!)/consents", form: paper.merging(["purpose": "publicationPhotos"]) { $1 })
                    default: return try await tab.2.post("/me/children/mentees/\(child.id!)/consents",
                                                         form: ["purpose": "publicationPhotos", "textHash": photos.hash, "confirm": "1"])
                    }
                }
                Self.expectRecordedOrRefused(photoAnswers, redirects: { $0 % 3 == 2 }, refusal: "Такое согласие уже действует")
                for child in children {
                    let active = try await ConsentRecord.query(on: app.db).filter(\.$subjectID == child.id!).filter(\.$purpose == .publicationPhotos).count()
                    #expect(active == 1, "согласий на фото: \(active)")
                }

                let tabs = children.map { _ in (curator.tab(), parent.tab()) }
                let answers = try await inParallel(children.count * 2) { i in
                    let (child, consent, tab) = (children[i / 2], consents[i / 2], tabs[i / 2])
                    return i % 2 == 0
                        ? try await tab.0.post(s.org + "/mentees/\(child.id!)/consents", form: paper)
                        : try await tab.1.post("/me/children/mentees/\(child.id!)/consents/\(consent.id!)/withdraw")
                }
                // Where the withdrawal came first, the curator is told why, in Russian.
                Self.expectRecordedOrRefused(answers, redirects: { $0 % 2 == 1 }, refusal: "обезличены")
            }
            for child in children {
                let mentee = try #require(try await Mentee.find(child.id, on: app.db))
                #expect(mentee.anonymizedAt != nil && mentee.consentState == .withdrawn)
                let records = try await ConsentRecord.query(on: app.db).filter(\.$subjectID == child.id!).all()
                #expect(records.allSatisfy { $0.withdrawnAt != nil }, "у обезличенного ребёнка осталось действующее согласие: \(records.map(\.purpose))")
                let paperRecords = records.filter { $0.purpose == .publicationCases }
                #expect(paperRecords.count <= 1 && records.count == 2 + paperRecords.count)
                #expect(try await auditCount(app, .consentWithdrawn, about: child.id!) == 1)
                #expect(try await auditCount(app, .consentGiven, about: child.id!) == 1 + paperRecords.count)
            }
        }
    }

    @Test("Согласие отзывают разом две вкладки куратора, законный представитель на странице и через API: один отзыв и одна запись в журнале, остальным — «Согласие уже отозвано» (API — 409)")
    func oneWithdrawalOfManyAtOnce() async throws {
        try await withTestApp { app in
            let (s, children) = try await children(app)
            // The representative agreed to the publication of cases in the app.
            var given: [ConsentRecord] = []
            let wording = ConsentTexts.forGuardian(.publicationCases, organization: s.organization, kind: .mentee)
            for child in children {
                #expect(try await s.parent.post("/me/children/mentees/\(child.id!)/consents",
                                                form: ["purpose": "publicationCases", "textHash": wording.hash, "confirm": "1"]).status == .seeOther)
                given.append(try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == child.id!)
                    .filter(\.$purpose == .publicationCases).first()))
            }
            let publications = given
            var processing: [ConsentRecord] = []
            for child in children { processing.append(try await processingConsent(app, of: child)) }
            let consents = processing
            // A child only the representative withdraws for, twice at once.
            let lone = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Одинцов")
            #expect(try await s.curator.post(s.org + "/mentees/\(lone.id!)/guardians",
                                             form: ["guardianLogin": "roditel", "representativeRelation": "мать"]).status == .seeOther)
            let loneConsent = try await processingConsent(app, of: lone)
            let token = try await APITests().token(app, login: "roditel")
            let api: @Sendable (Mentee, ConsentRecord) -> String = { child, consent in "/api/v1/me/children/mentees/\(child.id!)/consents/\(consent.id!)/withdraw" }
            try await withLiveServer(app) { server in
                let curator = s.curator.tab(live: server), parent = s.parent.tab(live: server)
                _ = try await curator.get(s.card)
                _ = try await parent.get("/me/children")
                /// Four withdrawals of each child's consent at once: two curator's tabs, the representative's page and API.
                func race(_ records: [ConsentRecord]) async throws -> [TestingHTTPResponse] {
                    let tabs = children.map { _ in (curator.tab(), curator.tab(), parent.tab()) }
                    return try await inParallel(children.count * 4) { i in
                        let (child, consent, tab) = (children[i / 4], records[i / 4], tabs[i / 4])
                        switch i % 4 {
                        case 0: return try await tab.0.post(s.org + "/mentees/\(child.id!)/consents/\(consent.id!)/withdraw")
                        case 1: return try await tab.1.post(s.org + "/mentees/\(child.id!)/consents/\(consent.id!)/withdraw")
                        case 2: return try await tab.2.post("/me/children/mentees/\(child.id!)/consents/\(consent.id!)/withdraw")
                        default: return try await server.send(.POST, api(child, consent), headers: APITests().bearer(token))
                        }
                    }
                }
                // A publication consent: everyone still sees the child, the late ones are told it is withdrawn already.
                for (index, answer) in try await race(publications).enumerated() {
                    if index % 4 == 3 {
                        #expect(answer.status == .ok || answer.status == .conflict, "API: \(answer.status)")
                        if answer.status == .conflict { #expect(answer.text.contains("Согласие уже отозвано"), "\(answer.text)") }
                    } else {
                        #expect(answer.status == .seeOther, "ответ \(index): \(answer.status)")
                    }
                }
                // Once more, one by one: the API answers 409 with a JSON error, the page says so.
                let again = try await server.send(.POST, api(children[0], publications[0]), headers: APITests().bearer(token))
                #expect(again.status == .conflict && again.headers.contentType?.subType == "json" && again.text.contains("Согласие уже отозвано"))
                let page = try await curator.post(s.org + "/mentees/\(children[0].id!)/consents/\(publications[0].id!)/withdraw")
                #expect(page.status == .seeOther)
                #expect(try await curator.get(s.card).text.contains("Согласие уже отозвано"))
                let parentPage = try await parent.post("/me/children/mentees/\(children[0].id!)/consents/\(publications[0].id!)/withdraw")
                #expect(parentPage.status == .seeOther)
                #expect(try await parent.get("/me/children").text.contains("Согласие уже отозвано"))

                // The processing consent: the first withdrawal ends the representative's view of the
                // child (the link goes), so a late representative finds no child (404) — never a 500.
                for (index, answer) in try await race(consents).enumerated() {
                    switch index % 4 {
                    case 3: #expect([.ok, .conflict, .notFound].contains(answer.status), "API: \(answer.status)")
                    case 2: #expect(answer.status == .seeOther || answer.status == .notFound, "представитель: \(answer.status)")
                    default: #expect(answer.status == .seeOther, "ответ \(index): \(answer.status)")
                    }
                }

                // The representative's own double click on «отозвать согласие на обработку»: the late
                // click is told it is withdrawn already, not «не найдено».
                let clicks = try await inParallel(2) { [parent] i in
                    let tab = parent.tab()
                    return i == 0 ? try await tab.post("/me/children/mentees/\(lone.id!)/consents/\(loneConsent.id!)/withdraw")
                        : try await server.send(.POST, api(lone, loneConsent), headers: APITests().bearer(token))
                }
                #expect(clicks[0].status == .seeOther && (clicks[1].status == .ok || clicks[1].status == .conflict), "\(clicks.map(\.status))")
                #expect(try await parent.post("/me/children/mentees/\(lone.id!)/consents/\(loneConsent.id!)/withdraw").status == .seeOther)
                #expect(try await parent.get("/me/children").text.contains("Согласие уже отозвано"))
                let late = try await server.send(.POST, api(lone, loneConsent), headers: APITests().bearer(token))
                #expect(late.status == .conflict && late.text.contains("Согласие уже отозвано"))
                // The curator, who never represented the child, still finds nothing there.
                #expect(try await curator.post("/me/children/mentees/\(lone.id!)/consents/\(loneConsent.id!)/withdraw").status == .notFound)
            }
            #expect(try await auditCount(app, .consentWithdrawn, about: lone.id!) == 1)
            for (index, child) in children.enumerated() {
                let withdrawals = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.consentWithdrawn.rawValue)
                    .filter(\.$objectID == child.id!.uuidString).all().compactMap(\.details)
                #expect(withdrawals.filter { $0.hasPrefix(ConsentPurpose.publicationCases.russianName) }.count == 1, "\(withdrawals)")
                #expect(withdrawals.filter { $0.hasPrefix(ConsentPurpose.processing.russianName) }.count == 1, "\(withdrawals)")
                #expect(try await ConsentRecord.find(consents[index].id, on: app.db)?.withdrawnAt != nil)
                #expect(try await ConsentRecord.find(publications[index].id, on: app.db)?.withdrawnAt != nil)
                #expect(try await Mentee.find(child.id, on: app.db)?.anonymizedAt != nil)
            }
        }
    }

    // MARK: - A role offer accepted twice, and the role granted meanwhile

    @Test("Предложение роли принимают разом из двух вкладок, а администратор платформы в ту же секунду даёт ту же роль: одна роль, ответ учтён один раз, ни одной ошибки")
    func roleOfferAcceptedTwiceWhileGranted() async throws {
        try await withTestApp { app in
            let w = try await RoleOffersTests().world(app)
            try await Fixtures.person(app, login: "admin", lastName: "Админова", platformAdmin: true)
            let admin = Browser(app), teacher = Browser(app)
            try await admin.signIn("admin")
            try await teacher.signIn("uchitel")
            let roles: [Role] = [.mentor, .curator, .psychologist]
            for role in roles {
                #expect(try await w.directorB.post(w.b + "/members", form: ["lastName": "", "firstName": "", "login": "uchitel", "role": role.rawValue])
                    .status == .seeOther)
            }
            let offers = try await RoleOffer.query(on: app.db).filter(\.$user.$id == w.teacher.id!).all()
            #expect(offers.count == roles.count)
            try await withLiveServer(app) { server in
                let owner = teacher.tab(live: server), platform = admin.tab(live: server)
                _ = try await owner.get("/me/role-offers")
                _ = try await platform.get(w.b + "/members")
                let tabs = offers.map { _ in (owner.tab(), owner.tab(), platform.tab()) }
                let answers = try await inParallel(offers.count * 3) { i in
                    let (offer, tab) = (offers[i / 3], tabs[i / 3])
                    switch i % 3 {
                    case 0: return try await tab.0.post("/me/role-offers/\(offer.id!)/accept")
                    case 1: return try await tab.1.post("/me/role-offers/\(offer.id!)/accept")
                    default: return try await tab.2.post(w.b + "/members", form: [
                        "lastName": "Смирнова", "firstName": "Мария", "login": "uchitel", "role": offer.role.rawValue])
                    }
                }
                for (index, answer) in answers.enumerated() {
                    if index % 3 == 2 {
                        // Granted now, or refused as held already — never a 500.
                        #expect([.seeOther, .unprocessableEntity, .conflict].contains(answer.status), "администратор: \(answer.status)")
                    } else {
                        #expect(answer.status == .seeOther, "вкладка \(index): \(answer.status)")
                    }
                }
            }
            let held = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == w.teacher.id!).filter(\.$organization.$id == w.schoolB.id!).all()
            #expect(held.map(\.role).sorted { $0.rawValue < $1.rawValue } == roles.sorted { $0.rawValue < $1.rawValue }, "по одной строке каждой роли")
            #expect(try await RoleOffer.query(on: app.db).filter(\.$answeredAt == nil).count() == 0)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.roleOfferAccepted.rawValue).count() == roles.count)
        }
    }

    // MARK: - A draft's reassign under the mentor's row lock

    @Test("Черновики двух программ разом переводят детей к одному наставнику с одним местом: место получает один, второму — «нет свободных мест»")
    func reassignsOfTwoProgramsShareOneSeat() async throws {
        try await withTestApp { app in
            let w = try await PairingTrustTests().world(app)
            let organization = w.territory.organization
            let second = try await PairingFixtures.program(app, organization: organization, name: "Вторая программа")
            let programs = [w.program, second]
            var createdTargets: [Mentor] = [], createdMembers: [[PairingMember]] = [[], []]
            for index in 0..<3 {
                let target = try await PairingFixtures.mentor(app, organization: organization, lastName: "Последняя\(index)", capacity: 1, selectedIn: w.program)
                try await MentorSelection(programID: second.id!, mentorID: target.id!, decision: .selected).create(on: app.db)
                createdTargets.append(target)
                for (p, program) in programs.enumerated() {
                    let holder = try await PairingFixtures.mentor(app, organization: organization, lastName: "Первая\(index)\(p)", capacity: 1, selectedIn: program)
                    let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Ученик\(index)\(p)", age: 19)
                    let pairing = try await PairingTrustTests().pairing(app, program, mentor: holder, mentees: [mentee], status: .draft, agreed: false)
                    createdMembers[p].append(try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first()))
                }
            }
            let targets = createdTargets, members = createdMembers
            let bases = programs.map { "/orgs/\(w.territory.organizationID)/programs/\($0.id!)/pairs/proposal" }
            try await withLiveServer(app) { server in
                let live = w.curator.tab(live: server)
                _ = try await live.get(bases[0])
                let tabs = (0..<(targets.count * 2)).map { _ in live.tab() }
                let answers = try await inParallel(targets.count * 2) { i in
                    try await tabs[i].post(bases[i % 2] + "/members/\(members[i % 2][i / 2].id!)/reassign", form: ["mentorID": targets[i / 2].id!.uuidString])
                }
                for index in 0..<targets.count {
                    let pair = [answers[index * 2], answers[index * 2 + 1]]
                    #expect(pair.filter { $0.status == .seeOther }.count == 1, "наставник \(index): \(pair.map(\.status))")
                    for refused in pair where refused.status != .seeOther {
                        #expect(refused.status == .unprocessableEntity && refused.text.contains("нет свободных мест"), "\(refused.status) \(refused.text.prefix(3000))")
                    }
                }
            }
            let taken = try await PairingCandidates.takenSeats(mentorIDs: targets.map { $0.id! }, on: app.db)
            for target in targets { #expect(taken[target.id!] == 1, "мест у наставника: \(taken[target.id!] ?? 0) из 1") }
        }
    }

    // MARK: - Two organizations invite one new login

    @Test("Две организации разом приглашают один и тот же новый логин: учётная запись остаётся за одной, приглашение второй становится предложением роли, ссылка одна")
    func twoOrganizationsInviteOneNewLogin() async throws {
        try await withTestApp { app in
            let w = try await RoleOffersTests().world(app)
            try await Fixtures.person(app, login: "direktor.a", role: .orgAdmin, organization: w.schoolA, lastName: "Директорова")
            let directorA = Browser(app)
            try await directorA.signIn("direktor.a")
            let logins = ["novyi.1", "novyi.2", "novyi.3"]
            let schools = [w.schoolA, w.schoolB]
            try await withLiveServer(app) { server in
                let a = directorA.tab(live: server), b = w.directorB.tab(live: server)
                _ = try await a.get(w.a + "/members")
                _ = try await b.get(w.b + "/members")
                let tabs = logins.map { _ in (a.tab(), b.tab()) }
                let answers = try await inParallel(logins.count * 2) { i in
                    let tab = i % 2 == 0 ? tabs[i / 2].0 : tabs[i / 2].1
                    return try await tab.post("/orgs/\(schools[i % 2].id!)/members", form: [
                        "lastName": i % 2 == 0 ? "Новикова" : "Захватова", "firstName": "Ольга", "login": logins[i / 2], "role": "mentor"])
                }
                for (index, answer) in answers.enumerated() {
                    // The owner's page with the new link, or the role offer's redirect; never a 409 or a 500.
                    #expect(answer.status == .ok || answer.status == .seeOther, "ответ \(index): \(answer.status)")
                }
            }
            for login in logins {
                let users = try await User.query(on: app.db).filter(\.$login == login).all()
                let user = try #require(users.first)
                #expect(users.count == 1)
                let roles = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == user.id!).all()
                #expect(roles.count == 1, "\(login): роль в одной организации, а не в обеих")
                let owner = try #require(roles.first?.$organization.id)
                let other = try #require(schools.first { $0.id != owner }?.id)
                // The name is the owner's, not what the other organization typed.
                #expect(user.lastName == (owner == w.schoolA.id ? "Новикова" : "Захватова"))
                #expect(try await RoleOffer.query(on: app.db).filter(\.$user.$id == user.id!).filter(\.$organization.$id == other).count() == 1,
                        "\(login): приглашение второй организации — предложение роли")
                #expect(try await Invitation.query(on: app.db).filter(\.$user.$id == user.id!).count() == 1, "\(login): одна ссылка")
            }
        }
    }
}
