import Fluent
import Vapor

extension Invitations {
    /// Accepting an invitation: the invited person sets their password. The password's rules are
    /// checked first (`AppError.validation` per field); then one transaction spends the link with
    /// a conditional update, sets the password, ends every older session and token of the account
    /// and writes the audit entry, by the person themselves. Of several submissions at once (two
    /// tabs, a double click) exactly one gets the principal to sign in with; the others get nil.
    static func accept(_ invitation: Invitation, password: String, confirmation: String?, hasher: AsyncPasswordHasher,
                       from actor: AuditActor, on db: any Database) async throws -> Principal? {
        let user = invitation.user
        if let problem = PasswordPolicy.problem(with: password, login: user.login) {
            throw AppError.validation(["password": problem])
        }
        if password != confirmation { throw AppError.validation(["passwordConfirmation": "Пароли не совпадают."]) }
        let hash = try await hasher.hash(password)
        let userID = try user.requireID(), invitationID = try invitation.requireID()
        return try await db.transaction { tx in
            guard try await consume(invitationID, on: tx) else { return nil }
            user.passwordHash = hash
            user.mustChangePassword = false
            try await user.save(on: tx)
            // Anyone holding an older session or token of this account loses it.
            try await SessionStore.signOutEverywhere(userID: userID, on: tx)
            try await ApiTokenRules.endAll(userID: userID, on: tx)
            let principal = try await PrincipalLoader.load(user, on: tx)
            let person = AuditActor(principal: principal, ip: actor.ip, viaAPI: actor.viaAPI)
            try await person.record(.invitationAccepted, objectType: "user", objectID: userID, on: tx)
            return principal
        }
    }
}
