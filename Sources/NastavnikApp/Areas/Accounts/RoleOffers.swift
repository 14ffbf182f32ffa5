import Fluent
import SQLKit
import Vapor

/// One person, one account, roles in several organizations (issue 18, item 2). An organization
/// that wants to give a role to an account it does not wholly manage (a teacher who will mentor
/// in a partner school, a student who mentors for a school) offers it; the role exists only once
/// the owner accepts it from their own account. The organization learns nothing of the person
/// by offering — neither the name nor the other organizations — and can never take the account
/// over: its links, password and other roles stay with whoever manages them.
enum RoleOffers {
    enum Outcome: Equatable {
        /// The offer waits for the owner (a repeated offer is the same one).
        case offered
        /// The person holds the role here already.
        case alreadyHeld
    }

    /// Offers the role; one open offer per person, organization and role (M032's partial unique
    /// index), so a double click or two administrators at once write one.
    static func offer(_ role: Role, position: String?, to user: User, organization: Organization, by actor: AuditActor,
                      on db: any Database) async throws -> Outcome {
        guard let principal = actor.principal else { throw AppError.notSignedIn }
        let userID = try user.requireID(), organizationID = try organization.requireID()
        return try await db.transaction { db in
            if try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID)
                .filter(\.$role == role).count() > 0 { return .alreadyHeld }
            guard let sql = db as? any SQLDatabase else { throw AppError.conflict("База данных не поддерживает SQL.") }
            let offerID = UUID()
            let written = try await sql.insert(into: RoleOffer.schema)
                .columns("id", "user_id", "organization_id", "role", "position", "offered_by_id", "created_at")
                .values(SQLBind(offerID), SQLBind(userID), SQLBind(organizationID), SQLBind(role.rawValue), SQLBind(position),
                        SQLBind(principal.userID), SQLBind(Date()))
                .ignoringConflicts()
                .returning("id")
                .all()
            guard !written.isEmpty else { return .offered }
            try await actor.record(.roleOffered, organizationID: organizationID, objectType: "user", objectID: userID,
                                   details: "\(user.login): \(role.russianName)", on: db)
            try await Notifications.notify([userID], NotificationMessage(
                kind: .roleOffered, title: "\(organization.shortName) предлагает вам роль «\(role.russianName)»",
                body: "\(organization.name) предлагает вам роль «\(role.russianName)» в вашей учётной записи. Роль появится, только если вы её примете; откажитесь, если не ждали этого предложения.",
                link: SiteRoute.People.roleOffers.path(), organizationID: organizationID), on: db)
            return .offered
        }
    }

    /// An open offer as its owner sees it.
    struct Row: Encodable {
        let id: UUID
        let organization: String
        let organizationKind: String
        let role: String
        let position: String
        let offeredAt: Date?
    }

    static func open(for userID: UUID, on db: any Database) async throws -> [Row] {
        try await RoleOffer.query(on: db).filter(\.$user.$id == userID).filter(\.$answeredAt == nil)
            .with(\.$organization).sort(\.$createdAt).all().map {
                Row(id: try $0.requireID(), organization: $0.organization.name, organizationKind: $0.organization.kind.russianName,
                    role: $0.role.russianName, position: $0.position ?? "", offeredAt: $0.createdAt)
            }
    }

    /// The organization's offers still waiting, as its members page lists them: only the login
    /// the organization typed and the role, never the owner's name.
    struct Waiting: Encodable {
        let login: String
        let role: String
        let offeredAt: Date?
    }

    static func waiting(organizationID: UUID, on db: any Database) async throws -> [Waiting] {
        try await RoleOffer.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$answeredAt == nil)
            .with(\.$user).sort(\.$createdAt).all().map { Waiting(login: $0.user.login, role: $0.role.russianName, offeredAt: $0.createdAt) }
    }

    /// The owner's answer. The offer is claimed by a conditional update, so of two answers at once
    /// exactly one counts; anyone else's offer is not found. Returns the offer when it was answered now.
    static func answer(_ offerID: UUID?, accept: Bool, by actor: AuditActor, on db: any Database) async throws -> RoleOffer? {
        guard let principal = actor.principal else { throw AppError.notSignedIn }
        guard let offerID, let offer = try await RoleOffer.query(on: db).filter(\.$id == offerID)
            .filter(\.$user.$id == principal.userID).with(\.$organization).first() else { throw AppError.notFound }
        return try await db.transaction { db in
            guard let sql = db as? any SQLDatabase else { throw AppError.conflict("База данных не поддерживает SQL.") }
            let claimed = try await sql.update(RoleOffer.schema)
                .set("answered_at", to: SQLBind(Date())).set("accepted", to: SQLBind(accept))
                .where("id", .equal, SQLBind(offerID)).where("user_id", .equal, SQLBind(principal.userID))
                .where("answered_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard !claimed.isEmpty else { return nil }
            let organizationID = offer.$organization.id
            if accept {
                // The role may be granted by the organization at this very moment: the unique index
                // (person, organization, role) keeps one row, and this insert then does nothing.
                _ = try await Memberships.insert(offer.role, at: .organization(organizationID), position: offer.position,
                                                 userID: principal.userID, on: db)
            }
            try await actor.record(accept ? .roleOfferAccepted : .roleOfferDeclined, organizationID: organizationID,
                                   objectType: "user", objectID: principal.userID, details: offer.role.russianName, on: db)
            offer.answeredAt = Date()
            offer.accepted = accept
            return offer
        }
    }
}
