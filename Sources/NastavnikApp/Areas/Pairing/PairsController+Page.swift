import Foundation
import MentorMatching

/// The overview page's content (`pairing/index`) and how its rows are drawn from the pairs.
extension PairsController {
    struct MemberRow: Encodable {
        let id: UUID
        let menteeName: String
        let className: String
        let score: Int?
        let explanation: [String]
        let menteeAnswer: String
        let mentorAnswer: String
        let menteeAnswerName: String
        let mentorAnswerName: String
        let isAgreed: Bool
        let isDeclined: Bool
        let isMinor: Bool
        /// A pupil or student mentor under 18: the curator records the representative's agreement.
        var mentorIsMinor = false
    }

    struct PairingRow: Encodable {
        let id: UUID
        let mentorID: UUID
        let mentorName: String
        let form: String
        let scheme: String
        let status: String
        let statusName: String
        let isGroup: Bool
        let repeatsPrevious: Bool
        let meeting: String
        let order: String
        let members: [MemberRow]
    }

    struct UnmatchedRow: Encodable {
        let id: UUID
        let name: String
        let className: String
        let form: String
        let requests: String
        let support: String
    }

    struct WeightRow: Encodable {
        let criterion: String
        let name: String
        let weight: Int
        let required: Bool
    }

    struct RunSummary: Encodable {
        let at: String
        let byName: String
        let menteeCount: Int
        let mentorCount: Int
        let matchedCount: Int
        let unmatchedCount: Int
        let totalScore: Int
        let milliseconds: Int
        let sent: Bool
        /// The weights that produced the draft, as the curator set them: «запрос — 10 (обязательный), …».
        var weights: String = ""
    }

    struct SessionRow: Encodable {
        let id: UUID
        let heldOn: String
        let startsAt: String
        let place: String
        let people: String
        let pairsFormed: Bool
    }

