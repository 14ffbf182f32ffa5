import Fluent
import Foundation
import MentorMatching

/// Scheme 1, «по анкетам»: runs `MentorMatching` over a program's candidates with the
/// curator's weights and writes the optimum as a draft proposal the curator then edits.
enum MatchingRunner {
    /// What to do with pairs that already worked together in an earlier program.
    enum PreviousPairs: String, Codable, CaseIterable, Sendable {
        case avoid, keep, ignore

        var russianName: String {
            switch self {
            case .avoid: "Не повторять пары прошлого цикла"
            case .keep: "Сохранить пары прошлого цикла, где это возможно"
            case .ignore: "Не учитывать прошлый цикл"
            }
        }
    }

    struct Settings: Sendable {
        var weights: ScoringWeights
        var objective: MatchingObjective
        var previousPairs: PreviousPairs
    }

    /// Replaces the program's current draft proposal with a new optimum. Call it inside a
    /// transaction: it first takes the program's draft lock (`lockDraft`, as draft edits and sending
    /// do), so two runs at once take turns and the second replaces the first's draft instead of
    /// adding a second one beside it from the same old reading.
    static func run(program: Program, settings: Settings, actorName: String, on db: any Database) async throws -> MatchingRun {
        let programID = try program.requireID()
        try await PairingProposals.lockDraft(programID: programID, on: db)
        let started = ContinuousClock.now
        try await discardDraft(programID: programID, on: db)
        try await PairingProposals.releaseEndedPlaces(programID: programID, on: db)

        let candidates = try await PairingCandidates.load(program: program, on: db)
        let inputs = try await MatchingProfiles.load(mentees: candidates.mentees, mentors: candidates.mentors, seats: candidates.seats,
                                                     organizationID: program.$organization.id, on: db)
        let mentorProfiles = inputs.mentors.map(\.profile)
        let menteeProfiles = inputs.mentees.map(\.profile)
        let previous = try await previousPairs(program: program, on: db)

        let scores = Compatibility.allowedScores(mentors: mentorProfiles, mentees: menteeProfiles, weights: settings.weights, terms: inputs.terms)
        let allowed = Set(scores.map { IndexPair(mentee: $0.mentee, mentor: $0.mentor) })
        let menteeIndex = Dictionary(uniqueKeysWithValues: candidates.mentees.enumerated().map { ($1.id!, $0) })
        let mentorIndex = Dictionary(uniqueKeysWithValues: candidates.mentors.enumerated().map { ($1.id!, $0) })
        let earlier = previous.compactMap { pair -> IndexPair? in
            guard let i = menteeIndex[pair.mentee], let j = mentorIndex[pair.mentor] else { return nil }
            let ref = IndexPair(mentee: i, mentor: j)
            return allowed.contains(ref) ? ref : nil
        }
        var fixed: [IndexPair] = []
        var forbidden: [IndexPair] = []
        switch settings.previousPairs {
        case .avoid: forbidden = earlier
        case .keep:
            // A mentor keeps at most as many former mentees as it has seats; a mentee keeps one mentor.
            var used: [Int: Int] = [:]
            var kept = Set<Int>()
            for pair in earlier where !kept.contains(pair.mentee) && used[pair.mentor, default: 0] < mentorProfiles[pair.mentor].capacity {
                fixed.append(pair)
                kept.insert(pair.mentee)
                used[pair.mentor, default: 0] += 1
            }
        case .ignore: break
        }
        // Indices, not ids: a region-sized run has hundreds of thousands of allowed pairs. When every
        // pair is allowed, the dense solver (Jonker–Volgenant) is the faster one.
        let everyPair = !scores.isEmpty && scores.count == menteeProfiles.count * mentorProfiles.count && fixed.isEmpty && forbidden.isEmpty
        let candidatePairs: CandidatePairs = everyPair ? .dense(scores.map { UInt8($0.score) }) : .sparse(scores)
        let problem = AssignmentProblem(
            menteeCount: menteeProfiles.count, capacities: mentorProfiles.map(\.capacity), candidates: candidatePairs,
            objective: settings.objective == .maxScore ? .maxScore : .maxMatchedThenScore,
            fixedPairs: fixed, forbiddenPairs: forbidden)
        let solution = problem.solve()
        let earlierSet = Set(earlier)

        let run = MatchingRun()
        run.$program.id = programID
        run.weights = String(decoding: try JSONEncoder().encode(settings.weights), as: UTF8.self)
        run.objective = settings.objective.rawValue
        run.previousPairs = settings.previousPairs.rawValue
        run.menteeCount = menteeProfiles.count
        run.mentorCount = mentorProfiles.count
        run.matchedCount = solution.matchedCount
        run.totalScore = solution.totalScore
        run.createdByName = actorName
        run.milliseconds = 0
        try await run.create(on: db)

        var groups: [Int: [Int]] = [:]
        for (i, mentor) in solution.mentorOfMentee.enumerated() { if let mentor { groups[mentor, default: []].append(i) } }
        var pairings: [Pairing] = []
        var members: [PairingMember] = []
        for j in groups.keys.sorted() {
            let group = groups[j]!
            let mentor = candidates.mentors[j]
            let pairing = try Pairing(id: UUID(), program: program, mentorID: mentor.id!, form: formFor(group.map { candidates.mentees[$0] }, program: program),
                                      scheme: .questionnaires, status: .draft, createdByName: actorName)
            pairing.matchingRunID = run.id
            pairing.repeatsPrevious = group.contains { earlierSet.contains(IndexPair(mentee: $0, mentor: j)) }
            pairings.append(pairing)
            for (position, i) in group.enumerated() {
                let score = Compatibility.score(mentor: mentorProfiles[j], mentee: menteeProfiles[i], weights: settings.weights, terms: inputs.terms)
                members.append(PairingMember(pairingID: pairing.id!, menteeID: candidates.mentees[i].id!, programID: programID,
                                             score: score.score, explanation: explanation(score, mentee: inputs.mentees[i], mentor: inputs.mentors[j]),
                                             position: position))
            }
        }
        // Batches keep each statement under SQLite's limit of bound values.
        for start in stride(from: 0, to: pairings.count, by: 500) { try await Array(pairings[start..<min(start + 500, pairings.count)]).create(on: db) }
        do {
            for start in stride(from: 0, to: members.count, by: 500) { try await Array(members[start..<min(start + 500, members.count)]).create(on: db) }
        } catch where RowLock.isUniqueViolation(error) {
            // Someone proposed one of these mentees while the run was computing (the one-place index).
            throw PairingError.placeTakenDuringRun
        }
        run.milliseconds = Int((ContinuousClock.now - started) / .milliseconds(1))
        try await run.save(on: db)
        return run
    }

