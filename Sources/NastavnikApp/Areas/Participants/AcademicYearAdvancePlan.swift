import Foundation

/// What becomes of a class or group in the new academic year (issue 18, item 5): a school class
/// «7Б» becomes «8Б» and the 11th graduates; a college group «ТМ-21» (course 2, group 1) becomes
/// «ТМ-31», «2 курс» becomes «3 курс», and the fourth course graduates. The curator sees the
/// proposal per class and may change it (a college with three courses ticks «выпуск» for the
/// third; a group named after its year of admission keeps its name).
enum AcademicYearAdvancePlan {
    enum Proposal: Equatable, Sendable {
        case rename(String)
        case graduate
        /// Not a name the rule understands: it stays as it is unless the curator types the new one.
        case unknown
    }

    static let lastSchoolClass = 11
    static let lastCourse = 4

    static func proposal(for className: String) -> Proposal {
        let name = className.trimmingCharacters(in: .whitespaces)
        // «7Б», «7 Б», «10-А», «11а», «5»: the number first.
        if let match = name.wholeMatch(of: /(\d{1,2})(\s*-?\s*[А-ЯЁа-яёA-Za-z]{0,2})/) {
            guard let number = Int(match.1), (1...lastSchoolClass).contains(number) else { return .unknown }
            return number == lastSchoolClass ? .graduate : .rename("\(number + 1)\(match.2)")
        }
        // «2 курс», «2-й курс», «курс 2».
        if let match = name.wholeMatch(of: /(\d)(-?й)?(\s*курс.*)/) {
            guard let course = Int(match.1), (1...lastCourse).contains(course) else { return .unknown }
            return course == lastCourse ? .graduate : .rename("\(course + 1)\(match.2 ?? "")\(match.3)")
        }
        if let match = name.wholeMatch(of: /(курс\s*)(\d)(.*)/) {
            guard let course = Int(match.2), (1...lastCourse).contains(course) else { return .unknown }
            return course == lastCourse ? .graduate : .rename("\(match.1)\(course + 1)\(match.3)")
        }
        // «ТМ-21», «ИС 31», «ПКД-11»: letters, then the course digit and the group's number.
        if let match = name.wholeMatch(of: /([А-ЯЁа-яёA-Za-z]{1,6}\s*-?\s*)(\d)(\d{1,2})/) {
            guard let course = Int(match.2), (1...lastCourse).contains(course) else { return .unknown }
            return course == lastCourse ? .graduate : .rename("\(match.1)\(course + 1)\(match.3)")
        }
        return .unknown
    }

    /// One class's step as the curator confirmed it.
    struct Move: Equatable, Sendable {
        let from: String
        /// The new name; equal to `from` when the class keeps its name.
        let to: String
        let graduate: Bool

        var changes: Bool { graduate || to != from }
    }

    /// Reads the moves from the form: `class-N` (the current name, as listed), `to-N`, `graduate-N`.
    /// Names of classes that are not in the base are ignored; a new name is at most 30 characters.
    static func moves(from form: [String: String], existing: Set<String>) -> (moves: [Move], errors: [String: String]) {
        var moves: [Move] = [], errors: [String: String] = [:]
        var index = 0
        while let from = form["class-\(index)"] {
            defer { index += 1 }
            guard existing.contains(from) else { continue }
            let graduate = form["graduate-\(index)"] == "1"
            let to = (form["to-\(index)"] ?? from).trimmingCharacters(in: .whitespaces)
            if !graduate && to.isEmpty { errors["to-\(index)"] = "Укажите, каким станет «\(from)», или отметьте выпуск." }
            if to.count > 30 { errors["to-\(index)"] = "Не длиннее 30 знаков." }
            moves.append(Move(from: from, to: to.isEmpty ? from : to, graduate: graduate))
        }
        return (moves, errors)
    }

    /// Classes that one step would join: a class renamed into a name another class keeps.
    static func merges(_ moves: [Move]) -> [String] {
        let staying = moves.filter { !$0.graduate }
        var byTarget: [String: [String]] = [:]
        for move in staying { byTarget[move.to, default: []].append(move.from) }
        return byTarget.keys.sorted().compactMap { target in
            let sources = byTarget[target]!
            return sources.count > 1 ? "«\(sources.sorted().joined(separator: "», «"))» станут одним классом «\(target)»" : nil
        }
    }
}
