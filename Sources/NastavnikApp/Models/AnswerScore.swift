import Fluent
import Foundation

/// A score read out of a submitted answer when it is stored (satisfaction, the program's
/// quality), with the program and the respondent's group, so the indicators can average them
/// in SQL across a region instead of opening every answer sheet.
public final class AnswerScore: Model, @unchecked Sendable {
    public static let schema = "answer_scores"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @OptionalField(key: "program_id") public var programID: UUID?
    @Field(key: "answer_id") public var answerID: UUID
    @Field(key: "key") public var key: String
    /// mentor, mentee, curator, partner or other: the role the answer was given in.
    @Field(key: "respondent_group") public var respondentGroup: String
    @Field(key: "value") public var value: Int
    /// The academic year the answer was given in (its start year): satisfaction per year of a long program.
    @OptionalField(key: "academic_year") public var academicYear: Int?

    public init() {}
}