    struct IndexPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let canManage: Bool
        /// False for regional coordinators: they see the numbers only, never a participant's name.
        var showsNames: Bool = true
        let formedCount: Int
        let groupCount: Int
        let waitingCount: Int
        let draftCount: Int
        /// One page of the program's pairs; `pairingsTotal` counts them all.
        let pairings: [PairingRow]
        let pairingsTotal: Int
        let pagination: Pagination
        /// One page of the mentees without a mentor, as the filter leaves them; `unmatchedTotal`
        /// counts all of them, `candidates.found` those the filter finds.
        let unmatched: [UnmatchedRow]
        let unmatchedTotal: Int
        var candidates = CandidateListView()
        /// One page of those who cannot be paired (a big school has thousands without a consent
        /// yet), the selected mentors among them on the first page.
        let excluded: [PairingCandidates.Excluded]
        let excludedTotal: Int
        let mentorSeats: Int
        let weights: [WeightRow]
        let objectives: [SelectOption]
        let previousPairs: [SelectOption]
        let lastRun: RunSummary?
        let sessions: [SessionRow]
        let schemeHints: [String]
        let unfixedCount: Int
    }

    static func row(_ pairing: Pairing, showsNames: Bool) -> PairingRow {
        let members = pairing.members.sorted { $0.position < $1.position }
        return PairingRow(
            id: pairing.id!, mentorID: pairing.$mentor.id, mentorName: pairing.mentor.fullName, form: pairing.form.russianName,
            scheme: pairing.scheme.russianName, status: pairing.status.rawValue, statusName: pairing.status.russianName,
            isGroup: members.count > 1, repeatsPrevious: pairing.repeatsPrevious,
            meeting: [pairing.meetingOn.flatMap(CalendarDay.init(iso:))?.russian, pairing.meetingNote].compactMap { $0 }.joined(separator: " — "),
            order: pairing.orderNumber.map { "Приказ № \($0)" + (pairing.orderOn.flatMap(CalendarDay.init(iso:)).map { " от \($0.russian)" } ?? "") } ?? "",
            members: members.map { member in
                MemberRow(id: member.id!, menteeName: showsNames ? member.mentee.fullName : "Наставляемый",
                          className: showsNames ? member.mentee.className ?? "" : "",
                          score: member.score, explanation: member.explanationLines,
                          menteeAnswer: member.menteeAnswer.rawValue, mentorAnswer: member.mentorAnswer.rawValue,
                          menteeAnswerName: member.menteeAnswer.russianName + (member.menteeAnswerNote.map { " (\($0))" } ?? ""),
                          mentorAnswerName: member.mentorAnswer.russianName + (member.mentorAnswerNote.map { " (\($0))" } ?? ""),
                          isAgreed: member.isAgreed, isDeclined: member.isDeclined, isMinor: member.mentee.isMinor,
                          mentorIsMinor: pairing.mentor.isMinor)
            })
    }

    /// The weights form: what was typed before a refusal, else the last run's weights, else the standard ones.
    static func weightRows(run: MatchingRun?, values: [String: String]) -> [WeightRow] {
        let weights = run.flatMap { try? JSONDecoder().decode(ScoringWeights.self, from: Data($0.weights.utf8)) } ?? .standard
        return Criterion.allCases.map { criterion in
            let setting = weights.setting(for: criterion)
            return WeightRow(criterion: criterion.rawValue, name: criterion.russianName.capitalizedFirst,
                             weight: Int(values["weight-\(criterion.rawValue)"] ?? "") ?? setting.weight,
                             required: values.isEmpty ? setting.required : values["required-\(criterion.rawValue)"] != nil)
        }
    }

    static func objectives(run: MatchingRun?, values: [String: String]) -> [SelectOption] {
        let chosen = values["objective"] ?? run?.objective
        return [SelectOption(MatchingObjective.maxMatchedThenScore.rawValue, "Сначала как можно больше пар, затем те, что лучше всего подходят друг другу",
                             selected: chosen != MatchingObjective.maxScore.rawValue),
                SelectOption(MatchingObjective.maxScore.rawValue, "Только пары, которые лучше всего подходят друг другу, даже если кто-то останется без наставника",
                             selected: chosen == MatchingObjective.maxScore.rawValue)]
    }

    static func runSummary(_ run: MatchingRun) -> RunSummary {
        let weights = (try? JSONDecoder().decode(ScoringWeights.self, from: Data(run.weights.utf8))) ?? .standard
        return RunSummary(at: run.createdAt.map(RussianDate.dateTime) ?? "", byName: run.createdByName, menteeCount: run.menteeCount,
                          mentorCount: run.mentorCount, matchedCount: run.matchedCount, unmatchedCount: run.menteeCount - run.matchedCount,
                          totalScore: run.totalScore, milliseconds: run.milliseconds, sent: run.sentAt != nil,
                          weights: MatchingRunner.weightsText(weights))
    }

    /// What the seeds say about the schemes for the program's forms.
    static func schemeHints(_ forms: [MentoringForm], kind: OrganizationKind) -> [String] {
        var hints = ["Пара или группа формируется только с согласия обеих сторон; за несовершеннолетнего наставляемого согласие на обработку данных даёт законный представитель."]
        if forms.contains(.employerPupil) || forms.contains(.employerStudent) {
            hints.append("Для форм «работодатель – ученик» и «работодатель – студент» пары формируются после дня открытых дверей на предприятии, с отзывами наставляемых.")
        }
        if forms.contains(.teacherTeacher) {
            hints.append("Для формы «\(MentoringForm.teacherTeacher.russianName(in: kind))» пара закрепляется после личной встречи и обсуждения вопросов.")
        }
        hints.append("Предложение куратора без личной встречи не рекомендуется, если цель шире адаптации или повышения успеваемости.")
        return hints
    }
}

extension PairingStatus {
    /// Pairs waiting for answers first, then the working ones, then the rest.
    var sortOrder: Int {
        switch self {
        case .proposed: 0
        case .formed: 1
        case .draft: 2
        case .declined: 3
        case .finished: 4
        }
    }
}
