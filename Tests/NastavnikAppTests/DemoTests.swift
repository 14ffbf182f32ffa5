import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

@Suite("Демонстрационные данные")
struct DemoTests {
    @Test("Демо: регион, два муниципалитета, школа, колледж, предприятие и люди во всех ролях")
    func demo() async throws {
        try await withTestApp { app in
            let summary = try await DemoData.create(on: app.db, passwords: app.password.async)
            #expect(try await Region.query(on: app.db).count() == 1)
            #expect(try await Municipality.query(on: app.db).count() == 2)
            let kinds = Set(try await Organization.query(on: app.db).all().map(\.kind))
            #expect(kinds == [.school, .college, .enterprise])
            let roles = Set(try await RoleAssignment.query(on: app.db).all().map(\.role))
            #expect(roles == Set(Role.allCases))
            let positions = try await RoleAssignment.query(on: app.db).all().compactMap(\.position)
            #expect(positions.contains { $0.contains("7Б") })
            #expect(positions.contains { $0.contains("учитель математики") })
            let names = try await User.query(on: app.db).all().map(\.lastName)
            #expect(names.allSatisfy { $0.range(of: "^[А-ЯЁ][а-яё]+$", options: .regularExpression) != nil })
            #expect(summary.people == names.count)
            // The bases are filled from the demo people, most with consents.
            #expect(try await Mentee.query(on: app.db).count() == (try await RoleAssignment.query(on: app.db).filter(\.$role == .mentee).count()))
            #expect(try await Mentor.query(on: app.db).filter(\.$consentState == .valid).count() > 10)
            #expect(try await Mentee.query(on: app.db).filter(\.$className == "7Б").count() >= 2)

            // The school runs a teacher–teacher program made from the school plan, stage by its calendar.
            let program = try #require(try await Program.query(on: app.db).first())
            #expect(program.forms == [.teacherTeacher])
            #expect(try await RoadmapItem.query(on: app.db).count() > 37)
            let overdue = try await RoadmapItem.query(on: app.db).all().filter { $0.status(today: .today()) == .overdue }
            #expect(overdue.count == 1, "одно мероприятие оставлено просроченным, чтобы было видно, как оно выделяется")

            // Every listed account signs in with the printed password.
            for account in summary.accounts.prefix(3) {
                try await Browser(app).signIn(account.login, password: summary.password)
            }
            await #expect(throws: DemoData.DemoError.self) {
                try await DemoData.create(on: app.db, passwords: app.password.async)
            }
        }
    }

    @Test("Регион в полный размер строится пакетами, и координатор видит по нему числа")
    func regionScale() async throws {
        try await withTestApp { app in
            // Enough people that the pairs' buffers are written in several batches.
            let summary = try await RegionScaleData.generate(organizations: 30, people: 6_000, on: app.db, passwords: app.password.async)
            #expect(try await Organization.query(on: app.db).count() == 30)
            #expect(try await Mentee.query(on: app.db).count() == 4_800 && summary.mentors == 1_200)
            #expect(try await MenteeRequest.query(on: app.db).count() == 4_800)
            // One in twenty people belongs to the curator's large school, plus its share of the rest.
            #expect(try await Mentee.query(on: app.db).filter(\.$organization.$id == summary.curatorOrganizationID).count() > 100)
            let coordinator = Browser(app)
            try await coordinator.signIn(summary.coordinatorLogin, password: summary.password)
            let page = try await coordinator.get("/territory")
            #expect(page.status == .ok && page.text.contains("МБОУ СОШ № 29") && page.text.contains("Колледж № 30"))
            let curator = Browser(app)
            try await curator.signIn(summary.curatorLogin, password: summary.password)
            #expect(try await curator.get("/orgs/\(summary.curatorOrganizationID)/mentees?request=bullying&page=2").status == .ok)

            // Pairs, meetings, final answers and yearly figures give the indicators a region to count.
            #expect(try await Program.query(on: app.db).count() == 45)
            let pairs = try await Pairing.query(on: app.db).count()
            #expect(pairs > 100 && pairs <= summary.mentors)
            #expect(try await PairingMember.query(on: app.db).count() >= pairs)
            #expect(try await PairMeeting.query(on: app.db).count() == pairs * 3)
            let closures = try await PairClosure.query(on: app.db).count(), answers = try await FinalAnswer.query(on: app.db).count()
            #expect(closures > 0 && answers > 0)
            let indicators = try await coordinator.get("/indicators")
            #expect(indicators.status == .ok && indicators.text.contains("Итого по региону") && indicators.text.contains("Сдали сведения: <strong>27 из 30</strong>"))
            let total = IndicatorQueries.total(try await IndicatorQueries.counts(.region(try #require(try await Region.query(on: app.db).filter(\.$code == "97").first()?.id)),
                                                                                 year: .current(), on: app.db))
            #expect(total.pairs == pairs && total.involvedMentees > 0 && total.studentShare != nil)

            // Accounts for the load test: a mentor opens his formed pair, a municipal coordinator the numbers.
            let mentor = Browser(app)
            try await mentor.signIn("nastavnik.region.3", password: summary.password)
            let myPairs = try await mentor.get("/me/pairs")
            let pair = try #require(myPairs.text.firstMatch(of: /\/pairs\/[0-9A-Fa-f-]{36}/).map { String($0.output) })
            #expect(try await mentor.get(pair).status == .ok)
            let municipal = Browser(app)
            try await municipal.signIn("koordinator.mo.1", password: summary.password)
            #expect(try await municipal.get("/indicators").status == .ok)
            let head = Browser(app)
            try await head.signIn("direktor.region.20", password: summary.password)
            #expect(try await head.get("/").status == .ok)
        }
    }

    @Test("Одинаковое зерно даёт одинаковых людей")
    func deterministicNames() {
        var first = RussianNames(seed: 7), second = RussianNames(seed: 7)
        for _ in 0..<20 { #expect(first.person().lastName == second.person().lastName) }
        #expect(RussianNames.login(lastName: "Щукина", firstName: "Юлия") == "shchukina.yu")
    }
}
