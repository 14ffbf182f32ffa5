import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Конкурс «Быть учителем!»: сервис и JSON API по тем же правилам, что и страницы")
struct ContestAPITests {
    func json(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }

    func changes(_ app: Application) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.contestChanged.rawValue).count()
    }

    @Test("В жюри — только взрослые сотрудники и координаторы региона: ученика, студента-наставника, родителя и сотрудника другого края не добавить, и ответ тот же, что на неизвестный логин")
    func juryEligibility() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let elsewhere = try await Fixtures.territory(app, regionCode: "75", organizationName: "МБОУ СОШ № 9")
            let contest = try await ContestService.create(.init(title: "Быть учителем!", year: "2027", nominations: "Наставник молодого педагога",
                                                                criteria: "Результаты"), regionID: school.region.id!, by: .system, on: app.db)
            try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: school.organization)
            try await Fixtures.person(app, login: "roditel", role: .guardian, organization: school.organization)
            try await Fixtures.person(app, login: "kurator.chuzhoy", role: .curator, organization: elsewhere.organization)
            try await Fixtures.person(app, login: "koordinator.chuzhoy", role: .regionalCoordinator, regionID: elsewhere.region.id)
            let student = try await Fixtures.person(app, login: "student", role: .mentor, organization: school.organization)
            let studentCard = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Студентова", userID: student.id)
            studentCard.origin = .student
            try await studentCard.save(on: app.db)
            let teacher = try await Fixtures.person(app, login: "uchitel", role: .mentor, organization: school.organization, lastName: "Учителева")
            _ = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Учителева", userID: teacher.id)
            try await Fixtures.person(app, login: "psikholog", role: .psychologist, organization: school.organization)
            try await Fixtures.person(app, login: "mun.koordinator", role: .regionalCoordinator, municipalityID: school.municipality.id)

            for login in ["uchenik", "roditel", "kurator.chuzhoy", "koordinator.chuzhoy", "student", "nobody"] {
                await #expect(throws: ContestError.unknownLogin, "\(login)") {
                    _ = try await ContestService.addJuror(login: login, to: contest, by: .system, on: app.db)
                }
            }
            for login in ["uchitel", "psikholog", "mun.koordinator"] {
                _ = try await ContestService.addJuror(login: login, to: contest, by: .system, on: app.db)
            }
            #expect(try await ContestJuror.query(on: app.db).count() == 3)

            // Through the API the refusal names no one: the same body for a pupil and for no account.
            try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: school.region.id)
            let headers = json(try await APITests().token(app, login: "koordinator"))
            var bodies: [String] = []
            for login in ["uchenik", "nobody"] {
                let response = try await app.testing().sendRequest(.POST, "/api/v1/contests/\(contest.id!)/jurors", headers: headers,
                                                                   body: ByteBuffer(string: #"{"login": "\#(login)"}"#))
                #expect(response.status == .unprocessableEntity)
                bodies.append(response.body.string)
            }
            // Compared as JSON: the body's keys may come in any order.
            let decoded = try bodies.map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? NSDictionary }
            #expect(decoded[0] != nil && decoded[0] == decoded[1], "\(bodies)")
            #expect(!bodies[0].contains("Мария"))
        }
    }

    @Test("Сервис конкурса: проверка данных до транзакции, повторный член жюри и пустой рейтинг отклоняются без записи в журнал")
    func serviceRules() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let juror = try await Fixtures.person(app, login: "zhyuri", role: .curator, organization: school.organization, lastName: "Жюриева")
            let actor = AuditActor.system
            do {
                _ = try await ContestService.create(.init(title: " ", year: "20", nominations: "", criteria: ""), regionID: school.region.id!, by: actor, on: app.db)
                Issue.record("конкурс без названия принят")
            } catch AppError.validation(let errors) {
                #expect(Set(errors.keys) == ["title", "year", "nominations", "criteria"])
            }
            #expect(try await Contest.query(on: app.db).count() == 0)
            #expect(try await changes(app) == 0)
            let contest = try await ContestService.create(.init(title: "Быть учителем!", year: "2027", nominations: "Наставник молодого педагога",
                                                                criteria: "Результаты\nПрезентация"), regionID: school.region.id!, by: actor, on: app.db)
            #expect(contest.semiFinalFrom == "2027-03-15")
            #expect(try await changes(app) == 1)
            let added = try await ContestService.addJuror(login: "zhyuri", to: contest, by: actor, on: app.db)
            #expect(added.organizationID == school.organizationID && added.$user.id == juror.id)
            await #expect(throws: ContestError.alreadyJuror(name: juror.fullName)) {
                _ = try await ContestService.addJuror(login: "zhyuri", to: contest, by: actor, on: app.db)
            }
            await #expect(throws: ContestError.unknownLogin) { _ = try await ContestService.addJuror(login: "nobody", to: contest, by: actor, on: app.db) }
            await #expect(throws: ContestError.nothingScored) { _ = try await ContestService.advance(contest, top: 3, by: actor, on: app.db) }
            await #expect(throws: AppError.self) { _ = try await ContestService.advance(contest, top: 0, by: actor, on: app.db) }
            #expect(try await changes(app) == 2)
            #expect(try await Contest.find(contest.id, on: app.db)?.currentStage == .semiFinal)
            await #expect(throws: AppError.self) {
                try await ContestService.saveWindows(["semiFinalFrom": "2027-04-01", "semiFinalTo": "2027-03-01"], of: contest, by: actor, on: app.db)
            }
            #expect(try await changes(app) == 2)
        }
    }

    @Test("API конкурса: координатор объявляет и ведёт, организация подаёт заявку, жюри оценивает не свою организацию; чужой регион — 404, роль без права — 403")
    func contestOverAPI() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 1")
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            let far = try await Fixtures.territory(app, regionCode: "77", organizationName: "Школа № 77")
            try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: school.region.id)
            try await Fixtures.person(app, login: "direktor1", role: .orgAdmin, organization: school.organization)
            try await Fixtures.person(app, login: "direktor2", role: .orgAdmin, organization: other.organization)
            try await Fixtures.person(app, login: "direktor77", role: .orgAdmin, organization: far.organization)
            try await Fixtures.person(app, login: "zhyuri", role: .curator, organization: school.organization, lastName: "Жюриева")
            try await Fixtures.person(app, login: "zhyuri2", role: .regionalCoordinator, regionID: school.region.id, lastName: "Независимова")
            var tokens: [String: HTTPHeaders] = [:]
            for login in ["koordinator", "direktor1", "direktor2", "direktor77", "zhyuri", "zhyuri2"] {
                tokens[login] = json(try await APITests().token(app, login: login))
            }
            func send(_ method: HTTPMethod, _ path: String, _ login: String, _ body: String? = nil) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(method, path, headers: tokens[login]!, body: body.map { ByteBuffer(string: $0) })
            }
            let year = CalendarDay.today().year
            #expect(try await send(.POST, "/api/v1/contests", "direktor1", #"{"title": "Быть учителем!", "year": \#(year), "nominations": ["А"], "criteria": ["Б"]}"#).status == .forbidden)
            let invalid = try await send(.POST, "/api/v1/contests", "koordinator", #"{"title": "Быть учителем!", "year": \#(year), "nominations": ["А"], "criteria": []}"#)
            #expect(invalid.status == .unprocessableEntity && invalid.text.contains("От одного до двенадцати критериев."))
            let created = try await send(.POST, "/api/v1/contests", "koordinator",
                                         #"{"title": "Быть учителем!", "year": \#(year), "nominations": ["Наставник молодого педагога"], "criteria": ["Результаты", "Презентация"]}"#)
            #expect(created.status == .created)
            let contest = try created.content.decode(ContestAPIController.ContestDTO.self)
            #expect(contest.stage == "semiFinal" && contest.criteria == ["Результаты", "Презентация"] && contest.stages.count == 3)
            let base = "/api/v1/contests/\(contest.id)"

            let listed = try await send(.GET, "/api/v1/contests", "direktor1").content.decode(ContestAPIController.ContestList.self)
            #expect(listed.items.map(\.id) == [contest.id] && listed.items[0].applyOrganizationIds == [school.organizationID] && !listed.items[0].manage)
            #expect(try await send(.GET, "/api/v1/contests", "direktor77").content.decode(ContestAPIController.ContestList.self).items.isEmpty)
            #expect(try await send(.GET, base, "direktor1").status == .forbidden)
            #expect(try await send(.GET, base, "koordinator").status == .ok)

            // The stage dates: checked as on the page; the semi-final window is opened around today.
            let today = CalendarDay.today()
            let bad = try await send(.PUT, base + "/windows", "koordinator",
                #"{"semiFinalFrom": "\#(today.iso)", "semiFinalTo": "\#(today.adding(days: -5).iso)", "finalFrom": "\#(today.adding(days: 10).iso)", "finalTo": "\#(today.adding(days: 20).iso)", "superFinalFrom": "\#(today.adding(days: 30).iso)", "superFinalTo": "\#(today.adding(days: 40).iso)"}"#)
            #expect(bad.status == .unprocessableEntity && bad.text.contains("Полуфинал не может закончиться раньше, чем начнётся."))
            let windows = #"{"semiFinalFrom": "\#(today.adding(days: -1).iso)", "semiFinalTo": "\#(today.adding(days: 1).iso)", "finalFrom": "\#(today.adding(days: 10).iso)", "finalTo": "\#(today.adding(days: 20).iso)", "superFinalFrom": "\#(today.adding(days: 30).iso)", "superFinalTo": "\#(today.adding(days: 40).iso)"}"#
            #expect(try await send(.PUT, base + "/windows", "direktor1", windows).status == .forbidden)
            #expect(try await send(.PUT, base + "/windows", "koordinator", windows).status == .ok)

            let unknown = try await send(.POST, base + "/jurors", "koordinator", #"{"login": "nobody"}"#)
            #expect(unknown.status == .unprocessableEntity && unknown.text.contains("Нет сотрудника с таким логином в организациях региона"))
            let juror = try await send(.POST, base + "/jurors", "koordinator", #"{"login": "zhyuri"}"#)
            #expect(try juror.status == .created && (try juror.content.decode(ContestAPIController.JurorDTO.self).organization) == "МБОУ СОШ № 1")
            #expect(try await send(.POST, base + "/jurors", "koordinator", #"{"login": "zhyuri"}"#).status == .conflict)
            #expect(try await send(.POST, base + "/jurors", "koordinator", #"{"login": "zhyuri2"}"#).status == .created)

            let a1 = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Алексеева")
            let a2 = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Борисова")
            let b1 = try await PairingFixtures.mentor(app, organization: other.organization, lastName: "Васильева")
            let own = "/api/v1/organizations/\(school.organizationID)/contests/\(contest.id)/applications"
            func application(_ mentor: Mentor) -> String {
                #"{"mentorId": "\#(mentor.id!)", "nomination": "Наставник молодого педагога", "materials": "Опыт работы с молодыми педагогами"}"#
            }
            #expect(try await send(.POST, own, "direktor2", application(a1)).status == .notFound)
            #expect(try await send(.GET, "/api/v1/organizations/\(far.organizationID)/contests/\(contest.id)/applications", "direktor77").status == .notFound)
            let foreignMentor = try await send(.POST, own, "direktor1", application(b1))
            #expect(foreignMentor.status == .unprocessableEntity && foreignMentor.text.contains("Выберите наставника своей организации."))
            var ids: [UUID] = []
            for (path, login, mentor) in [(own, "direktor1", a1), (own, "direktor1", a2),
                                          ("/api/v1/organizations/\(other.organizationID)/contests/\(contest.id)/applications", "direktor2", b1)] {
                let response = try await send(.POST, path, login, application(mentor))
                #expect(response.status == .created)
                ids.append(try response.content.decode(ContestAPIController.ApplicationDTO.self).id)
            }
            #expect(try await send(.POST, own, "direktor1", application(a1)).status == .unprocessableEntity)
            let mine = try await send(.GET, own, "direktor1").content.decode(ContestAPIController.ApplicationList.self)
            #expect(Set(mine.items.map(\.id)) == Set(ids.prefix(2)))

            // Materials open for the coordinator, the applying organization and a juror who may judge the application.
            var files: [UUID] = []
            for id in [ids[0], ids[2]] {
                let file = ContestApplicationFile()
                file.$application.id = id
                file.fileName = "презентация.pdf"
                file.fileType = "application/pdf"
                file.size = 9
                file.data = Data("%PDF-1.4\n".utf8)
                try await file.create(on: app.db)
                files.append(file.id!)
            }
            let material = { (application: UUID, file: UUID) in base + "/applications/\(application)/files/\(file)" }
            #expect(try await send(.GET, material(ids[2], files[1]), "zhyuri").status == .ok)
            #expect(try await send(.GET, material(ids[0], files[0]), "direktor2").status == .notFound)
            #expect(try await send(.GET, material(ids[0], files[0]), "direktor1").status == .ok)
            #expect(try await send(.GET, material(ids[2], files[1]), "direktor1").status == .notFound)
            #expect(try await send(.GET, material(ids[2], files[1]), "koordinator").status == .ok)
            #expect(try await send(.GET, material(ids[0], files[1]), "koordinator").status == .notFound)

            // The juror from school 1 sees and scores only school 2's application.
            let jury = try await send(.GET, base + "/jury", "zhyuri").content.decode(ContestAPIController.JuryDTO.self)
            #expect(jury.applications.map(\.id) == [ids[2]] && jury.excluded == 2 && jury.applications[0].scores == nil)
            #expect(try await send(.GET, base + "/jury", "direktor1").status == .forbidden)
            let scores = base + "/applications/"
            let ownOrganization = try await send(.POST, scores + "\(ids[0])/scores", "zhyuri", #"{"scores": [10, 10]}"#)
            #expect(ownOrganization.status == .conflict && ownOrganization.text.contains("Член жюри не оценивает заявки своей организации."))
            #expect(try await send(.POST, scores + "\(ids[2])/scores", "direktor1", #"{"scores": [9, 8]}"#).status == .forbidden)
            #expect(try await send(.POST, scores + "\(ids[2])/scores", "zhyuri", #"{"scores": [11, 8]}"#).status == .unprocessableEntity)
            #expect(try await send(.POST, scores + "\(UUID())/scores", "zhyuri", #"{"scores": [9, 8]}"#).status == .notFound)
            let scored = try await send(.POST, scores + "\(ids[2])/scores", "zhyuri", #"{"scores": [9, 8]}"#)
            #expect(try scored.status == .ok && (try scored.content.decode(ContestAPIController.ScoreDTO.self).total) == 17)
            for (id, values) in [(ids[0], "[7, 7]"), (ids[1], "[5, 4]"), (ids[2], "[9, 9]")] {
                #expect(try await send(.POST, scores + "\(id)/scores", "zhyuri2", #"{"scores": \#(values)}"#).status == .ok)
            }
            #expect(try await send(.GET, base + "/jury", "zhyuri").content.decode(ContestAPIController.JuryDTO.self).applications[0].scores == [9, 8])
            // The same account takes a role in school 2 as well: school 2 is now its own too, for the list, the score and the files.
            let zhyuri = try #require(try await User.query(on: app.db).filter(\.$login == "zhyuri").first())
            try await RoleAssignment(userID: zhyuri.requireID(), role: .mentor, organizationID: other.organizationID).create(on: app.db)
            let twoSchools = try await send(.GET, base + "/jury", "zhyuri").content.decode(ContestAPIController.JuryDTO.self)
            #expect(twoSchools.applications.isEmpty && twoSchools.excluded == 3)
            #expect(try await send(.POST, scores + "\(ids[2])/scores", "zhyuri", #"{"scores": [9, 9]}"#).status == .conflict)
            #expect(try await send(.GET, material(ids[2], files[1]), "zhyuri").status == .notFound)

            #expect(try await send(.POST, base + "/advance", "direktor1", #"{"count": 2}"#).status == .forbidden)
            #expect(try await send(.POST, base + "/advance", "koordinator", #"{"count": 0}"#).status == .unprocessableEntity)
            let advanced = try await send(.POST, base + "/advance", "koordinator", #"{"count": 2}"#)
            #expect(advanced.status == .ok)
            let result = try advanced.content.decode(ContestAPIController.AdvanceResult.self)
            #expect(result.passed == 2 && result.stage == "final")
            let ranking = try await send(.GET, base, "koordinator").content.decode(ContestAPIController.ContestDTO.self).stages[0].ranking
            #expect(ranking.map(\.applicationID) == [ids[2], ids[0], ids[1]] && ranking[0].averageText == "17,50" && ranking[0].passed && !ranking[2].passed)
            #expect(try await send(.POST, scores + "\(ids[1])/scores", "zhyuri2", #"{"scores": [10, 10]}"#).status == .conflict)

            #expect(try await app.testing().sendRequest(.GET, "/api/v1/public/contests/\(contest.id)/results").status == .notFound)
            #expect(try await send(.POST, base + "/publish", "direktor1").status == .forbidden)
            let published = try await send(.POST, base + "/publish", "koordinator")
            #expect(try published.status == .ok && (try published.content.decode(ContestAPIController.ContestDTO.self).resultsPublished))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/public/contests/\(contest.id)/results").status == .ok)
            // Every change above, and only those, in the audit log: the contest, its windows, two jurors, three applications, four scores, the advance, the publication.
            #expect(try await changes(app) == 1 + 1 + 2 + 3 + 4 + 1 + 1)
        }
    }
}
