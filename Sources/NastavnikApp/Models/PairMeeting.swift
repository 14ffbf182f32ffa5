import Fluent
import Foundation

/// A meeting of a pair or group (seed 003 «Организация хода наставнического взаимодействия»):
/// planned, then held or cancelled, with what was done.
public final class PairMeeting: Model, @unchecked Sendable {
    public static let schema = "pair_meetings"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "pairing_id") public var pairing: Pairing
    @Field(key: "program_id") public var programID: UUID
    @Field(key: "kind") public var kind: MeetingKind
    @Field(key: "status") public var status: MeetingStatus
    /// ISO day and «ЧЧ:ММ».
    @Field(key: "on") public var on: String
    @Field(key: "starts_at") public var startsAt: String
    @Field(key: "duration_minutes") public var durationMinutes: Int
    @Field(key: "format") public var format: MeetingFormat
    @Field(key: "place") public var place: String
    @Field(key: "summary") public var summary: String
    @Field(key: "recorded_by_name") public var recordedByName: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}

    public var day: CalendarDay? { CalendarDay(iso: on) }
}

/// The sequence of meetings seed 003 lays out, with the time it recommends for each.
public enum MeetingKind: String, Codable, CaseIterable, Sendable {
    case acquaintance, trial, planning, working, final

    public var russianName: String {
        switch self {
        case .acquaintance: "Встреча-знакомство"
        case .trial: "Пробная рабочая встреча"
        case .planning: "Встреча-планирование"
        case .working: "Рабочая встреча"
        case .final: "Итоговая встреча"
        }
    }

    /// Seed 003's guidance, shown when planning.
    public var guidance: String {
        switch self {
        case .acquaintance: "30–40 минут, с участием куратора: знакомство, правила взаимодействия (конфиденциальность, честность, личные границы, контакты)."
        case .trial: "До часа: небольшая конкретная задача, чтобы попробовать формат работы, затем рефлексия."
        case .planning: "1–1,5 часа: таблица желаний и ресурсов, карта целей, план встреч."
        case .working: "От часа: 10 минут — что изменилось, 40 минут — работа, 10 минут — рефлексия. Не реже раза в две недели."
        case .final: "1,5 часа: итоги, близость к цели по шкале 1–10, решение продолжать или завершить."
        }
    }

    public var recommendedMinutes: Int {
        switch self {
        case .acquaintance: 40
        case .trial: 60
        case .planning: 90
        case .working: 60
        case .final: 90
        }
    }
}

public enum MeetingStatus: String, Codable, CaseIterable, Sendable {
    case planned, held, cancelled

    public var russianName: String {
        switch self {
        case .planned: "Запланирована"
        case .held: "Состоялась"
        case .cancelled: "Отменена"
        }
    }
}

public enum MeetingFormat: String, Codable, CaseIterable, Sendable {
    case inPerson, online

    public var russianName: String { self == .inPerson ? "Очно" : "Онлайн" }
}
