import Fluent
import Foundation

/// An e-mail waiting to be sent, or sent (issue 19, item 3). Written in the transaction of the
/// change that causes it; only the outbox worker sends it, never a request.
public final class OutboxMessage: Model, @unchecked Sendable {
    public static let schema = "outbox_messages"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    /// The organization whose notification caused the letter (M036); nil for older letters and a
    /// digest of several organizations' notifications.
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    /// The Message-ID header without angle brackets; the same on every attempt.
    @Field(key: "message_id") public var messageID: String
    @Field(key: "kind") public var kind: OutboxKind
    @Field(key: "recipient") public var recipient: String
    @Field(key: "subject") public var subject: String
    @Field(key: "body") public var body: String
    @Field(key: "status") public var status: OutboxStatus
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "lease_until") public var leaseUntil: Date?
    @OptionalField(key: "claim_token") public var claimToken: UUID?
    @OptionalField(key: "last_error") public var lastError: String?
    @OptionalField(key: "dedupe_key") public var dedupeKey: String?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "sent_at") public var sentAt: Date?

    public init() {}
}

public enum OutboxKind: String, Codable, Sendable {
    /// One notification, sent at once.
    case single
    /// A day's notifications of one person in one letter.
    case digest
}

public enum OutboxStatus: String, Codable, Sendable {
    /// Waits for `next_attempt_at`.
    case pending
    /// Claimed by a worker until `lease_until`; the SMTP transaction has not reached its end.
    case sending
    /// The worker is about to end the SMTP transaction (the final dot), or has ended it and waits
    /// for the server's answer.
    case committing
    case sent
    /// The final dot went out but the server's answer never came back (the worker died, or the
    /// connection broke, between the dot and recording «250»). The server has in all likelihood
    /// taken the letter, so it is not sent again: a letter is never sent twice. The notification
    /// itself stays in the person's list on the site.
    case unconfirmed
    /// Given up: a permanent refusal or too many attempts.
    case failed
    /// The person switched e-mail off or lost the account before it went out.
    case cancelled
}
