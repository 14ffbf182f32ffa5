import Fluent
import Foundation

/// A scale an organization measures besides the built-in ones (issue 17, item 5): «Баллы
/// демонстрационного экзамена», «Пропуски занятий, часы». Its values are kept with the built-in
/// measurements under the code «scale-<id>», on entry and exit, by hand or from a questionnaire.
public final class OwnScale: Model, @unchecked Sendable {
    public static let schema = "own_scales"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Field(key: "name") public var name: String
    /// The name in lower case with single spaces: one scale per organization and name (a unique index).
    @Field(key: "name_key") public var nameKey: String
    @OptionalField(key: "unit") public var unit: String?
    @Field(key: "minimum") public var minimum: Double
    @Field(key: "maximum") public var maximum: Double
    @Field(key: "higher_is_better") public var higherIsBetter: Bool
    @Field(key: "for_mentees") public var forMentees: Bool
    @Field(key: "for_mentors") public var forMentors: Bool
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(organizationID: UUID, name: String, unit: String?, minimum: Double, maximum: Double, higherIsBetter: Bool,
                forMentees: Bool, forMentors: Bool) {
        self.organizationID = organizationID
        self.name = name
        self.nameKey = Self.key(name)
        self.unit = unit
        self.minimum = minimum
        self.maximum = maximum
        self.higherIsBetter = higherIsBetter
        self.forMentees = forMentees
        self.forMentors = forMentors
    }

    static func key(_ name: String) -> String {
        name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ").replacingOccurrences(of: "ё", with: "е")
    }
}
