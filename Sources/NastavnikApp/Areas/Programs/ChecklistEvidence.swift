import Fluent
import Vapor

/// Ticks checklist items from data the platform holds. Each source answers which facts hold for
/// a program: the program record (team, forms, roadmap), the bases (`baseFacts`) and the pairs
/// (`pairingFacts`). Areas that
/// own other data register a source at configure time, e.g. pairing:
///
///     app.checklistEvidence.register { program, db in
///         try await Pair.query(on: db)...count() > 0 ? [.pairsFormed] : []
///     }
public struct ChecklistEvidence: Sendable {
    public typealias Source = @Sendable (Program, any Database) async throws -> Set<ChecklistFact>

    private(set) var sources: [Source] = [ChecklistEvidence.programFacts, ChecklistEvidence.baseFacts, ChecklistEvidence.pairingFacts]

    public mutating func register(_ source: @escaping Source) { sources.append(source) }

    /// Every fact that holds for the program now.
    public func facts(for program: Program, on db: any Database) async throws -> Set<ChecklistFact> {
        var facts = Set<ChecklistFact>()
        for source in sources { facts.formUnion(try await source(program, db)) }
        return facts
    }

    /// What the program record itself shows.
    static let programFacts: Source = { program, db in
        let programID = try program.requireID()
        var facts = Set<ChecklistFact>()
        let team = try await ProgramTeamMember.query(on: db).filter(\.$program.$id == programID).all()
        if team.contains(where: \.isCurator) && team.contains(where: { !$0.isCurator }) { facts.insert(.curatorAndTeamAppointed) }
        if !program.forms.isEmpty && !program.goals.isEmpty && !program.expectedResults.isEmpty { facts.insert(.formsAndResultsDefined) }
        if try await RoadmapItem.query(on: db).filter(\.$program.$id == programID).count() > 0 { facts.insert(.roadmapBuilt) }
        return facts
    }
}

extension Application {
    private struct ChecklistEvidenceKey: StorageKey { typealias Value = ChecklistEvidence }

    /// The sources of automatic checklist ticks; areas add theirs in `configure`.
    public var checklistEvidence: ChecklistEvidence {
        get { storage[ChecklistEvidenceKey.self] ?? ChecklistEvidence() }
        set { storage[ChecklistEvidenceKey.self] = newValue }
    }
}
