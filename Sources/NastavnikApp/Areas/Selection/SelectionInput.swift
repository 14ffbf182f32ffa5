/// What the curator records about a candidate mentor, as typed into the forms or sent to the
/// API, checked before it is saved. Every value arrives as a string, as a form sends it.
enum SelectionInput {
    struct Interview: Sendable {
        var day: CalendarDay
        var interviewer: String
        var readiness: PsychologicalReadiness
        var conclusion: String
    }

    struct Test: Sendable {
        var day: CalendarDay
        var communicationScore: Int
        var empathyScore: Int
        var gaps: String
    }

    struct Decision: Sendable {
        var decision: SelectionDecision
        var reason: String
    }

    /// The test's scales: points out of ten for communication skills and for empathy.
    static let scoreRange = 0...10

    private static func text(_ values: [String: String], _ key: String) -> String {
        (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Fields: interviewedOn, interviewer, readiness (ready/ratherReady/notReady), conclusion.
    static func interview(_ values: [String: String]) -> Result<Interview, ProgramDraft.FieldErrors> {
        var errors: [String: String] = [:]
        let day = CalendarDay(iso: text(values, "interviewedOn"))
        if day == nil { errors["interviewedOn"] = "Укажите дату собеседования." }
        let interviewer = text(values, "interviewer")
        if interviewer.isEmpty { errors["interviewer"] = "Укажите, кто провёл собеседование." }
        if interviewer.count > 300 { errors["interviewer"] = "Слишком длинное имя." }
        let readiness = PsychologicalReadiness(rawValue: text(values, "readiness"))
        if readiness == nil { errors["readiness"] = "Оцените психологическую готовность: готов, скорее готов или не готов." }
        let conclusion = text(values, "conclusion")
        if conclusion.count > 4000 { errors["conclusion"] = "Заключение длиннее 4000 знаков: сократите его." }
        guard errors.isEmpty, let day, let readiness else { return .failure(.init(fields: errors)) }
        return .success(Interview(day: day, interviewer: interviewer, readiness: readiness, conclusion: conclusion))
    }

    /// Fields: testedOn, communicationScore and empathyScore (0–10), gaps (one per line).
    static func test(_ values: [String: String]) -> Result<Test, ProgramDraft.FieldErrors> {
        var errors: [String: String] = [:]
        let day = CalendarDay(iso: text(values, "testedOn"))
        if day == nil { errors["testedOn"] = "Укажите дату тестирования." }
        func score(_ key: String, _ what: String) -> Int? {
            guard let value = Int(text(values, key)), scoreRange.contains(value) else {
                errors[key] = "\(what): целое число баллов от \(scoreRange.lowerBound) до \(scoreRange.upperBound)."
                return nil
            }
            return value
        }
        let communication = score("communicationScore", "Коммуникативные навыки")
        let empathy = score("empathyScore", "Эмпатия")
        let gaps = text(values, "gaps")
        if gaps.count > 4000 { errors["gaps"] = "Список пробелов длиннее 4000 знаков: сократите его." }
        guard errors.isEmpty, let day, let communication, let empathy else { return .failure(.init(fields: errors)) }
        return .success(Test(day: day, communicationScore: communication, empathyScore: empathy, gaps: gaps))
    }

    /// Fields: decision (selected/notNow/pending), reason — required for «не сейчас».
    static func decision(_ values: [String: String]) -> Result<Decision, ProgramDraft.FieldErrors> {
        var errors: [String: String] = [:]
        let decision = SelectionDecision(rawValue: text(values, "decision"))
        if decision == nil { errors["decision"] = "Выберите решение: отобран или не сейчас." }
        let reason = text(values, "reason")
        if decision == .notNow && reason.isEmpty {
            errors["reason"] = "Укажите причину решения «не сейчас»: наставник должен услышать, что изменить, чтобы вернуться в отбор."
        }
        if reason.count > 2000 { errors["reason"] = "Причина длиннее 2000 знаков: сократите её." }
        guard errors.isEmpty, let decision else { return .failure(.init(fields: errors)) }
        return .success(Decision(decision: decision, reason: reason))
    }
}
