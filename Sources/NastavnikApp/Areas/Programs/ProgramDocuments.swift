import Foundation

/// The program's own documents the seeds name beside the preparation orders (issue 20, item 4):
/// the mentoring program itself, the order on training mentors and the letters of thanks to the
/// partner organizations. Filled from the program's data; only what the organization alone knows
/// (an order's number, a signature) stays a blank line.
enum ProgramDocuments {
    /// «Программа наставничества»: goals, forms, roles, stages, the roadmap and the expected results.
    static func program(_ program: Program, organization: Organization, team: [ProgramTeamMember],
                        roadmap: [RoadmapItem], today: CalendarDay) -> DOCXDocument {
        let forms = program.forms.map { $0.russianName(in: organization.kind) }
        var blocks: [DOCXDocument.Block] = [
            .text("УТВЕРЖДЕНА\nприказом руководителя\nот «___» ____________ 20___ г. № _____", alignment: .right),
            .text(organization.name, alignment: .center),
            .heading("ПРОГРАММА НАСТАВНИЧЕСТВА", level: 1),
            .paragraph([.init("\(program.name.quoted())", bold: true)], alignment: .center),
            .text("Срок реализации: \(program.periodText)", alignment: .center),
            .heading("1. Паспорт программы", level: 2),
            .table(.init(header: ["Раздел", "Содержание"], rows: [
                ["Наименование", program.name],
                ["Организация", organization.name],
                ["Основания разработки", "Федеральный закон от 29 декабря 2012 г. № 273-ФЗ «Об образовании в Российской Федерации»; распоряжение Минпросвещения России от 25 декабря 2019 г. № Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся…»"],
                ["Формы наставничества", forms.joined(separator: ", ")],
                ["Срок реализации", program.periodText],
                ["Куратор", FieldParsing.trimmedOrNil(team.filter(\.isCurator).map(\.fullName).joined(separator: ", ")) ?? "назначается приказом руководителя"],
                ["Партнёры (внешний контур)", FieldParsing.trimmedOrNil(program.partnerList.joined(separator: "; ")) ?? "не привлекаются"],
            ], columnWidths: [3, 9])),
            .heading("2. Цели и задачи", level: 2),
            .text(FieldParsing.trimmedOrNil(program.goals) ?? "Цель программы — раскрытие потенциала каждого наставляемого, развитие его личностных и профессиональных качеств через взаимодействие с наставником.", alignment: .justify),
            .heading("3. Формы наставничества и роли участников", level: 2),
        ]
        for (index, form) in program.forms.enumerated() {
            blocks.append(.text("3.\(index + 1). Форма «\(form.russianName(in: organization.kind))»: \(roles(of: form)).", alignment: .justify))
        }
        if !program.roleModels.isEmpty {
            blocks.append(.text("Ролевые модели формы «\(MentoringForm.teacherTeacher.russianName(in: organization.kind))»: \(program.roleModels.map(\.russianName).joined(separator: "; ")).", alignment: .justify))
        }
        blocks += [
            .text("Куратор организует реализацию программы: формирует базы наставников и наставляемых, отбирает и обучает наставников, формирует пары и группы, следит за ходом их работы, не вмешиваясь во взаимоотношения наставника и наставляемого, собирает обратную связь и проводит мониторинг.", alignment: .justify),
            .heading("4. Этапы реализации", level: 2),
        ]
        blocks += ProgramStage.allCases.map { .text("\($0.rawValue). \($0.russianName).", alignment: .justify) }
        blocks.append(.heading("5. План мероприятий («дорожная карта»)", level: 2))
        let rows = RoadmapRow.rows(roadmap, today: today)
        if rows.isEmpty {
            blocks.append(.text("Мероприятия планируются куратором на странице «Дорожная карта» программы."))
        } else {
            blocks.append(.table(.init(header: ["№ п/п", "Мероприятие", "Сроки", "Ответственные"],
                                       rows: rows.map { ["\($0.number).", $0.title, $0.deadline, $0.responsible] },
                                       columnWidths: [1, 7, 3, 3])))
        }
        blocks += [
            .heading("6. Ожидаемые результаты", level: 2),
            .text(FieldParsing.trimmedOrNil(program.expectedResults) ?? "Результаты программы определяются по итогам мониторинга: оценка качества реализации программы и её влияния на всех участников.", alignment: .justify),
            .heading("7. Мониторинг и оценка результатов", level: 2),
            .text("Мониторинг проводится в два этапа: оценка качества реализации программы (анкетирование участников и кураторов, SWOT-анализ) и оценка мотивационно-личностного и профессионального роста участников (измерения на входе в программу и по её итогам).", alignment: .justify),
        ]
        return DOCXDocument(blocks: blocks)
    }

    /// Who is who in a form, in the seeds' words.
    static func roles(of form: MentoringForm) -> String {
        switch form {
        case .studentStudent: "наставник — успевающий, активный ученик; наставляемый — ученик, которому нужна помощь в учёбе, адаптации или выборе пути"
        case .teacherTeacher: "наставник — опытный педагог; наставляемый — молодой специалист или педагог, осваивающий новое"
        case .collegeStudentPupil: "наставник — студент профессиональной образовательной организации или вуза; наставляемый — ученик школы"
        case .employerPupil: "наставник — сотрудник предприятия-партнёра; наставляемый — ученик школы"
        case .employerStudent: "наставник — сотрудник предприятия-партнёра; наставляемый — студент колледжа"
        }
    }

