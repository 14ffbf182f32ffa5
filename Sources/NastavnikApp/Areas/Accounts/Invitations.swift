import Fluent
import SQLKit
import Vapor

/// Creates one-time links that let a person set their password.
enum Invitations {
    static let lifetime: TimeInterval = 7 * 24 * 3600

    /// Issues a new link for the user, ending any earlier unused one. Returns the path to hand over.
    /// Only someone who may manage every role of the person may do it: a link sets the password,
    /// so whoever holds it owns the account and everything its roles open.
    /// A sheet passes the invitation's id and the token it derived from its secret
    /// (`InvitationSheets.token`); otherwise the link is random.
    @discardableResult
    static func issue(for user: User, by principal: Principal, organizationID: UUID?,
                      invitationID: UUID = UUID(), token: String? = nil, on db: any Database) async throws -> String {
        guard try await mayManageEveryRole(of: user, by: principal, on: db) else { throw AppError.forbidden }
        let userID = try user.requireID()
        try await Invitation.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).delete()
        let token = token ?? SecureToken.generate()
        let invitation = Invitation(
            userID: userID, tokenHash: SecureToken.hash(token), createdByID: principal.userID,
            expiresAt: Date().addingTimeInterval(lifetime)
        )
        invitation.id = invitationID
        try await invitation.create(on: db)
        try await Audit.record(.invitationCreated, by: principal, organizationID: organizationID, objectType: "user", objectID: userID, details: user.login, on: db)
        return SiteRoute.Accounts.invitation.path(token)
    }

    /// True when the principal may manage every role the person holds, in its organization: a
    /// staff role (or a guardian's) needs `.manageMembers` there, a participant's role (mentor,
    /// mentee) `.inviteParticipants` — so a curator invites the participants of the bases and
    /// never staff, and nobody reaches an account that another organization relies on. A person
    /// without roles, a territorial role (coordinator) or a platform administrator belongs to no
    /// organization alone: only the platform administration manages them.
    static func mayManageEveryRole(of user: User, by principal: Principal, on db: any Database) async throws -> Bool {
        if principal.isPlatformAdmin { return true }
        if user.isPlatformAdmin { return false }
        let assignments = try await RoleAssignment.query(on: db).filter(\.$user.$id == user.requireID()).all()
        let organizationIDs = assignments.compactMap { $0.$organization.id }
        guard !assignments.isEmpty, organizationIDs.count == assignments.count else { return false }
        let organizations = try await Organization.query(on: db).filter(\.$id ~~ Set(organizationIDs)).all()
        guard organizations.count == Set(organizationIDs).count else { return false }
        let scopes = try Dictionary(uniqueKeysWithValues: organizations.map { (try $0.requireID(), try OrganizationScope($0)) })
        return assignments.allSatisfy { assignment in
            guard let id = assignment.$organization.id, let scope = scopes[id] else { return false }
            let permission: Permission = participantRoles.contains(assignment.role) ? .inviteParticipants : .manageMembers
            return AccessPolicy.decide(principal, permission, in: scope) == .allowed
        }
    }

    /// The roles of people in the bases, whom a curator may invite.
    static let participantRoles: Set<Role> = [.mentor, .mentee]

    /// Spends the invitation if nobody has yet: a conditional update whose returned row decides,
    /// so of several submissions at once exactly one gets `true`. Call it inside the transaction
    /// that sets the password.
    static func consume(_ invitationID: UUID, on db: any Database) async throws -> Bool {
        guard let sql = db as? any SQLDatabase else { throw AppError.conflict("База данных не поддерживает SQL.") }
        let rows = try await sql.update(Invitation.schema)
            .set("used_at", to: Date())
            .where("id", .equal, invitationID)
            .where("used_at", .is, SQLLiteral.null)
            .returning("id")
            .all()
        return rows.count == 1
    }

    /// Whether the token belongs to an invitation already spent: a second click that arrives after
    /// the first one finished reads «уже использована», as one that raced it does, not «не найдена».
    static func wasUsed(token: String, on db: any Database) async throws -> Bool {
        try await Invitation.query(on: db)
            .filter(\.$tokenHash == SecureToken.hash(token))
            .filter(\.$usedAt != nil)
            .count() > 0
    }

    /// The valid, unused invitation for a token from a link.
    static func find(token: String, on db: any Database) async throws -> Invitation? {
        guard let invitation = try await Invitation.query(on: db)
            .filter(\.$tokenHash == SecureToken.hash(token))
            .with(\.$user)
            .first(),
            invitation.usedAt == nil, invitation.expiresAt > Date() else { return nil }
        return invitation
    }
}

/// A new account for a person, with an invitation link, or a new role for an existing login.
struct PersonInvite {
    var lastName: String
    var firstName: String
    var middleName: String?
    var login: String

    /// Checks the names and login; Russian messages per field.
    func problems() -> [String: String] {
        var errors: [String: String] = [:]
        if lastName.isEmpty { errors["lastName"] = "Укажите фамилию." }
        if firstName.isEmpty { errors["firstName"] = "Укажите имя." }
        if login.count < 3 || login.count > 64 {
            errors["login"] = "Логин — от 3 до 64 символов."
        } else if login.range(of: "^[a-z0-9._@-]+$", options: .regularExpression) == nil {
            errors["login"] = "Логин может содержать латинские буквы, цифры, точку, дефис, подчёркивание и @."
        }
        return errors
    }

    /// Finds the account with this login or creates one without a password.
    func findOrCreateUser(on db: any Database) async throws -> (user: User, isNew: Bool) {
        if let existing = try await User.query(on: db).filter(\.$login == login).first() {
            return (existing, false)
        }
        let user = User(login: login, lastName: lastName, firstName: firstName, middleName: middleName)
        do {
            try await user.save(on: db)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Another invitation created this login a moment ago (a double click, or two administrators).
            throw AppError.conflict("Логин «\(login)» только что занят другим приглашением. Откройте список людей: если это тот же человек, выдайте ему ссылку оттуда; иначе выберите другой логин.")
        }
        return (user, true)
    }
}
