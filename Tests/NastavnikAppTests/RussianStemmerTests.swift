import MentorMatching
@testable import NastavnikApp
import Testing

/// The Snowball Russian stemmer, the phrase analysis built on it, and the matching rule the
/// curator sees: requests against competencies by word forms and the vocabulary (issue 17, item 3).
struct RussianStemmerTests {
    @Test("Основа слова по алгоритму Snowball: падежи, числа, глаголы, причастия и превосходная степень")
    func snowballStems() {
        let table: [(String, String)] = [
            ("трудоустройству", "трудоустройств"), ("трудоустройство", "трудоустройств"),
            ("прикладных", "прикладн"), ("прикладные", "прикладн"),
            ("навыков", "навык"), ("навыки", "навык"),
            ("профессиональных", "профессиональн"), ("профессиональные", "профессиональн"),
            ("общения", "общен"), ("общение", "общен"),
            ("технологом", "технолог"), ("технолог", "технолог"),
            ("книги", "книг"), ("красивая", "красив"),
            ("бежать", "бежа"), ("учиться", "уч"),
            ("прочитав", "прочита"), ("прочитавшись", "прочита"),
            ("успеваемость", "успеваем"), ("специальностей", "специальн"),
            ("длинный", "длин"), ("красивейший", "красив"), ("важнейшие", "важн"),
            ("наставниками", "наставник"), ("Ёлки", "елк"),
            ("компас", "компас"), ("3d", "3d"), ("к", "к"),
        ]
        for (word, stem) in table {
            #expect(RussianStemmer.stem(word) == stem, "\(word)")
        }
    }

    @Test("Фраза без служебных слов и слов желания: «Нет прикладных профессиональных навыков» — те же основы, что «прикладные профессиональные навыки»")
    func phraseStems() {
        #expect(RussianWords("Нет прикладных профессиональных навыков").stems == RussianWords("прикладные профессиональные навыки").stems)
        #expect(RussianWords("Подготовка к трудоустройству").stems == ["трудоустройств"])
        #expect(RussianWords("КОМПАС-3D").stems == ["компас", "3d"])
        #expect(RussianWords("помощь и поддержка").isEmpty, "слова без темы не делают фразы похожими")
    }

    private func requestScore(request: String, competencies: [String]) -> CompatibilityScore {
        Compatibility.score(mentor: MentorProfile(id: "наставник", competencies: competencies),
                            mentee: MenteeProfile(id: "наставляемый", requests: [request]),
                            weights: ScoringWeights([.request: .init(weight: 10)]), terms: RequestTermMatcher())
    }

    @Test("HR-специалист с «Трудоустройство, составление резюме» подходит к запросу «Подготовка к трудоустройству»")
    func employmentRequest() {
        let score = requestScore(request: "Подготовка к трудоустройству", competencies: ["Трудоустройство", "составление резюме"])
        #expect(score.score == 100)
        #expect(score.contributions[0].explanation.contains("Наставник может помочь с запросом: Подготовка к трудоустройству"))
        // By the vocabulary alone: «резюме» is said of the request «Подготовка к трудоустройству».
        let byVocabulary = requestScore(request: "Подготовка к трудоустройству", competencies: ["составление резюме"])
        #expect(byVocabulary.score == 100)
        #expect(byVocabulary.contributions[0].explanation.contains("«составление резюме» — то же по словарю"))
        // The old letter-by-letter rule found neither.
        let literal = Compatibility.score(mentor: MentorProfile(id: "m", competencies: ["Трудоустройство", "составление резюме"]),
                                          mentee: MenteeProfile(id: "e", requests: ["Подготовка к трудоустройству"]),
                                          weights: ScoringWeights([.request: .init(weight: 10)]))
        #expect(literal.score == 0)
    }

    @Test("«Нет прикладных профессиональных навыков» находит наставника с «прикладные профессиональные навыки»")
    func appliedSkillsRequest() {
        let score = requestScore(request: "Нет прикладных профессиональных навыков", competencies: ["прикладные профессиональные навыки"])
        #expect(score.score == 100)
        let mentor = MentorProfile(id: "m", competencies: ["прикладные профессиональные навыки"])
        #expect(Compatibility.offers(mentor, request: "Нет прикладных профессиональных навыков", terms: RequestTermMatcher()))
        #expect(!Compatibility.offers(mentor, request: "Нет прикладных профессиональных навыков"), "по буквам — не находился")
    }