    /// «О проведении обучения наставников»: the sessions of the plan and the selected mentors,
    /// named in the accusative as an order directs people («направить Иванову Марию Петровну»).
    static func trainingOrder(_ program: Program, organization: Organization, team: [ProgramTeamMember],
                              sessions: [TrainingSession], trainees: [Mentor]) -> DOCXDocument {
        let days = sessions.compactMap { CalendarDay(iso: $0.heldOn) }.sorted()
        let period = days.first.map { first in
            first == days.last ? "\(first.russian)" : "с \(first.russian) по \(days.last!.russian)"
        } ?? "в сроки, установленные дорожной картой"
        let curator = team.first(where: \.isCurator)?.fullName
        var blocks: [DOCXDocument.Block] = [
            .text(organization.name, alignment: .center),
            .heading("ПРИКАЗ", level: 1),
            .text("«___» ____________ 20___ г.                                                  № _____", alignment: .left),
            .paragraph([.init("О проведении обучения наставников программы наставничества \(program.name.quoted())", bold: true)], alignment: .center),
            .text("В целях реализации программы наставничества \(program.name.quoted()) и в соответствии с её дорожной картой (этап «\(ProgramStage.mentorSelection.russianName)»)", alignment: .justify),
            .paragraph([.init("ПРИКАЗЫВАЮ:", bold: true)], alignment: .left),
            .text("1. Провести обучение наставников \(period) по плану:", alignment: .justify),
        ]
        if sessions.isEmpty {
            blocks.append(.text("    [План занятий составляет куратор на странице «Обучение наставников».]"))
        } else {
            blocks.append(.table(.init(header: ["№", "Дата", "Тема", "Вид и формат", "Проводит"], rows: sessions.enumerated().map { index, session in
                ["\(index + 1).", CalendarDay(iso: session.heldOn)?.russian ?? session.heldOn, session.topic,
                 "\(session.kind.russianName), \(session.format.russianName.lowercased())", session.trainerName]
            }, columnWidths: [1, 2, 6, 4, 3])))
        }
        blocks.append(.text("2. Направить на обучение наставников:", alignment: .justify))
        if trainees.isEmpty {
            blocks.append(.text("    [Наставники, прошедшие отбор, появятся здесь после решения куратора на странице «Отбор наставников».]"))
        }
        for (index, mentor) in trainees.enumerated() {
            let detail = [mentor.position, mentor.workplace].compactMap { FieldParsing.trimmedOrNil($0) }.joined(separator: ", ")
            blocks.append(.text("    \(index + 1). \(mentor.fullName(.accusative))" + (detail.isEmpty ? "" : " (\(detail))")))
        }
        blocks += [
            .text("3. Ответственным за организацию обучения назначить куратора программы\(curator.map { " — \(NameDeclension.fullName(text: $0, .accusative))" } ?? "").", alignment: .justify),
            .text("4. Куратору отметить посещение занятий на платформе; наставники, прошедшие первичное обучение, включаются в реестр наставников.", alignment: .justify),
            .text("5. Контроль исполнения настоящего приказа оставляю за собой.", alignment: .justify),
            .text(" "),
            .text("Руководитель ______________________ / ______________________ /"),
            .text("С приказом ознакомлены: ______________________"),
        ]
        return DOCXDocument(blocks: blocks)
    }

    /// One letter of thanks per partner organization, each on its own page.
    static func partnerLetters(_ program: Program, organization: Organization, today: CalendarDay) -> DOCXDocument {
        var blocks: [DOCXDocument.Block] = []
        let partners = program.partnerList
        for (index, partner) in partners.enumerated() {
            if index > 0 { blocks.append(.pageBreak) }
            blocks += [
                .text(organization.name, alignment: .center),
                .text("\(today.russian) № _____", alignment: .left),
                .text("Руководителю\n\(partner)", alignment: .right),
                .heading("БЛАГОДАРСТВЕННОЕ ПИСЬМО", level: 1),
                .text("Уважаемые коллеги!", alignment: .center),
                .text("Администрация \(organization.name) выражает искреннюю благодарность коллективу организации «\(partner.trimmingCharacters(in: CharacterSet(charactersIn: "«»\" ")))» за участие в программе наставничества \(program.name.quoted()) (\(program.periodText)): за наставников, время и опыт, которыми ваши сотрудники поделились с нашими обучающимися, и за открытость к совместной работе.", alignment: .justify),
                .text("Надеемся на продолжение сотрудничества.", alignment: .justify),
                .text(" "),
                .text("Руководитель ______________________ / ______________________ /"),
            ]
        }
        if partners.isEmpty {
            blocks.append(.text("У программы \(program.name.quoted()) не указаны партнёры: впишите их в карточке программы (поле «Партнёры»), и письма будут составлены на каждого."))
        }
        return DOCXDocument(blocks: blocks)
    }
}
