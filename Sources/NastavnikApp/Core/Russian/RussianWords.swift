/// A phrase as the stems of its words: what requests, competencies and interests are compared by.
/// Words that carry no topic are left out: prepositions, conjunctions and particles («к», «и»,
/// «не»), and words of wanting or helping («хочу», «стать», «помощь», «подготовка», «нет»), so
/// «Нет прикладных профессиональных навыков» is the stems of «прикладные профессиональные навыки»
/// and «Подготовка к трудоустройству» is «трудоустройство».
struct RussianWords: Hashable, Sendable {
    /// The stems of the phrase's topic words, in the order typed, without repeats.
    let stems: [String]

    init(_ phrase: String) {
        var seen = Set<String>()
        var result: [String] = []
        for word in Self.words(phrase) where !Self.functionWords.contains(word) {
            let stem = RussianStemmer.stem(word)
            if !stem.isEmpty, !Self.genericStems.contains(stem), seen.insert(stem).inserted { result.append(stem) }
        }
        stems = result
    }

    var isEmpty: Bool { stems.isEmpty }

    /// True when every stem of `self` is among `other`'s: «трудоустройство» is within «подготовка к трудоустройству».
    func isWithin(_ other: RussianWords) -> Bool {
        !stems.isEmpty && stems.allSatisfy(other.stems.contains)
    }

    /// Lower-cased words with «ё» as «е»; a hyphen or a slash separates words («КОМПАС-3D» is «компас», «3d»).
    static func words(_ phrase: String) -> [String] {
        phrase.lowercased().replacing("ё", with: "е")
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
    }

    /// Prepositions, conjunctions, particles and pronouns, by their written form.
    static let functionWords: Set<String> = [
        "а", "без", "в", "во", "для", "до", "за", "и", "из", "или", "к", "ко", "как", "на", "над", "не", "ни", "о", "об", "обо",
        "от", "по", "под", "при", "про", "с", "со", "у", "через", "что", "чтобы", "это", "так", "также", "же", "ли", "бы",
        "мне", "меня", "мой", "моя", "мои", "моих", "я", "он", "она", "они", "его", "ее", "их", "свой", "свою", "своих", "свои",
        "себя", "себе", "том", "тем", "то", "та", "те", "все", "всех", "очень", "более", "менее", "уже", "еще",
    ]

    /// Words of wanting, needing and helping: any request can say them, so they never make two
    /// phrases alike. Stored as stems so every form of them is left out.
    static let genericStems: Set<String> = Set([
        "нет", "хочу", "хотел", "хотелось", "хотят", "стать", "нужна", "нужно", "нужен", "нужны", "необходимо", "помощь", "помочь",
        "помогать", "подготовка", "подготовить", "поддержка", "вопрос", "вопросы", "проблема", "проблемы", "трудности", "трудность",
        "сложности", "недостаточно", "умею", "могу", "научиться", "освоить", "получить", "работать", "опыт", "владение", "знание",
    ].map(RussianStemmer.stem))
}
