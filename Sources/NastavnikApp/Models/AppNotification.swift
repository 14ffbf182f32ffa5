import Fluent
import Foundation

/// One entry of a person's in-app notification list (issue 19): what happened or what is due,
/// in Russian, with the page to open. `Notification` is Foundation's name, hence `App`.
public final class AppNotification: Model, @unchecked Sendable {
    public static let schema = "notifications"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    @Field(key: "kind") public var kind: NotificationKind
    @Field(key: "title") public var title: String
    @Field(key: "body") public var body: String
    /// A path of the site, e.g. `/me/pairs`.
    @Field(key: "link") public var link: String
    /// Waits for the person's daily digest e-mail.
    @Field(key: "digest_pending") public var digestPending: Bool
    /// Set for scheduled reminders: the same reminder is written once, whichever server runs the job.
    @OptionalField(key: "dedupe_key") public var dedupeKey: String?
    @OptionalField(key: "read_at") public var readAt: Date?
    @Field(key: "created_at") public var createdAt: Date

    public init() {}
}
