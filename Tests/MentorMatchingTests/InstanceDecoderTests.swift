import Foundation
import Testing
@testable import MentorMatching

/// The one-pass decoder of `mentor-match` against `Codable` + `validated()`: the same
/// instance from the same bytes, whichever way they are read.
@Suite("Потоковое чтение экземпляра mentor-match")
struct InstanceDecoderTests {
    /// Everything a validated instance holds, as text, so two can be compared.
    func snapshot(_ v: ValidatedInstance) -> String {
        let scores = v.edgeScore.map { "\($0.key.mentee)-\($0.key.mentor):\($0.value)" }.sorted()
        return [
            "\(v.objective)", "\(v.mentorIds)", "\(v.menteeIds)", "\(v.assignment.menteeCount)",
            "\(v.assignment.capacities)", "\(v.assignment.candidates)", "\(v.assignment.objective)",
            "\(v.assignment.fixedPairs)", "\(v.assignment.forbiddenPairs)", "\(v.stable.capacities)",
            "\(v.stable.menteePreferences)", "\(v.stable.mentorPreferences)", "\(scores)",
        ].joined(separator: "\n")
    }

    /// The same bytes through Codable and validation only.
    func viaCodable(_ data: Data) throws(InstanceError) -> ValidatedInstance {
        try MatchingInstance.decode(json: data).validated()
    }

    func streamed(_ data: Data) -> ValidatedInstance? {
        data.withUnsafeBytes { try? StreamingInstanceDecoder.decode($0.bindMemory(to: UInt8.self)) }
    }

    func randomInstance(seed: UInt64) -> MatchingInstance {
        var rng = SeededGenerator(seed: seed)
        let n = Int.random(in: 0...12, using: &rng)
        let m = Int.random(in: 0...6, using: &rng)
        let objective = MatchingObjective.allCases.randomElement(using: &rng)!
        let mentors = (0..<m).map { MatchingInstance.Mentor(id: "t\($0)", capacity: Int.random(in: 0...3, using: &rng)) }
        let mentees = (0..<n).map { MatchingInstance.Mentee(id: "s-\($0)_x") }
        var edges: [MatchingInstance.Edge]?
        var scores: [[Int]]?
        if Bool.random(using: &rng) {
            scores = (0..<n).map { _ in (0..<m).map { _ in Int.random(in: 0...100, using: &rng) } }
        } else {
            edges = []
            for i in 0..<n { for j in 0..<m where Bool.random(using: &rng) {
                edges?.append(.init(mentee: "s-\(i)_x", mentor: "t\(j)", score: Int.random(in: 0...100, using: &rng)))
            } }
            edges?.shuffle(using: &rng)
        }
        var fixed: [MatchingInstance.PairRef] = []
        var load = [Int](repeating: 0, count: m)
        if objective != .stable {
            for i in 0..<n where m > 0 && Int.random(in: 0..<5, using: &rng) == 0 {
                let j = Int.random(in: 0..<m, using: &rng)
                if load[j] < mentors[j].capacity {
                    load[j] += 1
                    fixed.append(.init(mentee: "s-\(i)_x", mentor: "t\(j)"))
                }
            }
        }
        var forbidden: [MatchingInstance.PairRef] = []
        for i in 0..<n where m > 0 && Int.random(in: 0..<4, using: &rng) == 0 {
            let pair = MatchingInstance.PairRef(mentee: "s-\(i)_x", mentor: "t\(Int.random(in: 0..<m, using: &rng))")
            if !fixed.contains(pair) { forbidden.append(pair) }
        }
        var menteePreferences: [String: [String]]?
        var mentorPreferences: [String: [String]]?
        if objective == .stable || Bool.random(using: &rng) {
            menteePreferences = [:]
            for i in 0..<n where Bool.random(using: &rng) {
                menteePreferences?["s-\(i)_x"] = (0..<m).shuffled(using: &rng).prefix(Int.random(in: 0...m, using: &rng)).map { "t\($0)" }
            }
            mentorPreferences = [:]
            for j in 0..<m where Bool.random(using: &rng) {
                mentorPreferences?["t\(j)"] = (0..<n).shuffled(using: &rng).prefix(Int.random(in: 0...n, using: &rng)).map { "s-\($0)_x" }
            }
        }
        return MatchingInstance(
            objective: objective, mentors: mentors, mentees: mentees, edges: edges, scores: scores,
            menteePreferences: menteePreferences, mentorPreferences: mentorPreferences,
            fixedPairs: fixed.isEmpty ? nil : fixed, forbiddenPairs: forbidden.isEmpty ? nil : forbidden)
    }

