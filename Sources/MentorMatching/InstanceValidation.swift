/// A problem in a ``MatchingInstance``; `description` is a Russian sentence that names it.
public enum InstanceError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownObjective(String)
    case emptyId(list: String, position: Int)
    case duplicateMentor(String)
    case duplicateMentee(String)
    case negativeCapacity(mentor: String, capacity: Int)
    case unknownMentor(String, context: String)
    case unknownMentee(String, context: String)
    case scoreOutOfRange(mentee: String, mentor: String, score: Int)
    case duplicateEdge(mentee: String, mentor: String)
    case scoreMatrixShape(String)
    case duplicateInPreferences(owner: String, id: String)
    case fixedPairConflict(String)
    case malformedJSON(String)

    public var description: String {
        switch self {
        case .unknownObjective(let value):
            return "Неизвестная цель «\(value)»: ожидается maxMatchedThenScore, maxScore или stable"
        case .emptyId(let list, let position):
            return "Пустой id в списке \(list) (позиция \(position + 1))"
        case .duplicateMentor(let id): return "Наставник «\(id)» указан дважды"
        case .duplicateMentee(let id): return "Наставляемый «\(id)» указан дважды"
        case .negativeCapacity(let mentor, let capacity):
            return "У наставника «\(mentor)» отрицательная вместимость \(capacity)"
        case .unknownMentor(let id, let context): return "Неизвестный наставник «\(id)» в \(context)"
        case .unknownMentee(let id, let context): return "Неизвестный наставляемый «\(id)» в \(context)"
        case .scoreOutOfRange(let mentee, let mentor, let score):
            return "Оценка пары «\(mentee)»–«\(mentor)» равна \(score), а должна быть от 0 до 100"
        case .duplicateEdge(let mentee, let mentor): return "Пара «\(mentee)»–«\(mentor)» указана в edges дважды"
        case .scoreMatrixShape(let detail): return "Матрица scores: \(detail)"
        case .duplicateInPreferences(let owner, let id):
            return "В списке предпочтений «\(owner)» дважды указан «\(id)»"
        case .fixedPairConflict(let detail): return "Закреплённые пары: \(detail)"
        case .malformedJSON(let detail): return "Некорректный JSON: \(detail)"
        }
    }
}

/// An instance whose ids are resolved to positions and whose every field is checked.
public struct ValidatedInstance: Sendable {
    public var objective: MatchingObjective
    public var mentorIds: [String]
    public var menteeIds: [String]
    /// The optimisation problem (its objective is unused for `stable`).
    public var assignment: AssignmentProblem
    /// The preference lists by position (empty lists unless given).
    public var stable: StableMatchingProblem
    /// Scores of listed edges, kept only for `stable`, which reports them with its pairs.
    var edgeScore: [IndexPair: Int]
}

