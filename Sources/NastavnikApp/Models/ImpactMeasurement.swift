import Fluent
import Foundation

/// One parameter of one participant measured on entering the program or on leaving it (seed
/// 003, the second stage of monitoring), mentees and mentors alike: grades, attendance, engagement, motivation, anxiety,
/// self-esteem; for teachers burnout, job satisfaction, climate. Compared entry to exit, it shows
/// what the program changed for the person.
public final class ImpactMeasurement: Model, @unchecked Sendable {
    public static let schema = "impact_measurements"

    @ID(key: .id) public var id: UUID?
    @Field(key: "organization_id") public var organizationID: UUID
    @Parent(key: "program_id") public var program: Program
    /// The measured person: a mentee or a mentor, never both.
    @OptionalParent(key: "mentee_id") public var mentee: Mentee?
    @OptionalParent(key: "mentor_id") public var mentor: Mentor?
    /// The person's pair when measured; none before the pairs form.
    @OptionalField(key: "pairing_id") public var pairingID: UUID?
    /// The answer that filled the value, when it came from a questionnaire marked as a measurement.
    @OptionalField(key: "answer_id") public var answerID: UUID?
    /// An `ImpactParameter`'s raw value, or «scale-<id>» for an organization's own scale (`OwnScale`).
    @Field(key: "parameter") public var parameter: String
    @Field(key: "phase") public var phase: MeasurementPhase
    @Field(key: "value") public var value: Double
    /// ISO day.
    @Field(key: "measured_on") public var measuredOn: String
    @Field(key: "source") public var source: MeasurementSource
    @Field(key: "measured_by_name") public var measuredByName: String
    @Timestamp(key: "updated_at", on: .update) public var updatedAt: Date?

    public init() {}
}

public enum MeasurementPhase: String, Codable, CaseIterable, Sendable {
    case entry, exit

    public var russianName: String { self == .entry ? "На входе" : "На выходе" }
}

public enum MeasurementSource: String, Codable, CaseIterable, Sendable {
    case psychologist, teacher, questionnaire

    public var russianName: String {
        switch self {
        case .psychologist: "Педагог-психолог"
        case .teacher: "Классный руководитель, куратор"
        case .questionnaire: "Анкета"
        }
    }
}

public enum ImpactParameter: String, Codable, CaseIterable, Sendable {
    case grades, attendance, engagement, softSkills, motivation, anxiety, selfEsteem
    case burnout, jobSatisfaction, climate
    /// Seed 003 fixes satisfaction twice too; professional readiness is the colleges' own scale.
    case satisfaction, professionalReadiness

    public var russianName: String {
        switch self {
        case .grades: "Успеваемость по основным предметам (средний балл)"
        case .attendance: "Посещаемость, %"
        case .engagement: "Вовлечённость"
        case .softSkills: "Гибкие навыки"
        case .motivation: "Мотивация к учёбе"
        case .anxiety: "Тревожность"
        case .selfEsteem: "Самооценка"
        case .burnout: "Профессиональное выгорание"
        case .jobSatisfaction: "Удовлетворённость работой"
        case .climate: "Психологический климат в коллективе"
        case .satisfaction: "Удовлетворённость участием в программе"
        case .professionalReadiness: "Готовность к профессиональной деятельности"
        }
    }

    public var shortName: String {
        switch self {
        case .grades: "Средний балл"
        case .attendance: "Посещаемость"
        case .engagement: "Вовлечённость"
        case .softSkills: "Гибкие навыки"
        case .motivation: "Мотивация"
        case .anxiety: "Тревожность"
        case .selfEsteem: "Самооценка"
        case .burnout: "Выгорание"
        case .jobSatisfaction: "Удовл. работой"
        case .climate: "Климат"
        case .satisfaction: "Удовлетворённость"
        case .professionalReadiness: "Проф. готовность"
        }
    }

    public var range: ClosedRange<Double> {
        switch self {
        case .grades: 2...5
        case .attendance: 0...100
        default: 1...10
        }
    }

    /// Anxiety and burnout improve when they go down.
    public var higherIsBetter: Bool { !(self == .anxiety || self == .burnout) }

    /// The parameters measured for a form's mentees: young teachers, college students facing work, or pupils.
    public static func measured(for form: MentoringForm) -> [ImpactParameter] {
        switch form {
        case .teacherTeacher: [.satisfaction, .burnout, .jobSatisfaction, .climate, .motivation, .selfEsteem]
        case .employerStudent: [.satisfaction, .grades, .attendance, .professionalReadiness, .softSkills, .motivation, .anxiety, .selfEsteem]
        default: [.satisfaction, .grades, .attendance, .engagement, .softSkills, .motivation, .anxiety, .selfEsteem]
        }
    }

    /// The parameters measured for the mentors of a form (seed 003 measures all participants):
    /// adults their satisfaction and burnout, student mentors as students.
    public static func measuredForMentors(of form: MentoringForm) -> [ImpactParameter] {
        switch form {
        case .studentStudent: [.satisfaction, .grades, .engagement, .softSkills, .motivation, .selfEsteem]
        default: [.satisfaction, .jobSatisfaction, .burnout, .climate, .motivation]
        }
    }
}
