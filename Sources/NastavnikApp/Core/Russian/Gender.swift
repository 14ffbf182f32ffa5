import Foundation

/// A person's grammatical gender: it chooses «согласен» or «согласна», «записал» or «записала»,
/// and how the surname declines (a man's «Шевчук» declines, a woman's does not).
///
/// Stored on the person as `male` / `female`, or empty when not known; when empty the gender is
/// guessed from the patronymic (see `guess`), and a curator can correct it in the card.
public enum Gender: String, Codable, Sendable, CaseIterable {
    case male
    case female

    /// «мужской» / «женский», as the card's select shows it.
    public var russianName: String { self == .male ? "мужской" : "женский" }

    /// The gender a Russian name shows, or nil when it does not show one.
    ///
    /// The patronymic decides first (-ович / -евич / -ич, «оглы» → male; -овна / -евна / -ична /
    /// -инична, «кызы» → female); without one the first name's ending (a consonant or -й → male,
    /// -а / -я → female, with the men's names in -а / -я and the names in -ь known either way);
    /// the surname is not used here, since a surname alone is often the same for both.
    public static func guess(firstName: String?, middleName: String?) -> Gender? {
        if let middle = middleName.map(normalized), !middle.isEmpty {
            if middle.hasSuffix("оглы") || middle.hasSuffix("улы") { return .male }
            if middle.hasSuffix("кызы") || middle.hasSuffix("гызы") { return .female }
            if middle.hasSuffix("ич") { return .male }
            if middle.hasSuffix("вна") || middle.hasSuffix("ична") || middle.hasSuffix("инична") { return .female }
        }
        guard let first = firstName.map(normalized), let last = first.last else { return nil }
        if maleNamesInA.contains(first) { return .male }
        if ambiguousNames.contains(first) { return nil }
        if femaleNamesInSoftSign.contains(first) { return .female }
        if maleNamesInSoftSign.contains(first) { return .male }
        switch last {
        case "а", "я": return .female
        case "й": return .male
        case "ь", "о", "е", "и", "у", "ю", "э", "ы": return nil
        default: return last.isLetter ? .male : nil
        }
    }

    /// The gender a full name stored as text shows («Иванова Мария Петровна», surname first, as
    /// the platform writes names it keeps for display: who recorded a meeting, who decided).
    /// Written with initials («Сорокина А. Р.») the name says nothing: the surname then does
    /// (-ова / -ская → female, -ов / -ский → male), as it does in documents.
    public static func guess(fullName: String) -> Gender? {
        let words = fullName.split(whereSeparator: \.isWhitespace).map(String.init)
        let fromNames: Gender? = switch words.count {
        case 0, 1: nil
        case 2: guess(firstName: words[1], middleName: nil)
        default: guess(firstName: words[1], middleName: words[2...].joined(separator: " "))
        }
        if let fromNames { return fromNames }
        guard words.count >= 2, words[1...].allSatisfy({ $0.hasSuffix(".") }) else { return nil }
        return NameDeclension.guessFromSurname(words[0])
    }

    /// The gender stored on the person when there is one, otherwise the guess from the name.
    public static func resolve(stored: String?, firstName: String?, middleName: String?) -> Gender? {
        if let stored, let gender = Gender(rawValue: stored) { return gender }
        return guess(firstName: firstName, middleName: middleName)
    }

    /// The word for this gender: `gender.form(male: "согласен", female: "согласна")`.
    public func form(male: String, female: String) -> String {
        self == .male ? male : female
    }

    /// The word for a gender that may be unknown. Unknown gets both forms in one, as Russian forms
    /// write them when they cannot know: «записал(а)» when the feminine form is the masculine one
    /// plus «а», otherwise «согласен / согласна».
    public static func form(_ gender: Gender?, male: String, female: String) -> String {
        switch gender {
        case .male: return male
        case .female: return female
        case nil:
            if female == male + "а" { return "\(male)(а)" }
            return "\(male) / \(female)"
        }
    }

    static func normalized(_ word: String) -> String {
        word.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: "ё", with: "е")
    }

    /// Men's names that end as women's do.
    static let maleNamesInA: Set<String> = [
        "илья", "никита", "кузьма", "фома", "лука", "савва", "данила", "гаврила", "фока", "ерема",
        "емеля", "вавила", "добрыня", "мина", "сила", "иона", "иуда", "мустафа", "муса", "иса",
    ]
    /// Short names used for both.
    static let ambiguousNames: Set<String> = ["саша", "женя", "валя", "шура", "слава", "паша", "сима"]
    static let femaleNamesInSoftSign: Set<String> = [
        "любовь", "нинель", "адель", "ассоль", "рахиль", "юдифь", "эсфирь", "изабель", "габриэль",
    ]
    static let maleNamesInSoftSign: Set<String> = [
        "игорь", "лазарь", "василь", "олесь", "авель", "цезарь", "эмиль", "шамиль", "рамиль", "камиль", "наиль", "фазиль",
    ]
}
