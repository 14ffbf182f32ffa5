import Fluent
import Foundation

/// Synonyms and related requests: what a mentee may write for a request of the catalogue, and
/// what a mentor may write for being able to help with it. Built in for the catalogue's requests
/// and the requests the seeds describe per form (seed 004: the student «не имеет прикладных
/// навыков, необходимых для получения работы, мало информирован о собственных карьерных
/// перспективах…»; seed 000: «подготовка к трудоустройству», «образовательная траектория»);
/// a curator adds the organization's own lines on the catalogue's page.
struct RequestVocabulary: Sendable {
    enum Relation: String, Codable, CaseIterable, Sendable {
        /// The same request in other words: counts in full.
        case synonym
        /// A neighbouring request: counts half, so a mentor who answers the request itself comes first.
        case related

        var russianName: String {
            switch self {
            case .synonym: "то же самое"
            case .related: "близкий запрос"
            }
        }
    }

    /// One meaning: its name, the other ways to say it, and the neighbouring requests.
    struct Group: Sendable {
        let head: String
        var synonyms: [String]
        var related: [String]

        init(_ head: String, _ synonyms: [String], related: [String] = []) {
            self.head = head
            self.synonyms = synonyms
            self.related = related
        }
    }

    var groups: [Group]

    /// The built-in vocabulary plus the organization's lines.
    static func load(organizationID: UUID, on db: any Database) async throws -> RequestVocabulary {
        let entries = try await RequestVocabularyEntry.query(on: db).filter(\.$organizationID == organizationID)
            .sort(\.$createdAt).all()
        return RequestVocabulary(groups: builtIn).adding(entries.compactMap { entry in
            Relation(rawValue: entry.relation).map { (entry.term, entry.phrase, $0) }
        })
    }

    /// A line joins the group whose name or synonym is the term in any word form; otherwise it starts a group.
    func adding(_ lines: [(term: String, phrase: String, relation: Relation)]) -> RequestVocabulary {
        var copy = self
        for line in lines {
            let term = RussianWords(line.term)
            guard !term.isEmpty else { continue }
            let index = copy.groups.firstIndex { group in
                ([group.head] + group.synonyms).contains { RussianWords($0).stems == term.stems }
            }
            var group = index.map { copy.groups[$0] } ?? Group(line.term, [])
            switch line.relation {
            case .synonym: group.synonyms.append(line.phrase)
            case .related: group.related.append(line.phrase)
            }
            if let index { copy.groups[index] = group } else { copy.groups.append(group) }
        }
        return copy
    }