    @Test("Один проход по байтам даёт тот же экземпляр, что и Codable, при любом порядке полей", arguments: 0..<200)
    func sameAsCodable(seed: Int) throws {
        let instance = randomInstance(seed: UInt64(seed) + 100_000)
        let encoder = JSONEncoder()
        // Sorted keys put edges and the pair lists before mentors and mentees.
        encoder.outputFormatting = seed % 2 == 0 ? [.sortedKeys] : [.prettyPrinted]
        let data = try encoder.encode(instance)
        let fast = try #require(streamed(data), "обычная запись читается быстрым путём")
        #expect(snapshot(fast) == snapshot(try viaCodable(data)))
        #expect(snapshot(try MatchingInstance.load(json: data)) == snapshot(fast))
    }

    @Test("Пробелы, null, лишние поля и поля в любом порядке не мешают")
    func layoutVariants() throws {
        let json = """
             {  "scores" : null ,"extra": {"a": [1, -2, true, false, null, "x\\"y", {"b": []}]},
              "edges":[ {"score":87 ,"mentor":"t1","note":"первая","mentee":"s1"} ],
              "mentees":[{"id":"s1","name":"Аня"}],"objective":null,
              "mentors":[{"capacity":2,"id":"t1"}], "fixedPairs": null }\t\r\n
            """
        let data = Data(json.utf8)
        let fast = try #require(streamed(data))
        #expect(snapshot(fast) == snapshot(try viaCodable(data)))
        #expect(fast.solve().pairs == [.init(mentee: "s1", mentor: "t1", score: 87)])
    }

    @Test("Необычная запись идёт через Codable и даёт тот же результат или ту же ошибку", arguments: [
        #"{"mentors": [{"id": "t\u0031", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t1", "score": 5}]}"#,
        #"{"mentors": [{"id": "Иванова", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "Иванова", "score": 5}]}"#,
        #"{"mentors": [{"id": "t1", "capacity": 1.0}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t1", "score": 5}]}"#,
        #"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t1", "score": 5e1}]}"#,
        #"{"mentors": [{"id": "t1", "capacity": 1}], "mentors": [], "mentees": []}"#,
        #"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "scores": [[5], [6]]}"#,
        #"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t2", "score": 5}]}"#,
        #"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t1", "score": 5}, {"mentee": "s1", "mentor": "t1", "score": 6}]}"#,
        #"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "fixedPairs": [{"mentee": "s1", "mentor": "t1"}], "forbiddenPairs": [{"mentee": "s1", "mentor": "t1"}]}"#,
        #"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "menteePreferences": {"s1": ["t1", "t1"]}}"#,
        #"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}]} x"#,
        #"{"mentors": [{"id": "t1", "capacity": 01}], "mentees": []}"#,
        #"{"mentors": [{"id": "", "capacity": 1}], "mentees": []}"#,
    ])
    func unusualInput(json: String) {
        let data = Data(json.utf8)
        #expect(streamed(data) == nil, "быстрый путь не берётся")
        let expected: Result<String, InstanceError>
        do throws(InstanceError) { expected = .success(snapshot(try viaCodable(data))) } catch { expected = .failure(error) }
        let loaded: Result<String, InstanceError>
        do throws(InstanceError) { loaded = .success(snapshot(try MatchingInstance.load(json: data))) } catch { loaded = .failure(error) }
        #expect(loaded == expected)
    }
}
