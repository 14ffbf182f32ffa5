import Foundation

/// The grammatical cases that orders, letters and certificates put a name in.
public enum GrammaticalCase: String, Sendable, CaseIterable {
    /// кто: «Лаптева Светлана Игоревна»
    case nominative
    /// кого: «приказ об отчислении Лаптевой Светланы Игоревны»
    case genitive
    /// кому: «выражается благодарность Лаптевой Светлане Игоревне»
    case dative
    /// кого (вижу): «назначить Лаптеву Светлану Игоревну наставником»
    case accusative
    /// кем: «закрепить за Лаптевой Светланой Игоревной»
    case instrumental
}

/// Declension of Russian full names (Фамилия Имя Отчество) into the cases documents need.
///
/// Covers the surname types a school meets: -ов / -ев / -ин / -ын (Иванов, Иванова), adjectival
/// -ский / -цкий / -ой / -ый / -ий and -ая (Достоевский, Толстой, Достоевская), men's surnames
/// ending in a consonant (Шевчук → Шевчука) while the same surname of a woman stays as it is,
/// surnames that never decline (Шевченко, Дюма, Черных, Долгих, Гёте, Ли), surnames in -а / -я
/// (Сковорода, Зозуля), double surnames with a hyphen (each part on its own: Римский-Корсаков →
/// Римского-Корсакова); first names with their irregular stems (Павел → Павла, Лев → Льва,
/// Пётр → Петра, Илья → Ильёй, Любовь → Любови) and patronymics (-ич, -на; «оглы» / «кызы» stay).
///
/// Pure functions: no database, the gender comes from the caller (or is guessed from the name).
public enum NameDeclension {
    /// A full name in `grammaticalCase`: «Лаптевой Светлане Игоревне».
    ///
    /// `gender` is the person's stored gender; when nil it is guessed from the patronymic and the
    /// first name, then from the surname (-ова / -ская → female, -ов / -ский → male).
    public static func fullName(
        lastName: String, firstName: String, middleName: String?,
        gender: Gender?, _ grammaticalCase: GrammaticalCase
    ) -> String {
        let gender = gender ?? Gender.guess(firstName: firstName, middleName: middleName) ?? guessFromSurname(lastName)
        return [
            self.lastName(lastName, gender: gender, grammaticalCase),
            self.firstName(firstName, gender: gender, grammaticalCase),
            middleName.map { self.middleName($0, grammaticalCase) },
        ].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// A full name kept as text, surname first («Лаптева Светлана Игоревна»), in `grammaticalCase`.
    /// A text that is not a name of two or more words (a position, «Администрация») stays as it is.
    public static func fullName(text: String, _ grammaticalCase: GrammaticalCase) -> String {
        let words = text.split(whereSeparator: \.isWhitespace).map(String.init)
        guard words.count >= 2, words.allSatisfy({ $0.first?.isUppercase == true }) else { return text }
        return fullName(lastName: words[0], firstName: words[1], middleName: words.count > 2 ? words[2...].joined(separator: " ") : nil,
                        gender: nil, grammaticalCase)
    }

    /// «Лаптевой С. И.»: the surname declined, the initials as they are.
    public static func shortName(
        lastName: String, firstName: String, middleName: String?,
        gender: Gender?, _ grammaticalCase: GrammaticalCase
    ) -> String {
        let gender = gender ?? Gender.guess(firstName: firstName, middleName: middleName) ?? guessFromSurname(lastName)
        let initials = [firstName, middleName ?? ""].compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
        let surname = self.lastName(lastName, gender: gender, grammaticalCase)
        return initials.isEmpty ? surname : "\(surname) \(initials)"
    }

    /// A surname in a case. Double surnames decline part by part.
    public static func lastName(_ surname: String, gender: Gender?, _ grammaticalCase: GrammaticalCase) -> String {
        guard grammaticalCase != .nominative else { return surname }
        let trimmed = surname.trimmingCharacters(in: .whitespaces)
        if trimmed.contains("-") {
            return trimmed.split(separator: "-", omittingEmptySubsequences: false)
                .map { lastName(String($0), gender: gender, grammaticalCase) }
                .joined(separator: "-")
        }
        let gender = gender ?? guessFromSurname(trimmed)
        return declineSurname(trimmed, gender: gender, grammaticalCase)
    }

    /// A first name in a case.
    public static func firstName(_ name: String, gender: Gender?, _ grammaticalCase: GrammaticalCase) -> String {
        guard grammaticalCase != .nominative else { return name }
        let word = name.trimmingCharacters(in: .whitespaces)
        let lower = Gender.normalized(word)
        let gender = gender ?? Gender.guess(firstName: word, middleName: nil)
        guard let last = lower.last else { return name }
        if lower == "илья" {
            return replaceEnding(word, 1, ["и", "е", "ю", "ёй"][index(grammaticalCase)])
        }
        switch last {
        case "а", "я":
            return firstDeclension(word, grammaticalCase)
        case "ь":
            if gender == .female || Gender.femaleNamesInSoftSign.contains(lower) {
                return softSignFeminine(word, grammaticalCase)
            }
            if gender == .male { return softMasculine(word, grammaticalCase) }
            return word
        case "й":
            return softMasculine(word, grammaticalCase)
        default:
            guard gender != .female, isConsonant(last) else { return word }
            if let stem = fleetingStems[lower] {
                let base = matchCase(stem, like: word)
                return base + hardMasculineEnding(base, grammaticalCase)
            }
            return word + hardMasculineEnding(word, grammaticalCase)
        }
    }

    /// A patronymic in a case: «Игоревич» → «Игоревичу», «Игоревна» → «Игоревне»; Turkic
    /// patronymics with «оглы» / «кызы» stay as written.
    public static func middleName(_ patronymic: String, _ grammaticalCase: GrammaticalCase) -> String {
        guard grammaticalCase != .nominative else { return patronymic }
        let word = patronymic.trimmingCharacters(in: .whitespaces)
        let lower = Gender.normalized(word)
        if stressedPatronymics.contains(lower) {
            return word + ["а", "у", "а", "ом"][index(grammaticalCase)]   // Ильичом, Фомичом
        }
        if lower.hasSuffix("ич") { return word + hardMasculineEnding(word, grammaticalCase) }
        if lower.hasSuffix("на") { return firstDeclension(word, grammaticalCase) }
        return word
    }

    /// The gender a surname alone suggests, for when the names say nothing.
    static func guessFromSurname(_ surname: String) -> Gender? {
        let lower = Gender.normalized(surname.split(separator: "-").first.map(String.init) ?? surname)
        for suffix in ["ова", "ева", "ина", "ына", "ая", "яя"] where lower.hasSuffix(suffix) { return .female }
        for suffix in ["ов", "ев", "ин", "ын", "ий", "ый", "ой"] where lower.hasSuffix(suffix) { return .male }
        return nil
    }

    // MARK: - Surnames

    static func declineSurname(_ word: String, gender: Gender?, _ c: GrammaticalCase) -> String {
        let lower = Gender.normalized(word)
        guard let last = lower.last, lower.count > 1 else { return word }
        // Never decline: -о, -е, -и, -у, -ю, -э, -ы, -ых / -их (Шевченко, Гёте, Ли, Черных, Долгих).
        if "оеиуюэы".contains(last) || lower.hasSuffix("ых") || lower.hasSuffix("их") { return word }
        let i = index(c)
        if gender != .female, let fleeting = fleetingSurnames[lower] {
            // A man's surname that is a noun with a fleeting vowel: Соловей → Соловья, Заяц → Зайца.
            let stem = matchCase(fleeting.stem, like: word)
            let soft = fleeting.soft
            return stem + [soft ? "я" : "а", soft ? "ю" : "у", soft ? "я" : "а", fleeting.instrumental][i]
        }
        switch gender {
        case .female:
            if lower.hasSuffix("ая") {
                let stem = String(word.dropLast(2))
                let soft = hushing(stem.last)
                return stem + [soft ? "ей" : "ой", soft ? "ей" : "ой", "ую", soft ? "ей" : "ой"][i]
            }
            if lower.hasSuffix("яя") { return String(word.dropLast(2)) + ["ей", "ей", "юю", "ей"][i] }
            if ["ова", "ева", "ина", "ына"].contains(where: lower.hasSuffix) {
                return replaceEnding(word, 1, ["ой", "ой", "у", "ой"][i])
            }
            if last == "а" || last == "я" { return surnameInA(word, lower, c) }
            return word   // a woman's surname ending in a consonant or -ь does not decline
        default:
            if lower.hasSuffix("ский") || lower.hasSuffix("цкий") || lower.hasSuffix("ий") {
                let stem = String(word.dropLast(2))
                let guttural = stem.last.map { "кгх".contains($0.lowercased()) } ?? false
                let g = guttural ? "ого" : "его", d = guttural ? "ому" : "ему"
                return stem + [g, d, g, "им"][i]
            }
            if lower.hasSuffix("ый") { return String(word.dropLast(2)) + ["ого", "ому", "ого", "ым"][i] }
            if lower.hasSuffix("ой"), lower.count <= 4 {
                return softMasculine(word, c)   // Цой, Хой: a noun, not an adjective
            }
            if lower.hasSuffix("ой") {
                let stem = String(word.dropLast(2))
                let soft = stem.last.map { "кгхжшчщ".contains($0.lowercased()) } ?? false
                return stem + ["ого", "ому", "ого", soft ? "им" : "ым"][i]
            }
            if ["ов", "ев", "ин", "ын"].contains(where: lower.hasSuffix) {
                return word + ["а", "у", "а", "ым"][i]
            }
            if last == "а" || last == "я" { return surnameInA(word, lower, c) }
            if last == "ь" || last == "й" { return softMasculine(word, c) }
            if isConsonant(last), gender == .male { return word + hardMasculineEnding(word, c) }
            return word
        }
    }

    /// Surnames in -а / -я decline as nouns for both genders (Сковорода, Зозуля), except after a
    /// vowel (Гарсиа) and French surnames stressed on the last syllable (Дюма, Золя), which stay.
    static func surnameInA(_ word: String, _ lower: String, _ c: GrammaticalCase) -> String {
        if stressedForeignInA.contains(lower) { return word }
        let chars = Array(lower)
        if chars.last == "а", chars.count >= 2, "аеёиоуыэюя".contains(chars[chars.count - 2]) { return word }
        return firstDeclension(word, c)
    }

    // MARK: - Declension patterns

    /// Nouns in -а / -я: Светлана, Ольга, Наталья, Мария, Никита, Сковорода, Игоревна.
    static func firstDeclension(_ word: String, _ c: GrammaticalCase) -> String {
        let lower = Gender.normalized(word)
        let chars = Array(lower)
        guard let last = chars.last else { return word }
        let before = chars.count >= 2 ? chars[chars.count - 2] : " "
        let i = index(c)
        if last == "я" {
            if before == "и" { return replaceEnding(word, 1, ["и", "и", "ю", "ей"][i]) }  // Мария, Ия
            return replaceEnding(word, 1, ["и", "е", "ю", "ей"][i])                       // Наталья, Зозуля
        }
        let genitive = "гкхжшчщ".contains(before) ? "и" : "ы"
        let instrumental = "жшчщц".contains(before) ? "ей" : "ой"
        return replaceEnding(word, 1, [genitive, "е", "у", instrumental][i])
    }

    /// Masculine nouns in -й / -ь: Андрей, Георгий, Игорь, Коваль, Гайдай.
    static func softMasculine(_ word: String, _ c: GrammaticalCase) -> String {
        replaceEnding(word, 1, ["я", "ю", "я", "ем"][index(c)])
    }

    /// Feminine nouns in -ь: Любовь, Нинель.
    static func softSignFeminine(_ word: String, _ c: GrammaticalCase) -> String {
        switch c {
        case .nominative, .accusative: return word
        case .genitive, .dative: return replaceEnding(word, 1, "и")
        case .instrumental: return word + "ю"
        }
    }

    /// Endings added to a masculine word ending in a hard consonant: Иван, Павл-, Шевчук, Игоревич.
    static func hardMasculineEnding(_ word: String, _ c: GrammaticalCase) -> String {
        let hushingOrC = word.last.map { "жшчщц".contains($0.lowercased()) } ?? false
        return ["а", "у", "а", hushingOrC ? "ем" : "ом"][index(c)]
    }

    // MARK: - Helpers

    /// French surnames stressed on the final -а / -я: they never decline.
    static let stressedForeignInA: Set<String> = ["дюма", "золя", "тома", "петипа", "дега", "бенуа", "труа"]

    /// Patronymics stressed on the ending, which take -ом: Ильич, Кузьмич, Лукич, Фомич.
    static let stressedPatronymics: Set<String> = ["ильич", "кузьмич", "лукич", "фомич"]

    /// Men's surnames that are nouns losing a vowel when they decline, with the instrumental
    /// ending the stress gives: Соловей → Соловья, Соловьём; Заяц → Зайца, Зайцем; Кравец → Кравца,
    /// Кравцом; Лев → Льва, Львом. A woman's surname of this kind does not decline.
    static let fleetingSurnames: [String: (stem: String, soft: Bool, instrumental: String)] = [
        "соловей": ("соловь", true, "ём"), "воробей": ("воробь", true, "ём"), "муравей": ("муравь", true, "ём"),
        "угорь": ("угр", true, "ём"), "ремень": ("ремн", true, "ём"),
        "заяц": ("зайц", false, "ем"), "кравец": ("кравц", false, "ом"), "стрелец": ("стрельц", false, "ом"),
        "скворец": ("скворц", false, "ом"), "купец": ("купц", false, "ом"), "певец": ("певц", false, "ом"),
        "лев": ("льв", false, "ом"), "орел": ("орл", false, "ом"), "козел": ("козл", false, "ом"), "дятел": ("дятл", false, "ом"),
    ]

    /// First names whose vowel drops when they decline.
    static let fleetingStems: [String: String] = ["павел": "павл", "лев": "льв", "петр": "петр"]

    static func index(_ c: GrammaticalCase) -> Int {
        switch c {
        case .nominative, .genitive: return 0
        case .dative: return 1
        case .accusative: return 2
        case .instrumental: return 3
        }
    }

    static func isConsonant(_ c: Character) -> Bool {
        "бвгджзклмнпрстфхцчшщ".contains(c)
    }

    static func hushing(_ c: Character?) -> Bool {
        c.map { "жшчщ".contains($0.lowercased()) } ?? false
    }

    static func replaceEnding(_ word: String, _ count: Int, _ ending: String) -> String {
        String(word.dropLast(count)) + ending
    }

    /// `stem` written with the capitals of `original`: «Павел» → «Павл».
    static func matchCase(_ stem: String, like original: String) -> String {
        if original == original.uppercased() { return stem.uppercased() }
        if original.first?.isUppercase == true { return stem.prefix(1).uppercased() + stem.dropFirst() }
        return stem
    }
}
