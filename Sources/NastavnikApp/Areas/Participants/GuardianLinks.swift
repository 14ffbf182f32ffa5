import Fluent
import Foundation

/// A minor a legal representative may be linked to: a child of the mentee base, or a minor mentor
/// (a pupil or student who mentors younger ones). The same rule holds for both.
protocol GuardedChild: Model where IDValue == UUID {
    var lastName: String { get }
    var anonymizedAt: Date? { get }
    var isMinor: Bool { get }
    var childOrganizationID: UUID { get }
    var childUserID: UUID? { get }
    /// Which base the card belongs to; also the audit entry's object type.
    static var baseKind: BaseKind { get }
    /// The link's column that points at this kind of card.
    static var linkKey: KeyPath<GuardianLink, OptionalFieldProperty<GuardianLink, UUID>> { get }
    static func newLink(organizationID: UUID, guardianUserID: UUID, childID: UUID, relation: String?, by principal: Principal) -> GuardianLink
}

extension Mentee: GuardedChild {
    static var baseKind: BaseKind { .mentee }
    var childOrganizationID: UUID { $organization.id }
    var childUserID: UUID? { $user.id }
    static var linkKey: KeyPath<GuardianLink, OptionalFieldProperty<GuardianLink, UUID>> { \GuardianLink.$mentee.$id }
    static func newLink(organizationID: UUID, guardianUserID: UUID, childID: UUID, relation: String?, by principal: Principal) -> GuardianLink {
        GuardianLink(organizationID: organizationID, guardianUserID: guardianUserID, menteeID: childID, relation: relation,
                     createdByID: principal.userID, createdByName: principal.fullName)
    }
}

extension Mentor: GuardedChild {
    static var baseKind: BaseKind { .mentor }
    var childOrganizationID: UUID { $organization.id }
    var childUserID: UUID? { $user.id }
    static var linkKey: KeyPath<GuardianLink, OptionalFieldProperty<GuardianLink, UUID>> { \GuardianLink.$mentor.$id }
    static func newLink(organizationID: UUID, guardianUserID: UUID, childID: UUID, relation: String?, by principal: Principal) -> GuardianLink {
        GuardianLink(organizationID: organizationID, guardianUserID: guardianUserID, mentorID: childID, relation: relation,
                     createdByID: principal.userID, createdByName: principal.fullName)
    }
}

/// Legal representatives linked to minors of the mentee base and of the mentor base. The curator
/// or the administration links an account holding the guardian role in the child's organization; a
/// link counts only while that role is held, and never for a child whose data was anonymized.
enum GuardianLinks {
    /// A linked representative as the child's card shows one.
    struct CardRow: Encodable {
        let userID: UUID
        let fullName: String
        let login: String
        let relation: String
        let createdBy: String
        /// Where the card unlinks this representative.
        var removeLink = ""
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
    static func cardSection<Child: GuardedChild>(mentee: Child, on db: any Database) async throws -> CardSection? {
        guard mentee.anonymizedAt == nil else { return nil }
        let links = try await GuardianLink.query(on: db).filter(Child.linkKey == mentee.requireID()).with(\.$guardian).all()
        let linked = Set(links.map(\.$guardian.id))
        let unlink = SiteRoute.Bases.of(Child.baseKind).unlinkGuardian, childID = try mentee.requireID()
        return CardSection(rows: links.sorted { $0.guardian.lastName < $1.guardian.lastName }.map {
            CardRow(userID: $0.$guardian.id, fullName: $0.guardian.fullName, login: $0.guardian.login, relation: $0.relation ?? "",
                    createdBy: $0.createdByName, removeLink: unlink.path(mentee.childOrganizationID, childID, $0.$guardian.id))
        }, isMinor: mentee.isMinor, suggestions: try await suggestions(for: mentee, on: db).filter { !linked.contains($0.id!) }.map {
            Suggestion(fullName: $0.fullName, login: $0.login)
        })
    }

    /// Up to ten guardian accounts of the child's organization whose surname starts like the
    /// child's («Орлов» finds «Орлова» and «Орлов»).
    static func suggestions<Child: GuardedChild>(for mentee: Child, on db: any Database) async throws -> [User] {
        var stem = mentee.lastName.lowercased().filter { $0 != "%" && $0 != "_" }
        if stem.count > 4, stem.hasSuffix("а") { stem.removeLast() }
        guard stem.count >= 2 else { return [] }
        return try await User.query(on: db)
            .join(RoleAssignment.self, on: \RoleAssignment.$user.$id == \User.$id)
            .filter(RoleAssignment.self, \.$organization.$id == mentee.childOrganizationID)
            .filter(RoleAssignment.self, \.$role == .guardian)
            .filter(\.$searchKey, .custom("LIKE"), stem + "%")
            .sort(\.$lastName).limit(10).all()
    }

    /// Links the account with `login` to the child and records it in the same transaction; errors
    /// name the form's fields. Returns the representative.
    static func link<Child: GuardedChild>(login: String, relation: String?, child: Child, by actor: AuditActor, on db: any Database) async throws -> User {
        guard let principal = actor.principal else { throw AppError.notSignedIn }
        return try await db.transaction { tx in
            let (link, user) = try await insertLink(login: login, relation: relation, mentee: child, by: principal, on: tx)
            try await actor.record(.guardianLinked, organizationID: child.childOrganizationID, objectType: Child.baseKind.rawValue, objectID: child.id,
                                   details: "\(user.login)\(link.relation.map { ", \($0)" } ?? "")", on: tx)
            return user
        }
    }

