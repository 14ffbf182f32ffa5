import Vapor

/// The API's own types of a program's monitoring, mapped from `ProgramQuality` and
/// `ProgramImpact` (which the page draws too): numbers as numbers, scales, sides, forms and
/// schemes as codes, and a Russian label only where a row needs one to be read.
extension ProgramMonitoringAPIController {
    struct QualityScore: Content {
        let label: String
        /// The mean on the survey's scale; absent without answers.
        let average: Double?
        let count: Int

        init(_ score: ProgramQuality.Score) {
            label = score.label; average = score.averageValue; count = score.count
        }
    }

    struct QualityFigure: Content {
        let code: String
        let label: String
        let count: Int
        /// What `count` is out of; absent for a plain count.
        let of: Int?
        /// `count / of` from 0 to 1; absent for a plain count or when `of` is 0.
        let share: Double?

        init(_ figure: ProgramQuality.Figure) {
            code = figure.code; label = figure.label; count = figure.count; of = figure.of
            share = figure.of.flatMap { $0 == 0 ? nil : Double(figure.count) / Double($0) }
        }
    }

    struct Quality: Content {
        let suggestions: [SwotEntry]
        let satisfaction: [QualityScore]
        let quality: QualityScore
        let regularity: [QualityFigure]
        let results: [QualityFigure]
        let answerCount: Int

        init(_ quality: ProgramQuality) {
            suggestions = quality.suggestions.map { SwotEntry(quadrant: $0.quadrant, text: $0.text, source: $0.source) }
            satisfaction = quality.satisfaction.map(QualityScore.init)
            self.quality = QualityScore(quality.quality)
            regularity = quality.regularity.map(QualityFigure.init)
            results = quality.results.map(QualityFigure.init)
            answerCount = quality.answerCount
        }
    }

    /// The people of a group with both measurements of one scale.
    struct ImpactGroup: Content {
        let label: String
        /// The scale's code: an `ImpactParameter` or `scale-<id>`.
        let parameter: String
        let parameterName: String
        let side: ProgramPeople.Side?
        let form: MentoringForm?
        let scheme: PairingScheme?
        let averageChange: Double
        /// Of the group, the share (0–1) whose value moved the right way.
        let improvedShare: Double
        let people: Int
        /// Fewer than `ProgramImpact.minimumGroup` people: too few to compare.
        let tooFewPeople: Bool

        init(_ group: ProgramImpact.Group) {
            label = group.label; parameter = group.code; parameterName = group.parameter
            side = group.side; form = group.form; scheme = group.scheme
            averageChange = group.averageChangeValue; improvedShare = group.improvedShareValue; people = group.people
            tooFewPeople = group.people < ProgramImpact.minimumGroup
        }
    }

    struct MeasuredChange: Content {
        let parameter: String
        let parameterName: String
        let entry: Double?
        let exit: Double?
        /// Exit less entry, when both are measured.
        let change: Double?
        /// improved, worse or same, when both are measured.
        let direction: String?

        init(_ change: ProgramImpact.Change) {
            parameter = change.code; parameterName = change.parameter; entry = change.entryValue; exit = change.exitValue
            self.change = change.entryValue.flatMap { entry in change.exitValue.map { $0 - entry } }
            direction = change.direction.isEmpty ? nil : change.direction
        }
    }

    struct MeasuredPerson: Content {
        /// `mentee-<id>` or `mentor-<id>`, as `POST …/measurements` takes it.
        let key: String
        let side: ProgramPeople.Side
        let name: String
        let form: MentoringForm?
        /// Absent while the person has no pair.
        let scheme: PairingScheme?
        let changes: [MeasuredChange]

        init(_ person: ProgramImpact.Person) {
            key = person.key; side = person.sideCode; name = person.name; form = person.formCode; scheme = person.schemeCode
            changes = person.changes.map(MeasuredChange.init)
        }
    }
}
