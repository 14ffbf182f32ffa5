import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

@Suite("Территория: регионы, муниципалитеты, организации")
struct TerritoryTests {
    @Test("Администратор платформы создаёт регион, муниципалитет, школу и координатора")
    func buildTerritory() async throws {
        try await withTestApp { app in
            try await Fixtures.person(app, login: "root", platformAdmin: true)
            let admin = Browser(app)
            try await admin.signIn("root")

            let empty = try await admin.post("/admin/regions", form: ["name": "", "code": ""])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("Укажите название региона."))

            let created = try await admin.post("/admin/regions", form: ["name": "Приморский край", "code": "25"])
            let regionPath = try #require(created.location)
            let duplicate = try await admin.post("/admin/regions", form: ["name": "Ещё один", "code": "25"])
            #expect(duplicate.text.contains("Регион с таким кодом уже есть."))
            #expect(duplicate.text.contains("value=\"Ещё один\""))

            _ = try await admin.post(regionPath + "/municipalities", form: ["municipalityName": "Городской округ Владивосток"])
            let municipality = try #require(try await Municipality.query(on: app.db).first())

            let badINN = try await admin.post(regionPath + "/organizations", form: [
                "municipalityID": municipality.id!.uuidString, "organizationName": "МБОУ «СОШ № 5»", "kind": "school", "inn": "12",
            ])
            #expect(badINN.status == .unprocessableEntity)
            #expect(badINN.text.contains("ИНН — 10 или 12 цифр."))
            #expect(badINN.text.contains("МБОУ «СОШ № 5»".htmlEscaped()) || badINN.text.contains("МБОУ &#171;"))

            let organization = try await admin.post(regionPath + "/organizations", form: [
                "municipalityID": municipality.id!.uuidString, "organizationName": "МБОУ «СОШ № 5»", "shortName": "СОШ № 5",
                "kind": "school", "inn": "2536001234",
            ])
            #expect(organization.location?.hasSuffix("/members") == true)
            let school = try #require(try await Organization.query(on: app.db).first())
            #expect(school.regionID == municipality.$region.id)

            let invited = try await admin.post(regionPath + "/coordinators", form: [
                "lastName": "Соколова", "firstName": "Елена", "login": "sokolova", "scope": municipality.id!.uuidString,
            ])
            #expect(invited.text.contains("/invitations/"))
            let grant = try #require(try await RoleAssignment.query(on: app.db).filter(\.$role == .regionalCoordinator).first())
            #expect(grant.$municipality.id == municipality.id && grant.$region.id == nil)
        }
    }
}
