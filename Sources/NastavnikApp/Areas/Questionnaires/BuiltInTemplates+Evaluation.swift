/// The seeds' completion stage: the mutual evaluation of mentor and mentee (seed 000, every form:
/// «Взаимная оценка работы наставника и наставляемого посредством анкетирования») and the check of
/// the mentee's professional competence (seed 003, stage 6; seed 000 for the forms). The seeds name
/// these steps and what they look at, not a list of questions: the wording below uses the seeds'
/// own words for what is evaluated and presented.
extension QuestionnaireTemplate {
    static let schoolWording = TemplateWording(form: .studentStudent, kind: .school)

    static let mutualEvaluationMentee = evaluation("mutual-evaluation-mentee", schoolWording)
    static let mutualEvaluationMentor = evaluation("mutual-evaluation-mentor", schoolWording)
    static let competenceCheck = evaluation("competence-check", schoolWording)

    /// Seed 000: «Решение о продолжении (переход на другую тему или проблему) или прекращении взаимодействия».
    static let continuation = ["Продолжить работу над той же темой", "Перейти к другой теме или проблеме", "Завершить взаимодействие"]

    /// What the pair presents at the end, by who the mentee is (seed 000, «Представление конкретных результатов взаимодействия»).
    static func results(_ words: TemplateWording) -> [String] {
        switch words.mentee {
        case .youngTeacher: ["Педагогический проект", "Методика", "Открытый урок", "Публикация"]
        case .student: ["Защита проекта", "Представление бизнес-модели", "Результаты стажировки",
                        "Тестирование на предмет овладения профессиональными навыками", "Тестирование на предмет овладения гибкими навыками"]
        case .pupil: ["Защита проекта", "Образовательные результаты", "Результаты компетентностного / квалификационного тестирования",
                      "Будущая образовательная траектория", "Результаты краткосрочной практики на производстве"]
        }
    }

    static func evaluation(_ key: String, _ words: TemplateWording) -> QuestionnaireTemplate {
        let evaluated = "Взаимная оценка работы наставника и наставляемого посредством анкетирования (по завершении программы или этапа)."
        switch key {
        case "mutual-evaluation-mentee":
            return QuestionnaireTemplate(
                key: key, title: "Взаимная оценка: наставляемый оценивает работу наставника", purpose: evaluated,
                audience: .mentee, anonymous: false,
                definition: .init(sections: [
                    .init("Оценка работы наставника", [
                        .scale("q1", "Насколько регулярными и полезными были встречи с наставником?"),
                        .scale("q2", "Насколько наставник помог вам решить вашу проблему или запрос?"),
                        .scale("q3", "Насколько понятными и применимыми были советы и рекомендации наставника?"),
                        .scale("q4", "Насколько комфортно вам было общаться с наставником?"),
                        .long("q5", "Что в работе наставника было для вас самым ценным?"),
                        .long("q6", "Что наставнику стоит делать иначе?", required: false),
                        .single("q7", "Как продолжить взаимодействие?", continuation),
                    ]),
                ]))
        case "mutual-evaluation-mentor":
            let hint: String
            switch words.mentee {
            case .youngTeacher: hint = "Педагогический проект, методика, открытый урок, публикация."
            case .student: hint = "Проект, бизнес-модель, образовательная траектория, результаты стажировки."
            case .pupil: hint = "Проект, успеваемость и посещаемость, образовательные, творческие, спортивные результаты."
            }
            return QuestionnaireTemplate(
                key: key, title: "Взаимная оценка: наставник оценивает работу наставляемого", purpose: evaluated,
                audience: .mentor, anonymous: false,
                definition: .init(sections: [
                    .init("Оценка работы наставляемого", [
                        .scale("q1", "Насколько регулярно наставляемый приходил на встречи и выполнял договорённости?"),
                        .scale("q2", "Насколько наставляемый продвинулся в решении своей проблемы или запроса?"),
                        .scale("q3", "Насколько наставляемый был открыт советам и обратной связи?"),
                        .scale("q4", "Насколько комфортно вам было работать с наставляемым?"),
                        .long("q5", "Каких конкретных результатов достиг наставляемый?", hint: hint),
                        .long("q6", "Над чем наставляемому стоит работать дальше?", required: false),
                        .single("q7", "Как продолжить взаимодействие?", continuation),
                    ]),
                ]))
        default:
            let purpose: String, readiness: String, tests: String, mastered: String
            switch words.mentee {
            case .youngTeacher:
                purpose = "После того как конкретная проблема наставляемого решена, проверяется уровень профессиональной компетентности молодого педагога, происходит определение наставником степени готовности молодого учителя к выполнению его профессиональных обязанностей."
                readiness = "Степень готовности наставляемого к выполнению профессиональных обязанностей"
                tests = "Сколько открытых уроков проведено?"
                mastered = "Необходимые навыки закреплены, адаптация прошла успешно?"
            case .student:
                purpose = "Тестирование на предмет овладения профессиональными/гибкими навыками: наставник определяет степень готовности наставляемого к профессиональной деятельности."
                readiness = "Степень готовности наставляемого к профессиональной деятельности"
                tests = "Сколько профессиональных и компетентностных тестов пройдено успешно?"
                mastered = "Наставляемый овладел необходимыми профессиональными навыками?"
            case .pupil:
                purpose = "Итоги компетентностного / квалификационного тестирования и будущая образовательная траектория: наставник оценивает полученную степень компетентности наставляемого."
                readiness = "Полученная степень компетентности наставляемого"
                tests = "Сколько профессиональных и компетентностных тестов пройдено успешно?"
                mastered = "Наставляемый определил будущую образовательную траекторию?"
            }
            return QuestionnaireTemplate(
                key: "competence-check", title: "Проверка уровня профессиональной компетентности наставляемого", purpose: purpose,
                audience: .mentor, anonymous: false,
                definition: .init(sections: [
                    .init("Проверка", [
                        .single("q1", "Когда заполняется анкета", stages, key: .surveyStage),
                        .multiple("q2", "Практические результаты профессионального обучения", results(words)),
                        Question(id: "q3", type: .number, text: tests, required: false, minimum: 0, maximum: 100),
                        .scale("q4", readiness, hint: "1 — не готов, 10 — полностью готов."),
                        .yesNo("q5", mastered),
                        .long("q6", "Какие навыки закреплены?"),
                        .long("q7", "Над чем предстоит работать дальше?", required: false),
                    ]),
                ]))
        }
    }
}
