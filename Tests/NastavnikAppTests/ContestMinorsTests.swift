import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 16, item 11: the teachers' contest never names a minor publicly and never takes a pupil.
@Suite("Конкурс педагогов: несовершеннолетние и обучающиеся")
struct ContestMinorsTests {
    func contest(_ app: Application) async throws -> (Contest, Fixtures.Territory, Browser) {
        let school = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 1")
        try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: school.region.id)
        let coordinator = Browser(app)
        try await coordinator.signIn("koordinator")
        let year = CalendarDay.today().year
        #expect(try await coordinator.post("/contests", form: ["title": "Быть учителем!", "year": "\(year)",
                                                               "nominations": "Наставник обучающихся", "criteria": "Результаты"]).status == .seeOther)
        return (try #require(try await Contest.query(on: app.db).first()), school, coordinator)
    }

    func honorConsent(_ app: Application, _ organizationID: UUID, _ mentorID: UUID) async throws {
        let record = ConsentRecord()
        record.organizationID = organizationID
        record.subjectKind = .mentor
        record.subjectID = mentorID
        record.purpose = .publicationHonorBoard
        record.givenOn = Date()
        record.textVersion = Consents.currentTextVersion
        record.givenByName = "Законный представитель"
        record.givenByGuardian = true
        record.recordedByID = UUID()
        try await record.create(on: app.db)
    }

    @Test("Итоги конкурса не называют несовершеннолетнего наставника даже с согласием на доску почёта — ни на странице, ни в API")
    func resultsNeverNameMinor() async throws {
        try await withTestApp { app in
            let (contest, school, coordinator) = try await contest(app)
            let adult = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Взрослова")
            let minor = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Школьникова")
            minor.isMinor = true
            minor.origin = .student
            try await minor.save(on: app.db)
            for mentor in [adult, minor] {
                try await honorConsent(app, school.organizationID, mentor.id!)
                // An application that was entered before the rule (or a mentor later corrected to a minor).
                let application = ContestApplication()
                application.$contest.id = contest.id!
                application.organizationID = school.organizationID
                application.$mentor.id = mentor.id!
                application.nomination = "Наставник обучающихся"
                application.materials = "Практика"
                application.stage = .semiFinal
                application.submittedByName = "Директор"
                try await application.create(on: app.db)
            }
            #expect(try await coordinator.post("/contests/\(contest.id!)/publish").status == .seeOther)
            let page = try await Browser(app).get("/contests/\(contest.id!)/results")
            #expect(page.status == .ok && page.text.contains("Взрослова") && !page.text.contains("Школьникова"))
            let api = try await app.testing().sendRequest(.GET, "/api/v1/public/contests/\(contest.id!)/results")
            #expect(api.status == .ok && api.text.contains("Взрослова") && !api.text.contains("Школьникова"))
        }
    }

    @Test("В конкурс педагогов нельзя заявить обучающегося или несовершеннолетнего наставника")
    func pupilIsRefused() async throws {
        try await withTestApp { app in
            let (contest, school, _) = try await contest(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            let director = Browser(app)
            try await director.signIn("direktor")
            let inWindow = CalendarDay(year: CalendarDay.today().year, month: 4, day: 1)
            let pupil = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ученикова", origin: .student, status: .selected)
            let minor = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Юнова")
            minor.isMinor = true
            try await minor.save(on: app.db)
            for mentor in [pupil, minor] {
                do {
                    _ = try await ContestRules.apply(contest, organizationID: school.organizationID, mentorID: mentor.id, nomination: "Наставник обучающихся",
                                                     materials: "Практика", by: "", today: inWindow, on: app.db)
                    Issue.record("заявка на \(mentor.lastName) принята")
                } catch AppError.validation(let errors) {
                    #expect(errors["mentorID"]?.contains("для педагогов-наставников") == true)
                }
            }
            #expect(try await ContestApplication.query(on: app.db).count() == 0)
            // The form does not even offer them.
            let form = try await director.get("/orgs/\(school.organizationID)/contests/\(contest.id!)/apply")
            #expect(form.status == .ok && !form.text.contains("Ученикова") && !form.text.contains("Юнова"))
            let teacher = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Учителева")
            _ = try await ContestRules.apply(contest, organizationID: school.organizationID, mentorID: teacher.id, nomination: "Наставник обучающихся",
                                             materials: "Практика", by: "", today: inWindow, on: app.db)
            #expect(try await ContestApplication.query(on: app.db).count() == 1)
        }
    }
}
