import Fluent
import Foundation

/// The rules of a program's life: creating it with its checklist, editing it, building the
/// roadmap from a template, moving it between stages. Handlers and the API call these.
public enum ProgramService {
    /// Saves a new program with its team and the checklist for its forms; with a template, also the
    /// roadmap. The audit entry is written in the same transaction. `actor` is `.system` only for the demo.
    public static func create(_ draft: ProgramDraft, organizationID: UUID, template: RoadmapTemplate.Kind?, by actor: AuditActor = .system,
                              on db: any Database) async throws -> Program {
        try await db.transaction { db in
            let program = Program(organizationID: organizationID, name: draft.name, forms: draft.forms, roleModels: draft.roleModels,
                                  goals: draft.goals, expectedResults: draft.expectedResults, startsOn: draft.start, endsOn: draft.end,
                                  partners: draft.partners)
            try await program.save(on: db)
            try await saveTeam(draft, of: program, on: db)
            try await syncChecklist(of: program, on: db)
            if let template { _ = try await addRoadmap(from: template.template, to: program, on: db) }
            try await actor.record(.programCreated, organizationID: organizationID, objectType: "program", objectID: program.id,
                                   details: program.name + (template.map { ", дорожная карта по шаблону: \($0.russianName)" } ?? ""), on: db)
            return program
        }
    }

    /// Applies an edited draft. The checklist gains the items of newly chosen forms and loses the
    /// unticked items of forms no longer chosen; what was ticked stays.
    public static func update(_ program: Program, with draft: ProgramDraft, by actor: AuditActor = .system, on db: any Database) async throws {
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
            try await actor.record(.programUpdated, organizationID: program.$organization.id, objectType: "program", objectID: program.id,
                                   details: program.name, on: db)
            // The program's dates decide in which academic years its pairs count. Always, not only when the
            // form's dates differ from the ones loaded before: another curator may have saved other dates since.
            // Last: it takes the counts table's one lock.
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
    static func addRoadmap(from template: RoadmapTemplate, to program: Program, on db: any Database) async throws -> Int {
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

        /// What the person who moved the program is told, on the page and in the API alike.
        public var message: String {
            let moved = "Программа переведена: \(to.numberedName)."
            guard !openItems.isEmpty else { return moved }
            let listed = openItems.prefix(3).map { "«\($0)»" }.joined(separator: "; ")
            let more = openItems.count > 3 ? " и ещё \(openItems.count - 3)" : ""
            return moved + " Не выполнено пунктов прежних этапов: \(openItems.count) — \(listed)\(more). Вернитесь к ним, когда будет возможность."
        }
    }

    /// Moves the program to another stage. Unfinished work does not stop the move — the curator
    /// decides — but is reported back and recorded with who made the move. The program's row is
    /// locked first, so two moves at once take turns and each records the stage it really left.
    public static func move(_ program: Program, to stage: ProgramStage, by actor: AuditActor, evidence: ChecklistEvidence,
                            on db: any Database) async throws -> StageMove {
        let programID = try program.requireID()
        let move = try await db.transaction { db -> StageMove in
            try await RowLock.lock(Program.schema, id: programID, on: db)
            guard let current = try await Program.find(programID, on: db) else { throw AppError.notFound }
            let from = current.stage
            guard stage != from else { throw ProgramError.alreadyOnStage }
            let checklist = try await StageChecklist.load(current, evidence: evidence, on: db)
            let open = stage > from ? checklist.openItems(upTo: from) : []
            current.stage = stage
            try await current.save(on: db)
            try await StageTransition(programID: programID, from: from, to: stage, at: Date(), actorID: actor.principal?.userID,
                                      actorName: actor.principal?.fullName ?? "Система", openItems: open.count).save(on: db)
            try await actor.record(.programStageChanged, organizationID: current.$organization.id, objectType: "program", objectID: programID,
                                   details: "\(current.name): этап \(from.rawValue) → \(stage.rawValue); не выполнено пунктов: \(open.count)", on: db)
            return StageMove(from: from, to: stage, openItems: open.map(\.title))
        }
        program.stage = stage
        return move
    }

    /// Ticks a checklist item by hand, or takes the tick away. An item of another program is 404.
    public static func markChecklistItem(_ itemID: UUID?, of program: Program, done: Bool, by actor: AuditActor,
                                         on db: any Database) async throws -> StageChecklistItem {
        let programID = try program.requireID()
        return try await db.transaction { db in
            guard let itemID, let item = try await StageChecklistItem.query(on: db)
                .filter(\.$id == itemID).filter(\.$program.$id == programID).first() else { throw AppError.notFound }
            item.isDone = done
            item.doneAt = done ? Date() : nil
            item.doneByName = done ? (actor.principal?.shortName ?? "Система") : nil
            try await item.save(on: db)
            try await actor.record(.checklistItemMarked, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                   details: "\(done ? "выполнено" : "снята отметка"): \(item.title)", on: db)
            return item
        }
    }
}
