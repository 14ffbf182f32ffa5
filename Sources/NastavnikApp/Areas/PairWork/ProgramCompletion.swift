import Fluent
import Foundation

/// The program's completion in figures (seed 003, the second level: «подведение итогов
/// программы»): every pair's outcome, its closeness to the goal and its results, and the totals.
struct ProgramCompletion: Encodable, Sendable {
    struct PairRow: Encodable, Sendable {
        let pairingID: UUID
        let mentorID: UUID
        let mentorName: String
        let mentees: String
        let form: String
        let status: String
        let outcome: String
        let menteeCloseness: String
        let goals: String
        let results: Int
        let finalHeld: Bool
    }

    struct LongTermCandidate: Encodable, Sendable {
        let menteeID: UUID
        let name: String
        let pairingID: UUID
        let alreadyInBase: Bool
    }

    let rows: [PairRow]
    let working: Int
    let finished: Int
    let continued: Int
    let endedEarly: Int
    let averageCloseness: String
    let goalsReached: Int
    let goalsTotal: Int
    let resultCount: Int
    let resultsByKind: [String]
    let candidates: [LongTermCandidate]
    let rating: [MentorRating.Entry]

    /// What the summary is made of, as stored: the page's texts (`init(_:)`) and the API's own
    /// type (`CompletionAPIController.ProgramCompletionDTO`) are both drawn from it.
    struct Facts: Sendable {
        /// Formed and finished pairs, by mentor's name, with their mentor and members.
        let pairings: [Pairing]
        let lastClosure: [UUID: PairClosure]
        /// The mentees' closeness answers (1–10) per pair.
        let closeness: [UUID: [Int]]
        let goals: [UUID: [PairGoal]]
        let results: [PairResult]
        let finalHeld: Set<UUID>
        let menteeAnswers: [FinalAnswer]
        let candidates: [LongTermCandidate]
        let rating: [MentorRating.Entry]

        var allGoals: [PairGoal] { goals.values.flatMap { $0 } }
        var averageCloseness: Double? { ProgramCompletion.average(menteeAnswers.map(\.closeness)) }
        func count(_ decision: ClosureDecision, status: PairingStatus? = nil) -> Int {
            pairings.filter { status == nil || $0.status == status }.filter { lastClosure[$0.id!]?.decision == decision }.count
        }
        var working: Int { pairings.filter { $0.status == .formed }.count }
        /// The agreed members of a pair, the ones its row names.
        func mentees(_ pairing: Pairing) -> [Mentee] { pairing.members.filter(\.isAgreed).map(\.mentee) }
    }

    static func load(programID: UUID, organizationID: UUID, on db: any Database) async throws -> ProgramCompletion {
        ProgramCompletion(try await facts(programID: programID, organizationID: organizationID, on: db))
    }

