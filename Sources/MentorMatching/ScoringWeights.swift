/// One criterion of compatibility between a mentor and a mentee.
public enum Criterion: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
    /// The mentee's requests against the mentor's competencies and life experience.
    case request
    case subjects
    case interests
    /// The mentee's age within the mentor's preferred range.
    case age
    /// A common weekly time to meet.
    case meetingTime
    /// In person or online on both sides.
    case place
    case form
    case roleModel
    /// The mentor's hours a week, shared among its mentees, cover the mentee's need.
    case timeResource

    /// The name a curator reads.
    public var russianName: String {
        switch self {
        case .request: "запрос"
        case .subjects: "предметы"
        case .interests: "интересы"
        case .age: "возраст"
        case .meetingTime: "время встреч"
        case .place: "место встреч"
        case .form: "форма наставничества"
        case .roleModel: "ролевая модель"
        case .timeResource: "временной ресурс"
        }
    }
}

/// How much a criterion counts (0–10, set by the curator) and whether it is required:
/// a pair that does not meet a required criterion is not allowed at all.
public struct CriterionSetting: Codable, Sendable, Equatable {
    public var weight: Int
    public var required: Bool

    /// The weight is clamped to 0–10.
    public init(weight: Int, required: Bool = false) {
        self.weight = min(max(weight, 0), 10)
        self.required = required
    }
}

/// The curator's settings for every criterion.
public struct ScoringWeights: Codable, Sendable, Equatable {
    public var settings: [Criterion: CriterionSetting]

    public init(_ settings: [Criterion: CriterionSetting]) {
        self.settings = settings
    }

    /// A starting point: the request weighs most, as the seeds build pairs around the
    /// mentee's request; nothing is required until the curator says so.
    public static let standard = ScoringWeights([
        .request: .init(weight: 10), .subjects: .init(weight: 6), .interests: .init(weight: 3),
        .age: .init(weight: 4), .meetingTime: .init(weight: 5), .place: .init(weight: 3),
        .form: .init(weight: 8), .roleModel: .init(weight: 2), .timeResource: .init(weight: 4),
    ])

    /// The setting for a criterion; a criterion not listed weighs 0 and is not required.
    public func setting(for criterion: Criterion) -> CriterionSetting {
        settings[criterion] ?? CriterionSetting(weight: 0)
    }

    /// A copy with one criterion changed.
    public func with(_ criterion: Criterion, weight: Int, required: Bool = false) -> ScoringWeights {
        var copy = self
        copy.settings[criterion] = CriterionSetting(weight: weight, required: required)
        return copy
    }
}
