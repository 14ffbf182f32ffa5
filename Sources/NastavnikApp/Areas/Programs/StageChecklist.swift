import Fluent
import Foundation

/// A program's checklist as a person sees it: each item done by hand, done because the data
/// shows it, or open.
public struct StageChecklist: Sendable {
    public struct Entry: Sendable, Encodable {
        public let id: UUID
        public let stage: Int
        public let contour: String
        public let title: String
        public let isDone: Bool
        /// Done because the platform's data shows it, not ticked by a person.
        public let isDerived: Bool
        public let doneBy: String?
    }

    public let entries: [Entry]

    public static func load(_ program: Program, evidence: ChecklistEvidence, on db: any Database) async throws -> StageChecklist {
        let items = try await StageChecklistItem.query(on: db).filter(\.$program.$id == program.requireID())
            .sort(\.$stage).sort(\.$position).all()
        let facts = try await evidence.facts(for: program, on: db)
        return StageChecklist(entries: try items.map { item in
            let derived = !item.isDone && item.fact.map(facts.contains) == true
            return Entry(id: try item.requireID(), stage: item.stage.rawValue, contour: item.contour.russianName, title: item.title,
                         isDone: item.isDone || derived, isDerived: derived, doneBy: item.isDone ? item.doneByName : nil)
        })
    }

    public func entries(of stage: ProgramStage) -> [Entry] { entries.filter { $0.stage == stage.rawValue } }

    /// Items of this stage and the ones before it that are still not done.
    public func openItems(upTo stage: ProgramStage) -> [Entry] { entries.filter { $0.stage <= stage.rawValue && !$0.isDone } }
}
