import Fluent
import Foundation
@testable import NastavnikApp
import Vapor

/// Small factories for test data; each returns what it made.
enum Fixtures {
    static let password = "Пароль-для-тестов-1"

    struct Territory {
        let region: Region
        let municipality: Municipality
        let organization: Organization
        var organizationID: UUID { organization.id! }
    }

    static func territory(_ app: Application, regionCode: String = "25", organizationName: String = "МБОУ СОШ № 1") async throws -> Territory {
        let region: Region
        if let existing = try await Region.query(on: app.db).filter(\.$code == regionCode).first() {
            region = existing
        } else {
            region = Region(name: "Тестовый край \(regionCode)", code: regionCode)
            try await region.save(on: app.db)
        }
        let municipality = Municipality(regionID: region.id!, name: "Городской округ \(organizationName)")
        try await municipality.save(on: app.db)
        let organization = Organization(municipalityID: municipality.id!, regionID: region.id!, name: organizationName,
                                        shortName: organizationName, kind: .school)
        try await organization.save(on: app.db)
        return Territory(region: region, municipality: municipality, organization: organization)
    }

    /// A person who can sign in with `Fixtures.password`.
    @discardableResult
    static func person(
        _ app: Application, login: String, role: Role? = nil, organization: Organization? = nil,
        regionID: UUID? = nil, municipalityID: UUID? = nil, lastName: String = "Петрова", platformAdmin: Bool = false
    ) async throws -> User {
        let user = User(login: login, lastName: lastName, firstName: "Мария", middleName: "Ивановна",
                        passwordHash: try await app.password.async.hash(password), isPlatformAdmin: platformAdmin)
        try await user.save(on: app.db)
        if let role {
            try await RoleAssignment(userID: user.id!, role: role, organizationID: organization?.id,
                                     municipalityID: municipalityID, regionID: regionID).save(on: app.db)
        }
        return user
    }
}
