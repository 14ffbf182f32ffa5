import Vapor

/// The API's own type of a program's completion, drawn from `ProgramCompletion.Facts` as the
/// page's summary is: codes instead of Russian names, numbers instead of «7,5 из 10» and «1 из 2».
extension CompletionAPIController {
    struct ProgramCompletionDTO: Content {
        struct Mentee: Content { let menteeID: UUID; let fullName: String }
        struct Pair: Content {
            let pairingID: UUID
            let mentorID: UUID
            let mentorName: String
            /// The agreed mentees of the pair.
            let mentees: [Mentee]
            let form: MentoringForm
            let status: PairingStatus
            /// The last decision on the pair; absent while it works without one.
            let decision: ClosureDecision?
            let decisionReason: String?
            /// The mean of the mentees' answers to «насколько вы приблизились к цели», 1–10.
            let menteeCloseness: Double?
            let goalsReached: Int
            let goalsTotal: Int
            let results: Int
            let finalHeld: Bool
        }
        struct ResultCount: Content { let kind: ResultKind; let count: Int }
        struct Candidate: Content { let menteeID: UUID; let fullName: String; let pairingID: UUID; let alreadyInBase: Bool }
        struct RatingLine: Content { let rule: String; let ruleName: String; let count: Int; let points: Int }
        struct Rating: Content { let mentorID: UUID; let mentorName: String; let pairs: Int; let points: Int; let lines: [RatingLine] }

        let pairs: [Pair]
        let working: Int
        let finished: Int
        let continued: Int
        let endedEarly: Int
        let averageCloseness: Double?
        let goalsReached: Int
        let goalsTotal: Int
        let resultCount: Int
        let resultsByKind: [ResultCount]
        let candidates: [Candidate]
        let rating: [Rating]

        init(_ facts: ProgramCompletion.Facts) {
            let resultsByPair = Dictionary(grouping: facts.results, by: { $0.$pairing.id })
            pairs = facts.pairings.map { pairing in
                let id = pairing.id!, goals = facts.goals[id] ?? [], closure = facts.lastClosure[id]
                return Pair(pairingID: id, mentorID: pairing.$mentor.id, mentorName: pairing.mentor.fullName,
                            mentees: facts.mentees(pairing).map { Mentee(menteeID: $0.id!, fullName: $0.fullName) },
                            form: pairing.form, status: pairing.status, decision: closure?.decision,
                            decisionReason: closure.flatMap { $0.reason.isEmpty ? nil : $0.reason },
                            menteeCloseness: ProgramCompletion.average(facts.closeness[id] ?? []),
                            goalsReached: goals.filter { $0.progress >= 100 }.count, goalsTotal: goals.count,
                            results: resultsByPair[id]?.count ?? 0, finalHeld: facts.finalHeld.contains(id))
            }
            working = facts.working
            finished = facts.count(.finish, status: .finished)
            continued = facts.count(.continue, status: .formed)
            endedEarly = facts.count(.earlyEnd)
            averageCloseness = facts.averageCloseness
            let goals = facts.allGoals
            goalsReached = goals.filter { $0.progress >= 100 }.count
            goalsTotal = goals.count
            resultCount = facts.results.count
            let kinds = Dictionary(grouping: facts.results, by: \.kind)
            resultsByKind = ResultKind.allCases.compactMap { kind in kinds[kind].map { ResultCount(kind: kind, count: $0.count) } }
            candidates = facts.candidates.map { Candidate(menteeID: $0.menteeID, fullName: $0.name, pairingID: $0.pairingID, alreadyInBase: $0.alreadyInBase) }
            rating = facts.rating.map { entry in
                Rating(mentorID: entry.mentorID, mentorName: entry.mentorName, pairs: entry.pairs, points: entry.points,
                       lines: entry.lines.map { RatingLine(rule: $0.code, ruleName: $0.rule, count: $0.count, points: $0.points) })
            }
        }
    }
}
