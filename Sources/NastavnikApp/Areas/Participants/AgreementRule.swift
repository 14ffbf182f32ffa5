import Foundation

/// Who must agree for a person — to a proposed pair, or to a consent given in the app (issue 18,
/// item 4): an adult alone; for a child under 14 the legal representative; for a child of 14–17
/// both the representative and the child (ГК РФ ст. 26, 28). The one place this rule lives: the
/// pair's answers, the consents and the pages all ask it.
enum AgreementRule {
    enum Parties: String, Sendable, Equatable, Codable, CaseIterable {
        /// An adult agrees alone.
        case personAlone
        /// The legal representative agrees for the child; the child's own «согласен» is a wish.
        case guardianAlone
        /// Both must agree, in either order; either one's refusal is a refusal.
        case guardianAndPerson

        var needsGuardian: Bool { self != .personAlone }
        var needsPerson: Bool { self != .guardianAlone }

        /// As the pages say it.
        var russianName: String {
            switch self {
            case .personAlone: "соглашается сам участник"
            case .guardianAlone: "соглашается законный представитель"
            case .guardianAndPerson: "нужны согласия и законного представителя, и самого участника (14–17 лет)"
            }
        }
    }

    /// The age decides when it is known (from the birth date, else the base's age); without one a
    /// minor needs both, so a teenager is never paired against their will for want of a date.
    static func whoMustAgree(age: Int?, isMinor: Bool) -> Parties {
        guard let age else { return isMinor ? .guardianAndPerson : .personAlone }
        if age >= 18 { return .personAlone }
        return age >= 14 ? .guardianAndPerson : .guardianAlone
    }

    static func whoMustAgree(for mentee: Mentee, on today: Date = Date()) -> Parties {
        whoMustAgree(age: mentee.birthDate.map { FieldParsing.age(birthDate: $0, on: today) } ?? mentee.age, isMinor: mentee.isMinor)
    }

    static func whoMustAgree(for mentor: Mentor, on today: Date = Date()) -> Parties {
        whoMustAgree(age: mentor.birthDate.map { FieldParsing.age(birthDate: $0, on: today) }, isMinor: mentor.isMinor)
    }
}
