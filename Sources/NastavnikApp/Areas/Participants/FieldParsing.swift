import Foundation

/// Reading the values people type or import: dates as «01.09.2025», yes/no in Russian, and
/// vocabulary by code or by its Russian name, whatever the case and dashes.
enum FieldParsing {
    static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// «01.09.2025», «1.9.2025», «2025-09-01»; nil when it is not a real date.
    static func date(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        var parts: [Int]
        if text.contains(".") {
            parts = text.split(separator: ".").compactMap { Int($0) }
            guard parts.count == 3 else { return nil }
            parts = [parts[2], parts[1], parts[0]]
        } else if text.contains("-") {
            parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        } else {
            return nil
        }
        guard parts.count == 3, (1900...2100).contains(parts[0]) else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard let date = calendar.date(from: components),
              calendar.component(.day, from: date) == parts[2], calendar.component(.month, from: date) == parts[1] else { return nil }
        return date
    }

    /// Why a typed date is not accepted, in words that say what to fix: a format error, a date
    /// that does not exist («31.02.2009»: there are 28 days in February 2009), or a birth date
    /// in the future. Nil when the date is fine.
    static func dateProblem(_ text: String, example: String, notAfter latest: Date? = nil, what: String = "Дата") -> String? {
        if let date = date(text) {
            if let latest, date > latest { return "\(what) не может быть позже сегодняшнего дня." }
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let numbers = trimmed.split(separator: ".").compactMap { Int($0) }
        guard trimmed.contains("."), numbers.count == 3, (1900...2100).contains(numbers[2]) else {
            return "\(what) — в виде ДД.ММ.ГГГГ, например \(example)."
        }
        let (day, month, year) = (numbers[0], numbers[1], numbers[2])
        guard (1...12).contains(month) else { return "«\(trimmed)» — такой даты нет: месяц от 01 до 12." }
        let first = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
        let days = calendar.range(of: .day, in: .month, for: first)?.count ?? 31
        return "«\(trimmed)» — такой даты нет: в \(monthsPrepositional[month - 1]) \(year) г. \(RussianPlural.count(days, "день", "дня", "дней")) (день \(day))."
    }

    static let monthsPrepositional = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре", "ноябре", "декабре"]

    static func text(_ date: Date?) -> String {
        guard let date else { return "" }
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%02d.%02d.%04d", c.day!, c.month!, c.year!)
    }

    /// Full years between the birth date and today.
    static func age(birthDate: Date, on today: Date = Date()) -> Int {
        calendar.dateComponents([.year], from: birthDate, to: today).year ?? 0
    }

    static func today() -> Date {
        calendar.startOfDay(for: Date())
    }

    static func bool(_ text: String) -> Bool? {
        switch normalized(text) {
        case "да", "д", "yes", "y", "true", "1", "+", "✓": true
        case "нет", "н", "no", "n", "false", "0", "-", "": false
        default: nil
        }
    }

    /// Lower-cased, «ё» as «е», dashes and spaces collapsed: «Учитель — учитель» ≈ «учитель-учитель».
    static func normalized(_ text: String) -> String {
        var result = text.lowercased().replacingOccurrences(of: "ё", with: "е")
        for dash in ["–", "—", "−"] { result = result.replacingOccurrences(of: dash, with: "-") }
        result = result.replacingOccurrences(of: " - ", with: "-").replacingOccurrences(of: " -", with: "-").replacingOccurrences(of: "- ", with: "-")
        return result.split(whereSeparator: \.isWhitespace).joined(separator: " ").trimmingCharacters(in: .whitespaces)
    }

    /// A vocabulary value by its code or Russian name.
    static func choice<T: RawRepresentable & CaseIterable>(_ text: String, names: (T) -> String) -> T? where T.RawValue == String {
        let key = normalized(text)
        return T.allCases.first { normalized($0.rawValue) == key || normalized(names($0)) == key }
    }

    /// «низкая успеваемость; буллинг», separated by «;» or «,» or new lines.
    static func list(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == ";" || $0 == "," || $0 == "\n" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Surname, name and patronymic from their own fields, or from one «ФИО» field.
    static func personName(_ values: [String: String]) -> (last: String, first: String, middle: String?) {
        if let full = trimmedOrNil(values["fullName"]), trimmedOrNil(values["lastName"]) == nil {
            let parts = full.split(whereSeparator: \.isWhitespace).map(String.init)
            return (parts.first ?? "", parts.count > 1 ? parts[1] : "", parts.count > 2 ? parts[2...].joined(separator: " ") : nil)
        }
        return (trimmedOrNil(values["lastName"]) ?? "", trimmedOrNil(values["firstName"]) ?? "", trimmedOrNil(values["middleName"]))
    }

    static func trimmedOrNil(_ text: String?) -> String? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
