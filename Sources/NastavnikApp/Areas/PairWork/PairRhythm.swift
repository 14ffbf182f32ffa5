import Fluent
import Foundation

/// How regularly a pair meets (seed 003): not less than once in two weeks; twice a week is
/// optimal for teacher–teacher and student–student. The curator watches without intruding.
struct PairRhythm: Codable, Sendable {
    /// The longest gap the seeds allow between meetings.
    static let maximumGapDays = 14
    /// Each side fills the feedback form (the reflection) within this many days of a meeting.
    static let feedbackDays = 3

    let lastHeld: String
    let daysSinceLast: Int?
    let heldLast30Days: Int
    let planned: Int
    /// The warnings nobody acknowledged yet.
    let warnings: [String]
    /// Every warning with its kind and anchor (for the acknowledgement forms), and those the
    /// curator acknowledged; pages read them, the API keeps its shape.
    var findings: [Warning] = []
    var acknowledgedFindings: [Warning] = []

    enum CodingKeys: String, CodingKey { case lastHeld, daysSinceLast, heldLast30Days, planned, warnings }

    /// One warning: what it is about, the occurrence it belongs to, and its text. An
    /// acknowledgement names the kind and the anchor, so a new occurrence warns again.
    struct Warning: Encodable, Sendable, Equatable {
        enum Kind: String, Encodable, Sendable, CaseIterable {
            case gap, acquaintance, frequency, feedback, agreement
        }
        let kind: Kind
        let anchor: String
        let text: String
        var key: String { Self.key(kind.rawValue, anchor) }
        static func key(_ kind: String, _ anchor: String) -> String { kind + "|" + anchor }
    }

    /// `reflections` are those of `meetings`; without them the feedback forms are not checked.
    /// `agreedPerMonth` and `agreedOn` come from the pair's rules of interaction. A pair that no
    /// longer works (`isWorking` false) has no warnings; `acknowledged` holds `Warning.key`s.
    static func assess(_ meetings: [PairMeeting], formedAt: Date?, form: MentoringForm, today: CalendarDay = .today(),
                       reflections: [MeetingReflection]? = nil, agreedPerMonth: Int? = nil, agreedOn: CalendarDay? = nil,
                       isWorking: Bool = true, acknowledged: Set<String> = []) -> PairRhythm {
        let held = meetings.filter { $0.status == .held }.compactMap(\.day).sorted()
        let last = held.last
        let since = last.map { today.days(since: $0) }
        let monthAgo = today.adding(days: -30)
        let recent = held.filter { $0 > monthAgo }.count
        let planned = meetings.filter { $0.status == .planned && ($0.day.map { $0 >= today } ?? false) }.count
        var warnings: [Warning] = []
        let month = String(today.iso.prefix(7))
        if let since, let last, since > maximumGapDays {
            warnings.append(.init(kind: .gap, anchor: last.iso, text: "Пара не встречалась \(since) \(days(since)): встречи должны быть не реже раза в две недели."))
        } else if last == nil, let formedAt {
            let waited = today.days(since: CalendarDay.today(formedAt))
            if waited > maximumGapDays { warnings.append(.init(kind: .gap, anchor: "", text: "Пара сформирована \(waited) \(days(waited)) назад, а встреч ещё не было.")) }
        }
        if !meetings.contains(where: { $0.kind == .acquaintance && $0.status == .held }) && !held.isEmpty {
            warnings.append(.init(kind: .acquaintance, anchor: "", text: "Не отмечена встреча-знакомство с участием куратора."))
        }
        if (form == .teacherTeacher || form == .studentStudent) && recent > 0 && recent < 4 {
            warnings.append(.init(kind: .frequency, anchor: month, text: "Для формы «\(form.russianName)» оптимально встречаться дважды в неделю; за 30 дней встреч: \(recent)."))
        }
        if let reflections {
            let sides = Dictionary(grouping: reflections, by: { $0.$meeting.id }).mapValues { Set($0.map(\.side)) }
            let late = meetings.filter { meeting in
                guard meeting.status == .held, let day = meeting.day, today.days(since: day) > feedbackDays else { return false }
                return (meeting.id.flatMap { sides[$0] } ?? []).count < 2
            }.compactMap(\.day).sorted()
            if let latest = late.last {
                warnings.append(.init(kind: .feedback, anchor: latest.iso, text: "Формы обратной связи не заполнены обеими сторонами после \(late.count) \(meetingsWord(late.count)) (последняя — \(latest.russian)); срок — \(feedbackDays) \(days(feedbackDays)) после встречи."))
            }
        }
        if let agreedPerMonth, let agreedOn, today.days(since: agreedOn) >= 30, recent < agreedPerMonth {
            warnings.append(.init(kind: .agreement, anchor: month, text: "Пара договорилась встречаться \(agreedPerMonth) \(times(agreedPerMonth)) в месяц, а за 30 дней встреч было \(recent): план встреч отстаёт."))
        }
        if !isWorking { warnings = [] }
        let open = warnings.filter { !acknowledged.contains($0.key) }
        return PairRhythm(lastHeld: last?.russian ?? "не было", daysSinceLast: since, heldLast30Days: recent, planned: planned,
                          warnings: open.map(\.text), findings: open, acknowledgedFindings: warnings.filter { acknowledged.contains($0.key) })
    }

    /// «после N встреч(и)»: the genitive after a number.
    static func meetingsWord(_ count: Int) -> String {
        RussianPlural.form(count, "встречи", "встреч", "встреч")
    }

    /// «N раз(а) в месяц».
    static func times(_ count: Int) -> String {
        RussianPlural.form(count, "раз", "раза", "раз")
    }

    static func days(_ count: Int) -> String {
        let tens = count % 100, ones = count % 10
        if (11...14).contains(tens) { return "дней" }
        if ones == 1 { return "день" }
        if (2...4).contains(ones) { return "дня" }
        return "дней"
    }
}

extension PairRhythm {
    /// The pair's rhythm as its page, the API and the curator's acknowledgement all see it: with
    /// the reflections, the agreed number of meetings and the warnings already acknowledged.
    /// `reflections` are the meetings' reflections when the caller has them loaded already.
    static func of(_ pairing: Pairing, meetings: [PairMeeting], reflections: [MeetingReflection]? = nil, agreement: PairAgreement?,
                   on db: any Database) async throws -> PairRhythm {
        var loaded = reflections ?? []
        if reflections == nil && !meetings.isEmpty {
            loaded = try await MeetingReflection.query(on: db).filter(\.$meeting.$id ~~ meetings.map { $0.id! }).all()
        }
        return PairRhythm.assess(meetings, formedAt: pairing.formedAt, form: pairing.form, reflections: loaded,
                                 agreedPerMonth: agreement?.meetingsPerMonth, agreedOn: agreement.flatMap { CalendarDay(iso: $0.agreedOn) },
                                 isWorking: pairing.status == .formed,
                                 acknowledged: try await RhythmAcknowledgements.keys(pairingID: pairing.requireID(), on: db))
    }

    static func load(_ pairing: Pairing, on db: any Database) async throws -> PairRhythm {
        let id = try pairing.requireID()
        let meetings = try await PairMeeting.query(on: db).filter(\.$pairing.$id == id).all()
        return try await of(pairing, meetings: meetings, agreement: try await PairAgreement.query(on: db).filter(\.$pairing.$id == id).first(), on: db)
    }
}