    /// Adds one line of the organization's vocabulary; the page and the API call it alike.
    /// Refuses a side with no topic word, a phrase that is the term in other word forms, and a line
    /// the organization has (the unique index decides between two curators at once: 409).
    static func add(term rawTerm: String?, phrase rawPhrase: String?, relation rawRelation: String?, organizationID: UUID,
                    by actor: AuditActor, on db: any Database) async throws -> RequestVocabularyEntry {
        let term = (rawTerm ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let phrase = (rawPhrase ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [String: String] = [:]
        for (field, value) in [("term", term), ("phrase", phrase)] {
            if value.count < 2 || value.count > 120 { errors[field] = "От 2 до 120 символов." }
            else if RussianWords(value).isEmpty { errors[field] = "Здесь только служебные слова или слова вроде «помощь», «подготовка» — подбору не с чем сравнивать." }
        }
        let relation = Relation(rawValue: rawRelation ?? "")
        if relation == nil { errors["relation"] = "Выберите связь: «то же самое» или «близкий запрос»." }
        if errors.isEmpty, RussianWords(term).stems.sorted() == RussianWords(phrase).stems.sorted() {
            errors["phrase"] = "Это тот же запрос в другой форме слов — подбор и так их сравнит."
        }
        guard errors.isEmpty, let relation else { throw AppError.validation(errors) }
        let entry = RequestVocabularyEntry(organizationID: organizationID, term: term, phrase: phrase, relation: relation.rawValue,
                                           entryKey: entryKey(term: term, phrase: phrase), createdByName: actor.principal?.fullName ?? "Система")
        do {
            // The line and its audit entry together; a duplicate is caught outside, where the failed transaction has ended.
            try await db.transaction { tx in
                try await entry.create(on: tx)
                try await actor.record(.requestKindAdded, organizationID: organizationID, objectType: "requestVocabulary", objectID: entry.id,
                                       details: "Словарь: «\(term)» — «\(phrase)» (\(relation.russianName))", on: tx)
            }
        } catch where RowLock.isUniqueViolation(error) {
            throw AppError.conflict("Такая строка уже есть в словаре организации.")
        }
        return entry
    }

    /// The key of one line: the stems of both sides, so «Трудоустройство = резюме» and
    /// «трудоустройству = резюме» are the same line.
    static func entryKey(term: String, phrase: String) -> String {
        RussianWords(term).stems.sorted().joined(separator: " ") + "=" + RussianWords(phrase).stems.sorted().joined(separator: " ")
    }

    /// Requests of the seeds that the catalogue's built-in list lacks: the college and employer
    /// forms' mentees of seeds 000 and 004. Offered in every organization's catalogue.
    static let seedRequests: [(code: String, name: String)] = [
        ("employment", "Подготовка к трудоустройству"),
        ("appliedSkills", "Нет прикладных профессиональных навыков"),
        ("careerProspects", "Мало информирован о карьерных перспективах"),
        ("educationalTrajectory", "Не умеет строить образовательную траекторию"),
        ("schoolCommunity", "Не включён в школьное сообщество"),
    ]

    /// The built-in vocabulary: the catalogue's requests, each with what people write for it.
    static let builtIn: [Group] = [
        Group("Низкая успеваемость", ["успеваемость", "отставание в учёбе", "плохие оценки", "образовательные результаты", "неуспеваемость"],
              related: ["подготовка к ОГЭ", "подготовка к ЕГЭ", "экзамены", "учёба"]),
        Group("Адаптация", ["адаптация в новом коллективе", "вхождение в коллектив", "переход в новую школу", "новенький в классе", "переезд"],
              related: ["общение", "уверенность в себе"]),
        Group("Буллинг", ["травля", "конфликты со сверстниками", "агрессия одноклассников", "кибербуллинг"],
              related: ["трудности общения", "конфликты"]),
        Group("Низкая мотивация", ["мотивация", "нет интереса к учёбе", "не мотивирован", "немотивированность"],
              related: ["профессиональная ориентация", "цели"]),
        Group("Особые образовательные потребности", ["ОВЗ", "ограниченные возможности здоровья", "инклюзия", "особые потребности"]),
        Group("Профессиональное выгорание", ["выгорание", "эмоциональное выгорание", "кризис профессионального роста"],
              related: ["стресс", "тревожность"]),
        Group("Трудности молодого специалиста", ["молодой специалист", "молодой педагог", "начинающий учитель", "закрепление в профессии"],
              related: ["методическая помощь", "адаптация"]),
        Group("Профессиональная ориентация", ["профориентация", "выбор профессии", "профессиональное самоопределение", "карьерные ожидания",
                                              "профессиональные пробы"],
              related: ["трудоустройство", "карьерные перспективы", "образовательная траектория", "экскурсия на предприятие"]),
        Group("Развитие способностей, олимпиады", ["олимпиады", "одарённость", "способности", "конкурсы"],
              related: ["проекты", "исследования"]),
        Group("Нет внеурочной и досуговой занятости", ["внеурочная деятельность", "досуг", "кружки", "секции", "занятость после уроков"],
              related: ["спорт", "творчество"]),
        Group("Проектная и исследовательская деятельность", ["проекты", "проектная работа", "исследования", "исследовательская работа",
                                                             "проектирование"],
              related: ["олимпиады", "конкурсы", "бизнес-модель"]),
        Group("Трудности общения", ["общение", "коммуникация", "коммуникативные навыки", "уверенность в себе", "застенчивость"],
              related: ["адаптация", "буллинг"]),
        Group("Методическая помощь по предмету", ["методика", "методическая грамотность", "проектирование урока", "ФГОС",
                                                  "учебно-методическая документация", "открытые уроки"],
              related: ["трудности молодого специалиста"]),
        Group("Цифровые навыки", ["цифровые технологии", "информационные технологии", "компьютерная грамотность", "цифровая среда",
                                  "современные программы"]),
        // Seeds 000 and 004, the college and employer forms.
        Group("Подготовка к трудоустройству", ["трудоустройство", "поиск работы", "составление резюме", "резюме", "собеседование",
                                               "приглашение на работу", "получение работы"],
              related: ["профориентация", "карьерные перспективы", "стажировка", "производственная практика"]),
        Group("Нет прикладных профессиональных навыков", ["прикладные навыки", "профессиональные навыки", "практические навыки",
                                                          "прикладные умения"],
              related: ["стажировка", "производственная практика", "профпрактика", "трудоустройство"]),
        Group("Мало информирован о карьерных перспективах", ["карьерные перспективы", "карьера", "карьерный рост", "карьерные ожидания"],
              related: ["профориентация", "трудоустройство"]),
        Group("Не умеет строить образовательную траекторию", ["образовательная траектория", "индивидуальный образовательный маршрут",
                                                              "планирование обучения"],
              related: ["профориентация", "низкая мотивация"]),
        Group("Не включён в школьное сообщество", ["школьное сообщество", "включённость в коллектив", "социализация"],
              related: ["адаптация", "общение"]),
    ]
}
