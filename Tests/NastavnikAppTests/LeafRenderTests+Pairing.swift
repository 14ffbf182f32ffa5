import Foundation
@testable import NastavnikApp
import Vapor

extension LeafRenderTests {
    static let pairingPages = ["pairing/index", "pairing/proposal", "pairing/propose", "pairing/mentor_match_new", "pairing/mentor_match", "pairing/mine",
                               "pairwork/pair", "pairwork/rhythm", "pairwork/completion", "pairwork/certificate"]

    /// The pairs pages with one pair of each state, a group and a timetable.
    func renderPairing(render: (String, any Encodable) async throws -> Void, id: UUID, pagination: Pagination) async throws {
        let h = Self.hostile
        let options = [SelectOption(id.uuidString, h, selected: true), SelectOption("b", h)]
        var candidates = CandidateListView(total: 4_120, found: 75)
        candidates.search = h
        candidates.className = h
        candidates.request = h
        candidates.filtered = true
        candidates.classes = options
        candidates.requests = options
        candidates.pagination = pagination
        candidates.excludedPagination = pagination
        let member = PairsController.MemberRow(
            id: id, menteeName: h, className: h, score: 87, explanation: [h, h], menteeAnswer: "pending", mentorAnswer: "accepted",
            menteeAnswerName: h, mentorAnswerName: h, isAgreed: false, isDeclined: false, isMinor: true)
        try await render("pairing/index", PairsController.IndexPage(
            organizationID: id, programID: id, programName: h, canManage: true, formedCount: 1, groupCount: 1, waitingCount: 1, draftCount: 2,
            pairings: [PairsController.PairingRow(id: id, mentorID: id, mentorName: h, form: h, scheme: h, status: "proposed", statusName: h,
                                                  isGroup: true, repeatsPrevious: true, meeting: h, order: h, members: [member, member])],
            pairingsTotal: 120, pagination: pagination,
            unmatched: [.init(id: id, name: h, className: h, form: h, requests: h, support: h)], unmatchedTotal: 3, candidates: candidates,
            excluded: [.init(kind: .mentee, id: id, name: h, problems: [h])], excludedTotal: 300, mentorSeats: 4,
            weights: [.init(criterion: "request", name: h, weight: 10, required: true)], objectives: options, previousPairs: options,
            lastRun: .init(at: h, byName: h, menteeCount: 3, mentorCount: 2, matchedCount: 2, unmatchedCount: 1, totalScore: 150, milliseconds: 12, sent: false),
            sessions: [.init(id: id, heldOn: h, startsAt: "15:00", place: h, people: h, pairsFormed: true)], schemeHints: [h], unfixedCount: 1))
        try await render("pairing/proposal", ProposalController.Page(
            organizationID: id, programID: id, programName: h,
            rows: [.init(memberID: id, menteeName: h, className: h, requests: h, mentorID: id, mentorName: h, score: 80, explanation: [h], repeatsPrevious: true)],
            total: 1, groupCount: 0, averageScore: 80, mentors: options, unmatched: options, unmatchedCount: 1, pagination: pagination, errors: [h], candidates: candidates))
        try await render("pairing/propose", ProposeController.Page(
            organizationID: id, programID: id, programName: h, mentees: options, mentors: options, schemes: options, hints: [h], candidates: candidates))
        try await render("pairing/mentor_match_new", MentorMatchController.NewPage(
            organizationID: id, programID: id, mentors: [.init(id: id, name: h, detail: h, checked: true)],
            mentees: [.init(id: id, name: h, detail: h, checked: false)], candidates: candidates))
        try await render("pairing/mentor_match", MentorMatchController.ShowPage(
            organizationID: id, programID: id, sessionID: id, heldOn: h, startsAt: "15:00", place: h, slotMinutes: 7, roundCount: 2, totalMinutes: 14,
            rounds: [.init(number: 1, time: "15:00–15:07", meetings: [.init(mentor: h, mentee: h)], resting: h)], droppedCount: 1,
            menteeWishes: [.init(kind: "mentee", id: id, name: h, choices: [options, options, options])],
            mentorWishes: [.init(kind: "mentor", id: id, name: h, choices: [options, options, options])],
            wishCount: 2, coinciding: [.init(mentee: h, mentor: h)], pairsFormed: true))
        try await render("pairing/mine", MyPairsController.Page(rows: [.init(
            memberID: id, pairingID: id, side: "mentee", program: h, organization: h, partner: h, partnerDetail: h, scheme: h, statusName: h,
            ownAnswer: h, otherAnswer: h, mayAnswer: true, acceptLabel: h, isFormed: true, order: h, explanation: [h])]))
        let rhythm = PairRhythm(lastHeld: h, daysSinceLast: 20, heldLast30Days: 1, planned: 2, warnings: [h])
        let meetingOptions = [SelectOption("working", h, selected: true)]
        for (role, finished) in [("mentor", false), ("curator", true), ("curator", false)] {
        let progress = PairProgressView(
            agreement: .init(confidentiality: h, communication: h, boundaries: h, contacts: h, meetingsPerMonth: 8, agreedOn: "01.10.2026", writtenBy: h),
            hasAgreement: true,
            wishes: [.init(wish: h, resources: h, missingResources: h, measure: h, timeNeeded: h)],
            results: [.init(id: id, kind: h, title: h, achievedOn: "01.11.2026", link: "https://example.org/\(h)", fileName: h, writtenBy: h)],
            resultKinds: meetingOptions,
            concerns: [.init(id: id, author: h, at: h, text: h, asksIntervention: true, status: h, reply: h)], openConcerns: 1, mayRaiseConcern: !finished,
            answers: [.init(author: h, closeness: 9, mostValuable: h, results: h, learned: h, changed: h, understood: h, remembered: h,
                            continueTogether: true, wantsToMentor: true, writtenBy: h)],
            answerSides: options, myAnswerGiven: true,
            closures: [.init(decision: h, decidedOn: "01.12.2026", decidedBy: h, reason: h)],
            isFinished: finished, finalHeld: true, mayDecide: role == "curator" && !finished, maxFileMegabytes: 5)
        try await render("pairwork/pair", PairSpaceController.Page(
            pairingID: id, mentorName: h, mentees: [h], programName: h, scheme: h, form: h, formedOn: "01.10.2026", order: h, role: "mentor",
            meetings: [.init(id: id, kind: h, status: "planned", statusName: h, date: "01.10.2026", startsAt: "15:00", durationMinutes: 60,
                             format: h, place: h, summary: h, recordedBy: h,
                             reflections: [.init(author: h, closerToGoal: h, answers: [.init(question: h, text: h)])], mayReflect: true,
                             reflection: .init(version: "2", asksCloserToGoal: true, closerToGoal: "partly", questions: [.init(field: "wentWell", text: h, value: h)]))],
            rhythm: rhythm, kinds: meetingOptions, guidance: [h], statuses: meetingOptions, formats: meetingOptions, rhythmLink: "/orgs/\(id)/programs/\(id)/rhythm",
            goals: [.init(id: id, horizon: h, title: h, desiredResult: h, actions: h, dueOn: "01.12.2026", indicator: h, progress: 40, completionNote: h, isOverdue: true)],
            horizons: meetingOptions, diary: [.init(author: h, at: "01.10.2026 15:00", text: h)], progress: progress))
        }
        try await render("pairwork/rhythm", RhythmController.Page(
            organizationID: id, programID: id, programName: h,
            rows: [.init(pairingID: id, mentorName: h, mentees: h, form: h, rhythm: rhythm, openConcerns: 2, asksIntervention: true,
                         open: [.init(kind: .gap, anchor: "2026-10-01", text: h)], acknowledged: [.init(text: h, note: h, by: h, on: "01.10.2026")])], warningCount: 1))
        let rating = MentorRating.Entry(mentorID: id, mentorName: h, pairs: 2, points: 30, lines: [.init(rule: h, count: 3, points: 9)])
        let summary = ProgramCompletion(
            rows: [.init(pairingID: id, mentorID: id, mentorName: h, mentees: h, form: h, status: h, outcome: h, menteeCloseness: "8.5",
                         goals: "1 из 2", results: 3, finalHeld: true)],
            working: 1, finished: 2, continued: 1, endedEarly: 1, averageCloseness: h, goalsReached: 1, goalsTotal: 2, resultCount: 3,
            resultsByKind: [h, h], candidates: [.init(menteeID: id, name: h, pairingID: id, alreadyInBase: false),
                                                .init(menteeID: id, name: h, pairingID: id, alreadyInBase: true)],
            rating: [rating, rating])
        try await render("pairwork/completion", ProgramCompletionController.Page(
            organizationID: id, programID: id, programName: h, summary: summary, rules: [.init(rule: h, count: 1, points: 5)],
            incentives: [.init(id: id, mentorName: h, kind: h, reason: h, awardedOn: "01.12.2026", order: h, hasCertificate: true),
                         .init(id: id, mentorName: h, kind: h, reason: h, awardedOn: "01.12.2026", order: "", hasCertificate: false)],
            unorderedIncentives: 1, mentors: options, pairs: options, incentiveKinds: options, nominationTitles: options,
            nominations: [.init(title: h, who: h, year: 2026, note: h)],
            events: [.init(kind: h, heldOn: "20.12.2026", place: h, participants: 120, summary: h)], eventKinds: options,
            hasGroupReflection: true, hasPublicEvent: false))
        try await render("pairwork/certificate", IncentivesController.CertificatePage(
            organizationName: h, title: h, verb: h, recipient: h, position: h, reason: h, programName: h, order: h, date: h))
    }
}
