import Fluent
import Foundation

/// The second stage of monitoring (seed 003): each parameter of mentees and mentors measured on entry and on exit, the
/// change per person, and the average change per program, per form and per pairing scheme, with
/// the number of people behind each figure and a plain caution where groups are too small.
struct ProgramImpact: Encodable, Sendable {
    /// Fewer people than this and a comparison says nothing yet.
    static let minimumGroup = 5

    struct Change: Codable, Sendable {
        let parameter: String
        let entry: String
        let exit: String
        let change: String
        /// improved, worse, same or "" when not measured twice.
        let direction: String
        /// The numbers behind the texts, for the API: the scale's code and the values measured.
        var code = ""
        var entryValue: Double? = nil
        var exitValue: Double? = nil
    }

    struct Person: Codable, Sendable {
        /// «mentee-<id>» or «mentor-<id>» (`ProgramPeople.Person.key`).
        let key: String
        let side: String
        let name: String
        let form: String
        let scheme: String
        let changes: [Change]
        /// The codes behind `side`, `form` and `scheme`, for the API.
        var sideCode = ProgramPeople.Side.mentee
        var formCode: MentoringForm? = nil
        var schemeCode: PairingScheme? = nil
    }

    struct Group: Codable, Sendable {
        let label: String
        let parameter: String
        let averageChange: String
        let improvedShare: String
        let improvedShareValue: Double
        let people: Int
        let caution: String
        /// The numbers and codes behind the texts, for the API: the scale's code, the mean change,
        /// and which side, form or scheme the group is (nil for all of them).
        var code = ""
        var averageChangeValue = 0.0
        var side: ProgramPeople.Side? = nil
        var form: MentoringForm? = nil
        var scheme: PairingScheme? = nil
    }

    let people: [Person]
    let byParameter: [Group]
    /// Mentees and mentors apart: seed 003 measures all participants.
    let bySide: [Group]
    let byForm: [Group]
    let byScheme: [Group]

    /// One participant's values by scale code (`MeasureScale.code`) and phase.
    typealias Values = [String: [MeasurementPhase: Double]]

    static func format(_ value: Double?) -> String {
        guard let value else { return "—" }
        let text = Int(exactly: value).map(String.init) ?? value.russian()
        return text.replacingOccurrences(of: ".", with: ",")
    }

    static func change(_ parameter: MeasureScale, _ phases: [MeasurementPhase: Double]?) -> Change {
        let entry = phases?[.entry], exit = phases?[.exit]
        guard let entry, let exit else {
            return Change(parameter: parameter.shortName, entry: format(entry), exit: format(exit), change: "", direction: "",
                          code: parameter.code, entryValue: entry, exitValue: exit)
        }
        let delta = exit - entry
        let better = parameter.higherIsBetter ? delta > 0 : delta < 0
        return Change(parameter: parameter.shortName, entry: format(entry), exit: format(exit),
                      change: (delta > 0 ? "+" : "") + format(delta), direction: delta == 0 ? "same" : better ? "improved" : "worse",
                      code: parameter.code, entryValue: entry, exitValue: exit)
    }

    /// Groups of people with both measurements of a parameter: the average change and the share improved.
    static func groups(_ label: (MeasureScale) -> String, _ members: [(Values)], parameters: [MeasureScale]) -> [Group] {
        parameters.compactMap { parameter in
            let deltas = members.compactMap { values -> Double? in
                guard let entry = values[parameter.code]?[.entry], let exit = values[parameter.code]?[.exit] else { return nil }
                return exit - entry
            }
            guard !deltas.isEmpty else { return nil }
            let improved = deltas.filter { parameter.higherIsBetter ? $0 > 0 : $0 < 0 }.count
            let mean = deltas.reduce(0, +) / Double(deltas.count)
            return Group(label: label(parameter), parameter: parameter.shortName, averageChange: (mean > 0 ? "+" : "") + format((mean * 10).rounded() / 10),
                         improvedShare: IndicatorCounts.percent(Double(improved) / Double(deltas.count)),
                         improvedShareValue: Double(improved) / Double(deltas.count), people: deltas.count,
                         caution: deltas.count < minimumGroup ? "Мало данных (\(deltas.count) чел.): сравнивать и делать выводы рано." : "",
                         code: parameter.code, averageChangeValue: mean)
        }
    }

