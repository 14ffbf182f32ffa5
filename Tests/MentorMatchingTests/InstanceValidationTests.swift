import Foundation
import Testing
@testable import MentorMatching

@Suite("Проверка входных данных mentor-match")
struct InstanceValidationTests {
    func load(_ json: String) throws(InstanceError) -> ValidatedInstance {
        try MatchingInstance.load(json: Data(json.utf8))
    }

    @Test("Пример из задачи читается и решается")
    func exampleFromIssue() throws {
        let validated = try load("""
            {"objective": "maxMatchedThenScore",
             "mentors": [{"id": "t1", "capacity": 2}],
             "mentees": [{"id": "s1"}],
             "edges": [{"mentee": "s1", "mentor": "t1", "score": 87}],
             "menteePreferences": {"s1": ["t1"]},
             "mentorPreferences": {"t1": ["s1"]}}
            """)
        let result = validated.solve()
        #expect(result == MatchingResult(
            pairs: [.init(mentee: "s1", mentor: "t1", score: 87)], unmatchedMentees: [], matchedCount: 1, totalScore: 87))
        let json = String(decoding: result.jsonData(pretty: false), as: UTF8.self)
        #expect(json == #"{"matchedCount":1,"pairs":[{"mentee":"s1","mentor":"t1","score":87}],"totalScore":87,"unmatchedMentees":[]}"#)
    }

    @Test("Ошибки называют проблему", arguments: [
        (#"{"mentors": [, "mentees": []}"#, "Некорректный JSON"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}]}"#, "mentees"),
        (#"{"mentors": [{"id": "t1", "capacity": "два"}], "mentees": []}"#, "mentors[0].capacity"),
        (#"{"objective": "best", "mentors": [], "mentees": []}"#, "«best»"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}, {"id": "t1", "capacity": 1}], "mentees": []}"#, "Наставник «t1» указан дважды"),
        (#"{"mentors": [], "mentees": [{"id": "s1"}, {"id": "s1"}]}"#, "Наставляемый «s1» указан дважды"),
        (#"{"mentors": [{"id": "t1", "capacity": -2}], "mentees": []}"#, "отрицательная вместимость -2"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t9", "score": 5}]}"#, "Неизвестный наставник «t9» в edges"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s7", "mentor": "t1", "score": 5}]}"#, "Неизвестный наставляемый «s7»"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t1", "score": 101}]}"#, "равна 101"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t1", "score": -1}]}"#, "равна -1"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t1", "score": 1}, {"mentee": "s1", "mentor": "t1", "score": 2}]}"#, "дважды"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "scores": [[1, 2]]}"#, "Матрица scores"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "menteePreferences": {"s1": ["t1", "t1"]}}"#, "дважды указан «t1»"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "mentorPreferences": {"t2": ["s1"]}}"#, "Неизвестный наставник «t2» в mentorPreferences"),
        (#"{"mentors": [{"id": "t1", "capacity": 0}], "mentees": [{"id": "s1"}], "fixedPairs": [{"mentee": "s1", "mentor": "t1"}]}"#, "больше, чем мест"),
        (#"{"mentors": [{"id": "t1", "capacity": 1}], "mentees": [{"id": "s1"}], "edges": [{"mentee": "s1", "mentor": "t1", "score": 99999999999999999999999}]}"#, "Некорректный JSON"),
        ("[]", "Некорректный JSON"),
        ("", "Некорректный JSON"),
    ])
    func errorsNameTheProblem(json: String, expected: String) {
        do {
            _ = try load(json)
            Issue.record("ожидалась ошибка для \(json)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
        }
    }

    @Test("Пустой экземпляр — ни пар, ни ошибок")
    func emptyInstance() throws {
        let result = try load(#"{"mentors": [], "mentees": []}"#).solve()
        #expect(result.matchedCount == 0 && result.pairs.isEmpty && result.unmatchedMentees.isEmpty)
    }

    @Test("Плотная матрица scores равносильна полному списку пар")
    func denseMatrix() throws {
        let dense = try load(#"{"objective": "maxScore", "mentors": [{"id": "a", "capacity": 1}, {"id": "b", "capacity": 1}], "mentees": [{"id": "x"}, {"id": "y"}], "scores": [[90, 10], [80, 5]]}"#).solve()
        // 90 + 5 beats 10 + 80.
        #expect(dense.pairs == [.init(mentee: "x", mentor: "a", score: 90), .init(mentee: "y", mentor: "b", score: 5)])
        #expect(dense.totalScore == 95)
    }
}
