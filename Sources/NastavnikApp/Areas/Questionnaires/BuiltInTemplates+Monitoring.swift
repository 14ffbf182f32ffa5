/// Seed 003 «Мониторинг программы наставничества»: satisfaction measured twice (on entering the
/// program and after it), and the program quality survey whose answers build the SWOT table.
extension QuestionnaireTemplate {
    static let stages = ["До входа в программу", "По итогам программы"]

    static let satisfactionMentor = QuestionnaireTemplate(
        key: "satisfaction-mentor", title: "Удовлетворённость участием в программе: наставник",
        purpose: "Параметры, зависящие от программы, фиксируются дважды: до входа в программу и по её итогам.",
        audience: .mentor, anonymous: false,
        definition: .init(sections: [
            .init("Удовлетворённость", [
                .single("q1", "Когда заполняется анкета", stages, key: .surveyStage),
                .scale("q2", "Насколько вы удовлетворены своей работой в роли наставника?", key: .satisfaction),
                .scale("q3", "Насколько вы удовлетворены собственной профессиональной деятельностью?"),
                .scale("q4", "Насколько комфортно вам в коллективе образовательной организации?"),
                .long("q5", "Что помогает и что мешает вам в работе наставника?", required: false),
            ]),
        ]))

    static let satisfactionMentee = QuestionnaireTemplate(
        key: "satisfaction-mentee", title: "Удовлетворённость участием в программе: наставляемый",
        purpose: "Параметры, зависящие от программы, фиксируются дважды: до входа в программу и по её итогам.",
        audience: .mentee, anonymous: false,
        definition: .init(sections: [
            .init("Удовлетворённость", [
                .single("q1", "Когда заполняется анкета", stages, key: .surveyStage),
                .scale("q2", "Насколько вы довольны участием в программе наставничества?", key: .satisfaction),
                .scale("q3", "Насколько вы уверены в своих силах в учёбе или работе?"),
                .scale("q4", "Насколько вам интересно учиться и развиваться?"),
                .multiple("q5", "Где вы занимаетесь помимо уроков?",
                          ["Творческий кружок", "Спортивная секция", "Внеурочное объединение", "Проект", "Нигде"], key: .menteeExtracurricular),
            ]),
        ]))

    static let programQuality = QuestionnaireTemplate(
        key: "program-quality", title: "Мониторинг процесса реализации программы наставничества (SWOT)",
        purpose: "Анкета содержит открытые вопросы, закрытые вопросы и вопросы с оценочным параметром. По результатам куратор составляет SWOT-анализ: сильные и слабые стороны, возможности и угрозы.",
        audience: .mentor, anonymous: true,
        definition: .init(sections: [
            .init("Оценка программы", [
                .single("q1", "Ваша роль в программе", ["Наставник", "Наставляемый", "Куратор", "Партнёр программы"]),
                .scale("q2", "Оцените качество реализации программы наставничества", key: .programQuality),
                .scale("q3", "Насколько вы удовлетворены участием в программе?", key: .satisfaction),
                .single("q4", "Как часто проходили встречи в вашей паре или группе?",
                        ["Два раза в неделю и чаще", "Раз в неделю", "Раз в две недели", "Реже, чем раз в две недели"], key: .pairsMeetRegularly),
                .yesNo("q5", "Оправдались ли ваши ожидания от программы?"),
            ]),
            .init("SWOT", [
                .long("q6", "Сильные стороны программы", key: .swotStrengths),
                .long("q7", "Слабые стороны программы", key: .swotWeaknesses),
                .long("q8", "Возможности программы наставничества", key: .swotOpportunities, required: false),
                .long("q9", "Угрозы реализации программы", key: .swotThreats, required: false),
                .long("q10", "Ваши пожелания", required: false),
            ]),
        ]))
}
