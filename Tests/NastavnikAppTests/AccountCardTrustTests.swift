import Fluent
import Foundation
import SQLKit
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 16 follow-up: one account, one card. `AccountLinking` checks it, and the database holds
/// it (M021's partial unique indexes), so cards linked to one account at the same moment cannot
/// both keep the link.
@Suite("Одна учётная запись — одна запись базы, даже когда её связывают с несколькими записями разом")
struct AccountCardTrustTests {
    @Test("Восемь записей наставляемых и восемь записей наставников связывают с одной учётной записью разом: связь получает одна, остальным — тот же отказ, не 500")
    func parallelLinksKeepOneCard() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            let organization = territory.organization
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: organization, lastName: "Куратова")
            // Fixtures' people are all «… Мария Ивановна»: every card below bears the account's name.
            try await Fixtures.person(app, login: "semenova", role: .mentee, organization: organization, lastName: "Семёнова")
            try await Fixtures.person(app, login: "orlova", role: .mentor, organization: organization, lastName: "Орлова")
            var menteeCards: [Mentee] = [], mentorCards: [Mentor] = []
            for index in 0..<8 {
                menteeCards.append(try await PairingFixtures.mentee(app, organization: organization, lastName: "Семёнова", firstName: "Мария", className: "\(4 + index)А"))
                mentorCards.append(try await PairingFixtures.mentor(app, organization: organization, lastName: "Орлова", firstName: "Мария"))
            }
            let paths = menteeCards.map { "/orgs/\(organization.id!)/mentees/\($0.id!)" }
            let mentorPaths = mentorCards.map { "/orgs/\(organization.id!)/mentors/\($0.id!)" }
            let curator = Browser(app)
            try await curator.signIn("kurator")
            try await withLiveServer(app) { server in
                let live = curator.tab(live: server)
                _ = try await live.get(paths[0])
                for (cards, login) in [(paths, "semenova"), (mentorPaths, "orlova")] {
                    let tabs = (0..<8).map { _ in live.tab() }
                    let pages = try await inParallel(8) { i in try await tabs[i].post(cards[i] + "/account", form: ["login": login]) }
                    #expect(pages.filter { $0.status == .seeOther }.count == 1, "\(login): \(pages.map(\.status))")
                    for refused in pages where refused.status != .seeOther {
                        #expect([HTTPResponseStatus.conflict, .unprocessableEntity].contains(refused.status), "\(refused.status)")
                        #expect(refused.text.contains("уже связана с другой записью базы: один человек — одна запись"))
                        #expect(refused.text.contains("value=\"\(login)\""), "форма сохраняет введённый логин")
                    }
                }
            }
            let menteeUser = try #require(try await User.query(on: app.db).filter(\.$login == "semenova").first())
            let mentorUser = try #require(try await User.query(on: app.db).filter(\.$login == "orlova").first())
            #expect(try await Mentee.query(on: app.db).filter(\.$user.$id == menteeUser.id!).count() == 1)
            #expect(try await Mentor.query(on: app.db).filter(\.$user.$id == mentorUser.id!).count() == 1)
        }
    }

    @Test("Миграция оставляет связь с учётной записью на самой старой записи, снимает её с остальных и строит индекс")
    func migrationKeepsTheOldestCard() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            let organization = territory.organization
            let user = try await Fixtures.person(app, login: "semenova", role: .mentee, organization: organization, lastName: "Семёнова")
            let oldest = try await PairingFixtures.mentee(app, organization: organization, lastName: "Семёнова", firstName: "Мария", className: "5А")
            let newer = try await PairingFixtures.mentee(app, organization: organization, lastName: "Семёнова", firstName: "Мария", className: "6А")
            let newest = try await PairingFixtures.mentee(app, organization: organization, lastName: "Семёнова", firstName: "Мария", className: "7А")
            let mentorUser = try await Fixtures.person(app, login: "orlova", role: .mentor, organization: organization, lastName: "Орлова")
            let mentors = [try await PairingFixtures.mentor(app, organization: organization, lastName: "Орлова", firstName: "Мария"),
                           try await PairingFixtures.mentor(app, organization: organization, lastName: "Орлова", firstName: "Мария")]
            // Dates far apart, the oldest written last, so the order of creation decides nothing.
            let cards: [(String, UUID, Double)] = [(Mentee.schema, newest.id!, 3000), (Mentee.schema, newer.id!, 2000), (Mentee.schema, oldest.id!, 1000),
                                                   (Mentor.schema, mentors[0].id!, 2000), (Mentor.schema, mentors[1].id!, 1000)]
            // Before the migration nothing stopped a second link: the old race left them behind.
            // One connection throughout: another one may still hold the schema from before the revert.
            try await app.db.withConnection { db in
                try await M021_PairingTrust().revert(on: db)
                let sql = try #require(db as? any SQLDatabase)
                for (table, id, seconds) in cards {
                    let account = table == Mentee.schema ? user.id! : mentorUser.id!
                    try await sql.raw("UPDATE \(ident: table) SET user_id = \(bind: account), created_at = \(bind: Date(timeIntervalSince1970: 1_700_000_000 + seconds)) WHERE id = \(bind: id)").run()
                }
                try await M021_PairingTrust().prepare(on: db)
            }
            #expect(try await Mentee.find(oldest.id, on: app.db)?.$user.id == user.id)
            #expect(try await Mentee.find(newer.id, on: app.db)?.$user.id == nil)
            #expect(try await Mentee.find(newest.id, on: app.db)?.$user.id == nil)
            #expect(try await Mentor.find(mentors[1].id, on: app.db)?.$user.id == mentorUser.id)
            #expect(try await Mentor.find(mentors[0].id, on: app.db)?.$user.id == nil)
            // The index now refuses a second link.
            let again = try #require(try await Mentee.find(newer.id, on: app.db))
            again.$user.id = user.id
            await #expect(throws: (any Error).self) { try await again.save(on: app.db) }
            let unlinked = try #require(try await Mentee.find(newest.id, on: app.db))
            #expect(unlinked.$user.id == nil, "без учётной записи записей сколько угодно")
        }
    }
}
