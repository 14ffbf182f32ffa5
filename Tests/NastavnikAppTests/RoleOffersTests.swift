import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Один человек — одна учётная запись с ролями в нескольких организациях")
struct RoleOffersTests {
    /// A teacher («uchitel», Смирнова Мария Ивановна) who mentors in her school А with a formed pair,
    /// and a partner school Б (administration «direktor.b», curator «kurator.b») that wants her as a mentor too.
    struct World {
        let schoolA: Organization
        let schoolB: Organization
        let teacher: User
        let cardA: Mentor
        let programB: Program
        let directorB: Browser
        let curatorB: Browser
        var a: String { "/orgs/\(schoolA.id!)" }
        var b: String { "/orgs/\(schoolB.id!)" }
    }

    func world(_ app: Application) async throws -> World {
        let schoolA = try await Fixtures.territory(app, organizationName: "Школа А").organization
        let schoolB = try await Fixtures.territory(app, organizationName: "Школа Б").organization
        try await Fixtures.person(app, login: "kurator.a", role: .curator, organization: schoolA, lastName: "Куратова")
        try await Fixtures.person(app, login: "direktor.b", role: .orgAdmin, organization: schoolB, lastName: "Директорова")
        try await Fixtures.person(app, login: "kurator.b", role: .curator, organization: schoolB, lastName: "Кураторова")
        let teacher = try await Fixtures.person(app, login: "uchitel", role: .mentor, organization: schoolA, lastName: "Смирнова")
        let programA = try await PairingFixtures.program(app, organization: schoolA, name: "Программа школы А")
        let cardA = try await PairingFixtures.mentor(app, organization: schoolA, lastName: "Смирнова", firstName: "Мария", userID: teacher.id, selectedIn: programA)
        let menteeA = try await PairingFixtures.mentee(app, organization: schoolA, lastName: "Орлов")
        try await ProgramSurveysTests.pairing(app, programA, mentorID: cardA.id!, mentees: [menteeA], status: .formed, form: .studentStudent, formedAt: Date())
        let programB = try await PairingFixtures.program(app, organization: schoolB, name: "Программа школы Б")
        let directorB = Browser(app), curatorB = Browser(app)
        try await directorB.signIn("direktor.b")
        try await curatorB.signIn("kurator.b")
        return World(schoolA: schoolA, schoolB: schoolB, teacher: teacher, cardA: cardA, programB: programB, directorB: directorB, curatorB: curatorB)
    }

    func rolesInB(_ app: Application, _ w: World) async throws -> [Role] {
        try await RoleAssignment.query(on: app.db).filter(\.$user.$id == w.teacher.id!).filter(\.$organization.$id == w.schoolB.id!).all().map(\.role)
    }

    @Test("Вторая организация приглашает существующего человека, ничего о нём не узнав; роль появляется только после его согласия, и её карточка связывается с той же учётной записью")
    func secondOrganizationOffersAndThePersonAccepts() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let offered = try await w.directorB.post(w.b + "/members", form: [
                "lastName": "Другая", "firstName": "Фамилия", "login": "uchitel", "role": "mentor", "position": "учитель физики"])
            #expect(offered.status == .seeOther)
            let members = try await w.directorB.get(w.b + "/members")
            #expect(members.text.contains("Её владельцу отправлено предложение роли «Наставник»") && members.text.contains("<code>uchitel</code>"))
            // Nothing of the person: not the name, not the school А.
            #expect(!members.text.contains("Смирнова") && !members.text.contains("Школа А"))
            #expect(try await rolesInB(app, w).isEmpty)
            #expect(try await Invitation.query(on: app.db).filter(\.$user.$id == w.teacher.id!).count() == 0)
            // A second press is the same offer.
            #expect(try await w.directorB.post(w.b + "/members", form: ["lastName": "", "firstName": "", "login": "uchitel", "role": "mentor"]).status == .seeOther)
            #expect(try await RoleOffer.query(on: app.db).count() == 1)
            let offer = try #require(try await RoleOffer.query(on: app.db).first())

            // Nobody else answers for the owner.
            #expect(try await w.curatorB.post("/me/role-offers/\(offer.id!)/accept").status == .notFound)
            #expect(try await rolesInB(app, w).isEmpty)

            let teacher = Browser(app)
            try await teacher.signIn("uchitel")
            let notifications = try await AppNotification.query(on: app.db).filter(\.$userID == w.teacher.id!).all()
            #expect(notifications.contains { $0.kind == .roleOffered && $0.link == "/me/role-offers" })
            let page = try await teacher.get("/me/role-offers")
            #expect(page.text.contains("Школа Б") && page.text.contains("Наставник") && page.text.contains("учитель физики"))
            #expect(page.text.contains("Школа А: Наставник"))
            let accepted = try await teacher.post("/me/role-offers/\(offer.id!)/accept")
            #expect(accepted.status == .seeOther && accepted.location == "/")
            #expect(try await rolesInB(app, w) == [.mentor])
            #expect(try await teacher.post("/me/role-offers/\(offer.id!)/accept").status == .seeOther)
            #expect(try await rolesInB(app, w) == [.mentor])
            // Now Б sees her as its member, with her name.
            #expect(try await w.directorB.get(w.b + "/members").text.contains("Смирнова Мария Ивановна"))

