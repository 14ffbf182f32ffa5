import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Конкурс «Быть учителем!»: этапы, жюри, оценки, итоги")
struct ContestTests {
    @Test("Заявки в окно полуфинала; жюри не оценивает свою организацию; лучшие проходят дальше; итоги публикуются")
    func wholeContest() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 1")
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: school.region.id)
            try await Fixtures.person(app, login: "direktor1", role: .orgAdmin, organization: school.organization)
            try await Fixtures.person(app, login: "direktor2", role: .orgAdmin, organization: other.organization)
            try await Fixtures.person(app, login: "zhyuri", role: .curator, organization: school.organization, lastName: "Жюриева")
            try await Fixtures.person(app, login: "zhyuri2", role: .regionalCoordinator, regionID: school.region.id, lastName: "Независимова")
            var browsers: [String: Browser] = [:]
            for login in ["koordinator", "direktor1", "direktor2", "zhyuri", "zhyuri2"] {
                let browser = Browser(app)
                try await browser.signIn(login)
                browsers[login] = browser
            }
            let coordinator = browsers["koordinator"]!
            let year = CalendarDay.today().year
            #expect(try await browsers["direktor1"]!.post("/contests", form: ["title": "Быть учителем!", "year": "\(year)"]).status == .forbidden)
            #expect(try await coordinator.post("/contests", form: ["title": "Быть учителем!", "year": "\(year)",
                                                                   "nominations": "Наставник молодого педагога", "criteria": "Результаты\nПрезентация"]).status == .seeOther)
            let contest = try #require(try await Contest.query(on: app.db).first())
            #expect(contest.semiFinalFrom == "\(year)-03-15" && contest.finalTo == "\(year)-06-25" && contest.currentStage == .semiFinal)
            for login in ["zhyuri", "zhyuri2"] {
                #expect(try await coordinator.post("/contests/\(contest.id!)/jurors", form: ["login": login]).status == .seeOther)
            }
            #expect(try await ContestJuror.query(on: app.db).filter(\.$organizationID == school.organizationID).count() == 1)

            let a1 = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Алексеева")
            let a2 = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Борисова")
            let b1 = try await PairingFixtures.mentor(app, organization: other.organization, lastName: "Васильева")
            // Outside the semi-final window the application is refused with the dates.
            let apply = "/orgs/\(school.organizationID)/contests/\(contest.id!)/apply"
            let refused = try await browsers["direktor1"]!.post(apply, form: ["mentorID": a1.id!.uuidString, "nomination": "Наставник молодого педагога",
                                                                             "materials": "Программа наставничества, https://example.org"])
            #expect(refused.status == .unprocessableEntity && refused.text.contains("Заявки принимаются в полуфинал с 15.03.\(year) по 15.04.\(year)."))
            #expect(try await browsers["direktor1"]!.post("/orgs/\(other.organizationID)/contests/\(contest.id!)/apply", form: [:]).status == .notFound)
            let inWindow = CalendarDay(year: year, month: 4, day: 1)
            var applications: [ContestApplication] = []
            for (organization, mentor) in [(school.organizationID, a1), (school.organizationID, a2), (other.organizationID, b1)] {
                applications.append(try await ContestRules.apply(contest, organizationID: organization, mentorID: mentor.id, nomination: "Наставник молодого педагога",
                                                                 materials: "Опыт работы с молодыми педагогами", by: "", today: inWindow, on: app.db))
            }
            await #expect(throws: AppError.self) {
                _ = try await ContestRules.apply(contest, organizationID: school.organizationID, mentorID: b1.id, nomination: "Наставник молодого педагога",
                                                 materials: "Чужой наставник", by: "", today: inWindow, on: app.db)
            }

            // The juror from school 1 sees and scores only school 2's application.
            let ownJuror = browsers["zhyuri"]!, independent = browsers["zhyuri2"]!
            let juryPage = try await ownJuror.get("/contests/\(contest.id!)/jury")
            #expect(juryPage.status == .ok && juryPage.text.contains("Васильева") && !juryPage.text.contains("Алексеева") && juryPage.text.contains("вашей организации (2)"))
            let scores = "/contests/\(contest.id!)/applications/"
            #expect(try await ownJuror.post(scores + "\(applications[0].id!)/scores", form: ["c0": "10", "c1": "10"]).status == .conflict)
            #expect(try await ownJuror.post(scores + "\(applications[2].id!)/scores", form: ["c0": "9", "c1": "8"]).status == .seeOther)
            let badScore = try await independent.post(scores + "\(applications[0].id!)/scores", form: ["c0": "11", "c1": "5"])
            let scored = try await ContestScore.query(on: app.db).count()
            #expect(badScore.status == .seeOther && scored == 1)
            for (application, values) in [(applications[0], ["7", "7"]), (applications[1], ["5", "4"]), (applications[2], ["9", "9"])] {
                #expect(try await independent.post(scores + "\(application.id!)/scores", form: ["c0": values[0], "c1": values[1]]).status == .seeOther)
            }
            #expect(try await browsers["direktor1"]!.get("/contests/\(contest.id!)/jury").status == .forbidden)

            let ranking = try await ContestRules.ranking(contest, stage: .semiFinal, on: app.db)
            // Васильева: (17 + 18) / 2 = 17.5; Алексеева 14; Борисова 9.
            #expect(ranking.map(\.mentorName).map { $0.components(separatedBy: " ")[0] } == ["Васильева", "Алексеева", "Борисова"])
            #expect(ranking[0].averageText == "17,50" && ranking[0].jurors == 2)

            // The best two pass to the final, which becomes the stage being judged.
            #expect(try await browsers["direktor1"]!.post("/contests/\(contest.id!)/advance", form: ["count": "2"]).status == .forbidden)
            #expect(try await coordinator.post("/contests/\(contest.id!)/advance", form: ["count": "2"]).status == .seeOther)
            #expect(try await Contest.find(contest.id, on: app.db)?.currentStage == .final)
            let stages = try await ContestApplication.query(on: app.db).all().reduce(into: [String: ContestStage]()) { $0[$1.$mentor.id.uuidString] = $1.stage }
            #expect(stages[b1.id!.uuidString] == .final && stages[a1.id!.uuidString] == .final && stages[a2.id!.uuidString] == .semiFinal)
            // A semi-final application can no longer be scored.
            #expect(try await independent.post(scores + "\(applications[1].id!)/scores", form: ["c0": "10", "c1": "10"]).status == .conflict)
            let manage = try await coordinator.get("/contests/\(contest.id!)")
            #expect(manage.status == .ok && manage.text.contains("прошёл дальше") && manage.text.contains("Финал (краевой) — идёт"))

            // Results are public only once published; names only with the honor board consent.
            let anonymous = Browser(app)
            #expect(try await anonymous.get("/contests/\(contest.id!)/results").status == .notFound)
            #expect(try await coordinator.post("/contests/\(contest.id!)/publish").status == .seeOther)
            let results = try await anonymous.get("/contests/\(contest.id!)/results")
            #expect(results.status == .ok && results.text.contains("МБОУ СОШ № 2") && !results.text.contains("Васильева") && results.text.contains("17,50"))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/public/contests/\(contest.id!)/results")
            #expect(api.status == .ok && api.text.contains("\"place\":1"))
        }
    }
}
