import Fluent
import Foundation

/// The rules of the goal map and the diary, shared by the pair's page and the API.
enum PairGoals {
    struct Draft: Sendable {
        var horizon: GoalHorizon
        var title: String
        var desiredResult: String
        var actions: String
        var dueOn: CalendarDay
        var indicator: String
    }

    static func parse(_ values: [String: String]) -> Result<Draft, AppError> {
        var errors: [String: String] = [:]
        func text(_ key: String, limit: Int = 2000) -> String {
            let value = (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.count > limit { errors[key] = "Не более \(limit) знаков." }
            return value
        }
        let horizon = GoalHorizon(rawValue: values["horizon"] ?? "short") ?? .short
        let title = text("title", limit: 300)
        if title.isEmpty { errors["title"] = "Сформулируйте цель." }
        let desired = text("desiredResult"), actions = text("actions"), indicator = text("indicator")
        if indicator.isEmpty { errors["indicator"] = "Как вы поймёте, что продвинулись? Укажите показатель." }
        let due = CalendarDay(iso: (values["dueOn"] ?? "").trimmingCharacters(in: .whitespaces))
        if due == nil { errors["dueOn"] = "Укажите срок." }
        guard errors.isEmpty, let due else { return .failure(.validation(errors)) }
        return .success(Draft(horizon: horizon, title: title, desiredResult: desired, actions: actions, dueOn: due, indicator: indicator))
    }

    static func create(_ draft: Draft, in pairing: Pairing, by name: String, on db: any Database) async throws -> PairGoal {
        let goal = PairGoal()
        goal.$pairing.id = try pairing.requireID()
        goal.horizon = draft.horizon
        goal.title = draft.title
        goal.desiredResult = draft.desiredResult
        goal.actions = draft.actions
        goal.dueOn = draft.dueOn.iso
        goal.indicator = draft.indicator
        goal.progress = 0
        goal.completionNote = ""
        goal.writtenByName = name
        try await goal.create(on: db)
        return goal
    }

    /// Progress is marked after meetings: a share 0–100 and, when reached, the completion note.
    static func mark(_ goal: PairGoal, progress: Int?, note: String?, on db: any Database) async throws {
        guard let progress, (0...100).contains(progress) else { throw AppError.validation(["progress": "Продвижение — от 0 до 100 %."]) }
        goal.progress = progress
        if let note { goal.completionNote = String(note.trimmingCharacters(in: .whitespacesAndNewlines).prefix(2000)) }
        try await goal.save(on: db)
    }

    static func write(_ text: String, in pairing: Pairing, role: String, by name: String, on db: any Database) async throws -> DiaryEntry {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw AppError.validation(["text": "Запись пустая."]) }
        guard trimmed.count <= 4000 else { throw AppError.validation(["text": "Не более 4000 знаков."]) }
        let entry = DiaryEntry()
        entry.$pairing.id = try pairing.requireID()
        entry.authorRole = role
        entry.authorName = name
        entry.text = trimmed
        try await entry.create(on: db)
        return entry
    }
}
