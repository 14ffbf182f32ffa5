/// The words of the two bases (seed 001 «Формирование базы наставляемых / наставников»),
/// each stored by its code and shown by its Russian name.

/// A mentee's request (запрос): what mentoring should help with. Organizations add their own
/// requests (`RequestKind`); these are built in.
public enum BuiltInRequest: String, CaseIterable, Sendable {
    case lowAchievement, adaptation, bullying, lowMotivation, specialNeeds, burnout, youngSpecialist
    case careerGuidance, giftedness, leisure, projectWork, communication, methodicalSupport, digitalSkills

    public var russianName: String {
        switch self {
        case .lowAchievement: "Низкая успеваемость"
        case .adaptation: "Адаптация"
        case .bullying: "Буллинг"
        case .lowMotivation: "Низкая мотивация"
        case .specialNeeds: "Особые образовательные потребности"
        case .burnout: "Профессиональное выгорание"
        case .youngSpecialist: "Трудности молодого специалиста"
        case .careerGuidance: "Профессиональная ориентация"
        case .giftedness: "Развитие способностей, олимпиады"
        case .leisure: "Нет внеурочной и досуговой занятости"
        case .projectWork: "Проектная и исследовательская деятельность"
        case .communication: "Трудности общения"
        case .methodicalSupport: "Методическая помощь по предмету"
        case .digitalSkills: "Цифровые навыки"
        }
    }
}

/// Where the data about a mentee came from (seed 001: родители, классные руководители,
/// педагоги-психологи, профориентационные тесты).
public enum DataChannel: String, Codable, CaseIterable, Sendable {
    case parents, classTeacher, psychologist, careerTest, selfReported, administration

    public var russianName: String {
        switch self {
        case .parents: "Родители"
        case .classTeacher: "Классный руководитель"
        case .psychologist: "Педагог-психолог"
        case .careerTest: "Профориентационный тест"
        case .selfReported: "Сам наставляемый"
        case .administration: "Администрация"
        }
    }

    /// The name in the words of the organization: the class teacher of a school is a college's
    /// «Куратор группы» and an employer's «Руководитель подразделения» (issue 20, item 3).
    public func name(in kind: OrganizationKind) -> String {
        guard self == .classTeacher else { return russianName }
        switch GroupWord.of(kind) {
        case .schoolClass: return russianName
        case .studentGroup: return "Куратор группы"
        case .department: return "Руководитель подразделения"
        }
    }
}

public enum MenteeStatus: String, Codable, CaseIterable, Sendable {
    case candidate, inBase, inPair, finished, left

    public var russianName: String {
        switch self {
        case .candidate: "Кандидат"
        case .inBase: "В базе"
        case .inPair: "В паре"
        case .finished: "Завершил программу"
        case .left: "Выбыл"
        }
    }
}

public enum MentorStatus: String, Codable, CaseIterable, Sendable {
    case candidate, selected, trained, active, resting
    /// Left the program (for example after withdrawing the processing consent).
    case left

    public var russianName: String {
        switch self {
        case .candidate: "Кандидат"
        case .selected: "Отобран"
        case .trained: "Обучен"
        case .active: "Наставляет"
        case .resting: "Пауза"
        case .left: "Выбыл"
        }
    }
}

/// Who a mentor is (seed 001): the internal contour (students, teachers, parents) and the
/// external one (alumni, employers, entrepreneurs, NGO staff, partners).
public enum MentorOrigin: String, Codable, CaseIterable, Sendable {
    case student, teacher, parent, alumnus, employer, entrepreneur, ngo, partner

    public var russianName: String {
        switch self {
        case .student: "Обучающийся"
        case .teacher: "Педагог"
        case .parent: "Родитель"
        case .alumnus: "Выпускник"
        case .employer: "Сотрудник предприятия"
        case .entrepreneur: "Предприниматель"
        case .ngo: "Сотрудник НКО"
        case .partner: "Представитель партнёрской организации"
        }
    }

    public var contour: Contour { [.student, .teacher, .parent].contains(self) ? .internal : .external }
}

public enum Contour: String, Codable, CaseIterable, Sendable {
    case `internal`, external

    public var russianName: String { self == .internal ? "Внутренний контур" : "Внешний контур" }
}

public enum MeetingPlace: String, Codable, CaseIterable, Sendable {
    case inPerson, online, mixed

    public var russianName: String {
        switch self {
        case .inPerson: "Очно"
        case .online: "Онлайн"
        case .mixed: "Очно и онлайн"
        }
    }
}

/// Whether a person may be processed: the processing consent's state, kept on the base row so
/// lists filter by it without a join.
public enum ConsentState: String, Codable, CaseIterable, Sendable {
    case missing, valid, withdrawn

    public var russianName: String {
        switch self {
        case .missing: "Нет согласия"
        case .valid: "Согласие есть"
        case .withdrawn: "Согласие отозвано"
        }
    }
}

/// What a consent allows (152-FZ: processing, and publication separately by category).
public enum ConsentPurpose: String, Codable, CaseIterable, Sendable {
    case processing, publicationCases, publicationPhotos, publicationHonorBoard

    public var russianName: String {
        switch self {
        case .processing: "Обработка персональных данных"
        case .publicationCases: "Публикация в библиотеке практик (без фото)"
        case .publicationPhotos: "Публикация фотографий"
        case .publicationHonorBoard: "Размещение на доске почёта"
        }
    }
}

/// The two bases; the same pages and import serve both.
public enum BaseKind: String, Codable, CaseIterable, Sendable {
    case mentee, mentor

    public var russianName: String { self == .mentee ? "База наставляемых" : "База наставников" }
    public var pathComponent: String { self == .mentee ? "mentees" : "mentors" }
    /// The route parameter naming a row of this base; one name per position in the route tree.
    var idParameter: String { self == .mentee ? "menteeID" : "mentorID" }
}
