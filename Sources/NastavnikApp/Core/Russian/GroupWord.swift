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

    /// «ученики», «студенты», «сотрудники».
    public var members: String {
        switch self {
        case .schoolClass: "ученики"
        case .studentGroup: "студенты"
        case .department: "сотрудники"
        }
    }

    /// The words a page or a document needs about the group, in the cases Russian asks for.
    public var labels: GroupLabels { GroupLabels(self) }

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

/// Labels built from a `GroupWord`, for templates: `content.group.title` reads «Класс» in a
/// school, «Группа» in a college, «Подразделение» at an employer.
public struct GroupLabels: Encodable, Sendable, Equatable {
    /// «Класс», «Группа», «Подразделение»: a column or a field.
    public let title: String
    /// «класс», «группу», «подразделение»: «выберите …».
    public let accusative: String
    /// «класса», «группы», «подразделения»: «без …».
    public let genitive: String
    /// «по классу», «по группе», «по подразделению»: a sort order.
    public let byOne: String
    /// «по классам», «по группам», «по подразделениям».
    public let byMany: String
    /// «Весь класс», «Вся группа», «Всё подразделение».
    public let whole: String
    /// A field's hint with examples a curator of this kind writes.
    public let example: String
    /// «Фамилия, имя, класс»: what the search looks in.
    public let search: String

    public init(_ word: GroupWord) {
        switch word {
        case .schoolClass:
            (title, accusative, genitive, byOne, byMany, whole) = ("Класс", "класс", "класса", "по классу", "по классам", "Весь класс")
            example = "Например: 7Б; для педагога — методическое объединение"
        case .studentGroup:
            (title, accusative, genitive, byOne, byMany, whole) = ("Группа", "группу", "группы", "по группе", "по группам", "Вся группа")
            example = "Например: ТМ-31 или «2 курс»; для преподавателя — цикловая комиссия"
        case .department:
            (title, accusative, genitive, byOne, byMany, whole) = ("Подразделение", "подразделение", "подразделения", "по подразделению",
                                                                   "по подразделениям", "Всё подразделение")
            example = "Например: отдел кадров, цех № 2"
        }
        search = "Фамилия, имя, \(title.lowercased())"
    }

    /// The labels of an organization of `kind`.
    public static func of(_ kind: OrganizationKind) -> GroupLabels { GroupWord.of(kind).labels }
}
