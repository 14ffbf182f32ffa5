import Fluent
import Foundation

/// Legal representatives linked to children of the mentee base. The curator or the
/// administration links an account holding the guardian role in the child's organization; a
/// link counts only while that role is held, and never for a child whose data was anonymized.
enum GuardianLinks {
    /// A linked representative as the child's card shows one.
    struct CardRow: Encodable {
        let userID: UUID
        let fullName: String
        let login: String
        let relation: String
        let createdBy: String
    }

    /// The card's section: who represents the child and the form to link another.
    struct CardSection: Encodable {
        let rows: [CardRow]
        let isMinor: Bool
        /// Guardian accounts of the organization with the child's surname, to pick from.
        var suggestions: [Suggestion] = []
    }

    struct Suggestion: Encodable { let fullName: String; let login: String }

    /// Nil for an anonymized child: a parent's name would point back to the child.
    static func cardSection(mentee: Mentee, on db: any Database) async throws -> CardSection? {
        guard mentee.anonymizedAt == nil else { return nil }
        let links = try await GuardianLink.query(on: db).filter(\.$mentee.$id == mentee.requireID()).with(\.$guardian).all()
        let linked = Set(links.map(\.$guardian.id))
        return CardSection(rows: links.sorted { $0.guardian.lastName < $1.guardian.lastName }.map {
            CardRow(userID: $0.$guardian.id, fullName: $0.guardian.fullName, login: $0.guardian.login, relation: $0.relation ?? "",
                    createdBy: $0.createdByName)
        }, isMinor: mentee.isMinor, suggestions: try await suggestions(for: mentee, on: db).filter { !linked.contains($0.id!) }.map {
            Suggestion(fullName: $0.fullName, login: $0.login)
        })
    }

    /// Up to ten guardian accounts of the child's organization whose surname starts like the
    /// child's («Орлов» finds «Орлова» and «Орлов»).
    static func suggestions(for mentee: Mentee, on db: any Database) async throws -> [User] {
        var stem = mentee.lastName.lowercased().filter { $0 != "%" && $0 != "_" }
        if stem.count > 4, stem.hasSuffix("а") { stem.removeLast() }
        guard stem.count >= 2 else { return [] }
        return try await User.query(on: db)
            .join(RoleAssignment.self, on: \RoleAssignment.$user.$id == \User.$id)
            .filter(RoleAssignment.self, \.$organization.$id == mentee.$organization.id)
            .filter(RoleAssignment.self, \.$role == .guardian)
            .filter(\.$searchKey, .custom("LIKE"), stem + "%")
            .sort(\.$lastName).limit(10).all()
    }

    /// Links the account with `login` to the child; errors name the form's fields.
    static func link(login: String, relation: String?, mentee: Mentee, by principal: Principal, on db: any Database) async throws -> (GuardianLink, User) {
        guard mentee.anonymizedAt == nil else { throw AppError.validation(["guardianLogin": "Данные обезличены: законного представителя связать нельзя."]) }
        if let relation, relation.count > 100 { throw AppError.validation(["representativeRelation": "Не более 100 знаков."]) }
        let organizationID = mentee.$organization.id
        let menteeID = try mentee.requireID()
        guard !login.isEmpty, let user = try await User.query(on: db).filter(\.$login == login).first(), let userID = user.id,
              try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID).count() > 0 else {
            throw AppError.validation(["guardianLogin": "Нет учётной записи с таким логином среди людей этой организации."])
        }
        guard try await holdsGuardianRole(userID: userID, organizationID: organizationID, on: db), mentee.$user.id != userID else {
            throw AppError.validation(["guardianLogin": "У учётной записи «\(login)» нет роли «Законный представитель» в этой организации: назначьте роль на странице «Люди и роли»."])
        }
        if try await GuardianLink.query(on: db).filter(\.$guardian.$id == userID).filter(\.$mentee.$id == menteeID).count() > 0 {
            throw AppError.validation(["guardianLogin": "\(user.fullName) уже связан(а) с этим ребёнком как законный представитель."])
        }
        let link = GuardianLink(organizationID: organizationID, guardianUserID: userID, menteeID: menteeID, relation: relation,
                                createdByID: principal.userID, createdByName: principal.fullName)
        do {
            try await link.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two staff linked the same pair at once: the unique key kept one row.
            throw AppError.validation(["guardianLogin": "\(user.fullName) уже связан(а) с этим ребёнком как законный представитель."])
        }
        return (link, user)
    }

    static func holdsGuardianRole(userID: UUID, organizationID: UUID, on db: any Database) async throws -> Bool {
        try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID)
            .filter(\.$role == .guardian).count() > 0
    }

    /// Whether the person represents this child now: a link, the guardian role in the child's
    /// organization, and the child's data not anonymized.
    static func represents(userID: UUID, mentee: Mentee, on db: any Database) async throws -> Bool {
        guard mentee.anonymizedAt == nil, let menteeID = mentee.id else { return false }
        guard try await GuardianLink.query(on: db).filter(\.$guardian.$id == userID).filter(\.$mentee.$id == menteeID).count() > 0 else { return false }
        return try await holdsGuardianRole(userID: userID, organizationID: mentee.$organization.id, on: db)
    }

    /// The children the person represents now, each with their organization loaded.
    static func children(of userID: UUID, on db: any Database) async throws -> [Mentee] {
        let links = try await GuardianLink.query(on: db).filter(\.$guardian.$id == userID)
            .with(\.$mentee) { $0.with(\.$organization) }.all()
        let organizations = Set(try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$role == .guardian).all()
            .compactMap { $0.$organization.id })
        return links.map(\.mentee).filter { $0.anonymizedAt == nil && organizations.contains($0.$organization.id) }
            .sorted { $0.fullName < $1.fullName }
    }
}