    /// The lines a curator reads under a pair: each criterion with its points and where its data came
    /// from («из анкеты от 14.10: …», «из базы: …»), then whose answers were read (or that a side
    /// answered nothing) and what each side expects (not scored).
    static func explanation(_ score: CompatibilityScore, mentee: MatchingProfiles.Side<MenteeProfile>? = nil,
                            mentor: MatchingProfiles.Side<MentorProfile>? = nil) -> [String] {
        var lines: [String] = []
        for contribution in score.contributions {
            let points = Int(contribution.points.rounded())
            var line = "\(contribution.criterion.russianName.capitalizedFirst) (+\(points)): \(contribution.explanation)"
            let origins = [("у наставляемого", mentee?.sources[contribution.criterion]), ("у наставника", mentor?.sources[contribution.criterion])]
                .compactMap { who, sources in sources.map { "\(who) — " + $0.map { short($0.line) }.joined(separator: "; ") } }
            if !origins.isEmpty { line += sourcesMarker + origins.joined(separator: "; ") }
            lines.append(line)
        }
        if let mentee { lines.append(answered(mentee.person, who: "наставляемого")) }
        if let mentor { lines.append(answered(mentor.person, who: "наставника")) }
        if let expectations = mentee?.expectations { lines.append("Ожидания наставляемого (\(short(expectations.line)))") }
        if let expectations = mentor?.expectations { lines.append("Ожидания наставника (\(short(expectations.line)))") }
        return lines
    }

