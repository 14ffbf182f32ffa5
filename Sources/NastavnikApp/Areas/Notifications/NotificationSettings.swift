import Fluent
import Foundation

/// A person's choice of how notifications reach them — the address, letters on or off, at once or
/// as a morning digest — shared by the settings page and the API.
enum NotificationSettings {
    struct Input: Sendable {
        var email: String
        var emailEnabled: Bool
        var frequency: NotificationFrequency
    }

    struct Current: Sendable {
        let email: String?
        let emailEnabled: Bool
        let frequency: NotificationFrequency
    }

    static func current(of userID: UUID, on db: any Database) async throws -> Current {
        let preference = try await UnsubscribeTokens.preference(of: userID, on: db)
        let user = try await User.find(userID, on: db)
        return Current(email: user?.email, emailEnabled: preference.emailEnabled, frequency: preference.frequency)
    }

    /// Saves the choice; a person who turns letters off gets none of those still waiting.
    static func save(_ input: Input, of userID: UUID, by actor: AuditActor, on db: any Database) async throws {
        let email = input.email.trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if !email.isEmpty && !MailAddress.isValid(email) { errors["email"] = "Адрес почты выглядит неверно: например, ivanova@school.ru." }
        if input.emailEnabled && email.isEmpty { errors["email"] = "Чтобы получать письма, укажите адрес почты." }
        guard errors.isEmpty else { throw AppError.validation(errors) }
        try await db.transaction { db in
            let preference = try await UnsubscribeTokens.preference(of: userID, on: db)
            preference.emailEnabled = input.emailEnabled
            preference.frequency = input.frequency
            try await preference.save(on: db)
            guard let user = try await User.find(userID, on: db) else { throw AppError.notFound }
            user.email = email.isEmpty ? nil : email
            try await user.save(on: db)
            if !input.emailEnabled { try await NotificationList.cancelLetters(of: userID, on: db) }
            try await actor.record(.notificationSettingsChanged, objectType: "user", objectID: userID,
                                   details: input.emailEnabled ? "Письма: \(input.frequency.russianName)" : "Письма выключены", on: db)
        }
    }

    /// The letters' unsubscribe link: switches e-mail off for the token's owner and cancels the
    /// letters still waiting; false for a token nobody holds.
    static func unsubscribe(token: String, on db: any Database) async throws -> Bool {
        try await db.transaction { db -> Bool in
            guard let preference = try await NotificationPreference.query(on: db).filter(\.$unsubscribeToken == token).first() else { return false }
            preference.emailEnabled = false
            try await preference.save(on: db)
            try await NotificationList.cancelLetters(of: preference.requireID(), on: db)
            return true
        }
    }
}
