import Fluent
import Vapor

/// Creates one-time links that let a person set their password.
enum Invitations {
    static let lifetime: TimeInterval = 7 * 24 * 3600

    /// Issues a new link for the user, ending any earlier unused one. Returns the path to hand over.
    static func issue(for user: User, by principal: Principal, organizationID: UUID?, on db: any Database) async throws -> String {
        let userID = try user.requireID()
        try await Invitation.query(on: db).filter(\.$user.$id == userID).filter(\.$usedAt == nil).delete()
        let token = SecureToken.generate()
        try await Invitation(
            userID: userID, tokenHash: SecureToken.hash(token), createdByID: principal.userID,
            expiresAt: Date().addingTimeInterval(lifetime)
        ).save(on: db)
        try await Audit.record(.invitationCreated, by: principal, organizationID: organizationID, objectType: "user", objectID: userID, details: user.login, on: db)
        return "/invitations/\(token)"
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
        try await user.save(on: db)
        return (user, true)
    }
}
