import Fluent
import Foundation

/// The roadmap's reads and changes, shared by the roadmap page and the API: each change is one
/// transaction with its audit entry.
enum RoadmapService {
    static func items(of program: Program, on db: any Database) async throws -> [RoadmapItem] {
        try await RoadmapItem.query(on: db).filter(\.$program.$id == program.requireID()).sort(\.$position).all()
    }

    static func item(_ id: UUID?, of program: Program, on db: any Database) async throws -> RoadmapItem {
        guard let id, let item = try await RoadmapItem.query(on: db)
            .filter(\.$id == id).filter(\.$program.$id == program.requireID()).first() else { throw AppError.notFound }
        return item
    }

    /// Appends an item after the last one.
    static func add(_ draft: RoadmapItemDraft, to program: Program, by actor: AuditActor, on db: any Database) async throws -> RoadmapItem {
        let programID = try program.requireID()
        return try await db.transaction { db in
            // The program's row first: two items added at once get different places.
            try await RowLock.lock(Program.schema, id: programID, on: db)
            let last = try await RoadmapItem.query(on: db).filter(\.$program.$id == programID).max(\.$position) ?? 0
            let item = RoadmapItem(programID: programID, position: last + 1, title: draft.title, stage: draft.stage, contour: draft.contour,
                                   deadline: draft.deadline, expectedResult: draft.expectedResult, responsible: draft.responsible,
                                   document: draft.document)
            draft.apply(to: item)
            try await item.save(on: db)
            try await actor.record(.roadmapItemAdded, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                   details: item.title, on: db)
            return item
        }
    }

    /// The status a person sets (planned, in progress, done) and, when given, the note.
    static func update(_ itemID: UUID?, of program: Program, status: String?, note: String?, by actor: AuditActor,
                       on db: any Database) async throws -> RoadmapItem {
        guard let status = RoadmapStatus(rawValue: status ?? ""), status != .overdue else { throw ProgramError.unknownRoadmapStatus }
        let programID = try program.requireID()
        return try await db.transaction { db in
            let item = try await item(itemID, of: program, on: db)
            item.markedStatus = status
            if let note { item.note = note.trimmingCharacters(in: .whitespacesAndNewlines) }
            try await item.save(on: db)
            try await actor.record(.roadmapItemUpdated, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                   details: "\(item.title): \(status.russianName)", on: db)
            return item
        }
    }

    /// Appends a seed plan shifted to the program's period; answers how many items were added.
    static func fill(_ program: Program, from template: String?, by actor: AuditActor, on db: any Database) async throws -> Int {
        guard let kind = RoadmapTemplate.Kind(rawValue: template ?? "") else { throw ProgramError.unknownTemplate }
        let programID = try program.requireID()
        return try await db.transaction { db in
            try await RowLock.lock(Program.schema, id: programID, on: db)
            let added = try await ProgramService.addRoadmap(from: kind.template, to: program, on: db)
            try await actor.record(.roadmapGenerated, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                   details: "\(kind.russianName): мероприятий \(added)", on: db)
            return added
        }
    }
}
