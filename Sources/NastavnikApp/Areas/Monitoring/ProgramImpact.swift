import Fluent
import Foundation

/// The second stage of monitoring (seed 003): each parameter measured on entry and on exit, the
/// change per person, and the average change per program, per form and per pairing scheme, with
/// the number of people behind each figure and a plain caution where groups are too small.
struct ProgramImpact: Encodable, Sendable {
    /// Fewer people than this and a comparison says nothing yet.
    static let minimumGroup = 5

    struct Change: Encodable, Sendable {
        let parameter: String
        let entry: String
        let exit: String
        let change: String
        /// improved, worse, same or "" when not measured twice.
        let direction: String
    }

    struct Person: Encodable, Sendable {
        let menteeID: UUID
        let name: String
        let form: String
        let scheme: String
        let changes: [Change]
    }

    struct Group: Encodable, Sendable {
        let label: String
        let parameter: String
        let averageChange: String
        let improvedShare: String
        let improvedShareValue: Double
        let people: Int
        let caution: String
    }

    let people: [Person]
    let byParameter: [Group]
    let byForm: [Group]
    let byScheme: [Group]

    /// One participant's values by parameter and phase.
    typealias Values = [ImpactParameter: [MeasurementPhase: Double]]

    static func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        let text = Int(exactly: value).map(String.init) ?? value.russian()
        return text.replacingOccurrences(of: ".", with: ",")
    }

    static func change(_ parameter: ImpactParameter, _ phases: [MeasurementPhase: Double]?) -> Change {
        let entry = phases?[.entry], exit = phases?[.exit]
        guard let entry, let exit else {
            return Change(parameter: parameter.shortName, entry: format(entry), exit: format(exit), change: "", direction: "")
        }
        let delta = exit - entry
        let better = parameter.higherIsBetter ? delta > 0 : delta < 0
        return Change(parameter: parameter.shortName, entry: format(entry), exit: format(exit),
                      change: (delta > 0 ? "+" : "") + format(delta), direction: delta == 0 ? "same" : better ? "improved" : "worse")
    }

    /// Groups of people with both measurements of a parameter: the average change and the share improved.
    static func groups(_ label: (ImpactParameter) -> String, _ members: [(Values)], parameters: [ImpactParameter]) -> [Group] {
        parameters.compactMap { parameter in
            let deltas = members.compactMap { values -> Double? in
                guard let entry = values[parameter]?[.entry], let exit = values[parameter]?[.exit] else { return nil }
                return exit - entry
            }
            guard !deltas.isEmpty else { return nil }
            let improved = deltas.filter { parameter.higherIsBetter ? $0 > 0 : $0 < 0 }.count
            let mean = deltas.reduce(0, +) / Double(deltas.count)
            return Group(label: label(parameter), parameter: parameter.shortName, averageChange: (mean > 0 ? "+" : "") + format((mean * 10).rounded() / 10),
                         improvedShare: IndicatorCounts.percent(Double(improved) / Double(deltas.count)),
                         improvedShareValue: Double(improved) / Double(deltas.count), people: deltas.count,
                         caution: deltas.count < minimumGroup ? "Мало данных (\(deltas.count) чел.): сравнивать и делать выводы рано." : "")
        }
    }

    static func load(_ program: Program, on db: any Database) async throws -> ProgramImpact {
        let programID = try program.requireID()
        let pairings = try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$status ~~ [.formed, .finished])
            .with(\.$members) { $0.with(\.$mentee) }.all()
        let measurements = try await ImpactMeasurement.query(on: db).filter(\.$program.$id == programID).all()
        var values: [UUID: Values] = [:]
        for measurement in measurements { values[measurement.$mentee.id, default: [:]][measurement.parameter, default: [:]][measurement.phase] = measurement.value }

        var people: [Person] = []
        var byForm: [MentoringForm: [Values]] = [:]
        var byScheme: [PairingScheme: [Values]] = [:]
        for pairing in pairings {
            for member in pairing.members where member.isAgreed {
                let own = values[member.$mentee.id] ?? [:]
                people.append(Person(menteeID: member.$mentee.id, name: member.mentee.fullName, form: pairing.form.russianName,
                                     scheme: pairing.scheme.russianName,
                                     changes: ImpactParameter.measured(for: pairing.form).map { change($0, own[$0]) }))
                byForm[pairing.form, default: []].append(own)
                byScheme[pairing.scheme, default: []].append(own)
            }
        }
        let all = people.map { values[$0.menteeID] ?? [:] }
        return ProgramImpact(
            people: people.sorted { $0.name < $1.name },
            byParameter: groups({ _ in "Вся программа" }, all, parameters: ImpactParameter.allCases),
            byForm: MentoringForm.allCases.flatMap { form in
                groups({ _ in form.russianName }, byForm[form] ?? [], parameters: ImpactParameter.measured(for: form))
            },
            byScheme: PairingScheme.allCases.flatMap { scheme in
                groups({ _ in scheme.russianName }, byScheme[scheme] ?? [], parameters: ImpactParameter.allCases)
            })
    }
}
