import Foundation

/// How far one criterion is met for a pair, and why, in words a curator understands.
public struct CriterionContribution: Codable, Sendable, Equatable {
    public var criterion: Criterion
    public var weight: Int
    public var required: Bool
    /// 0 (not met or unknown) … 1 (fully met).
    public var fulfilment: Double
    /// Points this criterion adds to the 0–100 score.
    public var points: Double
    /// A Russian sentence: «Общие предметы: математика (1 из 2 у наставляемого)».
    public var explanation: String
}

/// The compatibility of one mentor and one mentee: a score 0–100 and its explanation.
public struct CompatibilityScore: Codable, Sendable, Equatable {
    public var mentor: String
    public var mentee: String
    /// Weighted share of the criteria met, rounded to an integer 0–100.
    public var score: Int
    /// False when a required criterion is not met: the pair may not form.
    public var allowed: Bool
    /// Required criteria the pair does not meet.
    public var failedRequired: [Criterion]
    /// One entry per criterion with a weight above 0 or marked required, in criterion order.
    public var contributions: [CriterionContribution]
}

/// How one wanted term (a request, an interest, a subject) is met by one offered term.
public struct TermMatch: Sendable, Equatable {
    /// 1 when the offered term answers the wanted one; less for a neighbouring meaning.
    public var strength: Double
    /// What the curator reads beside the wanted term when the two are worded differently
    /// («„составление резюме“ — то же по словарю»); nil when they read the same.
    public var note: String?

    public init(strength: Double, note: String? = nil) {
        self.strength = min(1, max(0, strength))
        self.note = note
    }
}

/// The rule that compares free-text terms. The application gives one that knows Russian word
/// forms and its vocabulary of synonyms; ``LiteralTermMatcher`` compares the letters alone.
public protocol TermMatcher: Sendable {
    /// How `offered` answers `wanted`, or nil when it does not.
    func match(wanted: String, offered: String) -> TermMatch?

    /// Keys such that two terms that match always share one (their word stems, their meanings):
    /// a region's run then compares each offered term only with the wanted terms that share a key,
    /// not with all of them. Nil (the default) compares every pair.
    func blockingKeys(_ term: String) -> Set<String>?
}

extension TermMatcher {
    public func blockingKeys(_ term: String) -> Set<String>? { nil }
}

/// Terms compared case-insensitively, «ё» as «е», spaces collapsed; one contains the other, and
/// words under four letters only when equal («алгебра» matches «алгебра 8 класс»).
public struct LiteralTermMatcher: TermMatcher {
    public init() {}

    public func match(wanted: String, offered: String) -> TermMatch? {
        let a = Compatibility.termKey(wanted), b = Compatibility.termKey(offered)
        guard !a.isEmpty, !b.isEmpty, Compatibility.termsMatch(a, b) else { return nil }
        return TermMatch(strength: 1)
    }
}

/// Compatibility scores of mentors and mentees from their questionnaires.
public enum Compatibility {
    /// Scores one pair. Unknown or empty fields never crash and never count as a match.
    /// `terms` compares requests with competencies, interests and subjects.
    public static func score(mentor: MentorProfile, mentee: MenteeProfile, weights: ScoringWeights = .standard,
                             terms: any TermMatcher = LiteralTermMatcher()) -> CompatibilityScore {
        let active = Criterion.allCases.filter {
            let setting = weights.setting(for: $0)
            return setting.weight > 0 || setting.required
        }
        let totalWeight = active.reduce(0) { $0 + weights.setting(for: $1).weight }
        var contributions: [CriterionContribution] = []
        var failed: [Criterion] = []
        var weighted = 0.0
        for criterion in active {
            let setting = weights.setting(for: criterion)
            let (fulfilment, explanation) = evaluate(criterion, mentor, mentee, terms: terms)
            let points = totalWeight == 0 ? 0 : 100 * Double(setting.weight) * fulfilment / Double(totalWeight)
            weighted += points
            if setting.required && fulfilment <= 0 { failed.append(criterion) }
            contributions.append(CriterionContribution(
                criterion: criterion, weight: setting.weight, required: setting.required,
                fulfilment: fulfilment, points: points,
                explanation: setting.required && fulfilment <= 0
                    ? explanation + " — обязательный критерий не выполнен, пара не формируется" : explanation))
        }
        return CompatibilityScore(
            mentor: mentor.id, mentee: mentee.id, score: min(100, max(0, Int(weighted.rounded()))),
            allowed: failed.isEmpty, failedRequired: failed, contributions: contributions)
    }

