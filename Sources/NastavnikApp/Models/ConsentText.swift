import Fluent
import Foundation

/// The exact wording of a consent a person agreed to in the app, kept once per text and found by
/// the SHA-256 of the text (`ConsentRecord.textHash`), so the card and «Мои дети» can show later
/// word for word what was agreed. It holds no one's name: the child is named by the consent row.
public final class ConsentText: Model, @unchecked Sendable {
    public static let schema = "consent_texts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "text_hash") public var textHash: String
    /// The version of the wording («2026-1»), as the printed form says it.
    @Field(key: "version") public var version: String
    @Field(key: "purpose") public var purpose: ConsentPurpose
    @Field(key: "text") public var text: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
