import Fluent
import SQLKit
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

    /// «только чтение» or «чтение и изменение», as the profile and the journal say it.
    static func scopeName(readOnly: Bool) -> String { readOnly ? "только чтение" : "чтение и изменение" }

    /// A token as the profile's form sends it.
    struct Input: Sendable {
        var name: String
        var expiresInDays: String?
        var readOnly: Bool
    }

    /// Issues a token to its owner: the secret is returned once (only its hash is stored), and the
    /// issue is audited in the same transaction. Field problems are `AppError.validation`.
    static func create(_ input: Input, for userID: UUID, by actor: AuditActor, on db: any Database) async throws -> (secret: String, token: ApiToken) {
        let name = input.name.trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if name.isEmpty || name.count > 100 { errors["name"] = "Назовите токен (до 100 символов), например «Выгрузка в АИС»." }
        let chosen = Self.lifetime(days: input.expiresInDays)
        if case .failure(let problem) = chosen { errors["expiresInDays"] = problem.message }
        guard errors.isEmpty, case .success(let days) = chosen else { throw AppError.validation(errors) }
        let secret = "nst_" + SecureToken.generate()
        let token = ApiToken(userID: userID, name: name, tokenHash: SecureToken.hash(secret), prefix: String(secret.prefix(10)),
                             expiresAt: Date().addingTimeInterval(Double(days) * 86_400), readOnly: input.readOnly)
        try await db.transaction { tx in
            try await token.save(on: tx)
            try await actor.record(.apiTokenCreated, objectType: "apiToken", objectID: token.id,
                                   details: "\(name) (\(scopeName(readOnly: input.readOnly)), \(days) дн.)", on: tx)
        }
        return (secret, token)
    }

    /// Revokes one of the owner's tokens. The revocation claims the token with a conditional
    /// update, so two at once (a double click, two tabs) revoke and audit it once; the second is
    /// `ApiTokenError.revokedAlready`. Anyone else's token is not found.
    @discardableResult
    static func revoke(_ tokenID: UUID?, of userID: UUID, by actor: AuditActor, on db: any Database) async throws -> ApiToken {
        guard let tokenID, let token = try await ApiToken.query(on: db).filter(\.$id == tokenID).filter(\.$user.$id == userID).first() else {
            throw AppError.notFound
        }
        let now = Date()
        return try await db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw AppError.conflict("База данных не поддерживает SQL.") }
            let claimed = try await sql.update(ApiToken.schema).set("revoked_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(tokenID)).where("user_id", .equal, SQLBind(userID)).where("revoked_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard !claimed.isEmpty else { throw ApiTokenError.revokedAlready(token.name) }
            try await actor.record(.apiTokenRevoked, objectType: "apiToken", objectID: tokenID, details: token.name, on: tx)
            token.revokedAt = now
            return token
        }
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

/// Why a token cannot be revoked.
enum ApiTokenError: Error, Equatable, AppErrorConvertible {
    /// Revoked a moment ago (another tab, a double click) or earlier.
    case revokedAlready(String)

    var status: HTTPResponseStatus { .conflict }
    var code: String { "token_revoked_already" }
    var russianMessage: String {
        switch self {
        case .revokedAlready(let name): "Токен «\(name)» уже отозван."
        }
    }
}
