import Fluent
import Foundation

/// The rules of a program's life: creating it with its checklist, editing it, building the
/// roadmap from a template, moving it between stages. Handlers and the API call these.
public enum ProgramService {
    /// Saves a new program with its team and the checklist for its forms; with a template, also the roadmap.
    public static func create(_ draft: ProgramDraft, organizationID: UUID, template: RoadmapTemplate.Kind?, on db: any Database) async throws -> Program {
        try await db.transaction { db in
            let program = Program(organizationID: organizationID, name: draft.name, forms: draft.forms, roleModels: draft.roleModels,
                                  goals: draft.goals, expectedResults: draft.expectedResults, startsOn: draft.start, endsOn: draft.end,
                                  partners: draft.partners)
            try await program.save(on: db)
            try await saveTeam(draft, of: program, on: db)
            try await syncChecklist(of: program, on: db)
            if let template { _ = try await addRoadmap(from: template.template, to: program, on: db) }
            return program
        }
    }

    /// Applies an edited draft. The checklist gains the items of newly chosen forms and loses the
    /// unticked items of forms no longer chosen; what was ticked stays.
    public static func update(_ program: Program, with draft: ProgramDraft, on db: any Database) async throws {
        try await db.transaction { db in
            program.name = draft.name
            program.forms = draft.forms
            program.roleModels = draft.roleModels
            program.goals = draft.goals
            program.expectedResults = draft.expectedResults
            program.startsOn = draft.start.iso
            program.endsOn = draft.end.iso
            program.partners = draft.partners
            try await program.save(on: db)
            try await ProgramTeamMember.query(on: db).filter(\.$program.$id == program.requireID()).delete()
            try await saveTeam(draft, of: program, on: db)
            try await syncChecklist(of: program, on: db)
            // The program's dates decide in which academic years its pairs count. Always, not only when the
            // form's dates differ from the ones loaded before: another curator may have saved other dates since.
            try await IndicatorCountsTable.refresh(programs: [program.requireID()], on: db)
        }
    }

    static func saveTeam(_ draft: ProgramDraft, of program: Program, on db: any Database) async throws {
        let programID = try program.requireID()
        let members = draft.curators.map { ($0, true) } + draft.team.map { ($0, false) }
        for (index, (line, isCurator)) in members.enumerated() {
            try await ProgramTeamMember(programID: programID, fullName: line.fullName, isCurator: isCurator,
                                        responsibility: line.responsibility, position: index).save(on: db)
        }
    }

    static func syncChecklist(of program: Program, on db: any Database) async throws {
        let programID = try program.requireID()
        let wanted = StageChecklistTemplate.items(for: program.forms)
        let existing = try await StageChecklistItem.query(on: db).filter(\.$program.$id == programID).all()
        let wantedKeys = Set(wanted.map { "\($0.stage.rawValue)|\($0.title)" })
        for item in existing where !item.isDone && !wantedKeys.contains("\(item.stage.rawValue)|\(item.title)") {
            try await item.delete(on: db)
        }
        let existingKeys = Set(existing.map { "\($0.stage.rawValue)|\($0.title)" })
        for (index, item) in wanted.enumerated() where !existingKeys.contains("\(item.stage.rawValue)|\(item.title)") {
            try await StageChecklistItem(programID: programID, stage: item.stage, contour: item.contour, title: item.title,
                                         fact: item.fact, position: index).save(on: db)
        }
    }

    /// Appends the template's plan, shifted to the program's period, after the items already there.
    public static func addRoadmap(from template: RoadmapTemplate, to program: Program, on db: any Database) async throws -> Int {
        let programID = try program.requireID()
        let last = try await RoadmapItem.query(on: db).filter(\.$program.$id == programID).max(\.$position) ?? 0
        let plan = template.plan(start: program.start, end: program.end)
        for (index, row) in plan.enumerated() {
            try await RoadmapItem(programID: programID, position: last + index + 1, title: row.title, stage: row.stage, contour: row.contour,
                                  deadline: row.deadline, isYearly: row.isYearly, academicYear: row.academicYear,
                                  expectedResult: row.result, responsible: row.responsible, document: row.document).save(on: db)
        }
        return plan.count
    }

    /// The outcome of a stage move: the stage left, and what was not done there.
    public struct StageMove: Sendable {
        public let from: ProgramStage
        public let to: ProgramStage
        public let openItems: [String]
    }

    /// Moves the program to another stage. Unfinished work does not stop the move — the curator
    /// decides — but is reported back and recorded with who made the move.
    public static func move(_ program: Program, to stage: ProgramStage, by principal: Principal, evidence: ChecklistEvidence,
                            on db: any Database) async throws -> StageMove {
        let from = program.stage
        let checklist = try await StageChecklist.load(program, evidence: evidence, on: db)
        let open = stage > from ? checklist.openItems(upTo: from) : []
        try await db.transaction { db in
            program.stage = stage
            try await program.save(on: db)
            try await StageTransition(programID: try program.requireID(), from: from, to: stage, at: Date(), actorID: principal.userID,
                                      actorName: principal.fullName, openItems: open.count).save(on: db)
        }
        return StageMove(from: from, to: stage, openItems: open.map(\.title))
    }
}
