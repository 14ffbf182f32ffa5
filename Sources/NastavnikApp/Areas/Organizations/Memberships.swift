import Fluent
import SQLKit
import Vapor

/// Why a role cannot be given or taken away; the members page, the coordinators' page and any
/// later API say the same words.
enum MembershipError: Error, Equatable, AppErrorConvertible {
    /// The person holds the role here already. `meanwhile`: another request gave it a moment ago
    /// (a double click, two administrators), and the database's unique index kept one.
    case roleHeld(Role, meanwhile: Bool)
    /// The person coordinates this region (or municipality) already.
    case coordinatorHeld(name: String, municipality: Bool, meanwhile: Bool)
    /// An administrator would lock themselves out of their own organization.
    case ownAdministration
    /// The organization would be left with no one to manage its people.
    case lastAdministration
    /// The role was taken away a moment ago (another tab, another administrator).
    case revokedMeanwhile
    /// A new sign-in link for a person whose roles this organization does not all manage.
    case rolesElsewhere(name: String)

    var status: HTTPResponseStatus {
        switch self {
        case .roleHeld(_, let meanwhile), .coordinatorHeld(_, _, let meanwhile): meanwhile ? .conflict : .unprocessableEntity
        case .ownAdministration, .lastAdministration, .revokedMeanwhile: .conflict
        case .rolesElsewhere: .forbidden
        }
    }

    var code: String {
        switch self {
        case .roleHeld, .coordinatorHeld: "role_held"
        case .ownAdministration: "own_administration"
        case .lastAdministration: "last_administration"
        case .revokedMeanwhile: "role_revoked_meanwhile"
        case .rolesElsewhere: "roles_elsewhere"
        }
    }

    var russianMessage: String {
        switch self {
        case .roleHeld(let role, _): "У этого человека уже есть роль «\(role.russianName)» в организации."
        case .coordinatorHeld(let name, let municipality, _): "\(name) уже координатор \(municipality ? "этого муниципального образования" : "региона")."
        case .ownAdministration: "Нельзя снять роль администрации с самого себя: попросите другого администратора."
        case .lastAdministration: "Это последний администратор организации: сначала назначьте другого, потом снимайте роль."
        case .revokedMeanwhile: "Эта роль уже снята."
        case .rolesElsewhere(let name): "У \(name) есть роли в других организациях: новую ссылку может выдать только администратор платформы."
        }
    }

    /// The form field the message belongs under.
    var field: String { "login" }
}

/// Giving and taking away roles: the organization's members page, a coordinator's appointment
/// and an accepted role offer all write a role through `insert`, so the unique indexes of M019
/// decide a race the same way everywhere; each change is one transaction with its audit entry.
enum Memberships {
    /// Where a role is held: an organization, or a coordinator's municipality or region.
    enum Place: Sendable, Equatable {
        case organization(UUID)
        case municipality(UUID)
        case region(UUID)

        var column: String {
            switch self {
            case .organization: "organization_id"
            case .municipality: "municipality_id"
            case .region: "region_id"
            }
        }

        var id: UUID {
            switch self {
            case .organization(let id), .municipality(let id), .region(let id): id
            }
        }
    }

