import Fluent
import Vapor

/// What an API token may do and how long: a lifetime chosen at creation (90 days unless said
/// otherwise, at most a year), an optional read-only scope, and an end at the owner's next
/// password change — a leaked token must not outlive the password that guarded it.
enum ApiTokenRules {
    static let defaultLifetimeDays = 90
    static let maximumLifetimeDays = 365

    /// The lifetime typed in the form, or the problem with it in Russian.
    static func lifetime(days raw: String?) -> Result<Int, LifetimeProblem> {
        let text = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return .success(defaultLifetimeDays) }
        guard let days = Int(text), (1...maximumLifetimeDays).contains(days) else { return .failure(LifetimeProblem()) }
        return .success(days)
    }

    struct LifetimeProblem: Error {
        let message = "Срок действия — целое число дней от 1 до \(ApiTokenRules.maximumLifetimeDays)."
    }

    /// Methods a read-only token may use.
    static func allows(_ method: HTTPMethod, readOnly: Bool) -> Bool {
        !readOnly || method == .GET || method == .HEAD
    }

    /// Ends every token of a person: their password changed, so whatever the old one let out ends too.
    static func endAll(userID: UUID, on db: any Database) async throws {
        try await ApiToken.query(on: db)
            .filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: Date())
            .update()
    }
}

/// A read-only token was sent with a request that changes data.
struct ReadOnlyTokenError: AppErrorConvertible {
    var status: HTTPResponseStatus { .forbidden }
    var code: String { "read_only_token" }
    var russianMessage: String { "Этот API-токен только для чтения: изменять данные с ним нельзя. Создайте в профиле токен с правом изменения." }
}