    /// The parameters shown for a person: their side's for their form, the organization's own scales
    /// for their side, and whatever else was measured.
    static func parameters(_ side: ProgramPeople.Side, _ form: MentoringForm?, measured: Values, scales: [MeasureScale]) -> [MeasureScale] {
        let usual = (form.map { side == .mentee ? ImpactParameter.measured(for: $0) : ImpactParameter.measuredForMentors(of: $0) }
            ?? [.satisfaction]).map(MeasureScale.init)
        let own = scales.filter { $0.isOwn && $0.measures(side) }
        let shown = Set((usual + own).map(\.code))
        return usual + own + scales.filter { !shown.contains($0.code) && measured[$0.code] != nil }
    }

    static func load(_ program: Program, on db: any Database) async throws -> ProgramImpact {
        let programID = try program.requireID()
        let measurements = try await ImpactMeasurement.query(on: db).filter(\.$program.$id == programID).all()
        let scales = try await MeasureScale.all(of: program.$organization.id, on: db)
        var values: [String: Values] = [:]
        for measurement in measurements {
            let key: String
            if let mentee = measurement.$mentee.id { key = "mentee-\(mentee)" } else if let mentor = measurement.$mentor.id { key = "mentor-\(mentor)" } else { continue }
            values[key, default: [:]][measurement.parameter, default: [:]][measurement.phase] = measurement.value
        }

        let everyone = try await ProgramPeople.load(program, waiting: false, on: db).adding(Set(values.keys), on: db)
        var people: [Person] = []
        var bySide: [ProgramPeople.Side: [Values]] = [:]
        var byForm: [MentoringForm: [ProgramPeople.Side: [Values]]] = [:]
        var byScheme: [PairingScheme: [ProgramPeople.Side: [Values]]] = [:]
        for person in everyone.people {
            let own = values[person.key] ?? [:]
            // People still waiting for a pair are listed only once measured.
            guard person.pairingID != nil || !own.isEmpty else { continue }
            people.append(Person(key: person.key, side: person.side == .mentee ? "Наставляемый" : "Наставник", name: person.name,
                                 form: person.form?.russianName ?? "форма не указана", scheme: person.scheme?.russianName ?? "пара не сформирована",
                                 changes: parameters(person.side, person.form, measured: own, scales: scales).map { change($0, own[$0.code]) },
                                 sideCode: person.side, formCode: person.form, schemeCode: person.scheme))
            bySide[person.side, default: []].append(own)
            if let form = person.form { byForm[form, default: [:]][person.side, default: []].append(own) }
            if let scheme = person.scheme { byScheme[scheme, default: [:]][person.side, default: []].append(own) }
        }
        func split<Key>(_ keys: [Key], _ table: [Key: [ProgramPeople.Side: [Values]]], _ name: (Key) -> String,
                        _ tag: @escaping (inout Group, Key) -> Void) -> [Group] {
            keys.flatMap { key in
                ProgramPeople.Side.allCases.flatMap { side in
                    groups({ _ in "\(name(key)) · \(side.russianName.lowercased())" }, table[key]?[side] ?? [], parameters: scales)
                        .map { group in var group = group; group.side = side; tag(&group, key); return group }
                }
            }
        }
        return ProgramImpact(
            people: people.sorted { ($0.side, $0.name) < ($1.side, $1.name) },
            byParameter: groups({ _ in "Вся программа" }, bySide.values.flatMap { $0 }, parameters: scales),
            bySide: ProgramPeople.Side.allCases.flatMap { side in
                groups({ _ in side.russianName }, bySide[side] ?? [], parameters: scales).map { group in var group = group; group.side = side; return group }
            },
            byForm: split(MentoringForm.allCases, byForm, { $0.russianName }, { $0.form = $1 }),
            byScheme: split(PairingScheme.allCases, byScheme, { $0.russianName }, { $0.scheme = $1 }))
    }
}
