/// Scores of many pairs at once, without explanations: what a program's matching run needs for
/// thousands of mentees. The rules are those of ``Compatibility/score(mentor:mentee:weights:)``
/// (a test holds the two equal); terms are compared once per distinct term, not once per pair.
extension Compatibility {
    /// Every allowed pair (no required criterion failed) with its score 0–100, in mentee order
    /// then mentor order.
    public static func allowedScores(
        mentors: [MentorProfile], mentees: [MenteeProfile], weights: ScoringWeights = .standard,
        terms: any TermMatcher = LiteralTermMatcher()
    ) -> [ScoredPair] {
        let active = Criterion.allCases.filter {
            let setting = weights.setting(for: $0)
            return setting.weight > 0 || setting.required
        }
        let totalWeight = active.reduce(0) { $0 + weights.setting(for: $1).weight }
        let requests = TermOverlap(wanted: mentees.map(\.requests), offered: mentors.map { $0.competencies + $0.lifeExperience }, terms: terms)
        let subjects = TermOverlap(wanted: mentees.map(\.subjects), offered: mentors.map(\.subjects), terms: terms)
        let interests = TermOverlap(wanted: mentees.map(\.interests), offered: mentors.map(\.interests), terms: terms)
        let mentorTimes = mentors.map { Set($0.meetingTimes) }

        var result: [ScoredPair] = []
        result.reserveCapacity(mentees.count * mentors.count)
        for (i, mentee) in mentees.enumerated() {
            let availability = Set(mentee.availability)
            for (j, mentor) in mentors.enumerated() {
                var weighted = 0.0
                var allowed = true
                for criterion in active {
                    let fulfilment: Double = switch criterion {
                    case .request: requests.fulfilment(mentee: i, mentor: j)
                    case .subjects: subjects.fulfilment(mentee: i, mentor: j)
                    case .interests: interests.fulfilment(mentee: i, mentor: j)
                    case .age: ageFulfilment(mentor, mentee)
                    case .meetingTime: timeFulfilment(availability, mentorTimes[j])
                    case .place: placeFulfilment(mentor, mentee)
                    case .form: mentee.form.map { mentor.forms.contains($0) ? 1 : 0 } ?? 0
                    case .roleModel: mentee.roleModel.map { mentor.roleModels.contains($0) ? 1 : 0 } ?? 0
                    case .timeResource: timeResourceFulfilment(mentor, mentee)
                    }
                    let setting = weights.setting(for: criterion)
                    if setting.required && fulfilment <= 0 { allowed = false; break }
                    if totalWeight > 0 { weighted += 100 * Double(setting.weight) * fulfilment / Double(totalWeight) }
                }
                if allowed { result.append(ScoredPair(mentee: i, mentor: j, score: min(100, max(0, Int(weighted.rounded()))))) }
            }
        }
        return result
    }

    static func ageFulfilment(_ mentor: MentorProfile, _ mentee: MenteeProfile) -> Double {
        guard let age = mentee.age, let range = mentor.preferredMenteeAge, range.minimum <= range.maximum else { return 0 }
        return (range.minimum...range.maximum).contains(age) ? 1 : 0
    }

    static func timeFulfilment(_ availability: Set<MeetingTime>, _ mentorTimes: Set<MeetingTime>) -> Double {
        if availability.isEmpty || mentorTimes.isEmpty { return 0 }
        let common = availability.intersection(mentorTimes).count
        return common == 0 ? 0 : common >= 2 ? 1 : 0.75
    }

    static func placeFulfilment(_ mentor: MentorProfile, _ mentee: MenteeProfile) -> Double {
        guard let a = mentor.meetingPlace, let b = mentee.meetingPlace else { return 0 }
        return a == .either || b == .either || a == b ? 1 : 0
    }

    static func timeResourceFulfilment(_ mentor: MentorProfile, _ mentee: MenteeProfile) -> Double {
        guard let hours = mentor.hoursPerWeek, hours > 0 else { return 0 }
        let perMentee = hours / Double(max(mentor.capacity, 1))
        let needed = max(mentee.hoursPerWeekNeeded ?? minimumHoursPerWeek, 0.01)
        return min(1, perMentee / needed)
    }
}

/// How strongly each mentor offers each of the mentees' wanted terms, decided once per pair of
/// distinct terms (a region has thousands of mentors but few distinct requests and competencies).
struct TermOverlap {
    /// Per mentee: indices of its distinct wanted terms.
    private let wanted: [[Int]]
    /// Per mentor: the strength (0…1) with which it offers each distinct wanted term; nil when it offers nothing.
    private let offers: [[Double]?]

    init(wanted wantedLists: [[String]], offered offeredLists: [[String]], terms: any TermMatcher = LiteralTermMatcher()) {
        var vocabulary: [String: Int] = [:]
        var texts: [String] = []
        wanted = wantedLists.map { list in
            var seen = Set<Int>()
            var indices: [Int] = []
            for value in list {
                let key = Self.key(value)
                if key.isEmpty { continue }
                let index = vocabulary[key] ?? { vocabulary[key] = texts.count; texts.append(value); return texts.count - 1 }()
                if seen.insert(index).inserted { indices.append(index) }
            }
            return indices
        }
        let wantedTexts = texts
        // Wanted terms by blocking key, when the matcher gives keys: an offered term is compared only
        // with the wanted terms it shares a key with.
        var byKey: [String: [Int]]?
        if texts.allSatisfy({ terms.blockingKeys($0) != nil }) {
            var index: [String: [Int]] = [:]
            for (i, text) in texts.enumerated() { for key in terms.blockingKeys(text) ?? [] { index[key, default: []].append(i) } }
            byKey = index
        }
        var strengths: [String: [Double]] = [:]
        offers = offeredLists.map { list in
            var best: [Double]?
            for value in list {
                let key = Self.key(value)
                if key.isEmpty { continue }
                let row = strengths[key] ?? {
                    var row = [Double](repeating: 0, count: wantedTexts.count)
                    if let byKey, let keys = terms.blockingKeys(value) {
                        for i in Set(keys.flatMap { byKey[$0] ?? [] }) { row[i] = terms.match(wanted: wantedTexts[i], offered: value)?.strength ?? 0 }
                    } else {
                        for (i, text) in wantedTexts.enumerated() { row[i] = terms.match(wanted: text, offered: value)?.strength ?? 0 }
                    }
                    strengths[key] = row
                    return row
                }()
                best = best.map { zip($0, row).map { Swift.max($0, $1) } } ?? row
            }
            return best
        }
    }

    func fulfilment(mentee: Int, mentor: Int) -> Double {
        let terms = wanted[mentee]
        guard !terms.isEmpty, let offered = offers[mentor] else { return 0 }
        var matched = 0.0
        for term in terms { matched += offered[term] }
        return matched / Double(terms.count)
    }

    /// The same normalization as ``Compatibility``: case, «ё», spaces.
    static func key(_ value: String) -> String {
        value.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased().replacing("ё", with: "е")
    }
}
