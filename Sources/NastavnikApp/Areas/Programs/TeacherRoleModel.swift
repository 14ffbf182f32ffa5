/// Role-model variations inside the teacher–teacher form (seed 003).
public enum TeacherRoleModel: String, Codable, CaseIterable, Sendable {
    case noviceMaster, shyLeader, skillsExchange, reverseDigital, subjectExperiencedNovice, communityLeader

    public var russianName: String {
        switch self {
        case .noviceMaster: "новичок – мастер"
        case .shyLeader: "зажатый – лидер"
        case .skillsExchange: "«физик – русисту» (обмен навыками)"
        case .reverseDigital: "современный – опытному (обратное наставничество в цифровых навыках)"
        case .subjectExperiencedNovice: "опытный предметник – неопытному предметнику"
        case .communityLeader: "лидер педагогического сообщества – педагог с проблемами"
        }
    }
}

/// A list of enum values kept in one text column, comma-separated, in the enum's order.
enum CodeList {
    static func decode<T: RawRepresentable & CaseIterable>(_ text: String, as _: T.Type) -> [T] where T.RawValue == String {
        let codes = Set(text.split(separator: ",").map(String.init))
        return T.allCases.filter { codes.contains($0.rawValue) }
    }

    static func encode<T: RawRepresentable>(_ values: [T]) -> String where T.RawValue == String {
        values.map(\.rawValue).joined(separator: ",")
    }
}