    static func facts(programID: UUID, organizationID: UUID, on db: any Database) async throws -> Facts {
        let pairings = try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$status ~~ [.formed, .finished])
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
            .sorted { $0.mentor.fullName < $1.mentor.fullName }
        let ids = pairings.map { $0.id! }
        let finals = ids.isEmpty ? [] : try await PairMeeting.query(on: db).filter(\.$pairing.$id ~~ ids).filter(\.$kind == .final)
            .filter(\.$status == .held).all()
        let goals = ids.isEmpty ? [] : try await PairGoal.query(on: db).filter(\.$pairing.$id ~~ ids).all()
        let results = try await PairResult.query(on: db).filter(\.$programID == programID).field(\.$id).field(\.$pairing.$id).field(\.$kind).all()
        let closures = try await PairClosure.query(on: db).filter(\.$programID == programID).sort(\.$createdAt).all()
        let answers = try await FinalAnswer.query(on: db).filter(\.$programID == programID).all()
        let lastClosure = Dictionary(closures.map { ($0.$pairing.id, $0) }, uniquingKeysWith: { _, later in later })
        let menteeAnswers = answers.filter { $0.side == .mentee }
        // Mentees who want to mentor, whoever answered for them; the base is checked by name.
        let wanting = menteeAnswers.filter(\.wantsToMentor)
        let members = pairings.flatMap(\.members)
        let formerMentees = try await Mentor.query(on: db).filter(\.$organization.$id == organizationID).filter(\.$formerMentee == true)
            .field(\.$id).field(\.$lastName).field(\.$firstName).field(\.$middleName).all()
        let candidates: [LongTermCandidate] = wanting.compactMap { answer in
            guard let member = members.first(where: { $0.id == answer.memberID }) else { return nil }
            let mentee = member.mentee
            let inBase = formerMentees.contains { $0.lastName == mentee.lastName && $0.firstName == mentee.firstName && $0.middleName == mentee.middleName }
            return LongTermCandidate(menteeID: mentee.id!, name: mentee.fullName, pairingID: answer.$pairing.id, alreadyInBase: inBase)
        }
        // Grouped once, so each pair's row is a lookup, not a scan of the program's rows.
        return Facts(
            pairings: pairings, lastClosure: lastClosure,
            closeness: Dictionary(grouping: menteeAnswers, by: { $0.$pairing.id }).mapValues { $0.map(\.closeness) },
            goals: Dictionary(grouping: goals, by: { $0.$pairing.id }), results: results, finalHeld: Set(finals.map(\.$pairing.id)),
            menteeAnswers: menteeAnswers, candidates: candidates,
            rating: MentorRating.rank(try await MentorRating.facts(programID: programID, on: db)))
    }

    /// Whether the mentor has a formed or finished pair in the program: who may be rewarded or nominated there.
    static func isProgramMentor(_ mentorID: UUID, programID: UUID, on db: any Database) async throws -> Bool {
        try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$mentor.$id == mentorID)
            .filter(\.$status ~~ [.formed, .finished]).count() > 0
    }

    /// The mentee's place in a pair of the program, when the mentee answered at the final meeting
    /// that they want to mentor: the only mentees the curator may move to the long-term base.
    static func longTermCandidate(_ menteeID: UUID, programID: UUID, on db: any Database) async throws -> (Mentee, Pairing)? {
        let members = try await PairingMember.query(on: db).filter(\.$programID == programID).filter(\.$mentee.$id == menteeID)
            .with(\.$mentee).with(\.$pairing).all().filter { [.formed, .finished].contains($0.pairing.status) }
        guard !members.isEmpty else { return nil }
        let wanting = try await FinalAnswer.query(on: db).filter(\.$programID == programID).filter(\.$side == .mentee)
            .filter(\.$memberID ~~ members.map { $0.id! }).filter(\.$wantsToMentor == true).first()
        guard let wanting, let member = members.first(where: { $0.id == wanting.memberID }) else { return nil }
        return (member.mentee, member.pairing)
    }

    static func average(_ values: [Int]) -> Double? {
        values.isEmpty ? nil : Double(values.reduce(0, +)) / Double(values.count)
    }
}

extension ProgramCompletion {
    /// The page's summary: outcomes, closeness and goals as the curator reads them.
    init(_ facts: Facts) {
        let resultsByPair = Dictionary(grouping: facts.results, by: { $0.$pairing.id })
        let rows = facts.pairings.map { pairing in
            let id = pairing.id!
            let own = facts.goals[id] ?? []
            return PairRow(
                pairingID: id, mentorID: pairing.$mentor.id, mentorName: pairing.mentor.fullName,
                mentees: facts.mentees(pairing).map(\.fullName).joined(separator: ", "),
                form: pairing.form.russianName, status: pairing.status.russianName,
                outcome: facts.lastClosure[id].map { $0.decision.russianName + ($0.reason.isEmpty ? "" : ": \($0.reason)") } ?? "Работает",
                menteeCloseness: Self.average(facts.closeness[id] ?? []).map { $0.russian() } ?? "—",
                goals: own.isEmpty ? "—" : "\(own.filter { $0.progress >= 100 }.count) из \(own.count)",
                results: resultsByPair[id]?.count ?? 0,
                finalHeld: facts.finalHeld.contains(id))
        }
        let kinds = Dictionary(grouping: facts.results, by: \.kind)
        let goals = facts.allGoals
        self.init(
            rows: rows,
            working: facts.working,
            finished: facts.count(.finish, status: .finished),
            continued: facts.count(.continue, status: .formed),
            endedEarly: facts.count(.earlyEnd),
            averageCloseness: facts.averageCloseness.map { $0.russian() + " из 10" } ?? "ответов пока нет",
            goalsReached: goals.filter { $0.progress >= 100 }.count, goalsTotal: goals.count,
            resultCount: facts.results.count,
            resultsByKind: ResultKind.allCases.compactMap { kind in kinds[kind].map { "\(kind.russianName): \($0.count)" } },
            candidates: facts.candidates,
            rating: facts.rating)
    }
}
