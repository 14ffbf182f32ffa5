import Fluent
import Foundation

/// What an organization reports for an academic year because the bases cannot know it: how many
/// students (and teachers, and young teachers up to three years of experience) it has. These are
/// the denominators of the shares of seed 004.
public final class OrganizationYearFigures: Model, @unchecked Sendable {
    public static let schema = "organization_year_figures"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "organization_id") public var organization: Organization
    /// The first calendar year of the academic year: 2026 for «2026/2027».
    @Field(key: "academic_year") public var academicYear: Int
    @Field(key: "students") public var students: Int
    @Field(key: "teachers") public var teachers: Int
    @Field(key: "young_teachers") public var youngTeachers: Int
    @Field(key: "entered_by_name") public var enteredByName: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}
