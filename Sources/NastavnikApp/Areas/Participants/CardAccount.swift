import Fluent
import Foundation

/// The card's «Учётная запись» section: the login it is linked to and whether the person has
/// signed in, or the accounts of the same person the curator may pick (`AccountLinking`).
struct CardAccount: Encodable, Sendable {
    struct Account: Encodable, Sendable {
        let login: String
        let fullName: String
        /// The person has set a password by their link.
        let activated: Bool
        /// An unused link of theirs is still valid until this moment.
        let invitationValidUntil: Date?
    }

    let linked: Account?
    let candidates: [Account]
    /// The card's e-mail, when mail is configured and the person has not set a password yet: the
    /// card offers to send the link there (`InvitationMail`).
    var mailTo: String?

    func offeringMail(to email: String?, configured: Bool) -> CardAccount {
        var copy = self
        let email = email?.trimmingCharacters(in: .whitespaces)
        copy.mailTo = configured && linked?.activated != true && MailAddress.isValid(email) ? email : nil
        return copy
    }

    static func load(kind: BaseKind, rowID: UUID, userID: UUID?, lastName: String, firstName: String, middleName: String?,
                     organizationID: UUID, on db: any Database) async throws -> CardAccount {
        func account(_ user: User) async throws -> Account {
            let invitation = try await Invitation.query(on: db).filter(\.$user.$id == user.requireID()).filter(\.$usedAt == nil)
                .filter(\.$expiresAt > Date()).sort(\.$expiresAt, .descending).first()
            return Account(login: user.login, fullName: user.fullName, activated: user.passwordHash != nil,
                           invitationValidUntil: invitation?.expiresAt)
        }
        if let userID, let user = try await User.find(userID, on: db) {
            return CardAccount(linked: try await account(user), candidates: [])
        }
        var candidates: [Account] = []
        for user in try await AccountLinking.candidates(kind: kind, lastName: lastName, firstName: firstName, middleName: middleName,
                                                        organizationID: organizationID, excludingRow: rowID, on: db) {
            candidates.append(try await account(user))
        }
        return CardAccount(linked: nil, candidates: candidates)
    }
}
