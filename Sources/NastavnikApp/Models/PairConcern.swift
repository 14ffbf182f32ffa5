import Fluent
import Foundation

/// A concern a mentor or a mentee raises to the curator privately (seed 000: the curator does not
/// intervene unless asked). The other side of the pair never sees it.
public final class PairConcern: Model, @unchecked Sendable {
    public static let schema = "pair_concerns"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "program_id") public var programID: UUID
    @Field(key: "side") public var side: BaseKind
    /// The mentee of a group who wrote it; nil for the mentor.
    @OptionalField(key: "member_id") public var memberID: UUID?
    @Field(key: "author_name") public var authorName: String
    @Field(key: "text") public var text: String
    /// The author asks the curator to step in; otherwise the curator only knows.
    @Field(key: "asks_intervention") public var asksIntervention: Bool
    @Field(key: "status") public var status: ConcernStatus
    @Field(key: "curator_reply") public var curatorReply: String
    @OptionalField(key: "replied_at") public var repliedAt: Date?
    /// Set when the curator marks the concern handled (a reply does); until then it stays on the
    /// curator's home page, also after the pair ends (M027).
    @OptionalField(key: "handled_at") public var handledAt: Date?
    @OptionalField(key: "handled_by_name") public var handledByName: String?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}

public enum ConcernStatus: String, Codable, CaseIterable, Sendable {
    case open, answered

    public var russianName: String { self == .open ? "Ждёт ответа куратора" : "Куратор ответил" }
}