    /// Scores every pair and returns the allowed ones as edges of a ``MatchingInstance``,
    /// in mentee order then mentor order; what the program's pairing page solves.
    public static func instance(
        mentors: [MentorProfile], mentees: [MenteeProfile], weights: ScoringWeights = .standard,
        objective: MatchingObjective = .maxMatchedThenScore, terms: any TermMatcher = LiteralTermMatcher()
    ) -> MatchingInstance {
        let edges = allowedScores(mentors: mentors, mentees: mentees, weights: weights, terms: terms).map {
            MatchingInstance.Edge(mentee: mentees[$0.mentee].id, mentor: mentors[$0.mentor].id, score: $0.score)
        }
        return MatchingInstance(
            objective: objective, mentors: mentors.map { .init(id: $0.id, capacity: $0.capacity) },
            mentees: mentees.map { .init(id: $0.id) }, edges: edges)
    }

    /// The minimum the seeds set: a meeting of an hour at least once in two weeks.
    static let minimumHoursPerWeek = 0.5

    static func evaluate(_ criterion: Criterion, _ mentor: MentorProfile, _ mentee: MenteeProfile,
                         terms: any TermMatcher = LiteralTermMatcher()) -> (Double, String) {
        switch criterion {
        case .request:
            let offers = mentor.competencies + mentor.lifeExperience
            return overlap(wanted: mentee.requests, offered: offers, terms: terms, what: "Запросы наставляемого",
                           matchedText: "Наставник может помочь с запросом", none: "Запрос наставляемого (%@) не совпадает с компетенциями и опытом наставника",
                           missingWanted: "Запрос наставляемого не указан", missingOffered: "Компетенции и опыт наставника не указаны")
        case .subjects:
            return overlap(wanted: mentee.subjects, offered: mentor.subjects, terms: terms, what: "Предметы",
                           matchedText: "Наставник ведёт предмет, нужный наставляемому", none: "Предметы наставляемого (%@) наставник не ведёт",
                           missingWanted: "Предметы наставляемого не указаны", missingOffered: "Предметы наставника не указаны")
        case .interests:
            return overlap(wanted: mentee.interests, offered: mentor.interests, terms: terms, what: "Интересы",
                           matchedText: "Общие интересы", none: "Общих интересов нет (у наставляемого: %@)",
                           missingWanted: "Интересы наставляемого не указаны", missingOffered: "Интересы наставника не указаны")
        case .age:
            guard let age = mentee.age else { return (0, "Возраст наставляемого не указан — критерий не засчитан") }
            guard let range = mentor.preferredMenteeAge, range.minimum <= range.maximum else {
                return (0, "Предпочтительный возраст наставляемых не указан наставником — критерий не засчитан")
            }
            let fits = (range.minimum...range.maximum).contains(age)
            return (fits ? 1 : 0, "Наставляемому \(age) \(years(age)), наставник предпочитает \(range.minimum)–\(range.maximum) \(years(range.maximum)) — \(fits ? "подходит" : "не подходит")")
        case .meetingTime:
            if mentee.availability.isEmpty { return (0, "Время встреч наставляемого не указано — критерий не засчитан") }
            if mentor.meetingTimes.isEmpty { return (0, "Время встреч наставника не указано — критерий не засчитан") }
            let common = Set(mentee.availability).intersection(mentor.meetingTimes).sorted()
            if common.isEmpty { return (0, "Нет общего времени для встреч") }
            // Two common times leave room to move a meeting; one is already workable.
            return (common.count >= 2 ? 1 : 0.75, "Общее время встреч: " + common.map(\.russianName).joined(separator: ", "))
        case .place:
            guard let a = mentor.meetingPlace, let b = mentee.meetingPlace else {
                return (0, "Место встреч (очно или онлайн) указано не обеими сторонами — критерий не засчитан")
            }
            if a == .either || b == .either || a == b {
                let place = a == .either ? b : a
                let text = switch place {
                case .inPerson: "очно"
                case .online: "онлайн"
                case .either: "очно или онлайн"
                }
                return (1, "Обе стороны готовы встречаться \(text)")
            }
            return (0, a == .online ? "Наставник встречается только онлайн, наставляемый — только очно"
                                    : "Наставник встречается только очно, наставляемый — только онлайн")
        case .form:
            guard let form = mentee.form else { return (0, "Форма наставничества наставляемого не указана — критерий не засчитан") }
            if mentor.forms.isEmpty { return (0, "Формы наставничества наставника не указаны — критерий не засчитан") }
            let fits = mentor.forms.contains(form)
            return (fits ? 1 : 0, "Форма «\(form.russianName)» \(fits ? "подходит наставнику" : "наставнику не подходит")")
        case .roleModel:
            guard let model = mentee.roleModel else { return (0, "Ролевая модель не выбрана наставляемым — критерий не засчитан") }
            let fits = mentor.roleModels.contains(model)
            return (fits ? 1 : 0, "Ролевая модель «\(model.russianName)» \(fits ? "есть у наставника" : "наставнику не подходит")")
        case .timeResource:
            guard let hours = mentor.hoursPerWeek, hours > 0 else {
                return (0, "Временной ресурс наставника не указан — критерий не засчитан")
            }
            let perMentee = hours / Double(max(mentor.capacity, 1))
            let needed = max(mentee.hoursPerWeekNeeded ?? minimumHoursPerWeek, 0.01)
            let fulfilment = min(1, perMentee / needed)
            return (fulfilment, "У наставника \(hoursText(hours)) ч в неделю на \(max(mentor.capacity, 1)) наставляемых (\(hoursText(perMentee)) ч на каждого), нужно \(hoursText(needed)) ч — \(fulfilment >= 1 ? "достаточно" : "недостаточно")")
        }
    }

