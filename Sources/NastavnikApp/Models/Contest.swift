import Fluent
import Foundation

/// The regional contest of teacher-mentors «Быть учителем!» (seed 004): a semi-final inside
/// organizations, districts and associations by nominations, a regional final, and a
/// super-final in person, each in its date window. A regional coordinator runs it.
public final class Contest: Model, @unchecked Sendable {
    public static let schema = "contests"

    @ID(key: .id) public var id: UUID?
    @Field(key: "region_id") public var regionID: UUID
    @Field(key: "title") public var title: String
    @Field(key: "year") public var year: Int
    /// Nominations, one per line.
    @Field(key: "nominations") public var nominations: String
    /// Criteria of the jury's scoring, one per line; each scored 0–10.
    @Field(key: "criteria") public var criteria: String
    /// ISO days of each stage's window.
    @Field(key: "semi_final_from") public var semiFinalFrom: String
    @Field(key: "semi_final_to") public var semiFinalTo: String
    @Field(key: "final_from") public var finalFrom: String
    @Field(key: "final_to") public var finalTo: String
    @Field(key: "super_final_from") public var superFinalFrom: String
    @Field(key: "super_final_to") public var superFinalTo: String
    /// The stage now being judged.
    @Field(key: "current_stage") public var currentStage: ContestStage
    @Field(key: "results_published") public var resultsPublished: Bool
    @Field(key: "created_by_name") public var createdByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public var nominationList: [String] { nominations.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    public var criteriaList: [String] { criteria.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }

    /// The six window days by their form names, as the create and the windows forms use them.
    public var windowDays: [String: String] {
        get {
            ["semiFinalFrom": semiFinalFrom, "semiFinalTo": semiFinalTo, "finalFrom": finalFrom, "finalTo": finalTo,
             "superFinalFrom": superFinalFrom, "superFinalTo": superFinalTo]
        }
        set {
            semiFinalFrom = newValue["semiFinalFrom"] ?? semiFinalFrom
            semiFinalTo = newValue["semiFinalTo"] ?? semiFinalTo
            finalFrom = newValue["finalFrom"] ?? finalFrom
            finalTo = newValue["finalTo"] ?? finalTo
            superFinalFrom = newValue["superFinalFrom"] ?? superFinalFrom
            superFinalTo = newValue["superFinalTo"] ?? superFinalTo
        }
    }

    public func window(_ stage: ContestStage) -> (from: String, to: String) {
        switch stage {
        case .semiFinal: (semiFinalFrom, semiFinalTo)
        case .final: (finalFrom, finalTo)
        case .superFinal: (superFinalFrom, superFinalTo)
        }
    }
}

public enum ContestStage: String, Codable, CaseIterable, Sendable, Comparable {
    case semiFinal, final, superFinal

    public var russianName: String {
        switch self {
        case .semiFinal: "Полуфинал (заочный, в организациях, районах, ассоциациях)"
        case .final: "Финал (краевой)"
        case .superFinal: "Суперфинал (очный)"
        }
    }

    public var shortName: String {
        switch self {
        case .semiFinal: "Полуфинал"
        case .final: "Финал"
        case .superFinal: "Суперфинал"
        }
    }

    var order: Int { Self.allCases.firstIndex(of: self)! }
    public var next: ContestStage? { order + 1 < Self.allCases.count ? Self.allCases[order + 1] : nil }
    public static func < (lhs: ContestStage, rhs: ContestStage) -> Bool { lhs.order < rhs.order }
}