    /// «запрос — 10 (обязательный), предметы — 6; не учитывались: ролевая модель».
    static func weightsText(_ weights: ScoringWeights) -> String {
        let used = Criterion.allCases.filter { weights.setting(for: $0).weight > 0 || weights.setting(for: $0).required }
        let unused = Criterion.allCases.filter { !used.contains($0) }
        let list = used.map { criterion in
            let setting = weights.setting(for: criterion)
            return "\(criterion.russianName) — \(setting.weight)" + (setting.required ? " (обязательный)" : "")
        }.joined(separator: ", ")
        return unused.isEmpty ? list : list + "; не учитывались: " + unused.map(\.russianName).joined(separator: ", ")
    }

    /// What the pair's own sides read under «Почему вам предложена эта пара»: the criteria alone. The
    /// sources quote both people's answers and expectations; those stay with the curator, so a mentor
    /// never reads a child's questionnaire through the explanation.
    static func explanationForParticipants(_ lines: [String]) -> [String] {
        lines.compactMap { line in
            if line.hasPrefix("Ожидания ") || line.hasPrefix("Учтены ответы ") || line.hasPrefix("Ответов ") || line.hasPrefix("Анкета ") { return nil }
            return line.components(separatedBy: sourcesMarker).first
        }
    }

    static let sourcesMarker = ". Откуда: "

    /// Says plainly when a person answered nothing, so a zero is not read as a bad fit.
    static func answered(_ person: QuestionnaireProfiles.Person, who: String) -> String {
        guard person.hasAccount else {
            return "Анкета \(who) не заполнена: нет учётной записи на платформе — учтены только данные базы"
        }
        guard let last = person.lastAnsweredAt else { return "Ответов \(who) на анкету нет — учтены только данные базы" }
        return "Учтены ответы \(who) на анкету (последние — от \(MatchingProfiles.day(last))) и данные базы"
    }

    /// One line of the explanation: an answer's new lines and great length are cut.
    private static func short(_ text: String) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > 160 ? String(flat.prefix(159)) + "…" : flat
    }

    /// The draft proposal of the last run is replaced, never merged.
    static func discardDraft(programID: UUID, on db: any Database) async throws {
        let drafts = try await Pairing.query(on: db).filter(\.$program.$id == programID)
            .filter(\.$status == .draft).all(\.$id)
        guard !drafts.isEmpty else { return }
        try await PairingMember.query(on: db).filter(\.$pairing.$id ~~ drafts).delete()
        try await Pairing.query(on: db).filter(\.$id ~~ drafts).delete()
    }

    /// Pairs that worked together in the organization's other programs.
    static func previousPairs(program: Program, on db: any Database) async throws -> [(mentee: UUID, mentor: UUID)] {
        let pairings = try await Pairing.query(on: db)
            .filter(\.$organizationID == program.$organization.id).filter(\.$program.$id != program.requireID())
            .filter(\.$status ~~ [.formed, .finished]).with(\.$members).all()
        return pairings.flatMap { pairing in
            pairing.members.filter(\.isAgreed).map { (mentee: $0.$mentee.id, mentor: pairing.$mentor.id) }
        }
    }

    /// The form of a pairing is its mentees' form (a mentor may work in several).
    static func formFor(_ mentees: [Mentee], program: Program) -> MentoringForm {
        mentees.first?.form ?? program.forms.first ?? .studentStudent
    }
}

extension String {
    /// «запрос» → «Запрос».
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
