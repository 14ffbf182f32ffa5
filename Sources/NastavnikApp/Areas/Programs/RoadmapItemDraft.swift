/// A roadmap item as typed into the form or sent to the API, checked before it is saved.
public struct RoadmapItemDraft: Sendable {
    public var title: String
    public var stage: ProgramStage
    public var contour: Contour
    public var deadline: RoadmapDeadline
    public var isYearly: Bool
    public var expectedResult: String
    public var responsible: String
    public var document: String
    public var status: RoadmapStatus
    public var note: String

    /// The kinds of deadline a person chooses from, with the fields each needs.
    public static let deadlineKinds: [(value: String, title: String)] = [
        ("month", "Месяц"), ("period", "Период (с месяца по месяц)"), ("day", "Дата"), ("continuous", "Постоянно"), ("unset", "Срок не задан"),
    ]

    /// Fields: title, stage (1–7), contour (internal/external), deadlineKind, deadlineDay («2022-12-20»),
    /// deadlineFrom and deadlineTo («2022-11»), yearly, expectedResult, responsible, document, status, note.
    public static func parse(_ values: [String: String]) -> Result<RoadmapItemDraft, ProgramDraft.FieldErrors> {
        func text(_ key: String) -> String { (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [String: String] = [:]
        let title = text("title")
        if title.isEmpty { errors["title"] = "Назовите мероприятие." }
        if title.count > 1000 { errors["title"] = "Название длиннее 1000 знаков: сократите его." }
        let stage = Int(text("stage")).flatMap(ProgramStage.init(rawValue:))
        if stage == nil { errors["stage"] = "Выберите этап программы." }
        let contour = Contour(rawValue: text("contour").isEmpty ? "internal" : text("contour"))
        if contour == nil { errors["contour"] = "Контур бывает внутренний или внешний." }
        let status = RoadmapStatus(rawValue: text("status").isEmpty ? "planned" : text("status"))
        if status == nil || status == .overdue { errors["status"] = "Статус: запланировано, выполняется или выполнено; «просрочено» система ставит сама." }

        var deadline = RoadmapDeadline.unset
        switch text("deadlineKind") {
        case "day":
            if let day = CalendarDay(iso: text("deadlineDay")) { deadline = .day(day) } else { errors["deadlineDay"] = "Укажите дату." }
        case "month":
            if let month = yearMonth(text("deadlineFrom")) { deadline = .month(month) } else { errors["deadlineFrom"] = "Укажите месяц, например 2022-10." }
        case "period":
            let from = yearMonth(text("deadlineFrom")), to = yearMonth(text("deadlineTo"))
            if from == nil { errors["deadlineFrom"] = "Укажите первый месяц периода." }
            if to == nil { errors["deadlineTo"] = "Укажите последний месяц периода." }
            if let from, let to {
                if to < from { errors["deadlineTo"] = "Период не может кончаться раньше, чем начался." } else { deadline = .period(from, to) }
            }
        case "continuous": deadline = .continuous
        case "unset", "": deadline = .unset
        default: errors["deadlineKind"] = "Выберите вид срока."
        }
        guard errors.isEmpty, let stage, let contour, let status else { return .failure(.init(fields: errors)) }
        return .success(RoadmapItemDraft(title: title, stage: stage, contour: contour, deadline: deadline, isYearly: !text("yearly").isEmpty,
                                         expectedResult: text("expectedResult"), responsible: text("responsible"), document: text("document"),
                                         status: status, note: text("note")))
    }

    /// «2022-10» (an `<input type="month">`) or a full day, whose month is taken.
    static func yearMonth(_ text: String) -> YearMonth? {
        if let day = CalendarDay(iso: text) { return day.yearMonth }
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]), parts[0] > 1900, parts[0] < 3000 else { return nil }
        return YearMonth(year: parts[0], month: parts[1])
    }

    func apply(to item: RoadmapItem) {
        item.title = title
        item.stage = stage
        item.contour = contour
        item.deadline = deadline
        item.isYearly = isYearly
        item.expectedResult = expectedResult
        item.responsible = responsible
        item.document = document
        item.markedStatus = status
        item.note = note
    }
}