extension MatchingInstance {
    /// Checks ids, capacities, scores and pair lists, and resolves ids to positions.
    /// - Throws: ``InstanceError`` for the first problem found, in field order.
    public func validated() throws(InstanceError) -> ValidatedInstance {
        let objectiveValue = objective ?? MatchingObjective.maxMatchedThenScore.rawValue
        guard let objective = MatchingObjective(rawValue: objectiveValue) else {
            throw .unknownObjective(objectiveValue)
        }
        var mentorIndex: [String: Int] = [:]
        mentorIndex.reserveCapacity(mentors.count)
        for (position, mentor) in mentors.enumerated() {
            if mentor.id.isEmpty { throw .emptyId(list: "mentors", position: position) }
            if mentorIndex.updateValue(position, forKey: mentor.id) != nil { throw .duplicateMentor(mentor.id) }
            if mentor.capacity < 0 { throw .negativeCapacity(mentor: mentor.id, capacity: mentor.capacity) }
        }
        var menteeIndex: [String: Int] = [:]
        menteeIndex.reserveCapacity(mentees.count)
        for (position, mentee) in mentees.enumerated() {
            if mentee.id.isEmpty { throw .emptyId(list: "mentees", position: position) }
            if menteeIndex.updateValue(position, forKey: mentee.id) != nil { throw .duplicateMentee(mentee.id) }
        }
        func mentor(_ id: String, _ context: String) throws(InstanceError) -> Int {
            guard let index = mentorIndex[id] else { throw .unknownMentor(id, context: context) }
            return index
        }
        func mentee(_ id: String, _ context: String) throws(InstanceError) -> Int {
            guard let index = menteeIndex[id] else { throw .unknownMentee(id, context: context) }
            return index
        }

        let candidates: CandidatePairs
        var edgeScore: [IndexPair: Int] = [:]
        if let scores {
            guard scores.count == mentees.count else {
                throw .scoreMatrixShape("\(scores.count) строк, а наставляемых \(mentees.count)")
            }
            var flat = [UInt8](repeating: 0, count: mentees.count * mentors.count)
            for (i, row) in scores.enumerated() {
                guard row.count == mentors.count else {
                    throw .scoreMatrixShape("в строке «\(mentees[i].id)» \(row.count) чисел, а наставников \(mentors.count)")
                }
                for (j, score) in row.enumerated() {
                    guard (0...100).contains(score) else {
                        throw .scoreOutOfRange(mentee: mentees[i].id, mentor: mentors[j].id, score: score)
                    }
                    flat[i * mentors.count + j] = UInt8(score)
                }
            }
            candidates = .dense(flat)
        } else {
            var pairs: [ScoredPair] = []
            pairs.reserveCapacity(edges?.count ?? 0)
            var seen = Set<IndexPair>()
            seen.reserveCapacity(edges?.count ?? 0)
            for edge in edges ?? [] {
                let i = try mentee(edge.mentee, "edges")
                let j = try mentor(edge.mentor, "edges")
                guard (0...100).contains(edge.score) else {
                    throw .scoreOutOfRange(mentee: edge.mentee, mentor: edge.mentor, score: edge.score)
                }
                guard seen.insert(IndexPair(mentee: i, mentor: j)).inserted else {
                    throw .duplicateEdge(mentee: edge.mentee, mentor: edge.mentor)
                }
                pairs.append(ScoredPair(mentee: i, mentor: j, score: edge.score))
                if objective == .stable { edgeScore[IndexPair(mentee: i, mentor: j)] = edge.score }
            }
            candidates = .sparse(pairs)
        }

        var fixed: [IndexPair] = []
        var fixedMentees = Set<Int>()
        var fixedLoad = [Int](repeating: 0, count: mentors.count)
        for pair in fixedPairs ?? [] {
            let i = try mentee(pair.mentee, "fixedPairs")
            let j = try mentor(pair.mentor, "fixedPairs")
            guard fixedMentees.insert(i).inserted else {
                throw .fixedPairConflict("наставляемый «\(pair.mentee)» закреплён дважды")
            }
            fixedLoad[j] += 1
            guard fixedLoad[j] <= mentors[j].capacity else {
                throw .fixedPairConflict("у наставника «\(pair.mentor)» закреплённых пар больше, чем мест")
            }
            fixed.append(IndexPair(mentee: i, mentor: j))
        }
        if objective == .stable, !fixed.isEmpty {
            throw .fixedPairConflict("не применяются к цели stable: пары там образуются только по взаимному выбору")
        }
        var forbidden: [IndexPair] = []
        for pair in forbiddenPairs ?? [] {
            let p = IndexPair(mentee: try mentee(pair.mentee, "forbiddenPairs"), mentor: try mentor(pair.mentor, "forbiddenPairs"))
            if fixed.contains(p) {
                throw .fixedPairConflict("пара «\(pair.mentee)»–«\(pair.mentor)» одновременно закреплена и запрещена")
            }
            forbidden.append(p)
        }

        var menteeLists = [[Int]](repeating: [], count: mentees.count)
        for (owner, list) in (menteePreferences ?? [:]).sorted(by: { $0.key < $1.key }) {
            let i = try mentee(owner, "menteePreferences")
            var seen = Set<Int>()
            for id in list {
                let j = try mentor(id, "menteePreferences[\(owner)]")
                guard seen.insert(j).inserted else { throw .duplicateInPreferences(owner: owner, id: id) }
                if !forbidden.isEmpty, forbidden.contains(IndexPair(mentee: i, mentor: j)) { continue }
                menteeLists[i].append(j)
            }
        }
        var mentorLists = [[Int]](repeating: [], count: mentors.count)
        for (owner, list) in (mentorPreferences ?? [:]).sorted(by: { $0.key < $1.key }) {
            let j = try mentor(owner, "mentorPreferences")
            var seen = Set<Int>()
            for id in list {
                let i = try mentee(id, "mentorPreferences[\(owner)]")
                guard seen.insert(i).inserted else { throw .duplicateInPreferences(owner: owner, id: id) }
                mentorLists[j].append(i)
            }
        }

        let capacities = mentors.map(\.capacity)
        let assignmentObjective: AssignmentObjective = objective == .maxScore ? .maxScore : .maxMatchedThenScore
        return ValidatedInstance(
            objective: objective,
            mentorIds: mentors.map(\.id),
            menteeIds: mentees.map(\.id),
            assignment: AssignmentProblem(
                menteeCount: mentees.count, capacities: capacities, candidates: candidates,
                objective: assignmentObjective, fixedPairs: fixed, forbiddenPairs: forbidden),
            stable: StableMatchingProblem(
                capacities: capacities, menteePreferences: menteeLists, mentorPreferences: mentorLists),
            edgeScore: edgeScore)
    }
}
