import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Конкурс: сроки этапов и файлы заявок")
struct ContestMaterialsTests {
    @Test("Координатор переносит сроки этапов; заявка с файлами; файлы видят организация, координатор и жюри, кроме своей организации")
    func windowsAndFiles() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 1")
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: school.region.id)
            try await Fixtures.person(app, login: "direktor1", role: .orgAdmin, organization: school.organization)
            try await Fixtures.person(app, login: "direktor2", role: .orgAdmin, organization: other.organization)
            try await Fixtures.person(app, login: "zhyuri.svoy", role: .curator, organization: school.organization)
            try await Fixtures.person(app, login: "zhyuri.chuzhoy", role: .curator, organization: other.organization)
            var browsers: [String: Browser] = [:]
            for login in ["koordinator", "direktor1", "direktor2", "zhyuri.svoy", "zhyuri.chuzhoy"] {
                let browser = Browser(app)
                try await browser.signIn(login)
                browsers[login] = browser
            }
            let coordinator = browsers["koordinator"]!, director = browsers["direktor1"]!
            let year = CalendarDay.today().year
            #expect(try await coordinator.post("/contests", form: ["title": "Быть учителем!", "year": "\(year)",
                                                                   "nominations": "Наставник молодого педагога", "criteria": "Результаты"]).status == .seeOther)
            let contest = try #require(try await Contest.query(on: app.db).first())
            for login in ["zhyuri.svoy", "zhyuri.chuzhoy"] {
                #expect(try await coordinator.post("/contests/\(contest.id!)/jurors", form: ["login": login]).status == .seeOther)
            }

            // The windows move only in order; a wrong form keeps what was typed.
            let today = CalendarDay.today()
            let moved = ["semiFinalFrom": today.adding(days: -10).iso, "semiFinalTo": today.adding(days: 10).iso,
                         "finalFrom": today.adding(days: 20).iso, "finalTo": today.adding(days: 60).iso,
                         "superFinalFrom": today.adding(days: 90).iso, "superFinalTo": today.adding(days: 100).iso]
            var wrong = moved
            wrong["finalFrom"] = today.adding(days: 5).iso
            wrong["superFinalTo"] = "не дата"
            let refused = try await coordinator.post("/contests/\(contest.id!)/windows", form: wrong)
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Этап начинается после окончания предыдущего.")
                && refused.text.contains("Укажите дату.") && refused.text.contains(today.adding(days: 5).iso))
            #expect(try await director.post("/contests/\(contest.id!)/windows", form: moved).status == .forbidden)
            #expect(try await coordinator.post("/contests/\(contest.id!)/windows", form: moved).status == .seeOther)
            #expect(try await Contest.find(contest.id, on: app.db)?.semiFinalTo == today.adding(days: 10).iso)

            // An application with a file, now inside the semi-final window; a disguised file loses nothing and stores nothing.
            let mentor = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Алексеева")
            let apply = "/orgs/\(school.organizationID)/contests/\(contest.id!)/apply"
            let fields = ["mentorID": mentor.id!.uuidString, "nomination": "Наставник молодого педагога", "materials": "Программа наставничества молодых педагогов"]
            let disguised = try await director.upload(apply, fields: fields, fileField: "files[]", fileName: "портфолио.pdf", data: Data("MZ program".utf8))
            #expect(disguised.status == .unprocessableEntity && disguised.text.contains("не совпадает с расширением")
                && disguised.text.contains("Программа наставничества молодых педагогов"))
            #expect(try await ContestApplication.query(on: app.db).count() == 0)
            let pdf = Data("%PDF-1.5 портфолио".utf8)
            #expect(try await director.upload(apply, fields: fields, fileField: "files[]", fileName: "портфолио.pdf", data: pdf).status == .seeOther)
            let application = try #require(try await ContestApplication.query(on: app.db).first())
            let file = try #require(try await ContestApplicationFile.query(on: app.db).first())
            let url = "/contests/\(contest.id!)/applications/\(application.id!)/files/\(file.id!)"
            #expect(try await director.get(apply).text.contains(url))

            // The other organization's juror sees and opens it; another school and the public do not.
            #expect(try await browsers["zhyuri.chuzhoy"]!.get("/contests/\(contest.id!)/jury").text.contains(url))
            let opened = try await browsers["zhyuri.chuzhoy"]!.get(url)
            #expect(opened.status == .ok && Data(buffer: opened.body) == pdf && opened.headers.first(name: .cacheControl) == "private, no-store")
            #expect(try await coordinator.get(url).status == .ok)
            #expect(try await director.get(url).status == .ok)
            // The school's own juror does not judge it, so their jury page does not list it.
            #expect(!(try await browsers["zhyuri.svoy"]!.get("/contests/\(contest.id!)/jury").text.contains(url)))
            #expect(try await browsers["direktor2"]!.get(url).status == .notFound)
            #expect(try await Browser(app).get(url).status == .seeOther)
        }
    }
}
