/// What a school calls a class, a college calls a group and an employer a department (issue 20,
/// item 3): «7А класс» in a school, «группа ТД-21» in a college, never «ТД-21 класс».
public enum GroupWord: Sendable {
    case schoolClass, studentGroup, department

    public static func of(_ kind: OrganizationKind) -> GroupWord {
        switch kind {
        case .school, .ngo, .other: .schoolClass
        case .college: .studentGroup
        case .enterprise: .department
        }
    }

    /// «класс», «группа», «подразделение».
    public var noun: String {
        switch self {
        case .schoolClass: "класс"
        case .studentGroup: "группа"
        case .department: "подразделение"
        }
    }

    /// «ученик», «студент», «сотрудник»: who is in one.
    public var member: String {
        switch self {
        case .schoolClass: "ученик"
        case .studentGroup: "студент"
        case .department: "сотрудник"
        }
    }

    /// The name with its word, as Russian writes each: «7А класс», «группа ТД-21», «подразделение ОТК».
    /// A name that already says it («2 курс», «группа 21») is left as it is.
    public func label(_ name: String) -> String {
        let lower = name.lowercased()
        if ["класс", "групп", "курс", "отдел", "подразделен", "цех"].contains(where: { lower.contains($0) }) { return name }
        switch self {
        case .schoolClass: return "\(name) класс"
        case .studentGroup: return "группа \(name)"
        case .department: return "подразделение \(name)"
        }
    }
}