    /// Writes the role unless the person holds it there already; true when this call wrote it.
    /// The unique index (person, place, role) decides, so two requests at once write one row.
    /// Call it inside the transaction that audits the grant.
    static func insert(_ role: Role, at place: Place, position: String?, userID: UUID, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw AppError.conflict("База данных не поддерживает SQL.") }
        let written = try await sql.insert(into: RoleAssignment.schema)
            .columns("id", "user_id", "role", place.column, "position", "created_at")
            .values(SQLBind(UUID()), SQLBind(userID), SQLBind(role.rawValue), SQLBind(place.id), SQLBind(position), SQLBind(Date()))
            .ignoringConflicts()
            .returning("id")
            .all()
        return !written.isEmpty
    }

    /// Gives `user` the role in an organization (or, for a coordinator, a territory), with the audit
    /// entry in the same transaction. A role held already is `MembershipError.roleHeld` (or
    /// `coordinatorHeld`), `meanwhile` when another request wrote it after the caller looked.
    @discardableResult
    static func grant(_ role: Role, at place: Place, position: String? = nil, to user: User, details: String? = nil,
                      by actor: AuditActor, on db: any Database) async throws -> RoleAssignment {
        let userID = try user.requireID()
        let organizationID: UUID? = if case .organization(let id) = place { id } else { nil }
        let refusal: @Sendable (Bool) -> MembershipError = { [name = user.fullName] meanwhile in
            switch place {
            case .organization: .roleHeld(role, meanwhile: meanwhile)
            case .municipality: .coordinatorHeld(name: name, municipality: true, meanwhile: meanwhile)
            case .region: .coordinatorHeld(name: name, municipality: false, meanwhile: meanwhile)
            }
        }
        if try await holds(role, at: place, userID: userID, on: db) { throw refusal(false) }
        return try await db.transaction { tx in
            guard try await insert(role, at: place, position: position, userID: userID, on: tx) else { throw refusal(true) }
            try await actor.record(.roleGranted, organizationID: organizationID, objectType: "user", objectID: userID,
                                   details: details ?? "\(user.fullName): \(role.russianName)", on: tx)
            guard let assignment = try await held(role, at: place, userID: userID, on: tx).first() else { throw AppError.notFound }
            return assignment
        }
    }

    static func holds(_ role: Role, at place: Place, userID: UUID, on db: any Database) async throws -> Bool {
        try await held(role, at: place, userID: userID, on: db).count() > 0
    }

    private static func held(_ role: Role, at place: Place, userID: UUID, on db: any Database) -> QueryBuilder<RoleAssignment> {
        let query = RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$role == role)
        switch place {
        case .organization(let id): return query.filter(\.$organization.$id == id)
        case .municipality(let id): return query.filter(\.$municipality.$id == id)
        case .region(let id): return query.filter(\.$region.$id == id)
        }
    }

    /// Takes a role of the organization away. The organization's row orders two revocations at
    /// once, so two administrators removing each other (or one double click) cannot leave the
    /// organization without an administrator, and the second of two identical requests changes
    /// nothing and writes no audit entry. An administrator never removes their own administration
    /// (the platform administrator may, unless it is the last one).
    @discardableResult
    static func revoke(_ assignmentID: UUID, in organizationID: UUID, by actor: AuditActor, on db: any Database) async throws -> RoleAssignment {
        guard let principal = actor.principal else { throw AppError.notSignedIn }
        guard try await RoleAssignment.query(on: db).filter(\.$id == assignmentID).filter(\.$organization.$id == organizationID).count() > 0 else {
            throw AppError.notFound
        }
        return try await db.transaction { tx in
            try await RowLock.lock(Organization.schema, id: organizationID, on: tx)
            guard let assignment = try await RoleAssignment.query(on: tx).filter(\.$id == assignmentID)
                .filter(\.$organization.$id == organizationID).with(\.$user).first() else { throw MembershipError.revokedMeanwhile }
            if !principal.isPlatformAdmin {
                // The grants were read when the request began: an administrator removed a moment
                // ago by another one no longer manages anyone here.
                guard try await RoleAssignment.query(on: tx).filter(\.$user.$id == principal.userID).filter(\.$organization.$id == organizationID)
                    .filter(\.$role ~~ AccessPolicy.roles(for: .manageMembers)).count() > 0 else { throw AppError.forbidden }
            }
            if assignment.role == .orgAdmin {
                if assignment.$user.id == principal.userID && !principal.isPlatformAdmin { throw MembershipError.ownAdministration }
                let administrators = try await RoleAssignment.query(on: tx).filter(\.$organization.$id == organizationID)
                    .filter(\.$role == .orgAdmin).count()
                if administrators <= 1 { throw MembershipError.lastAdministration }
            }
            try await RoleAssignment.query(on: tx).filter(\.$id == assignmentID).delete()
            try await actor.record(.roleRevoked, organizationID: organizationID, objectType: "user", objectID: assignment.$user.id,
                                   details: "\(assignment.user.fullName): \(assignment.role.russianName)", on: tx)
            return assignment
        }
    }
}

