/// Facts the platform can establish by itself; a checklist item carrying one is ticked
/// automatically when the fact holds (see `ChecklistEvidence`).
public enum ChecklistFact: String, Codable, CaseIterable, Sendable {
    case curatorAndTeamAppointed, formsAndResultsDefined, roadmapBuilt, menteeBaseFormed, mentorBaseFormed, pairsFormed
    /// Stage 4: every selected mentor is trained; every selected student mentor took the test.
    case mentorsTrained, studentMentorsTested
}

/// The work of each stage, inside the organization and with the outside world: seed 001's
/// table «Этапы реализации программы наставничества» (repeated in seed 004), plus what seeds
/// 000 and 004 say differs by form of mentoring.
public enum StageChecklistTemplate {
    public struct Item: Sendable, Equatable {
        public let stage: ProgramStage
        public let contour: Contour
        public let title: String
        /// Set when the item belongs to one form only.
        public let form: MentoringForm?
        public let fact: ChecklistFact?

        init(_ stage: ProgramStage, _ contour: Contour, _ title: String, form: MentoringForm? = nil, fact: ChecklistFact? = nil) {
            self.stage = stage
            self.contour = contour
            self.title = title
            self.form = form
            self.fact = fact
        }
    }

    /// The checklist of a program with these forms, in stage order.
    public static func items(for forms: [MentoringForm]) -> [Item] {
        let chosen = Set(forms)
        var seen = Set<String>()
        return common.filter { $0.form.map(chosen.contains) ?? true }
            // Several forms may share an item (consent for minors): it is listed once.
            .filter { seen.insert("\($0.stage.rawValue)|\($0.title)").inserted }
            .enumerated().sorted { ($0.element.stage, $0.offset) < ($1.element.stage, $1.offset) }.map(\.element)
    }

