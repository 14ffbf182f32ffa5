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

    @Test("Одинаковое зерно даёт одинаковых людей")
    func deterministicNames() {
        var first = RussianNames(seed: 7), second = RussianNames(seed: 7)
        for _ in 0..<20 { #expect(first.person().lastName == second.person().lastName) }
        #expect(RussianNames.login(lastName: "Щукина", firstName: "Юлия") == "shchukina.yu")
    }
}
