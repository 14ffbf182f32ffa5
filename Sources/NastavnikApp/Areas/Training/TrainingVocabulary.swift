/// Primary training prepares mentors before pairs form; training in the course of work answers
/// the questions mentors meet once they mentor (seed 003 «Процесс обучения наставников»).
public enum TrainingKind: String, Codable, CaseIterable, Sendable {
    case primary, inService

    public var russianName: String {
        switch self {
        case .primary: "Первичное обучение"
        case .inService: "Обучение в процессе деятельности"
        }
    }
}

/// Formats of training the seeds name (seed 000: regular meetings with role play, an
/// intensive; seed 003: seminars, trainings, webinars).
public enum TrainingFormat: String, Codable, CaseIterable, Sendable {
    case seminar, rolePlay, webinar, intensive, workshop

    public var russianName: String {
        switch self {
        case .seminar: "Семинар"
        case .rolePlay: "Ролевая игра"
        case .webinar: "Вебинар"
        case .intensive: "Интенсив"
        case .workshop: "Тренинг"
        }
    }
}

/// Who trains: the program's own people or an invited expert (seed 000, employer forms).
public enum TrainerKind: String, Codable, CaseIterable, Sendable {
    case `internal`, invited

    public var russianName: String {
        switch self {
        case .internal: "Сотрудник организации"
        case .invited: "Приглашённый эксперт"
        }
    }
}
