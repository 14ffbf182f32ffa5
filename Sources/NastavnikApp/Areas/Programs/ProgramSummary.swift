import Fluent
import Foundation

/// A program in a list: its stage, overdue items and health.
public struct ProgramSummary: Sendable, Encodable {
    public let id: UUID
    public let name: String
    public let forms: String
    public let period: String
    public let stage: Int
    public let stageName: String
    public let overdueItems: Int
    public let health: ProgramHealth
    public let healthName: String

    /// The programs of an organization, newest period first, with their health as of `today`.
    public static func list(organizationID: UUID, kind: OrganizationKind, evidence: ChecklistEvidence, today: CalendarDay, on db: any Database) async throws -> [ProgramSummary] {
        let programs = try await Program.query(on: db).filter(\.$organization.$id == organizationID)
            .sort(\.$startsOn, .descending).sort(\.$name).all()
        var summaries: [ProgramSummary] = []
        for program in programs { summaries.append(try await summary(program, kind: kind, evidence: evidence, today: today, on: db)) }
        return summaries
    }

    /// `kind` words the forms as that organization says them; without it the general names (the API).
    public static func summary(_ program: Program, kind: OrganizationKind? = nil, evidence: ChecklistEvidence, today: CalendarDay, on db: any Database) async throws -> ProgramSummary {
        let programID = try program.requireID()
        let overdue = try await RoadmapItem.query(on: db).filter(\.$program.$id == programID)
            .filter(\.$markedStatus != .done).filter(\.$dueOn < today.iso).count()
        let checklist = try await StageChecklist.load(program, evidence: evidence, on: db)
        let earlier = program.stage.rawValue > 1 ? checklist.openItems(upTo: ProgramStage(rawValue: program.stage.rawValue - 1)!).count : 0
        let health = ProgramHealth.assess(overdueItems: overdue, openEarlierItems: earlier, periodEnded: program.end < today, stage: program.stage)
        return ProgramSummary(id: programID, name: program.name, forms: program.forms.map { kind.map($0.russianName(in:)) ?? $0.russianName }.joined(separator: ", "),
                              period: program.periodText, stage: program.stage.rawValue, stageName: program.stage.russianName,
                              overdueItems: overdue, health: health, healthName: health.russianName)
    }
}