    static let common: [Item] = [
        // Seed 001, stage 1
        .init(.preparation, .internal, "Обеспечить нормативно-правовое оформление программы наставничества"),
        .init(.preparation, .internal, "Информировать коллектив и обучающихся о подготовке программы, собрать предварительные запросы обучающихся, педагогов, молодых специалистов"),
        .init(.preparation, .internal, "Сформировать команду и выбрать куратора, отвечающих за реализацию программы", fact: .curatorAndTeamAppointed),
        .init(.preparation, .internal, "Определить задачи, формы наставничества, ожидаемые результаты", fact: .formsAndResultsDefined),
        .init(.preparation, .internal, "Сформировать дорожную карту внедрения целевой модели наставничества, определить необходимые для реализации ресурсы — внутренние и внешние", fact: .roadmapBuilt),
        .init(.preparation, .external, "Определить заинтересованные в наставничестве аудитории в зависимости от выбранной формы наставничества"),
        .init(.preparation, .external, "Информировать аудитории через целевые медиа о возможностях программы наставничества, планируемых результатах и вариантах участия"),
        // Seed 001, stage 2
        .init(.menteeBase, .internal, "Информировать родителей, педагогов, обучающихся о возможностях и целях программы"),
        .init(.menteeBase, .internal, "Организовать сбор данных о наставляемых по доступным каналам (родители, классные руководители, педагоги-психологи, профориентационные тесты), в том числе сбор запросов наставляемых к программе", fact: .menteeBaseFormed),
        .init(.menteeBase, .internal, "Включить собранные данные в базу наставляемых, а также в систему мониторинга влияния программы на наставляемых"),
        // DOMAIN.md §3, stage 2: for a minor the legal representative consents.
        .init(.menteeBase, .internal, "Получить согласия законных представителей несовершеннолетних наставляемых на обработку персональных данных", form: .studentStudent),
        .init(.menteeBase, .internal, "Получить согласия законных представителей несовершеннолетних наставляемых на обработку персональных данных", form: .collegeStudentPupil),
        .init(.menteeBase, .internal, "Получить согласия законных представителей несовершеннолетних наставляемых на обработку персональных данных", form: .employerPupil),
        // Seed 001, stage 3
        .init(.mentorBase, .internal, "Информировать коллектив, обучающихся и их родителей, педагогов и молодых специалистов о запуске"),
        .init(.mentorBase, .internal, "Собрать данные о потенциальных наставниках из числа педагогов и обучающихся", fact: .mentorBaseFormed),
        .init(.mentorBase, .external, "Взаимодействовать с целевыми аудиториями на профильных мероприятиях с целью найти потенциальных наставников"),
        .init(.mentorBase, .external, "Мотивировать наставников"),
        // Seed 000: where mentors of each form come from.
        .init(.mentorBase, .internal, "Провести мотивационную встречу с наиболее активными учениками; отобрать наиболее мотивированных", form: .studentStudent),
        .init(.mentorBase, .internal, "Выбрать наставников из числа самых опытных и активных педагогов; назначение добровольное, обсуждение — на открытом педагогическом совете", form: .teacherTeacher),
        .init(.mentorBase, .internal, "Провести мотивационную встречу с активными студентами с лучшими образовательными результатами", form: .collegeStudentPupil),
        .init(.mentorBase, .external, "Встретиться с сотрудниками предприятия, выразившими желание участвовать, рассказать о наставничестве и выгоде для организации", form: .employerPupil),
        .init(.mentorBase, .external, "Встретиться с сотрудниками предприятия, выразившими желание участвовать, рассказать о наставничестве и выгоде для организации", form: .employerStudent),
        // Seed 001, stage 4
        .init(.mentorSelection, .internal, "Разработать критерии отбора наставников под собранные запросы"),
        .init(.mentorSelection, .internal, "Организовать отбор и обучение наставников", fact: .mentorsTrained),
        .init(.mentorSelection, .external, "Привлечь психологов, сотрудников педагогических вузов, менторов к отбору и обучению наставников"),
        .init(.mentorSelection, .external, "Найти ресурсы для организации обучения (через некоммерческие организации, предприятия, гранты, конкурсы)"),
        // Seed 000: training by form.
        .init(.mentorSelection, .internal, "Провести тестирование учеников-наставников на коммуникативные навыки и эмпатию (чтобы найти, чему учить, а не чтобы отсеять)", form: .studentStudent, fact: .studentMentorsTested),
        .init(.mentorSelection, .internal, "Обучить учеников-наставников: около 3–4 встреч с куратором, ролевые ситуации с рефлексией", form: .studentStudent, fact: .mentorsTrained),
        .init(.mentorSelection, .internal, "При необходимости 1–2 встречи куратора с педагогом-наставником: стратегия, регламент и тематический план встреч", form: .teacherTeacher, fact: .mentorsTrained),
        .init(.mentorSelection, .internal, "Обучить студентов-наставников: около 7–8 встреч с куратором, ролевые ситуации с рефлексией", form: .collegeStudentPupil, fact: .mentorsTrained),
        .init(.mentorSelection, .external, "Обучить наставников от работодателя: около 5–6 встреч или образовательный интенсив с куратором или приглашёнными экспертами", form: .employerPupil, fact: .mentorsTrained),
        .init(.mentorSelection, .external, "Обучить наставников от работодателя: около 5–6 встреч или образовательный интенсив с куратором или приглашёнными экспертами", form: .employerStudent, fact: .mentorsTrained),
        // Seed 001, stage 5
        .init(.pairing, .internal, "Разработать инструменты и организовать встречи для формирования пар или групп", fact: .pairsFormed),
        .init(.pairing, .internal, "Обеспечить психологическое сопровождение наставляемым, не сформировавшим пару или группу, продолжить поиск наставника"),
        .init(.pairing, .external, "Привлечь психологов, волонтёров, сотрудников педагогических вузов к формированию пар или групп"),
        .init(.pairing, .internal, "Закрепить пару после личной встречи и обсуждения обоюдных запросов и возможностей", form: .teacherTeacher),
        .init(.pairing, .external, "Провести день открытых дверей на предприятии и собрать обратную связь от учеников", form: .employerPupil),
        // Seed 001, stage 6
        .init(.pairWork, .internal, "Выбрать форматы взаимодействия для каждой пары или группы"),
        .init(.pairWork, .internal, "Проанализировать сильные и слабые стороны участников для постановки цели и задач на конкретные периоды"),
        .init(.pairWork, .internal, "При необходимости предоставить наставникам методические рекомендации и/или материалы по взаимодействию с наставляемым(и)"),
        .init(.pairWork, .internal, "Организовать сбор обратной связи от наставников, наставляемых и кураторов для мониторинга эффективности реализации программы"),
        .init(.pairWork, .internal, "Собрать данные от наставляемых для мониторинга влияния программы на их показатели"),
        .init(.pairWork, .internal, "Разработать систему поощрений наставников"),
        .init(.pairWork, .external, "Промежуточные результаты программы транслировать партнёрам программы и медиа для актуализации и потенциального вовлечения в будущий цикл программы"),
        // Seed 001, stage 7
        .init(.completion, .internal, "Организовать сбор обратной связи наставляемых, провести рефлексию, подвести итоги мониторинга влияния программы на наставляемых"),
        .init(.completion, .internal, "Организовать сбор обратной связи от наставников, наставляемых и кураторов для мониторинга эффективности реализации программы"),
        .init(.completion, .internal, "Реализовать систему поощрений наставников"),
        .init(.completion, .internal, "Организовать праздничное событие для представления результатов наставничества, чествования лучших наставников и популяризации лучших кейсов"),
        .init(.completion, .internal, "Сформировать долгосрочную базу наставников, в том числе включая завершивших программу наставляемых, желающих попробовать себя в новой роли"),
        .init(.completion, .external, "Привлечь сотрудников педагогических институтов, психологов к оценке результатов наставничества"),
        .init(.completion, .external, "Пригласить представителей бизнес-сообщества, образовательных организаций, НКО, исполнительно-распорядительных органов муниципального образования, выпускников на итоговое мероприятие"),
        .init(.completion, .external, "Популяризировать лучшие практики и примеры наставничества через медиа, участников, партнёров"),
        .init(.completion, .internal, "Провести серию открытых уроков молодого специалиста для проверки закрепления навыков и успешной адаптации", form: .teacherTeacher),
    ]
}
