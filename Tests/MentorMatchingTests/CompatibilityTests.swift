import Testing
@testable import MentorMatching

@Suite("Совместимость наставника и наставляемого")
struct CompatibilityTests {
    let mathMentor = MentorProfile(
        id: "t1", competencies: ["подготовка к ОГЭ", "адаптация"], subjects: ["Математика", "физика"],
        interests: ["шахматы"], lifeExperience: ["олимпиады"], preferredMenteeAge: AgeRange(minimum: 12, maximum: 15),
        hoursPerWeek: 3, meetingTimes: [MeetingTime(weekday: 1, dayPart: .evening), MeetingTime(weekday: 3, dayPart: .evening)],
        meetingPlace: .either, forms: [.studentStudent], capacity: 2)

    let pupil = MenteeProfile(
        id: "s1", requests: ["подготовка к ОГЭ"], subjects: ["математика"], interests: ["Шахматы", "театр"],
        age: 14, availability: [MeetingTime(weekday: 1, dayPart: .evening), MeetingTime(weekday: 3, dayPart: .evening)],
        meetingPlace: .inPerson, form: .studentStudent)

    @Test("Каждый критерий объяснён по-русски, баллы складываются в итог")
    func explained() {
        let result = Compatibility.score(mentor: mathMentor, mentee: pupil)
        #expect(result.allowed)
        #expect(abs(result.contributions.map(\.points).reduce(0, +) - Double(result.score)) < 0.5 + 1e-9)
        let text = Dictionary(uniqueKeysWithValues: result.contributions.map { ($0.criterion, $0.explanation) })
        #expect(text[.subjects] == "Наставник ведёт предмет, нужный наставляемому: математика (1 из 1)")
        #expect(text[.request] == "Наставник может помочь с запросом: подготовка к ОГЭ (1 из 1)")
        #expect(text[.interests] == "Общие интересы: Шахматы (1 из 2)")
        #expect(text[.age] == "Наставляемому 14 лет, наставник предпочитает 12–15 лет — подходит")
        #expect(text[.meetingTime] == "Общее время встреч: пн вечер, ср вечер")
        #expect(text[.place] == "Обе стороны готовы встречаться очно")
        #expect(text[.form] == "Форма «ученик–ученик» подходит наставнику")
        #expect(text[.timeResource]?.contains("1,5 ч на каждого") == true)
        #expect(result.score == 92) // 41.5 of 45 weight points
    }

    @Test("Пустая анкета не ломает расчёт и ничего не засчитывает")
    func emptyProfiles() {
        let result = Compatibility.score(mentor: MentorProfile(id: "t0"), mentee: MenteeProfile(id: "s0"))
        #expect(result.score == 0)
        #expect(result.allowed)
        #expect(result.contributions.allSatisfy { $0.fulfilment == 0 && $0.explanation.contains("не") })
    }

    @Test("Обязательный критерий отсекает пару и объясняет почему")
    func requiredFilters() {
        let weights = ScoringWeights.standard.with(.age, weight: 4, required: true)
        var older = pupil
        older.age = 17
        let result = Compatibility.score(mentor: mathMentor, mentee: older, weights: weights)
        #expect(!result.allowed)
        #expect(result.failedRequired == [.age])
        #expect(result.contributions.first { $0.criterion == .age }?.explanation.contains("пара не формируется") == true)
        var unknownAge = pupil
        unknownAge.age = nil
        #expect(!Compatibility.score(mentor: mathMentor, mentee: unknownAge, weights: weights).allowed)
    }

    @Test("Вес 0 выключает критерий, веса вне 0–10 обрезаются")
    func weights() {
        let onlySubjects = ScoringWeights([.subjects: CriterionSetting(weight: 25)])
        #expect(onlySubjects.setting(for: .subjects).weight == 10)
        let result = Compatibility.score(mentor: mathMentor, mentee: pupil, weights: onlySubjects)
        #expect(result.contributions.map(\.criterion) == [.subjects])
        #expect(result.score == 100)
    }

    @Test("Анкеты программы превращаются в задачу распределения без отсечённых пар")
    func instanceFromProfiles() throws {
        let weights = ScoringWeights.standard.with(.form, weight: 8, required: true)
        var employerPupil = pupil
        employerPupil.id = "s2"
        employerPupil.form = .employerPupil
        let instance = Compatibility.instance(mentors: [mathMentor], mentees: [pupil, employerPupil], weights: weights)
        #expect(instance.edges?.map(\.mentee) == ["s1"])
        #expect(instance.mentors == [.init(id: "t1", capacity: 2)])
        let result = try instance.solve()
        #expect(result.unmatchedMentees == ["s2"])
    }
}
