import Fluent
import Foundation

/// One side's answers at the final meeting (seed 003, «Итоговая встреча»). Written by the
/// participant, or by the curator from the paper questionnaire collected at the meeting.
public final class FinalAnswer: Model, @unchecked Sendable {
    public static let schema = "final_answers"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "program_id") public var programID: UUID
    @Field(key: "side") public var side: BaseKind
    /// The mentee of a group who answered; nil for the mentor.
    @OptionalField(key: "member_id") public var memberID: UUID?
    @Field(key: "most_valuable") public var mostValuable: String
    @Field(key: "results") public var results: String
    @Field(key: "learned") public var learned: String
    /// «Оцените по десятибалльной шкале, насколько вы приблизились к цели», 1–10.
    @Field(key: "closeness") public var closeness: Int
    @Field(key: "changed") public var changed: String
    @Field(key: "understood") public var understood: String
    @Field(key: "remembered") public var remembered: String
    @Field(key: "continue_together") public var continueTogether: Bool
    /// «Хотели бы вы стать наставником / продолжить работу в роли наставника?»
    @Field(key: "wants_to_mentor") public var wantsToMentor: Bool
    @Field(key: "written_by_name") public var writtenByName: String
    /// Raised by every edit: an edit from an older copy is refused (`PairCompletion.saveAnswers`).
    @OptionalField(key: "version") public var version: Int?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}