            // Б's mentor card of the same person links to the same account.
            let cardB = try await PairingFixtures.mentor(app, organization: w.schoolB, lastName: "Смирнова", firstName: "Мария", selectedIn: w.programB)
            #expect(try await w.curatorB.get(w.b + "/mentors/\(cardB.id!)").text.contains("<code>uchitel</code>"))
            let linked = try await w.curatorB.post(w.b + "/mentors/\(cardB.id!)/account", form: ["login": "uchitel"])
            #expect(linked.status == .seeOther)
            #expect(try await Mentor.find(cardB.id, on: app.db)?.$user.id == w.teacher.id)
            let menteeB = try await PairingFixtures.mentee(app, organization: w.schoolB, lastName: "Белов")
            try await ProgramSurveysTests.pairing(app, w.programB, mentorID: cardB.id!, mentees: [menteeB], status: .formed, form: .studentStudent, formedAt: Date())

            // Her home, «Мои пары» and navigation show the work of both schools.
            let pairs = try await teacher.get("/me/pairs")
            #expect(pairs.text.contains("Программа школы А") && pairs.text.contains("Программа школы Б"))
            #expect(pairs.text.contains("Орлов") && pairs.text.contains("Белов"))
            let home = try await teacher.get("/")
            #expect(home.text.contains("Школа А") && home.text.contains("Школа Б"))
            // The navigation does not pick one school for her: «Организации» leads to the list of both.
            #expect(home.text.contains("href=\"/#organizations\"") && home.text.contains("id=\"organizations\""))

            // Б still reads nothing of what А keeps about her, and cannot hand out her links.
            #expect(try await w.curatorB.get(w.a + "/mentors/\(w.cardA.id!)").status == .notFound)
            #expect(try await w.curatorB.get(w.a + "/members").status == .notFound)
            #expect(try await w.directorB.get(w.a + "/mentors").status == .notFound)
            let reissue = try await w.directorB.post(w.b + "/members/people/\(w.teacher.id!)/invitation")
            #expect(reissue.status == .seeOther)
            #expect(try await Invitation.query(on: app.db).filter(\.$user.$id == w.teacher.id!).count() == 0)
            let bMembers = try await w.directorB.get(w.b + "/members")
            #expect(!bMembers.text.contains("Школа А"))
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.roleOfferAccepted.rawValue).count() == 1)
        }
    }

    @Test("Отказ от предложения не даёт роли, и организация видит только, что ответа больше нет")
    func declinedOfferGivesNoRole() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            #expect(try await w.directorB.post(w.b + "/members", form: ["lastName": "", "firstName": "", "login": "uchitel", "role": "curator"]).status == .seeOther)
            let offer = try #require(try await RoleOffer.query(on: app.db).first())
            let teacher = Browser(app)
            try await teacher.signIn("uchitel")
            #expect(try await teacher.post("/me/role-offers/\(offer.id!)/decline").status == .seeOther)
            #expect(try await rolesInB(app, w).isEmpty)
            #expect(try await RoleOffer.find(offer.id, on: app.db)?.accepted == false)
            #expect(!(try await w.directorB.get(w.b + "/members")).text.contains("<code>uchitel</code>"))
            #expect(try await teacher.post("/me/role-offers/\(offer.id!)/accept").status == .seeOther)
            #expect(try await rolesInB(app, w).isEmpty, "отклонённое предложение уже не принять")
        }
    }

    @Test("Роль, выданная организацией, пока предложение ждало ответа: принятие не падает и не дублирует роль")
    func acceptingARoleAlreadyGranted() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            #expect(try await w.directorB.post(w.b + "/members", form: ["lastName": "", "firstName": "", "login": "uchitel", "role": "mentor"]).status == .seeOther)
            let offer = try #require(try await RoleOffer.query(on: app.db).first())
            // The same role reached the person another way in the meantime (e.g. granted at the same moment).
            try await RoleAssignment(userID: w.teacher.id!, role: .mentor, organizationID: w.schoolB.id!, position: nil).create(on: app.db)
            let teacher = Browser(app)
            try await teacher.signIn("uchitel")
            #expect(try await teacher.post("/me/role-offers/\(offer.id!)/accept").status == .seeOther)
            #expect(try await rolesInB(app, w) == [.mentor])
            #expect(try await RoleOffer.find(offer.id, on: app.db)?.accepted == true)
        }
    }

    @Test("Принятие предложения в двух вкладках сразу даёт одну роль; два приглашения сразу — одно предложение")
    func parallelOffersAndAnswers() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let teacher = Browser(app)
            try await teacher.signIn("uchitel")
            try await withLiveServer(app) { server in
                let director = w.directorB.tab(live: server)
                _ = try await director.get(w.b + "/members")
                let directorTabs = (0..<4).map { _ in director.tab() }
                let offers = try await inParallel(4) { i in
                    try await directorTabs[i].post(w.b + "/members", form: ["lastName": "", "firstName": "", "login": "uchitel", "role": "mentor"])
                }
                #expect(offers.allSatisfy { $0.status == .seeOther }, "ответы: \(offers.map(\.status))")
                #expect(try await RoleOffer.query(on: app.db).count() == 1)
                let offer = try #require(try await RoleOffer.query(on: app.db).first())
                let live = teacher.tab(live: server)
                _ = try await live.get("/me/role-offers")
                let tabs = (0..<4).map { _ in live.tab() }
                let answers = try await inParallel(4) { i in try await tabs[i].post("/me/role-offers/\(offer.id!)/accept") }
                #expect(answers.allSatisfy { $0.status == .seeOther }, "ответы: \(answers.map(\.status))")
            }
            #expect(try await rolesInB(app, w) == [.mentor])
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.roleOfferAccepted.rawValue).count() == 1)
        }
    }
}
