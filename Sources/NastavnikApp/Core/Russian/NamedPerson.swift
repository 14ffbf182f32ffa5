import Foundation

/// A person with a Russian full name and, perhaps, a stored gender: an account or a row of either
/// base. Gives the gender (stored, else guessed) and the name declined for documents.
public protocol NamedPerson {
    var lastName: String { get }
    var firstName: String { get }
    var middleName: String? { get }
    /// `male` / `female`, or nil when not set.
    var storedGender: String? { get }
}

extension NamedPerson {
    /// The stored gender, or the one the patronymic (then the first name) shows; nil when unknown.
    public var gender: Gender? {
        Gender.resolve(stored: storedGender, firstName: firstName, middleName: middleName)
    }

    /// «Лаптевой Светлане Игоревне» for `.dative`.
    public func fullName(_ grammaticalCase: GrammaticalCase) -> String {
        NameDeclension.fullName(lastName: lastName, firstName: firstName, middleName: middleName,
                                gender: gender, grammaticalCase)
    }

    /// «Лаптевой С. И.» for `.dative`.
    public func shortName(_ grammaticalCase: GrammaticalCase) -> String {
        NameDeclension.shortName(lastName: lastName, firstName: firstName, middleName: middleName,
                                 gender: gender, grammaticalCase)
    }

    /// The word for this person's gender: `person.gendered("согласен", "согласна")`; both forms
    /// in one when the gender is unknown.
    public func gendered(_ male: String, _ female: String) -> String {
        Gender.form(gender, male: male, female: female)
    }
}

extension User: NamedPerson {}
extension Mentor: NamedPerson {}
extension Mentee: NamedPerson {}

extension Gender {
    /// The value a form's «Пол» select, an import's «Пол» column or the API sends, as stored:
    /// «male», «female», or nil for «не указан» (empty, or a value that names no gender).
    public static func stored(fromForm value: String?) -> String? {
        parse(value)?.rawValue
    }

    /// «male» / «female» as the platform writes them, and what a spreadsheet says: «м», «ж»,
    /// «муж.», «жен.», «мужской», «женский» (any case).
    public static func parse(_ value: String?) -> Gender? {
        guard let value = value.map({ $0.trimmingCharacters(in: .whitespaces).lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".")) }),
              !value.isEmpty else { return nil }
        if let gender = Gender(rawValue: value) { return gender }
        if ["м", "муж", "мужской", "мужчина", "m"].contains(value) { return .male }
        if ["ж", "жен", "женский", "женщина", "f"].contains(value) { return .female }
        return nil
    }

    /// A «Пол» value that is neither empty nor a gender: the message for the field.
    public static func problem(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty, parse(value) == nil else { return nil }
        return "Пол — «м» или «ж» (можно словом: мужской, женский); пусто — не указан, тогда он определяется по отчеству."
    }
}
