import Fluent
import Foundation

/// The goal map and the diary: written by any side of a working pair and by its curator.
extension PairWorkService {
    /// A line of the goal map (`horizon`, `title`, `desiredResult`, `actions`, `dueOn`, `indicator`).
    @discardableResult
    static func addGoal(_ values: [String: String], in access: PairAccess, by actor: AuditActor, on db: any Database) async throws -> PairGoal {
        try access.requireWorking()
        let draft = try PairGoals.parse(values).get()
        return try await db.transaction { tx in
            try await lockWorking(access.pairing, on: tx)
            let goal = try await PairGoals.create(draft, in: access.pairing, by: actor.name, on: tx)
            try await audit(.pairGoalSaved, access, by: actor, objectType: "pairGoal", objectID: goal.id, details: "Новая цель", on: tx)
            return goal
        }
    }

    /// Progress marked after a meeting: a share 0–100 (`progress` as typed) and the completion note.
    @discardableResult
    static func markGoal(_ goalID: UUID, progress: String, note: String?, in access: PairAccess, by actor: AuditActor,
                         on db: any Database) async throws -> PairGoal {
        try access.requireWorking()
        let progress = Int(progress.trimmingCharacters(in: .whitespaces))
        return try await db.transaction { tx in
            try await lockWorking(access.pairing, on: tx)
            guard let goal = try await PairGoal.query(on: tx).filter(\.$id == goalID).filter(\.$pairing.$id == access.pairing.requireID()).first() else {
                throw AppError.notFound
            }
            try await PairGoals.mark(goal, progress: progress, note: note, on: tx)
            try await audit(.pairGoalSaved, access, by: actor, objectType: "pairGoal", objectID: goal.id, details: "Продвижение \(goal.progress) %", on: tx)
            return goal
        }
    }

    /// A diary entry, signed with the writer's role in the pair.
    @discardableResult
    static func writeDiary(_ text: String, in access: PairAccess, by actor: AuditActor, on db: any Database) async throws -> DiaryEntry {
        try access.requireWorking()
        return try await db.transaction { tx in
            try await lockWorking(access.pairing, on: tx)
            let entry = try await PairGoals.write(text, in: access.pairing, role: access.roleName, by: actor.name, on: tx)
            // The text stays out of the log.
            try await audit(.pairDiaryWritten, access, by: actor, objectType: "diaryEntry", objectID: entry.id, on: tx)
            return entry
        }
    }
}
