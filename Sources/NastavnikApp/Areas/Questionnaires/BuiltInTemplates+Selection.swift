/// Stages 2–4: the bases' questionnaires, the student mentors' test and Mentor Match feedback.
extension QuestionnaireTemplate {
    /// Seed 001 «Разработка вопросов для наставников»: personal information, personal
    /// qualities, expectations, motivation, psychological readiness, and the preferences the
    /// seed asks for (age of the mentee, time and frequency of meetings).
    static let mentorApplication = QuestionnaireTemplate(
        key: "mentor-application", title: "Анкета наставника",
        purpose: "Сведения о кандидате, его опыте и намерениях, мотивации участвовать в программе наставничества, об особых интересах, хобби, предпочтениях в выборе наставляемого.",
        audience: .mentor, anonymous: false,
        definition: .init(sections: [
            .init("Личная информация", [
                .long("q1", "Образование", key: .mentorEducation, hint: "Учебное заведение, специальность, курсы повышения квалификации."),
                .long("q2", "Опыт работы", key: .mentorExperience),
                .long("q3", "Достижения", key: .mentorAchievements, hint: "Конкурсы, публикации, проекты, награды.", required: false),
            ]),
            .init("Личные качества", [
                .long("q4", "Ваши сильные стороны", key: .mentorStrengths),
                .long("q5", "Ваши слабые стороны", key: .mentorWeaknesses),
                .long("q6", "Хобби, увлечения, особые интересы", key: .mentorHobbies, required: false),
            ]),
            .init("Участие в программе", [
                .long("q7", "Чего вы ожидаете от участия в программе наставничества?", key: .mentorExpectations),
                .long("q8", "Почему вы хотите участвовать в программе наставничества?", key: .mentorMotivation),
                .scale("q9", "Насколько вы готовы к роли наставника психологически?", key: .mentorReadiness),
            ]),
            .init("Предпочтения", [
                .single("q10", "С обучающимися какого возраста вы хотели бы работать?",
                        ["7–10 лет (1–4 классы)", "11–14 лет (5–8 классы)", "15–18 лет (9–11 классы)", "Студенты, молодые специалисты", "Не важно"],
                        key: .mentorPreferredMenteeAge),
                .single("q11", "В какое время вам удобно встречаться?",
                        ["Утром, до уроков", "Днём, после уроков", "Вечером", "В выходные", "Время обсудим отдельно"], key: .mentorMeetingTime),
                .single("q12", "Как часто вы готовы встречаться?",
                        ["Два раза в неделю", "Раз в неделю", "Раз в две недели"], key: .mentorMeetingFrequency),
                .long("q13", "Предпочтения в выборе наставляемого", key: .mentorCompetencies, hint: "Интересы, запросы, с которыми вы можете помочь.", required: false),
                .single("q14", "Как вам удобнее встречаться?", ["Очно", "Онлайн", "Очно или онлайн"], key: .mentorMeetingFormat),
            ]),
        ]))

    /// Seed 000, student mentors: «тестирование, включающее вопросы о коммуникационных навыках,
    /// эмпатии, психологической подготовке, осознанию ответственности». Not to reject anyone:
    /// the answers show what to train.
    static let mentorTest = QuestionnaireTemplate(
        key: "mentor-test", title: "Тестирование наставников-обучающихся: коммуникативные навыки и эмпатия",
        purpose: "Вопросы о реальных коммуникационных возможностях и уровне эмпатии. Тестирование не имеет целью отсеять часть наставников: оно направлено на выявление пробелов, которые необходимо восполнить в процессе обучения.",
        audience: .mentor, anonymous: false,
        definition: .init(sections: [
            .init("Коммуникативные навыки", [
                .scale("q1", "Мне легко начать разговор с незнакомым человеком младше меня", key: .mentorCommunicationScore),
                .scale("q2", "Я умею выслушать собеседника, не перебивая"),
                .scale("q3", "Я могу объяснить сложную тему простыми словами"),
                .long("q4", "Младший школьник молчит и не хочет рассказывать, что у него не получается. Что вы сделаете?"),
            ]),
            .init("Эмпатия", [
                .scale("q5", "Я замечаю, когда у другого человека плохое настроение", key: .mentorEmpathyScore),
                .scale("q6", "Я могу поставить себя на место другого человека"),
                .long("q7", "Наставляемый расстроен из-за плохой оценки. Что вы ему скажете?"),
            ]),
            .init("Психологическая готовность и ответственность", [
                .yesNo("q8", "Готовы ли вы регулярно встречаться с наставляемым в течение всей программы?"),
                .single("q9", "Если вы не сможете прийти на встречу, что вы сделаете?",
                        ["Заранее предупрежу наставляемого и договорюсь о новом времени", "Предупрежу куратора", "Ничего, встреча просто не состоится"]),
                .long("q10", "Что вы будете делать, если наставляемый расскажет о проблеме, с которой вы не можете справиться сами?"),
                .long("q11", "Чему вы хотели бы научиться на встречах с куратором?", required: false),
            ]),
        ]))

