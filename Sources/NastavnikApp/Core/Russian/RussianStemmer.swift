/// The Snowball stemmer for Russian (the algorithm published at snowballstem.org, «Russian
/// stemming algorithm»), written from its description: «трудоустройству» and «трудоустройство»
/// both give «трудоустройств», «прикладных» and «прикладные» give «прикладн». Matching compares
/// requests, competencies and interests by these stems, so a word's case and number no longer
/// decide whether a mentor fits.
///
/// The word is lower-cased and «ё» read as «е» first; a word without Cyrillic vowels (a number,
/// «3d», a Latin name) is returned lower-cased as it is.
enum RussianStemmer {
    static func stem(_ word: String) -> String {
        var w = Array(word.lowercased().replacing("ё", with: "е"))
        guard let rv = regionAfterVowel(w, from: 0) else { return String(w) }
        let r2 = regionR2(w, rv: rv)

        // Step 1: a perfective gerund, or else a reflexive ending and then an adjectival,
        // verb or noun ending; all within RV.
        if !removeEnding(&w, rv: rv, conditional: perfectiveGerund1, plain: perfectiveGerund2) {
            _ = removeLongest(&w, rv: rv, endings: reflexive)
            if !removeAdjectival(&w, rv: rv),
               !removeEnding(&w, rv: rv, conditional: verb1, plain: verb2) {
                _ = removeLongest(&w, rv: rv, endings: noun)
            }
        }
        // Step 2: a final «и».
        if w.count > rv, w.last == "и" { w.removeLast() }
        // Step 3: a derivational ending «ост(ь)» within R2.
        _ = removeLongest(&w, rv: r2, endings: derivational)
        // Step 4: «нн» → «н», a superlative ending (then «нн» → «н»), or a final «ь».
        if removeLongest(&w, rv: rv, endings: superlative) {
            undoubleN(&w, rv: rv)
        } else if !undoubleN(&w, rv: rv), w.count > rv, w.last == "ь" {
            w.removeLast()
        }
        return String(w)
    }

    // MARK: Regions

    static let vowels: Set<Character> = ["а", "е", "и", "о", "у", "ы", "э", "ю", "я"]

    /// The index just after the first vowel at or after `start`, or nil when there is none.
    private static func regionAfterVowel(_ w: [Character], from start: Int) -> Int? {
        guard start < w.count, let i = w[start...].firstIndex(where: { vowels.contains($0) }) else { return nil }
        return i + 1
    }

    /// The index just after the first non-vowel at or after `start` (the word's end when none).
    private static func afterNonVowel(_ w: [Character], from start: Int) -> Int {
        guard start < w.count, let i = w[start...].firstIndex(where: { !vowels.contains($0) }) else { return w.count }
        return i + 1
    }

    /// R1 is the region after the first non-vowel following a vowel; R2 is R1 taken again within R1.
    private static func regionR2(_ w: [Character], rv: Int) -> Int {
        let r1 = afterNonVowel(w, from: rv)
        guard let afterVowel = regionAfterVowel(w, from: r1) else { return w.count }
        return afterNonVowel(w, from: afterVowel)
    }

    // MARK: Endings

    /// Endings of group 1 must follow «а» or «я», which stays.
    static let perfectiveGerund1 = ["в", "вши", "вшись"]
    static let perfectiveGerund2 = ["ив", "ивши", "ившись", "ыв", "ывши", "ывшись"]
    static let adjective = ["ее", "ие", "ые", "ое", "ими", "ыми", "ей", "ий", "ый", "ой", "ем", "им", "ым", "ом",
                            "его", "ого", "ему", "ому", "их", "ых", "ую", "юю", "ая", "яя", "ою", "ею"]
    static let participle1 = ["ем", "нн", "вш", "ющ", "щ"]
    static let participle2 = ["ивш", "ывш", "ующ"]
    static let reflexive = ["ся", "сь"]
    static let verb1 = ["ла", "на", "ете", "йте", "ли", "й", "л", "ем", "н", "ло", "но", "ет", "ют", "ны", "ть", "ешь", "нно"]
    static let verb2 = ["ила", "ыла", "ена", "ейте", "уйте", "ите", "или", "ыли", "ей", "уй", "ил", "ыл", "им", "ым", "ен",
                        "ило", "ыло", "ено", "ят", "ует", "уют", "ит", "ыт", "ены", "ить", "ыть", "ишь", "ую", "ю"]
    static let noun = ["а", "ев", "ов", "ие", "ье", "е", "иями", "ями", "ами", "еи", "ии", "и", "ией", "ей", "ой", "ий", "й",
                       "иям", "ям", "ием", "ем", "ам", "ом", "о", "у", "ах", "иях", "ях", "ы", "ь", "ию", "ью", "ю", "ия", "ья", "я"]
    static let superlative = ["ейш", "ейше"]
    static let derivational = ["ост", "ость"]

    /// The longest of `endings` that ends the word inside the region starting at `rv`.
    private static func longest(_ w: [Character], rv: Int, among endings: [String]) -> [Character]? {
        var best: [Character]?
        for ending in endings {
            let e = Array(ending)
            guard e.count > (best?.count ?? 0), w.count - e.count >= rv, w.suffix(e.count).elementsEqual(e) else { continue }
            best = e
        }
        return best
    }

    @discardableResult
    private static func removeLongest(_ w: inout [Character], rv: Int, endings: [String]) -> Bool {
        guard let e = longest(w, rv: rv, among: endings) else { return false }
        w.removeLast(e.count)
        return true
    }

    /// Snowball's rule for classes with two groups: the longest ending of either group is taken;
    /// one of group 1 is removed only after «а» or «я» inside RV, otherwise the class fails.
    private static func removeEnding(_ w: inout [Character], rv: Int, conditional: [String], plain: [String]) -> Bool {
        let first = longest(w, rv: rv, among: conditional)
        let second = longest(w, rv: rv, among: plain)
        if let second, second.count >= (first?.count ?? 0) {
            w.removeLast(second.count)
            return true
        }
        guard let first else { return false }
        let before = w.count - first.count - 1
        guard before >= rv, w[before] == "а" || w[before] == "я" else { return false }
        w.removeLast(first.count)
        return true
    }

    /// An adjective ending, then a participle ending before it when there is one.
    private static func removeAdjectival(_ w: inout [Character], rv: Int) -> Bool {
        guard removeLongest(&w, rv: rv, endings: adjective) else { return false }
        _ = removeEnding(&w, rv: rv, conditional: participle1, plain: participle2)
        return true
    }

    @discardableResult
    private static func undoubleN(_ w: inout [Character], rv: Int) -> Bool {
        guard w.count - 2 >= rv, w.suffix(2).elementsEqual(["н", "н"]) else { return false }
        w.removeLast()
        return true
    }
}