    private static func overlap(
        wanted: [String], offered: [String], terms: any TermMatcher, what: String, matchedText: String, none: String,
        missingWanted: String, missingOffered: String
    ) -> (Double, String) {
        let wantedTerms = uniqueTerms(wanted)
        let offeredTerms = uniqueTerms(offered)
        if wantedTerms.isEmpty { return (0, missingWanted + " — критерий не засчитан") }
        if offeredTerms.isEmpty { return (0, missingOffered + " — критерий не засчитан") }
        var total = 0.0
        var matched: [String] = []
        for term in wantedTerms {
            // The strongest offered term answers the wanted one.
            var best: TermMatch?
            for offer in offeredTerms {
                guard let match = terms.match(wanted: term.text, offered: offer.text), match.strength > (best?.strength ?? 0) else { continue }
                best = match
                if match.strength >= 1 { break }
            }
            guard let best else { continue }
            total += best.strength
            matched.append(best.note.map { "\(term.text) (\($0))" } ?? term.text)
        }
        if matched.isEmpty {
            return (0, none.replacingPlaceholder(with: wantedTerms.map(\.text).joined(separator: ", ")))
        }
        return (total / Double(wantedTerms.count),
                "\(matchedText): \(matched.joined(separator: ", ")) (\(matched.count) из \(wantedTerms.count))")
    }

    /// Terms without repeats: compared case-insensitively, with «ё» as «е» and spaces collapsed.
    private static func uniqueTerms(_ values: [String]) -> [(key: String, text: String)] {
        var seen = Set<String>()
        var result: [(key: String, text: String)] = []
        for value in values {
            let text = value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            let key = termKey(text)
            if !key.isEmpty, seen.insert(key).inserted { result.append((key, text)) }
        }
        return result
    }

    /// «алгебра» matches «алгебра 8 класс»; very short words must be equal.
    static func termsMatch(_ a: String, _ b: String) -> Bool {
        if a == b { return true }
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        return short.count >= 4 && long.contains(short)
    }

    /// «21 год», «22 года», «25 лет».
    static func years(_ n: Int) -> String {
        let (last, lastTwo) = (abs(n) % 10, abs(n) % 100)
        if (11...14).contains(lastTwo) { return "лет" }
        return last == 1 ? "год" : (2...4).contains(last) ? "года" : "лет"
    }

    private static func hoursText(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded).replacing(".", with: ",")
    }
}

private extension String {
    func replacingPlaceholder(with value: String) -> String {
        replacing("%@", with: value)
    }
}
