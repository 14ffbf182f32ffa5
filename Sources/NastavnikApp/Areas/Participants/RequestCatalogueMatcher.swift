import Foundation
import MentorMatching

/// How matching and selection compare what a mentee wants with what a mentor offers: by the
/// stems of the words (`RussianWords`), so «Подготовка к трудоустройству» is answered by
/// «трудоустройство», and by the vocabulary (`RequestVocabulary`), so it is answered by
/// «составление резюме» too; a neighbouring request counts half.
///
/// Each distinct phrase is analysed once and kept: a region's run compares thousands of mentors'
/// competencies with the same few dozen requests.
final class RequestTermMatcher: TermMatcher, @unchecked Sendable {
    private struct Analysis {
        let words: RussianWords
        /// Groups whose name or synonym the phrase says.
        let groups: Set<Int>
        /// Groups whose neighbouring request the phrase says.
        let relatedTo: Set<Int>
    }

    private let heads: [String]
    private let meanings: [[RussianWords]]
    private let neighbours: [[RussianWords]]
    private let lock = NSLock()
    private var analyses: [String: Analysis] = [:]

    init(vocabulary: RequestVocabulary) {
        heads = vocabulary.groups.map(\.head)
        meanings = vocabulary.groups.map { ([$0.head] + $0.synonyms).map(RussianWords.init).filter { !$0.isEmpty } }
        neighbours = vocabulary.groups.map { $0.related.map(RussianWords.init).filter { !$0.isEmpty } }
    }

    /// The built-in vocabulary alone (tests, and places without an organization).
    convenience init() {
        self.init(vocabulary: RequestVocabulary(groups: RequestVocabulary.builtIn))
    }

    func match(wanted: String, offered: String) -> TermMatch? {
        let w = analysis(wanted), o = analysis(offered)
        guard !w.words.isEmpty, !o.words.isEmpty else { return nil }
        if w.words.isWithin(o.words) || o.words.isWithin(w.words) {
            // The same words in other forms: name the mentor's wording when it differs.
            return TermMatch(strength: 1, note: Self.sameText(wanted, offered) ? nil : "«\(offered.trimmingCharacters(in: .whitespacesAndNewlines))»")
        }
        if let group = w.groups.intersection(o.groups).min() {
            return TermMatch(strength: 1, note: "«\(offered.trimmingCharacters(in: .whitespacesAndNewlines))» — то же по словарю: «\(heads[group])»")
        }
        if let group = w.groups.intersection(o.relatedTo).min() ?? o.groups.intersection(w.relatedTo).min() {
            return TermMatch(strength: 0.5, note: "«\(offered.trimmingCharacters(in: .whitespacesAndNewlines))» — близкий запрос по словарю: «\(heads[group])», засчитано наполовину")
        }
        return nil
    }

    /// A match needs a shared stem (one phrase within the other) or a shared meaning (the same or a
    /// neighbouring group), so stems and meanings are the keys.
    func blockingKeys(_ term: String) -> Set<String>? {
        let a = analysis(term)
        return Set(a.words.stems).union(a.groups.union(a.relatedTo).map { "#\($0)" })
    }

    private func analysis(_ phrase: String) -> Analysis {
        lock.lock()
        if let known = analyses[phrase] { lock.unlock(); return known }
        lock.unlock()
        let words = RussianWords(phrase)
        let result = Analysis(
            words: words,
            groups: Set(meanings.indices.filter { meanings[$0].contains { $0.isWithin(words) } }),
            relatedTo: Set(neighbours.indices.filter { neighbours[$0].contains { $0.isWithin(words) } }))
        lock.lock()
        analyses[phrase] = result
        lock.unlock()
        return result
    }

    private static func sameText(_ a: String, _ b: String) -> Bool {
        RussianWords.words(a) == RussianWords.words(b)
    }
}
