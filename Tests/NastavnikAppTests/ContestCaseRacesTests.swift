import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Конкурс и кейсы: одновременные запросы по API не дублируют записи и не дают 500")
struct ContestCaseRacesTests {
    func json(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }

    @Test("Одна заявка на наставника и одна оценка члена жюри при одновременных запросах; один кейс у пары при одновременном первом сохранении")
    func parallelWrites() async throws {
        try await withTestApp { app in
            let (pairing, _, _, _, territory) = try await PairCompletionTests().formedPair(app)
            pairing.status = .finished
            try await pairing.save(on: app.db)
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization)
            try await Fixtures.person(app, login: "zhyuri", role: .curator, organization: other.organization)
            let today = CalendarDay.today()
            let contest = try await ContestService.create(.init(title: "Быть учителем!", year: String(today.year), nominations: "Наставник молодого педагога",
                                                                criteria: "Результаты\nПрезентация"), regionID: territory.region.id!, by: .system, on: app.db)
            try await ContestService.saveWindows(["semiFinalFrom": today.adding(days: -1).iso, "semiFinalTo": today.adding(days: 1).iso,
                                                  "finalFrom": today.adding(days: 10).iso, "finalTo": today.adding(days: 20).iso,
                                                  "superFinalFrom": today.adding(days: 30).iso, "superFinalTo": today.adding(days: 40).iso],
                                                 of: contest, by: .system, on: app.db)
            _ = try await ContestService.addJuror(login: "zhyuri", to: contest, by: .system, on: app.db)
            let teacher = try await PairingFixtures.mentor(app, organization: territory.organization, lastName: "Алексеева")
            let director = json(try await APITests().token(app, login: "direktor"))
            let juror = json(try await APITests().token(app, login: "zhyuri"))
            let curator = json(try await APITests().token(app, login: "kurator"))
            try await withLiveServer(app) { server in
                let apply = "/api/v1/organizations/\(territory.organizationID)/contests/\(contest.id!)/applications"
                let body = #"{"mentorId": "\#(teacher.id!)", "nomination": "Наставник молодого педагога", "materials": "Опыт работы"}"#
                let applied = try await inParallel(6) { _ in try await server.send(.POST, apply, headers: director, body: ByteBuffer(string: body)).status }
                #expect(applied.filter { $0 == .created }.count == 1 && applied.filter { $0 == .unprocessableEntity }.count == 5, "\(applied)")
                let application = try #require(try await ContestApplication.query(on: app.db).all().first)
                #expect(try await ContestApplication.query(on: app.db).count() == 1)

                let score = "/api/v1/contests/\(contest.id!)/applications/\(application.id!)/scores"
                let scored = try await inParallel(6) { i in
                    try await server.send(.POST, score, headers: juror, body: ByteBuffer(string: #"{"scores": [\#(i), 5]}"#)).status
                }
                #expect(scored.allSatisfy { $0 == .ok }, "\(scored)")
                #expect(try await ContestScore.query(on: app.db).count() == 1)

                let text = #"{"title": "Кейс", "topic": "contests", "story": "История", "goal": "Цель", "whatWasDone": "Занятия", "results": "Призёр"}"#
                let saved = try await inParallel(6) { _ in
                    try await server.send(.PUT, "/api/v1/pairs/\(pairing.id!)/case", headers: curator, body: ByteBuffer(string: text)).status
                }
                #expect(saved.allSatisfy { $0 == .ok }, "\(saved)")
                #expect(try await PracticeCase.query(on: app.db).count() == 1)
            }
        }
    }
}
