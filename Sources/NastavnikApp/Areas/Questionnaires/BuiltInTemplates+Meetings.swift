/// Seed 003: the meetings of a pair — acquaintance, trial meeting, planning, reflection, final.
extension QuestionnaireTemplate {
    static let firstMeeting = QuestionnaireTemplate(
        key: "first-meeting", title: "Первая встреча-знакомство",
        purpose: "Наставник и наставляемый рассказывают о себе; куратор определяет, насколько два человека готовы работать друг с другом.",
        audience: .mentee, anonymous: false,
        definition: .init(sections: [
            .init("Представление наставника (заполняет наставник)", [
                .long("q1", "Кто я, чем занимаюсь?", required: false),
                .long("q2", "Почему я хочу быть наставником?", required: false),
                .long("q3", "Мой опыт.", required: false),
                .long("q4", "Чем я могу и хочу поделиться с наставляемым?", required: false),
                .long("q5", "Что мне важно увидеть в наставляемом?", required: false),
            ]),
            .init("Представление наставляемого (заполняет наставляемый)", [
                .long("q6", "Кто я, чем занимаюсь?", required: false),
                .long("q7", "Почему мне хочется принять участие в программе?", required: false),
                .long("q8", "Над какими вопросами/проблемами я хотел бы поработать?", required: false),
                .long("q9", "Что мне важно увидеть в наставнике?", required: false),
            ]),
            .init("Взаимный интерес", [
                .yesNo("q10", "Готовы ли вы работать друг с другом?"),
                Question(id: "q11", type: .date, text: "Когда первая рабочая встреча?", required: false),
            ]),
        ]))

    static let trialMeeting = QuestionnaireTemplate(
        key: "trial-meeting", title: "Пробная рабочая встреча: рефлексия",
        purpose: "По окончании встречи наставник и наставляемый представляют краткие результаты куратору.",
        audience: .mentee, anonymous: false,
        definition: .init(sections: [
            .init("Рефлексия", [
                .long("q1", "Что получилось?"),
                .long("q2", "Что понравилось?"),
                .long("q3", "Благодаря чему стало возможно достичь результата?"),
                .long("q4", "Что в следующий раз можно будет сделать по-другому?"),
            ]),
        ]))

    static let planning = QuestionnaireTemplate(
        key: "planning", title: "Встреча-планирование: желания и ресурсы",
        purpose: "Наставляемый отвечает на вопрос «Что я хочу, чтобы у меня было?» и перечисляет 5 достижений, ощущений или предметов; для каждого заполняется строка таблицы.",
        audience: .mentee, anonymous: false,
        definition: .init(sections: [
            .init("Желания и ресурсы", [
                Question(id: "q1", key: .planningWishes, type: .tableRows, text: "Что я хочу, чтобы у меня было?",
                         hint: "До пяти желаний, по одному в строке.",
                         columns: ["Желание", "Какие ресурсы у меня есть, чтобы это получить?",
                                   "Каких ресурсов мне не хватает, чтобы достичь цели и получить желаемое?",
                                   "Как измерить результат реализации цели? Как я пойму, что достиг ее?",
                                   "Сколько мне нужно времени, чтобы это получить?"],
                         rows: 5),
                Question(id: "q2", type: .number, text: "Сколько встреч может понадобиться, чтобы достичь цели?", required: false,
                         minimum: 1, maximum: 200),
            ]),
        ]))

    static let meetingReflection = QuestionnaireTemplate(
        key: "meeting-reflection", title: "Рефлексия после встречи",
        purpose: "Последние 10 минут встречи: наставляемый и наставник резюмируют встречу.",
        audience: .mentee, anonymous: false,
        definition: .init(sections: [
            .init("Итоги встречи", [
                .yesNo("q1", "Приблизились ли мы сегодня к цели?", key: .reflectionCloserToGoal),
                .long("q2", "Что сегодня получилось хорошо?"),
                .long("q3", "Что стоит изменить в следующий раз?"),
                .long("q4", "Как я сейчас себя чувствую?"),
                .long("q5", "Что нужно сделать к следующей встрече?"),
            ]),
        ]))

    static let finalMeeting = QuestionnaireTemplate(
        key: "final-meeting", title: "Итоговая встреча",
        purpose: "Ответы, которые фиксируются для создания полной картины результатов работы пары или группы.",
        audience: .mentee, anonymous: false,
        definition: .init(sections: [
            .init("Итоги работы", [
                .long("q1", "Что самого ценного было в вашем взаимодействии?"),
                .long("q2", "Каких результатов вы достигли?"),
                .long("q3", "Чему вы научились друг у друга?"),
                .scale("q4", "Оцените по десятибалльной шкале, насколько вы приблизились к цели", key: .finalClosenessToGoal,
                       hint: "1 — совсем не приблизились, 10 — цель достигнута."),
                .long("q5", "Как вы изменились?"),
                .long("q6", "Что вы поняли про себя в процессе общения?"),
                .long("q7", "Чем запомнилось взаимодействие?"),
                .yesNo("q8", "Есть ли необходимость продолжать работу вместе?", key: .finalContinueTogether),
                .yesNo("q9", "Хотели бы вы стать наставником/продолжить работу в роли наставника?", key: .finalWantsToMentor),
            ]),
        ]))
}
