import Fluent
import Foundation

/// One line of the audit log: who did what, when, to which object.
public final class AuditEntry: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(key: .id) public var id: UUID?
    @Field(key: "at") public var at: Date
    @OptionalField(key: "actor_id") public var actorID: UUID?
    /// Kept as text so the log stays readable after the person's data is anonymized.
    @Field(key: "actor_name") public var actorName: String
    @OptionalField(key: "organization_id") public var organizationID: UUID?
    @Field(key: "action") public var action: String
    @OptionalField(key: "object_type") public var objectType: String?
    @OptionalField(key: "object_id") public var objectID: String?
    @OptionalField(key: "details") public var details: String?
    @OptionalField(key: "ip") public var ip: String?

    public init() {}

    public init(
        at: Date, actorID: UUID?, actorName: String, organizationID: UUID?, action: String,
        objectType: String?, objectID: String?, details: String?, ip: String?
    ) {
        self.at = at
        self.actorID = actorID
        self.actorName = actorName
        self.organizationID = organizationID
        self.action = action
        self.objectType = objectType
        self.objectID = objectID
        self.details = details
        self.ip = ip
    }
}