    @Test("Разные запросы с общим словом не совпадают, близкий по словарю засчитан наполовину")
    func unrelatedAndRelated() {
        #expect(requestScore(request: "Профессиональная ориентация", competencies: ["профессиональные навыки"]).score == 0)
        #expect(requestScore(request: "Низкая успеваемость", competencies: ["низкая мотивация"]).score == 0)
        let related = requestScore(request: "Профессиональная ориентация", competencies: ["трудоустройство выпускников"])
        #expect(related.score == 50)
        #expect(related.contributions[0].explanation.contains("близкий запрос по словарю"))
    }

    @Test("Строка куратора в словаре: синоним к запросу засчитан, тот же смысл в другой форме — та же строка")
    func curatorLine() {
        let vocabulary = RequestVocabulary(groups: RequestVocabulary.builtIn)
            .adding([(term: "Буллинг", phrase: "издевательства", relation: .synonym), (term: "Чертёжные программы", phrase: "КОМПАС-3D", relation: .synonym)])
        let terms = RequestTermMatcher(vocabulary: vocabulary)
        #expect(terms.match(wanted: "Буллинг", offered: "работа с издевательствами в классе")?.strength == 1)
        #expect(terms.match(wanted: "освоить чертёжные программы", offered: "КОМПАС-3D")?.strength == 1)
        #expect(RequestTermMatcher().match(wanted: "Буллинг", offered: "издевательства") == nil)
        #expect(RequestVocabulary.entryKey(term: "Трудоустройство", phrase: "резюме")
                == RequestVocabulary.entryKey(term: "трудоустройству", phrase: "Резюме"))
    }

    @Test("Каждая фраза встроенного словаря несёт смысл: ни одна не сводится к служебным словам или одной общей основе другого запроса")
    func builtInVocabularyIsMeaningful() {
        for group in RequestVocabulary.builtIn {
            for phrase in [group.head] + group.synonyms + group.related {
                #expect(!RussianWords(phrase).isEmpty, "\(group.head): «\(phrase)»")
            }
        }
        // Each catalogue request falls into its own meaning, not into another's.
        let terms = RequestTermMatcher()
        let names = RequestCatalogue.builtInItems.map(\.name)
        for a in names {
            for b in names where a != b {
                #expect((terms.match(wanted: a, offered: b)?.strength ?? 0) < 1, "«\(a)» и «\(b)» — разные запросы")
            }
        }
    }

    @Test("Оценки многих пар сразу по словам и словарю совпадают с подробной оценкой каждой пары")
    func matrixAgreesWithScore() {
        let requests = ["Подготовка к трудоустройству", "Нет прикладных профессиональных навыков", "Профессиональная ориентация",
                        "Хочу стать технологом", "освоить КОМПАС-3D", "Низкая успеваемость", "Буллинг", "Трудности общения"]
        let offers = ["Трудоустройство", "составление резюме", "прикладные профессиональные навыки", "инженер-технолог", "КОМПАС-3D",
                      "повышение успеваемости", "травля", "трудоустройство выпускников", "электромеханик", "общение с подростками"]
        let mentees = (0..<12).map { i in
            MenteeProfile(id: "e\(i)", requests: [requests[i % requests.count], requests[(i * 3 + 1) % requests.count]], interests: i % 2 == 0 ? ["спорт"] : [])
        }
        let mentors = (0..<9).map { j in
            MentorProfile(id: "m\(j)", competencies: [offers[j % offers.count]], interests: ["футбол, спорт"], lifeExperience: [offers[(j * 7 + 2) % offers.count]])
        }
        let weights = ScoringWeights([.request: .init(weight: 10), .interests: .init(weight: 3)])
        let terms = RequestTermMatcher()
        let matrix = Compatibility.allowedScores(mentors: mentors, mentees: mentees, weights: weights, terms: terms)
        #expect(matrix.count == mentees.count * mentors.count)
        for pair in matrix {
            #expect(pair.score == Compatibility.score(mentor: mentors[pair.mentor], mentee: mentees[pair.mentee], weights: weights, terms: terms).score)
        }
        #expect(matrix.contains { $0.score > 0 } && matrix.contains { $0.score == 0 })
    }
}
