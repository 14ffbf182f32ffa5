import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Права доступа по организации и роли")
struct AuthorizationTests {
    /// Two schools in one region, a school in another region, and people in each.
    struct World {
        let a: Fixtures.Territory
        let b: Fixtures.Territory
        let elsewhere: Fixtures.Territory
    }

    func world(_ app: Application) async throws -> World {
        let a = try await Fixtures.territory(app, regionCode: "25", organizationName: "Школа А")
        let b = try await Fixtures.territory(app, regionCode: "25", organizationName: "Школа Б")
        let elsewhere = try await Fixtures.territory(app, regionCode: "77", organizationName: "Школа В")
        try await Fixtures.person(app, login: "admin.a", role: .orgAdmin, organization: a.organization)
        try await Fixtures.person(app, login: "curator.a", role: .curator, organization: a.organization)
        try await Fixtures.person(app, login: "mentor.a", role: .mentor, organization: a.organization)
        try await Fixtures.person(app, login: "admin.b", role: .orgAdmin, organization: b.organization)
        try await Fixtures.person(app, login: "coordinator.25", role: .regionalCoordinator, regionID: a.region.id)
        try await Fixtures.person(app, login: "coordinator.77", role: .regionalCoordinator, regionID: elsewhere.region.id)
        try await Fixtures.person(app, login: "coordinator.muni.a", role: .regionalCoordinator, municipalityID: a.municipality.id)
        return World(a: a, b: b, elsewhere: elsewhere)
    }

    @Test("Политика: чужая организация — 404, своя без нужной роли — 403")
    func policyTable() {
        let org = OrganizationScope(id: UUID(), municipalityID: UUID(), regionID: UUID())
        func principal(_ grants: [Principal.Grant], admin: Bool = false) -> Principal {
            Principal(userID: UUID(), fullName: "Тест", shortName: "Тест", isPlatformAdmin: admin, mustChangePassword: false, grants: grants)
        }
        let mentor = principal([.init(role: .mentor, organizationID: org.id, municipalityID: nil, regionID: nil)])
        let stranger = principal([.init(role: .orgAdmin, organizationID: UUID(), municipalityID: nil, regionID: nil)])
        let coordinator = principal([.init(role: .regionalCoordinator, organizationID: nil, municipalityID: nil, regionID: org.regionID)])
        let municipal = principal([.init(role: .regionalCoordinator, organizationID: nil, municipalityID: org.municipalityID, regionID: nil)])
        #expect(AccessPolicy.decide(mentor, .viewOrganization, in: org) == .allowed)
        #expect(AccessPolicy.decide(mentor, .manageMembers, in: org) == .forbidden)
        #expect(AccessPolicy.decide(stranger, .viewOrganization, in: org) == .notFound)
        #expect(AccessPolicy.decide(coordinator, .viewIndicators, in: org) == .allowed)
        #expect(AccessPolicy.decide(coordinator, .readAuditLog, in: org) == .forbidden)
        #expect(AccessPolicy.decide(municipal, .viewIndicators, in: org) == .allowed)
        #expect(AccessPolicy.decide(principal([], admin: true), .readAuditLog, in: org) == .allowed)
    }

    @Test("Страницы: чужая организация по подставленному id — 404, нет роли — 403")
    func pagesByRole() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let a = w.a.organizationID, b = w.b.organizationID
            let cases: [(login: String, path: String, status: HTTPStatus)] = [
                ("curator.a", "/orgs/\(a)", .ok),
                ("curator.a", "/orgs/\(b)", .notFound),
                ("curator.a", "/orgs/\(a)/members", .forbidden),
                ("curator.a", "/orgs/\(a)/audit", .forbidden),
                ("mentor.a", "/orgs/\(a)/members", .forbidden),
                ("admin.a", "/orgs/\(a)/members", .ok),
                ("admin.a", "/orgs/\(a)/audit", .ok),
                ("admin.a", "/orgs/\(b)/members", .notFound),
                ("admin.a", "/orgs/\(b)/audit", .notFound),
                ("admin.a", "/admin/regions", .forbidden),
                ("admin.a", "/territory", .forbidden),
                ("coordinator.25", "/orgs/\(b)", .ok),
                ("coordinator.25", "/orgs/\(b)/members", .forbidden),
                ("coordinator.25", "/orgs/\(w.elsewhere.organizationID)", .notFound),
                ("coordinator.77", "/orgs/\(a)", .notFound),
                ("coordinator.muni.a", "/orgs/\(a)", .ok),
                ("coordinator.muni.a", "/orgs/\(b)", .notFound),
                ("admin.a", "/orgs/not-a-uuid", .notFound),
            ]
            for (login, path, status) in cases {
                let browser = Browser(app)
                try await browser.signIn(login)
                let response = try await browser.get(path)
                #expect(response.status == status, "\(login) GET \(path)")
                if status == .notFound { #expect(response.text.contains("Страница не найдена")) }
                if status == .forbidden { #expect(response.text.contains("Доступ запрещён")) }
            }
        }
    }

    @Test("Администратор школы не может снять роль в чужой школе, подставив id")
    func foreignRevoke() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let foreign = try #require(try await RoleAssignment.query(on: app.db).filter(\.$organization.$id == w.b.organizationID).first())
            let browser = Browser(app)
            try await browser.signIn("admin.a")
            // Through the other school's URL…
            #expect(try await browser.post("/orgs/\(w.b.organizationID)/members/\(foreign.id!)/revoke").status == .notFound)
            // …and through its own URL with the other school's assignment id.
            #expect(try await browser.post("/orgs/\(w.a.organizationID)/members/\(foreign.id!)/revoke").status == .notFound)
            #expect(try await RoleAssignment.find(foreign.id, on: app.db) != nil)
            // Nor re-issue a login link for a person of another school.
            #expect(try await browser.post("/orgs/\(w.a.organizationID)/members/people/\(foreign.$user.id)/invitation").status == .notFound)
            #expect(try await Invitation.query(on: app.db).count() == 0)
        }
    }

    @Test("Нельзя выдать ссылку для входа человеку, у которого есть роли в другой организации")
    func reissueGuard() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let shared = try await Fixtures.person(app, login: "shared", role: .mentor, organization: w.a.organization)
            try await RoleAssignment(userID: shared.id!, role: .mentor, organizationID: w.b.organizationID).save(on: app.db)
            let browser = Browser(app)
            try await browser.signIn("admin.a")
            let response = try await browser.post("/orgs/\(w.a.organizationID)/members/people/\(shared.id!)/invitation")
            #expect(response.status == .seeOther)
            #expect(try await Invitation.query(on: app.db).count() == 0)
        }
    }

    @Test("Администратор не может снять роль администрации сам с себя")
    func noSelfLockout() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let own = try #require(try await RoleAssignment.query(on: app.db)
                .join(User.self, on: \RoleAssignment.$user.$id == \User.$id).filter(User.self, \.$login == "admin.a").first())
            let browser = Browser(app)
            try await browser.signIn("admin.a")
            _ = try await browser.post("/orgs/\(w.a.organizationID)/members/\(own.id!)/revoke")
            #expect(try await RoleAssignment.find(own.id, on: app.db) != nil)
        }
    }

    @Test("Страницы для вошедших без входа ведут на форму входа")
    func signInRequired() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            for path in ["/", "/account", "/orgs/\(w.a.organizationID)", "/orgs/\(w.a.organizationID)/members", "/admin/regions", "/territory"] {
                let response = try await Browser(app).get(path)
                #expect(response.status == .seeOther, "\(path)")
                #expect(response.location?.hasPrefix("/login?next=") == true, "\(path)")
            }
        }
    }
}
