import Fluent
import Vapor

/// The platform administration's changes of the territory: regions, their municipalities and
/// organizations, and a coordinator's appointment. Each validates (field problems are
/// `AppError.validation` under the form's field names), runs in one transaction with its audit
/// entry, and lets the database's unique indexes decide two requests at once.
enum TerritoryService {
    static func createRegion(name rawName: String, code rawCode: String, by actor: AuditActor, on db: any Database) async throws -> Region {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines), code = rawCode.trimmingCharacters(in: .whitespacesAndNewlines)
        let codeTaken = ["code": "Регион с таким кодом уже есть."]
        var errors: [String: String] = [:]
        if name.isEmpty { errors["name"] = "Укажите название региона." }
        if code.isEmpty || code.count > 10 { errors["code"] = "Укажите код региона (до 10 символов), например 25." }
        else if try await Region.query(on: db).filter(\.$code == code).count() > 0 { errors.merge(codeTaken) { $1 } }
        guard errors.isEmpty else { throw AppError.validation(errors) }
        // The same region sent twice at once: the unique code (M001) keeps one.
        return try await save(Region(name: name, code: code), .regionCreated, objectType: "region", details: name, refusal: codeTaken, by: actor, on: db)
    }

    /// Saves a new row with its audit entry in one transaction; the row's unique index refusing a
    /// twin sent at the same moment is the same field error the check before it gives.
    private static func save<Row: Model>(_ row: Row, _ action: AuditAction, objectType: String, details: String, refusal: [String: String],
                                         by actor: AuditActor, on db: any Database) async throws -> Row where Row.IDValue == UUID {
        do {
            try await db.transaction { tx in
                try await row.save(on: tx)
                try await actor.record(action, objectType: objectType, objectID: row.id, details: details, on: tx)
            }
        } catch where RowLock.isUniqueViolation(error) {
            throw AppError.validation(refusal)
        }
        return row
    }

    static func createMunicipality(name rawName: String, in region: Region, by actor: AuditActor, on db: any Database) async throws -> Municipality {
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw AppError.validation(["municipalityName": "Укажите название муниципального образования."]) }
        let regionID = try region.requireID()
        let exists = ["municipalityName": "Такое муниципальное образование уже есть."]
        if try await Municipality.query(on: db).filter(\.$region.$id == regionID).filter(\.$name == name).count() > 0 {
            throw AppError.validation(exists)
        }
        // The unique (region, name) of M001 keeps the first of two at once.
        return try await save(Municipality(regionID: regionID, name: name), .municipalityCreated, objectType: "municipality", details: name,
                              refusal: exists, by: actor, on: db)
    }

    /// An organization as the region's form sends it (raw strings, trimmed here).
    struct OrganizationInput: Sendable {
        var municipalityID: String
        var name: String
        var shortName: String
        var kind: String
        var inn: String
        var address: String
    }

    static func createOrganization(_ input: OrganizationInput, in region: Region, by actor: AuditActor, on db: any Database) async throws -> Organization {
        func clean(_ value: String) -> String { value.trimmingCharacters(in: .whitespacesAndNewlines) }
        let name = clean(input.name), inn = clean(input.inn), address = clean(input.address)
        var errors: [String: String] = [:]
        let municipality = try await UUID(uuidString: clean(input.municipalityID)).asyncMap { try await Municipality.find($0, on: db) } ?? nil
        if municipality == nil || municipality?.$region.id != region.id { errors["municipalityID"] = "Выберите муниципальное образование." }
        if name.isEmpty { errors["organizationName"] = "Укажите полное название организации." }
        let kind = OrganizationKind(rawValue: clean(input.kind))
        if kind == nil { errors["kind"] = "Выберите тип организации." }
        if !inn.isEmpty, inn.range(of: "^[0-9]{10}([0-9]{2})?$", options: .regularExpression) == nil {
            errors["inn"] = "ИНН — 10 или 12 цифр."
        }
        guard errors.isEmpty, let municipality, let kind else { throw AppError.validation(errors) }
        let short = clean(input.shortName).isEmpty ? name : clean(input.shortName)
        let organization = Organization(
            municipalityID: try municipality.requireID(), regionID: try region.requireID(), name: name, shortName: short,
            kind: kind, inn: inn.nilIfEmpty, address: address.nilIfEmpty
        )
        try await db.transaction { tx in
            try await organization.save(on: tx)
            try await actor.record(.organizationCreated, organizationID: organization.id, objectType: "organization", objectID: organization.id,
                                   details: name, on: tx)
        }
        return organization
    }

    /// Appoints a coordinator of the whole region (`municipalityID` empty) or of one of its
    /// municipalities, creating the account when the login is new. Returns the person and, when
    /// they have no password yet, the invitation link to hand over. A coordinator appointed
    /// already is `MembershipError.coordinatorHeld` (`meanwhile` when two appointments met).
    static func appointCoordinator(_ invite: PersonInvite, municipalityID raw: String, in region: Region, by actor: AuditActor,
                                   on db: any Database) async throws -> (user: User, invitation: String?) {
        guard let principal = actor.principal else { throw AppError.notSignedIn }
        var errors = invite.problems()
        var municipalityID: UUID?
        if let raw = raw.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty {
            municipalityID = UUID(uuidString: raw)
            let municipality = try await municipalityID.asyncMap { try await Municipality.find($0, on: db) } ?? nil
            if municipality?.$region.id != region.id { errors["scope"] = "Выберите муниципальное образование этого региона." }
        }
        guard errors.isEmpty else { throw AppError.validation(errors) }
        let (user, isNew) = try await invite.findOrCreateUser(on: db)
        let place: Memberships.Place = try municipalityID.map { .municipality($0) } ?? .region(region.requireID())
        try await Memberships.grant(.regionalCoordinator, at: place, to: user, details: "Координатор: \(region.name)", by: actor, on: db)
        guard isNew || user.passwordHash == nil else { return (user, nil) }
        return (user, try await Memberships.invitation(for: user, by: principal, organizationID: nil, on: db))
    }
}
