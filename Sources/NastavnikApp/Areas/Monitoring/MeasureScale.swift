import Fluent
import Foundation

/// One thing measured on entry and exit: a built-in parameter or an organization's own scale
/// (issue 17, item 5). Pages, the API, questionnaires marked as measurements and the dynamics
/// treat both alike through the code stored in `impact_measurements.parameter`.
struct MeasureScale: Sendable, Hashable {
    /// `ImpactParameter`'s raw value, or «scale-<id>».
    let code: String
    let name: String
    let shortName: String
    let range: ClosedRange<Double>
    let higherIsBetter: Bool
    let forMentees: Bool
    let forMentors: Bool
    /// True for the organization's own scales.
    let isOwn: Bool

    init(_ parameter: ImpactParameter) {
        code = parameter.rawValue
        name = parameter.russianName
        shortName = parameter.shortName
        range = parameter.range
        higherIsBetter = parameter.higherIsBetter
        forMentees = true
        forMentors = true
        isOwn = false
    }

    init(_ scale: OwnScale) {
        code = Self.code(of: scale.id ?? UUID())
        let unit = scale.unit.map { ", \($0)" } ?? ""
        name = scale.name + unit
        shortName = scale.name
        range = scale.minimum...max(scale.minimum, scale.maximum)
        higherIsBetter = scale.higherIsBetter
        forMentees = scale.forMentees
        forMentors = scale.forMentors
        isOwn = true
    }

    static func code(of scaleID: UUID) -> String { "scale-\(scaleID.uuidString.lowercased())" }

    var rangeText: String { "\(ProgramImpact.format(range.lowerBound))–\(ProgramImpact.format(range.upperBound))" }

    var directionText: String { higherIsBetter ? "больше — лучше" : "меньше — лучше" }

    func measures(_ side: ProgramPeople.Side) -> Bool { side == .mentee ? forMentees : forMentors }

    static let builtIn = ImpactParameter.allCases.map(MeasureScale.init)

    /// The organization's own scales, oldest first.
    static func own(of organizationID: UUID, on db: any Database) async throws -> [MeasureScale] {
        try await OwnScale.query(on: db).filter(\.$organizationID == organizationID).sort(\.$createdAt).sort(\.$name).all().map(MeasureScale.init)
    }

    /// The built-in parameters and then the organization's own scales.
    static func all(of organizationID: UUID, on db: any Database) async throws -> [MeasureScale] {
        builtIn + (try await own(of: organizationID, on: db))
    }
}
