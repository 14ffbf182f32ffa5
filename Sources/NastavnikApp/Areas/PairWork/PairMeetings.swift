import Fluent
import Foundation

/// The rules of a pair's meetings, shared by the pair's page and the curator's views:
/// planning or recording a meeting, marking it held or cancelled, and each side's reflection.
enum PairMeetings {
    struct Draft: Sendable {
        var kind: MeetingKind
        var status: MeetingStatus
        var day: CalendarDay
        var startsAt: String
        var durationMinutes: Int
        var format: MeetingFormat
        var place: String
        var summary: String
    }

    static func parse(_ values: [String: String], today: CalendarDay = .today()) -> Result<Draft, AppError> {
        var errors: [String: String] = [:]
        let kind = MeetingKind(rawValue: values["kind"] ?? "")
        if kind == nil { errors["kind"] = "Выберите вид встречи." }
        let status = MeetingStatus(rawValue: values["status"] ?? "planned") ?? .planned
        let day = CalendarDay(iso: (values["on"] ?? "").trimmingCharacters(in: .whitespaces))
        if day == nil { errors["on"] = "Укажите дату встречи." }
        if let day, status == .held, day > today { errors["on"] = "Состоявшаяся встреча не может быть в будущем." }
        let time = (values["startsAt"] ?? "").trimmingCharacters(in: .whitespaces)
        if !time.isEmpty && time.range(of: #"^([01]?\d|2[0-3]):[0-5]\d$"#, options: .regularExpression) == nil {
            errors["startsAt"] = "Время — ЧЧ:ММ, например 15:30."
        }
        let durationText = (values["durationMinutes"] ?? "").trimmingCharacters(in: .whitespaces)
        let duration = durationText.isEmpty ? kind?.recommendedMinutes : Int(durationText)
        if duration == nil || !(5...600).contains(duration!) { errors["durationMinutes"] = "Длительность — от 5 до 600 минут." }
        let format = MeetingFormat(rawValue: values["format"] ?? "inPerson") ?? .inPerson
        let place = (values["place"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let summary = (values["summary"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if place.count > 300 { errors["place"] = "Не более 300 знаков." }
        if summary.count > 4000 { errors["summary"] = "Не более 4000 знаков." }
        if status == .held && summary.isEmpty { errors["summary"] = "Запишите коротко, что было сделано на встрече." }
        guard errors.isEmpty, let kind, let day, let duration else { return .failure(.validation(errors)) }
        return .success(Draft(kind: kind, status: status, day: day, startsAt: time, durationMinutes: duration, format: format,
                              place: place, summary: summary))
    }

    static func create(_ draft: Draft, in pairing: Pairing, by name: String, on db: any Database) async throws -> PairMeeting {
        let meeting = PairMeeting()
        meeting.$pairing.id = try pairing.requireID()
        meeting.programID = pairing.$program.id
        apply(draft, to: meeting)
        meeting.recordedByName = name
        try await meeting.create(on: db)
        return meeting
    }

    static func apply(_ draft: Draft, to meeting: PairMeeting) {
        meeting.kind = draft.kind
        meeting.status = draft.status
        meeting.on = draft.day.iso
        meeting.startsAt = draft.startsAt
        meeting.durationMinutes = draft.durationMinutes
        meeting.format = draft.format
        meeting.place = draft.place
        meeting.summary = draft.summary
    }

    /// A side's answers to the meeting's reflection questions; see `MeetingReflections.save`.
    static func reflect(on meeting: PairMeeting, side: BaseKind, memberID: UUID?, values: [String: String], by name: String,
                        on db: any Database) async throws {
        try await MeetingReflections.save(on: meeting, side: side, memberID: memberID, values: values, by: name, on: db)
    }
}