    /// Ends the link of the representative with the child and records it; 404 when there is none.
    static func unlink<Child: GuardedChild>(guardianUserID: UUID?, child: Child, by actor: AuditActor, on db: any Database) async throws -> User {
        let childID = try child.requireID()
        let organizationID = child.childOrganizationID
        return try await db.transaction { tx in
            guard let guardianUserID, let link = try await GuardianLink.query(on: tx).filter(Child.linkKey == childID)
                .filter(\.$guardian.$id == guardianUserID).with(\.$guardian).first() else { throw AppError.notFound }
            try await link.delete(on: tx)
            try await actor.record(.guardianUnlinked, organizationID: organizationID, objectType: Child.baseKind.rawValue, objectID: childID,
                                   details: link.guardian.login, on: tx)
            return link.guardian
        }
    }

    private static func insertLink<Child: GuardedChild>(login: String, relation: String?, mentee: Child, by principal: Principal, on db: any Database) async throws -> (GuardianLink, User) {
        guard mentee.anonymizedAt == nil else { throw AppError.validation(["guardianLogin": "Данные обезличены: законного представителя связать нельзя."]) }
        if let relation, relation.count > 100 { throw AppError.validation(["representativeRelation": "Не более 100 знаков."]) }
        let organizationID = mentee.childOrganizationID
        let menteeID = try mentee.requireID()
        guard !login.isEmpty, let user = try await User.query(on: db).filter(\.$login == login).first(), let userID = user.id,
              try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID).count() > 0 else {
            throw AppError.validation(["guardianLogin": "Нет учётной записи с таким логином среди людей этой организации."])
        }
        guard try await holdsGuardianRole(userID: userID, organizationID: organizationID, on: db), mentee.childUserID != userID else {
            throw AppError.validation(["guardianLogin": "У учётной записи «\(login)» нет роли «Законный представитель» в этой организации: назначьте роль на странице «Люди и роли»."])
        }
        if try await GuardianLink.query(on: db).filter(\.$guardian.$id == userID).filter(Child.linkKey == menteeID).count() > 0 {
            throw AppError.validation(["guardianLogin": "\(user.fullName) уже \(user.gendered("связан", "связана")) с этим ребёнком как законный представитель."])
        }
        let link = Child.newLink(organizationID: organizationID, guardianUserID: userID, childID: menteeID, relation: relation, by: principal)
        do {
            try await link.create(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Two staff linked the same pair at once: the unique key kept one row.
            throw AppError.validation(["guardianLogin": "\(user.fullName) уже \(user.gendered("связан", "связана")) с этим ребёнком как законный представитель."])
        }
        return (link, user)
    }

    static func holdsGuardianRole(userID: UUID, organizationID: UUID, on db: any Database) async throws -> Bool {
        try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID)
            .filter(\.$role == .guardian).count() > 0
    }

    /// Whether the person represents this child now: a link, the guardian role in the child's
    /// organization, and the child's data not anonymized.
    static func represents<Child: GuardedChild>(userID: UUID, mentee: Child, on db: any Database) async throws -> Bool {
        guard mentee.anonymizedAt == nil, let menteeID = mentee.id else { return false }
        guard try await GuardianLink.query(on: db).filter(\.$guardian.$id == userID).filter(Child.linkKey == menteeID).count() > 0 else { return false }
        return try await holdsGuardianRole(userID: userID, organizationID: mentee.childOrganizationID, on: db)
    }

    /// The children the person represents now, each with their organization loaded.
    static func children(of userID: UUID, on db: any Database) async throws -> [Mentee] {
        let links = try await GuardianLink.query(on: db).filter(\.$guardian.$id == userID).filter(\.$mentee.$id != nil)
            .with(\.$mentee) { $0.with(\.$organization) }.all()
        let organizations = try await guardianOrganizations(of: userID, on: db)
        return links.compactMap(\.mentee).filter { $0.anonymizedAt == nil && organizations.contains($0.$organization.id) }
            .sorted { $0.fullName < $1.fullName }
    }

    /// The minor mentors the person represents now, each with their organization loaded.
    static func mentorChildren(of userID: UUID, on db: any Database) async throws -> [Mentor] {
        let links = try await GuardianLink.query(on: db).filter(\.$guardian.$id == userID).filter(\.$mentor.$id != nil)
            .with(\.$mentor) { $0.with(\.$organization) }.all()
        let organizations = try await guardianOrganizations(of: userID, on: db)
        return links.compactMap(\.mentor).filter { $0.anonymizedAt == nil && organizations.contains($0.$organization.id) }
            .sorted { $0.fullName < $1.fullName }
    }

    private static func guardianOrganizations(of userID: UUID, on db: any Database) async throws -> Set<UUID> {
        Set(try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$role == .guardian).all()
            .compactMap { $0.$organization.id })
    }
}
