import Fluent
import Foundation

/// The step into a new academic year (issue 18, item 5): classes and groups advance, graduates
/// leave the active base. Its changes are kept so that it can be undone exactly.
public final class AcademicYearAdvance: Model, @unchecked Sendable {
    public static let schema = "academic_year_advances"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    /// The start year of the academic year the classes advanced into.
    @Field(key: "academic_year") public var academicYear: Int
    @Parent(key: "created_by_id") public var createdBy: User
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @OptionalField(key: "undone_at") public var undoneAt: Date?
    @OptionalParent(key: "undone_by_id") public var undoneBy: User?

    public init() {}
}

/// One card's change by an advance: the class before and after, the status before and after.
public final class AcademicYearChange: Model, @unchecked Sendable {
    public static let schema = "academic_year_changes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "advance_id") public var advance: AcademicYearAdvance
    @Parent(key: "mentee_id") public var mentee: Mentee
    @Field(key: "old_class_name") public var oldClassName: String
    @Field(key: "new_class_name") public var newClassName: String
    @Field(key: "old_status") public var oldStatus: MenteeStatus
    @Field(key: "new_status") public var newStatus: MenteeStatus
    @Field(key: "graduated") public var graduated: Bool

    public init() {}
}
