/// The seven stages of a program (seed 001, seed 002, seed 004; DOMAIN.md §3).
public enum ProgramStage: Int, Codable, CaseIterable, Sendable, Comparable {
    case preparation = 1, menteeBase, mentorBase, mentorSelection, pairing, pairWork, completion

    public var russianName: String {
        switch self {
        case .preparation: "Подготовка условий для запуска программы наставничества"
        case .menteeBase: "Формирование базы наставляемых"
        case .mentorBase: "Формирование базы наставников"
        case .mentorSelection: "Отбор и обучение наставников"
        case .pairing: "Формирование наставнических пар или групп"
        case .pairWork: "Организация работы наставнических пар или групп"
        case .completion: "Завершение наставничества"
        }
    }

    /// «Этап 3. Формирование базы наставников».
    public var numberedName: String { "Этап \(rawValue). \(russianName)" }

    public var next: ProgramStage? { ProgramStage(rawValue: rawValue + 1) }

    public static func < (lhs: ProgramStage, rhs: ProgramStage) -> Bool { lhs.rawValue < rhs.rawValue }
}