    static let menteeRequest = QuestionnaireTemplate(
        key: "mentee-request", title: "Анкета наставляемого: запрос к программе",
        purpose: "Сбор запросов потенциальных наставляемых: данные станут основой для подбора наставника и для мониторинга влияния программы.",
        audience: .mentee, anonymous: false,
        definition: .init(sections: [
            .init("Запрос", [
                .long("q1", "Над какими вопросами или проблемами вы хотели бы поработать?", key: .menteeRequest),
                .long("q2", "Каких целей вы хотите достичь с помощью наставника?", key: .menteeGoals),
                .multiple("q3", "Какие направления вам интересны?",
                          ["Учёба, подготовка к экзаменам", "Проекты и исследования", "Олимпиады и конкурсы", "Творчество", "Спорт",
                           "Выбор профессии", "Общение и уверенность в себе", "Адаптация в новом коллективе"], key: .menteeInterests),
                .long("q4", "Что вам важно увидеть в наставнике?", key: .menteeWishesForMentor, required: false),
                .single("q5", "Как часто вы готовы встречаться с наставником?",
                        ["Два раза в неделю", "Раз в неделю", "Раз в две недели"], key: .menteeMeetingFrequency),
                .multiple("q6", "В какое время вам удобно встречаться?",
                          ["Утром", "Днём", "Вечером", "В выходные"], key: .menteeMeetingTime),
                .single("q7", "Как вам удобнее встречаться?", ["Очно", "Онлайн", "Очно или онлайн"], key: .menteeMeetingFormat),
            ]),
        ]))

    /// Seed 001 «Получение обратной связи от участников общей встречи», the mentees' two questions.
    static let mentorMatchMentee = QuestionnaireTemplate(
        key: "mentor-match-mentee", title: "Обратная связь после общей встречи (Mentor Match): наставляемые",
        purpose: "После быстрых встреч каждый наставляемый указывает, с кем из наставников хотел бы продолжить общение. Пара формируется там, где желания совпадают.",
        audience: .mentee, anonymous: false,
        definition: .init(sections: [
            .init("Выбор наставника", [
                Question(id: "q1", key: .mentorMatchRanking, type: .ranking,
                         text: "С кем из наставников вы бы хотели работать в рамках программы наставничества?",
                         hint: "Первым укажите того, с кем хотели бы работать больше всего.", rows: 3, candidates: .mentor),
                Question(id: "q2", key: .mentorMatchHelpfulMentors, type: .ranking, text: "Кто может помочь вам достичь желаемых целей?",
                         required: false, rows: 3, candidates: .mentor),
            ]),
        ]))

    /// Seed 001, the mentors' two questions.
    static let mentorMatchMentor = QuestionnaireTemplate(
        key: "mentor-match-mentor", title: "Обратная связь после общей встречи (Mentor Match): наставники",
        purpose: "После быстрых встреч каждый наставник указывает, с кем из наставляемых хотел бы работать.",
        audience: .mentor, anonymous: false,
        definition: .init(sections: [
            .init("Выбор наставляемых", [
                Question(id: "q1", key: .mentorMatchMenteeRanking, type: .ranking,
                         text: "С кем из наставляемых вы бы хотели работать в рамках программы наставничества?",
                         hint: "Первым укажите того, с кем хотели бы работать больше всего.", rows: 3, candidates: .mentee),
                Question(id: "q2", key: .mentorMatchMenteesICanHelp, type: .ranking,
                         text: "Кому вы сможете помочь в рамках выбранных наставляемым целей, если они были озвучены?",
                         required: false, rows: 3, candidates: .mentee),
            ]),
        ]))
}
