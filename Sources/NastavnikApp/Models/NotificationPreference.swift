import Fluent
import Foundation

/// How a person wants to be told (issue 19): on the site only, or also by e-mail, at once or in
/// a daily digest. A person without a row gets e-mail at once when the account has an address.
public final class NotificationPreference: Model, @unchecked Sendable {
    public static let schema = "notification_preferences"

    @ID(custom: "user_id", generatedBy: .user) public var id: UUID?
    @Field(key: "email_enabled") public var emailEnabled: Bool
    @Field(key: "frequency") public var frequency: NotificationFrequency
    /// The secret of the unsubscribe link in every letter; it only switches e-mail off.
    @Field(key: "unsubscribe_token") public var unsubscribeToken: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public init(userID: UUID, emailEnabled: Bool = true, frequency: NotificationFrequency = .immediate, unsubscribeToken: String) {
        self.id = userID
        self.emailEnabled = emailEnabled
        self.frequency = frequency
        self.unsubscribeToken = unsubscribeToken
    }
}

public enum NotificationFrequency: String, Codable, CaseIterable, Sendable {
    case immediate, daily

    public var russianName: String {
        switch self {
        case .immediate: "Сразу, отдельным письмом"
        case .daily: "Раз в день — сводкой утром"
        }
    }
}
