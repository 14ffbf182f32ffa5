import Fluent
import Foundation

/// Logins made for people invited from a base: «ivanova.mariia», as a Russian passport spells the
/// name in Latin letters (the transliteration of the Ministry of Internal Affairs' order of
/// 2017, the same as ICAO Doc 9303), with a number after it when the login is taken.
enum ParticipantLogins {
    private static let letters: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "",
        "э": "e", "ю": "iu", "я": "ia",
    ]

    /// «Иванова-Петрова» → «ivanova-petrova»; Latin letters and digits stay, anything else goes.
    static func transliterated(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if let latin = letters[character] {
                result += latin
            } else if character.isASCII, character.isLetter || character.isNumber {
                result.append(character)
            } else if character == "-" || character == " " {
                if !result.isEmpty, result.last != "-" { result.append("-") }
            }
        }
        return String(result.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(30))
    }

    /// The login a person would get if it were free: «фамилия.имя».
    static func base(lastName: String, firstName: String) -> String {
        let parts = [transliterated(lastName), transliterated(firstName)].filter { !$0.isEmpty }
        let login = parts.joined(separator: ".")
        return login.count >= 3 ? login : "uchastnik" + (login.isEmpty ? "" : "." + login)
    }

    /// The first free login of the form «фамилия.имя», «фамилия.имя2», … Call it inside the
    /// transaction that creates the account; a login taken at the same moment elsewhere makes the
    /// insert fail on the unique index instead of giving two people one login.
    static func free(lastName: String, firstName: String, taken alsoTaken: Set<String>, on db: any Database) async throws -> String {
        let base = base(lastName: lastName, firstName: firstName)
        let existing = try await User.query(on: db).filter(\.$login, .custom("LIKE"), base + "%").all(\.$login)
        let taken = Set(existing).union(alsoTaken)
        if !taken.contains(base) { return base }
        var number = 2
        while taken.contains(base + String(number)) { number += 1 }
        return base + String(number)
    }
}
