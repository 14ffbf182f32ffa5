import Testing
@testable import MentorMatching

@Suite("Отбор: может ли наставник ответить на запрос")
struct SelectionCoverageTests {
    let mentor = MentorProfile(id: "m1", competencies: ["Адаптация в новом коллективе", "подготовка к ОГЭ"], lifeExperience: ["Переезд"])

    @Test("Запрос совпадает с компетенцией или жизненным опытом так же, как в оценке совместимости")
    func offers() {
        #expect(Compatibility.offers(mentor, request: "Адаптация"))
        #expect(Compatibility.offers(mentor, request: "  ПЕРЕЕЗД "))
        #expect(!Compatibility.offers(mentor, request: "Буллинг"))
        #expect(!Compatibility.offers(mentor, request: "ОГЭ"), "короткое слово совпадает только целиком")
        #expect(!Compatibility.offers(mentor, request: ""))
        #expect(!Compatibility.offers(MentorProfile(id: "m2"), request: "Адаптация"))
    }

    @Test("Правило совпадает с критерием «запрос» оценки совместимости")
    func sameRuleAsScore() {
        let mentee = MenteeProfile(id: "s1", requests: ["Адаптация"])
        let weights = ScoringWeights.standard
        let contribution = Compatibility.score(mentor: mentor, mentee: mentee, weights: weights).contributions.first { $0.criterion == .request }
        #expect((contribution?.fulfilment ?? 0) > 0)
        #expect(Compatibility.offers(mentor, request: "Адаптация"))
    }
}
