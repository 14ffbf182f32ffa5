/// How much primary training a form of mentoring needs, as seed 000 words it per form, and
/// the topics seed 003 plans. A program takes the norm of its most demanding form.
struct TrainingNorm: Equatable, Sendable {
    let form: MentoringForm
    /// «около 3-4»: the lower bound is the default rule for «обучен».
    let minimumSessions: Int
    let maximumSessions: Int
    /// The seed's own sentence, shown to the curator.
    let advice: String
    /// Teacher–teacher: training only when the curator sees a need.
    let isOptional: Bool

    static func norm(for form: MentoringForm) -> TrainingNorm {
        switch form {
        case .studentStudent:
            TrainingNorm(form: form, minimumSessions: 3, maximumSessions: 4,
                         advice: "Обучение наставников происходит в формате регулярных встреч (около 3–4) с куратором программы, на которых учащимся-наставникам предлагаются ролевые ситуации, которые необходимо проиграть и обсудить с последующей рефлексией.",
                         isOptional: false)
        case .teacherTeacher:
            TrainingNorm(form: form, minimumSessions: 1, maximumSessions: 2,
                         advice: "Осуществляется куратором программы, если в этом есть необходимость: наставнику не требуется обучение коммуникативным навыкам, активному слушанию, эмпатии; в процессе обучения (1–2 встречи для обсуждения) куратор вместе с педагогом-наставником формируют стратегию, определяют регламент будущих встреч и их примерный тематический план.",
                         isOptional: true)
        case .collegeStudentPupil:
            TrainingNorm(form: form, minimumSessions: 7, maximumSessions: 8,
                         advice: "Обучение наставников происходит в формате регулярных встреч (около 7–8) с куратором программы. Студентам-наставникам предлагаются ролевые ситуации, которые необходимо проиграть и обсудить с последующей рефлексией.",
                         isOptional: false)
        case .employerPupil, .employerStudent:
            TrainingNorm(form: form, minimumSessions: 5, maximumSessions: 6,
                         advice: "Обучение наставников происходит в формате регулярных встреч (около 5–6) или образовательного интенсива с куратором программы либо приглашёнными экспертами, на которых наставникам предлагаются ролевые ситуации взаимодействия, необходимые к рассмотрению, переживанию и рефлексии.",
                         isOptional: false)
        }
    }

    /// The norm of the program's most demanding form; nil for a program without forms.
    static func norm(for forms: [MentoringForm]) -> TrainingNorm? {
        forms.map { norm(for: $0) }.max { ($0.maximumSessions, $0.minimumSessions) < ($1.maximumSessions, $1.minimumSessions) }
    }

    /// «3–4 встречи».
    var rangeText: String { "\(minimumSessions)–\(maximumSessions) \(Self.meetings(maximumSessions))" }

    static func meetings(_ count: Int) -> String {
        RussianPlural.form(count, "встреча", "встречи", "встреч")
    }

    /// Topics for the plan: seed 003's cycle of sessions and the subjects its training
    /// section names (the values of mentoring, talking with teenagers, the two styles).
    static let suggestedTopics = [
        "Наставничество: Что? Зачем? Как?",
        "MENTOR SET — уникальная технология для наставника",
        "Основы и ценности наставнических отношений",
        "Особенности общения с подростками: активное слушание, эмпатия",
        "Развивающий и инструментальный стили взаимоотношений с наставляемым",
        "Цели наставника и цели наставляемого: как согласовать ожидания",
        "Ролевые ситуации: первая встреча с наставляемым",
        "Целеполагание: таблица желаний и ресурсов, карта целей",
    ]
}
