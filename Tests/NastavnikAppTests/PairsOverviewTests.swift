import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Обзор пар программы: счёт по всем, строки — страницами")
struct PairsOverviewTests {
    @Test("55 пар: первая страница — ожидающие ответа по фамилии наставника, счёт групп и ожидающих — по всем парам")
    func pagedOverview() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            let program = try await PairingFixtures.program(app, organization: territory.organization)
            // 50 formed pairs (one of them a group of two, none fixed by an order) and 5 proposed ones.
            for index in 0..<55 {
                let mentor = try await PairingFixtures.mentor(app, organization: territory.organization, lastName: String(format: "Наставник%02d", index))
                let pairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .questionnaires,
                                          status: index < 50 ? .formed : .proposed, createdByName: "Куратор")
                try await pairing.create(on: app.db)
                for position in 0..<(index == 0 ? 2 : 1) {
                    let mentee = try await PairingFixtures.mentee(app, organization: territory.organization, lastName: "Ученик\(index)-\(position)")
                    let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: program.id!, score: 80, explanation: [], position: position)
                    if index < 50 { member.menteeAnswer = .accepted; member.mentorAnswer = .accepted }
                    try await member.create(on: app.db)
                }
            }
            let overview = try await PairsOverview.load(programID: program.id!, offset: 0, limit: 50, on: app.db)
            #expect(overview.total == 55 && overview.formedCount == 50 && overview.groupCount == 1 && overview.waitingCount == 5 && overview.unfixedCount == 50)
            #expect(overview.page.count == 50 && overview.page.prefix(5).allSatisfy { $0.status == .proposed })
            #expect(overview.page.map(\.mentor.lastName).prefix(6) == ["Наставник50", "Наставник51", "Наставник52", "Наставник53", "Наставник54", "Наставник00"])
            #expect(overview.page.first { $0.mentor.lastName == "Наставник00" }?.members.count == 2)

            let curator = Browser(app)
            try await curator.signIn("kurator")
            let path = "/orgs/\(territory.organizationID)/programs/\(program.id!)/pairs"
            let first = try await curator.get(path)
            #expect(first.status == .ok && first.text.contains("Пары и группы программы (55)") && first.text.contains("Страница 1 из 2"))
            #expect(first.text.contains("Наставник00") && !first.text.contains("Наставник49"))
            let second = try await curator.get(path + "?page=2")
            #expect(second.text.contains("Наставник49") && !second.text.contains("Наставник00"))
            // A page past the end shows the last one.
            #expect(try await curator.get(path + "?page=99").text.contains("Наставник49"))
        }
    }
}
