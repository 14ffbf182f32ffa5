/// A training session as typed into the form or sent to the API, checked before it is saved.
struct TrainingSessionDraft: Sendable {
    var kind: TrainingKind
    var topic: String
    var day: CalendarDay
    var format: TrainingFormat
    var trainerName: String
    var trainerKind: TrainerKind
    var materials: String

    /// Fields: kind (primary/inService), topic, heldOn («2025-10-02»), format, trainerName,
    /// trainerKind (internal/invited), materials. Every value is a string, as a form sends it.
    static func parse(_ values: [String: String]) -> Result<TrainingSessionDraft, ProgramDraft.FieldErrors> {
        func text(_ key: String) -> String { (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [String: String] = [:]
        let kind = TrainingKind(rawValue: text("kind").isEmpty ? TrainingKind.primary.rawValue : text("kind"))
        if kind == nil { errors["kind"] = "Вид обучения: первичное или в процессе деятельности." }
        let topic = text("topic")
        if topic.isEmpty { errors["topic"] = "Укажите тему занятия." }
        if topic.count > 500 { errors["topic"] = "Тема длиннее 500 знаков: сократите её." }
        let day = CalendarDay(iso: text("heldOn"))
        if day == nil { errors["heldOn"] = "Укажите дату занятия." }
        let format = TrainingFormat(rawValue: text("format"))
        if format == nil { errors["format"] = "Выберите формат: семинар, ролевая игра, вебинар, интенсив или тренинг." }
        let trainerName = text("trainerName")
        if trainerName.isEmpty { errors["trainerName"] = "Укажите, кто проводит занятие." }
        if trainerName.count > 300 { errors["trainerName"] = "Слишком длинное имя ведущего." }
        let trainerKind = TrainerKind(rawValue: text("trainerKind").isEmpty ? TrainerKind.internal.rawValue : text("trainerKind"))
        if trainerKind == nil { errors["trainerKind"] = "Ведущий — сотрудник организации или приглашённый эксперт." }
        let materials = text("materials")
        if materials.count > 4000 { errors["materials"] = "Материалы длиннее 4000 знаков: оставьте ссылки." }
        guard errors.isEmpty, let kind, let day, let format, let trainerKind else { return .failure(.init(fields: errors)) }
        return .success(TrainingSessionDraft(kind: kind, topic: topic, day: day, format: format, trainerName: trainerName,
                                             trainerKind: trainerKind, materials: materials))
    }

    func apply(to session: TrainingSession) {
        session.kind = kind
        session.topic = topic
        session.heldOn = day.iso
        session.format = format
        session.trainerName = trainerName
        session.trainerKind = trainerKind
        session.materials = materials
    }

    /// The form's values for an existing session.
    static func values(of session: TrainingSession) -> [String: String] {
        ["kind": session.kind.rawValue, "topic": session.topic, "heldOn": session.heldOn, "format": session.format.rawValue,
         "trainerName": session.trainerName, "trainerKind": session.trainerKind.rawValue, "materials": session.materials]
    }
}