extension Memberships {
    /// What adding a person to the organization did.
    enum Addition {
        /// The login belongs to an account another organization relies on: its owner was offered
        /// the role (`RoleOffers`), or holds it here already.
        case offered(RoleOffers.Outcome)
        /// The role was given; `invitation` is the link to hand over when the person has no password yet.
        case granted(User, invitation: String?)
    }

    /// The members page's «добавить»: a new person with an invitation link, a new role for an
    /// account the organization wholly manages, or a role offer to anyone else's account (issue 16,
    /// issue 18 item 2) — the answer is the same whatever names were typed, so nothing of the
    /// owner is learned. Field problems are `AppError.validation`.
    static func add(_ invite: PersonInvite, role raw: String, position: String?, to organization: Organization,
                    by actor: AuditActor, on db: any Database) async throws -> Addition {
        guard let principal = actor.principal else { throw AppError.notSignedIn }
        let organizationID = try organization.requireID()
        var errors = invite.problems()
        let role = Role(rawValue: raw)
        if role == nil || role?.isOrganizationRole == false { errors["role"] = "Выберите роль." }
        if errors["role"] == nil, let role, let existing = try await User.query(on: db).filter(\.$login == invite.login).first(),
           try await !Invitations.mayManageEveryRole(of: existing, by: principal, on: db) {
            return .offered(try await RoleOffers.offer(role, position: position, to: existing, organization: organization, by: actor, on: db))
        }
        guard errors.isEmpty, let role else { throw AppError.validation(errors) }
        let found: (user: User, isNew: Bool)
        do {
            found = try await invite.findOrCreateUser(on: db)
        } catch AppError.conflict(let message) {
            // Another organization created the same login at this very moment (the unique index
            // refused ours): the account is theirs, and the rule below makes this a role offer.
            guard let created = try await User.query(on: db).filter(\.$login == invite.login).first() else { throw AppError.conflict(message) }
            found = (created, false)
        }
        let (user, isNew) = found
        // Another organization may have created this login since the check above: the same rule again.
        if !isNew, try await !Invitations.mayManageEveryRole(of: user, by: principal, on: db) {
            return .offered(try await RoleOffers.offer(role, position: position, to: user, organization: organization, by: actor, on: db))
        }
        try await grant(role, at: .organization(organizationID), position: position, to: user, by: actor, on: db)
        guard isNew || user.passwordHash == nil else { return .granted(user, invitation: nil) }
        return .granted(user, invitation: try await invitation(for: user, by: principal, organizationID: organizationID, on: db))
    }

    /// Issues the sign-in link in its own transaction: the old unused links end, the new one and
    /// its audit entry are written together.
    static func invitation(for user: User, by principal: Principal, organizationID: UUID?, on db: any Database) async throws -> String {
        try await db.transaction { tx in try await Invitations.issue(for: user, by: principal, organizationID: organizationID, on: tx) }
    }

    /// A new link for a person of the organization who lost theirs. Only by whoever may manage
    /// every role of the person, so one school cannot take over an account another organization
    /// relies on (`MembershipError.rolesElsewhere`); a person without a role here is not found.
    static func reissueInvitation(for userID: UUID?, in organizationID: UUID, by actor: AuditActor,
                                  on db: any Database) async throws -> (user: User, link: String) {
        guard let principal = actor.principal else { throw AppError.notSignedIn }
        guard let userID, let user = try await User.find(userID, on: db),
              try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID).count() > 0
        else { throw AppError.notFound }
        guard try await Invitations.mayManageEveryRole(of: user, by: principal, on: db) else { throw MembershipError.rolesElsewhere(name: user.fullName) }
        return (user, try await invitation(for: user, by: principal, organizationID: organizationID, on: db))
    }
}
