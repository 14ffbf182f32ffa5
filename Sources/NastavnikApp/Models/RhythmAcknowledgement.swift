import Fluent
import Foundation

/// The curator has seen a rhythm warning of a pair and says why it can wait (issue 19): the
/// warning leaves the home page and shows on the rhythm page with the note. It holds for that
/// occurrence only (`anchor`, e.g. the last meeting's day): a new gap warns again.
public final class RhythmAcknowledgement: Model, @unchecked Sendable {
    public static let schema = "rhythm_acknowledgements"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "program_id") public var programID: UUID
    /// `PairRhythm.Warning.Kind`.
    @Field(key: "warning") public var warning: String
    @Field(key: "anchor") public var anchor: String
    @Field(key: "note") public var note: String
    @Field(key: "acknowledged_by_name") public var acknowledgedByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}
}
