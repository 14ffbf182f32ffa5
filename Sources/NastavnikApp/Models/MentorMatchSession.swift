import Fluent
import Foundation

/// A group meeting in the «Mentor Match» format (seed 000): speed meetings in rounds, then
/// each side names whom it would work with.
public final class MentorMatchSession: Model, @unchecked Sendable {
    public static let schema = "mentor_match_sessions"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "program_id") public var program: Program
    @Field(key: "held_on") public var heldOn: String
    @Field(key: "starts_at") public var startsAt: String
    @Field(key: "place") public var place: String
    @Field(key: "slot_minutes") public var slotMinutes: Int
    /// A limit on the whole session; the timetable then keeps the best-scored meetings.
    @OptionalField(key: "session_minutes") public var sessionMinutes: Int?
    /// Participants' ids, comma-separated, in the order they were chosen.
    @Field(key: "mentor_ids") public var mentorIDs: String
    @Field(key: "mentee_ids") public var menteeIDs: String
    @OptionalField(key: "pairs_formed_at") public var pairsFormedAt: Date?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var mentors: [UUID] { mentorIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
    public var mentees: [UUID] { menteeIDs.split(separator: ",").compactMap { UUID(uuidString: String($0)) } }
}

/// One wish after the speed meetings: whom a person would work with, by rank (1 is first).
/// Entered by the curator from the paper cards or taken from the «Mentor Match» questionnaire.
public final class MentorMatchWish: Model, @unchecked Sendable {
    public static let schema = "mentor_match_wishes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "session_id") public var session: MentorMatchSession
    @Field(key: "chooser_kind") public var chooserKind: BaseKind
    @Field(key: "chooser_id") public var chooserID: UUID
    @Field(key: "chosen_id") public var chosenID: UUID
    @Field(key: "rank") public var rank: Int

    public init() {}

    public init(sessionID: UUID, chooserKind: BaseKind, chooserID: UUID, chosenID: UUID, rank: Int) {
        self.$session.id = sessionID
        self.chooserKind = chooserKind
        self.chooserID = chooserID
        self.chosenID = chosenID
        self.rank = rank
    }
}
