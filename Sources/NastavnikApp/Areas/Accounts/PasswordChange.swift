import Fluent
import Vapor

/// A person changes their own password: the current one is checked, the new one must meet
/// `PasswordPolicy`, and in one transaction with the audit entry every other session and every API
/// token of the person ends — whatever the old password let out ends with it.
enum PasswordChange {
    struct Input: Sendable {
        var currentPassword: String
        var newPassword: String
        var confirmation: String
    }

    /// Field problems are `AppError.validation` under the form's field names. `keepingSession` is the
    /// cookie's token of the session the change came from, which stays signed in.
    static func change(_ input: Input, of userID: UUID, keepingSession session: String?, passwords: AsyncPasswordHasher,
                       by actor: AuditActor, on db: any Database) async throws {
        guard let user = try await User.find(userID, on: db) else { throw AppError.notSignedIn }
        let currentOK = try await user.passwordHash.asyncMap { try await passwords.verify(input.currentPassword, created: $0) } ?? false
        if !currentOK {
            throw AppError.validation(["currentPassword": "Текущий пароль введён неверно."])
        } else if let problem = PasswordPolicy.problem(with: input.newPassword, login: user.login) {
            throw AppError.validation(["newPassword": problem])
        } else if input.newPassword != input.confirmation {
            throw AppError.validation(["newPasswordConfirmation": "Пароли не совпадают."])
        } else if input.newPassword == input.currentPassword {
            throw AppError.validation(["newPassword": "Новый пароль должен отличаться от текущего."])
        }
        user.passwordHash = try await passwords.hash(input.newPassword)
        user.mustChangePassword = false
        try await db.transaction { tx in
            try await user.save(on: tx)
            try await SessionStore.signOutEverywhere(userID: userID, exceptToken: session, on: tx)
            try await ApiTokenRules.endAll(userID: userID, on: tx)
            try await actor.record(.passwordChanged, objectType: "user", objectID: userID, on: tx)
        }
    }
}
