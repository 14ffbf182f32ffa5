import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

@Suite("Журнал аудита")
struct AuditTests {
    @Test("Вход, приглашение и снятие роли попадают в журнал; журнал видит только администрация")
    func auditTrail() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization, lastName: "Директорова")
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            let admin = Browser(app)
            try await admin.signIn("direktor")
            _ = try await admin.post("/orgs/\(territory.organizationID)/members", form: [
                "lastName": "Новикова", "firstName": "Ольга", "login": "novikova", "role": "mentor",
            ])
            let assignment = try #require(try await RoleAssignment.query(on: app.db).filter(\.$role == .mentor).first())
            _ = try await admin.post("/orgs/\(territory.organizationID)/members/\(assignment.id!)/revoke")

            let actions = Set(try await AuditEntry.query(on: app.db).all().map(\.action))
            #expect(actions.isSuperset(of: [AuditAction.signIn.rawValue, AuditAction.roleGranted.rawValue,
                                            AuditAction.invitationCreated.rawValue, AuditAction.roleRevoked.rawValue]))
            let revoked = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.roleRevoked.rawValue).first())
            #expect(revoked.organizationID == territory.organizationID)
            #expect(revoked.actorName.hasPrefix("Директорова"))

            let page = try await admin.get("/orgs/\(territory.organizationID)/audit")
            #expect(page.status == .ok)
            #expect(page.text.contains("Снята роль"))
            #expect(page.text.contains("Новикова Ольга"))
            let filtered = try await admin.get("/orgs/\(territory.organizationID)/audit?action=\(AuditAction.roleRevoked.rawValue)")
            let tableBody = try #require(filtered.text.components(separatedBy: "<tbody>").last)
            #expect(tableBody.contains("Снята роль") && !tableBody.contains("Создано приглашение"))

            let curator = Browser(app)
            try await curator.signIn("kurator")
            #expect(try await curator.get("/orgs/\(territory.organizationID)/audit").status == .forbidden)
        }
    }

    @Test("Неудачный вход записывается без владельца")
    func failedSignIn() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "kurator")
            _ = try await Browser(app).post("/login", form: ["login": "kurator", "password": "нет"])
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.signInFailed.rawValue).first())
            #expect(entry.actorID == nil && entry.details == "kurator")
        }
    }

    @Test("Изменение, сделанное через API, помечено в журнале «API», сделанное на странице — нет")
    func changesThroughTheAPIAreMarked() async throws {
        try await withTestApp { app in
            let territory = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
            let headers = try await BasesAPITests().token(app, login: "kurator")
            let body = #"{"lastName": "Сидоров", "firstName": "Пётр", "className": "7Б", "form": "ученик – ученик", "requests": ["lowAchievement"], "birthDate": "14.03.2013"}"#
            let created = try await app.testing().sendRequest(.POST, "/api/v1/organizations/\(territory.organizationID)/mentees",
                                                              headers: headers, body: ByteBuffer(string: body))
            #expect(created.status == .created)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let page = try await curator.post("/orgs/\(territory.organizationID)/mentees", pairs: ParticipantsTests.menteeForm)
            #expect(page.status == .seeOther)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.menteeCreated.rawValue).all()
            #expect(entries.count == 2)
            #expect(entries.filter { $0.details?.contains("API") == true }.count == 1)
            #expect(AuditActor.markedAPI("Иванов Пётр") == "Иванов Пётр (API)")
            #expect(AuditActor.markedAPI("Отчёт (API)") == "Отчёт (API)")
            #expect(AuditActor.markedAPI(nil) == "API")
        }
    }
}
