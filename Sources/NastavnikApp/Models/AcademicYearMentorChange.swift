import Fluent
import Foundation

/// One mentor card's change by an academic-year step (issue 18, item 5): a pupil or student
/// mentor's class before and after, and whether they graduated. The mentor's status is not
/// touched: a graduate's working pair goes on until it ends.
public final class AcademicYearMentorChange: Model, @unchecked Sendable {
    public static let schema = "academic_year_mentor_changes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "advance_id") public var advance: AcademicYearAdvance
    @Parent(key: "mentor_id") public var mentor: Mentor
    @Field(key: "old_class_name") public var oldClassName: String
    @Field(key: "new_class_name") public var newClassName: String
    @Field(key: "graduated") public var graduated: Bool

    public init() {}
}
