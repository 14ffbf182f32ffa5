import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Roles and tokens changed by requests really sent at once to a running server (issue 22,
/// item 1): the database decides, the rows and the journal are checked afterwards.
@Suite("Гонки: роли, администраторы, координаторы и API-токены")
struct AccountRacesTests {
    static func count(_ app: Application, _ action: AuditAction) async throws -> Int {
        try await AuditEntry.query(on: app.db).filter(\.$action == action.rawValue).count()
    }

    @Test("Токен, отозванный в четырёх вкладках сразу, отозван один раз: одна запись в журнале, остальным — «уже отозван», не 500")
    func tokenRevokedOnce() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let director = try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
            let (_, token) = try await ApiTokenRules.create(.init(name: "Выгрузка в АИС", expiresInDays: nil, readOnly: false),
                                                            for: director.id!, by: .system, on: app.db)
            try await withLiveServer(app) { server in
                let browser = Browser(app, live: server)
                try await browser.signIn("direktor")
                let tabs = (0..<4).map { _ in browser.tab() }
                let answers = try await inParallel(4) { i in try await tabs[i].post("/account/tokens/\(token.id!)/revoke") }
                #expect(answers.allSatisfy { $0.status == .seeOther }, "\(answers.map(\.status.code))")
                #expect(try await ApiToken.find(token.id, on: app.db)?.revokedAt != nil)
                #expect(try await Self.count(app, .apiTokenRevoked) == 1)
                let page = try await browser.get("/account")
                #expect(page.status == .ok)
            }
        }
    }

    @Test("Два администратора снимают друг друга одновременно, каждый из двух вкладок: организация не остаётся без администратора, снята одна роль, в журнале одна запись")
    func administratorsRemoveEachOther() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let first = try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization, lastName: "Директорова")
            let second = try await Fixtures.person(app, login: "zavuch", role: .orgAdmin, organization: school.organization, lastName: "Завучева")
            func assignment(_ user: User) async throws -> UUID {
                try #require(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == user.id!).first()?.id)
            }
            let (firstRole, secondRole) = (try await assignment(first), try await assignment(second))
            try await withLiveServer(app) { server in
                let a = Browser(app, live: server), b = Browser(app, live: server)
                try await a.signIn("direktor")
                try await b.signIn("zavuch")
                let tabs = [a.tab(), a.tab(), b.tab(), b.tab()]
                let answers = try await inParallel(4) { i in
                    try await tabs[i].post("/orgs/\(school.organizationID)/members/\((i < 2 ? secondRole : firstRole))/revoke")
                }
                #expect(answers.allSatisfy { $0.status.code < 500 }, "\(answers.map(\.status.code))")
                let administrators = try await RoleAssignment.query(on: app.db).filter(\.$organization.$id == school.organizationID)
                    .filter(\.$role == .orgAdmin).count()
                #expect(administrators == 1)
                #expect(try await Self.count(app, .roleRevoked) == 1)
            }
        }
    }

    @Test("Последний администратор платформы, снимающий свою роль администрации в двух вкладках, её сохраняет: отказ, не 500")
    func lastAdministratorKeepsTheRole() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let root = try await Fixtures.person(app, login: "root", role: .orgAdmin, organization: school.organization, platformAdmin: true)
            let own = try #require(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == root.id!).first()?.id)
            try await withLiveServer(app) { server in
                let browser = Browser(app, live: server)
                try await browser.signIn("root")
                let tabs = [browser.tab(), browser.tab()]
                let answers = try await inParallel(2) { i in try await tabs[i].post("/orgs/\(school.organizationID)/members/\(own)/revoke") }
                #expect(answers.allSatisfy { $0.status == .seeOther }, "\(answers.map(\.status.code))")
                #expect(try await RoleAssignment.find(own, on: app.db) != nil)
                #expect(try await Self.count(app, .roleRevoked) == 0)
                let page = try await tabs[0].get("/orgs/\(school.organizationID)/members")
                #expect(page.text.contains("последний администратор"))
            }
        }
    }

    @Test("Координатор, назначенный четыре раза одновременно, получает одну роль и одну запись в журнале; остальным — «уже координатор», не 500")
    func coordinatorAppointedOnce() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "admin", platformAdmin: true)
            try await Fixtures.person(app, login: "orlova", lastName: "Орлова")
            try await withLiveServer(app) { server in
                let admin = Browser(app, live: server)
                try await admin.signIn("admin")
                let tabs = (0..<4).map { _ in admin.tab() }
                let answers = try await inParallel(4) { i in
                    try await tabs[i].post("/admin/regions/\(territory.region.id!)/coordinators",
                                           form: ["lastName": "Орлова", "firstName": "Мария", "login": "orlova", "scope": territory.municipality.id!.uuidString])
                }
                let codes = answers.map(\.status.code)
                #expect(answers.filter { $0.status == .seeOther }.count == 1, "\(codes)")
                #expect(answers.filter { $0.status != .seeOther }.allSatisfy {
                    [.conflict, .unprocessableEntity].contains($0.status) && $0.text.contains("уже координатор этого муниципального образования")
                }, "\(codes)")
                #expect(try await RoleAssignment.query(on: app.db).filter(\.$role == .regionalCoordinator).count() == 1)
                #expect(try await Self.count(app, .roleGranted) == 1)
            }
        }
    }
}
