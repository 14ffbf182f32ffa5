import Foundation

/// The documents of the preparation stage, drafted from program data for the organization to
/// finish: the order appointing the curator and the regulation of the program. Blanks that only
/// the organization can fill are left as lines and «[в квадратных скобках]».
enum PreparationDocuments {
    enum Kind: String, CaseIterable {
        case curatorOrder = "curator-order"
        case regulation
        case program
        case trainingOrder = "training-order"
        case partnerLetters = "partner-letters"

        var fileTitle: String {
            switch self {
            case .curatorOrder: "Приказ о назначении куратора"
            case .regulation: "Положение о программе наставничества"
            case .program: "Программа наставничества"
            case .trainingOrder: "Приказ об обучении наставников"
            case .partnerLetters: "Благодарственные письма партнёрам"
            }
        }
    }

    /// What the documents are filled from, read once by the route.
    struct Inputs {
        var team: [ProgramTeamMember]
        var roadmap: [RoadmapItem] = []
        var sessions: [TrainingSession] = []
        var trainees: [Mentor] = []
        var today: CalendarDay
    }

    static func document(_ kind: Kind, program: Program, organization: Organization, inputs: Inputs) -> DOCXDocument {
        switch kind {
        case .curatorOrder: curatorOrder(program: program, organization: organization, team: inputs.team)
        case .regulation: regulation(program: program, organization: organization)
        case .program: ProgramDocuments.program(program, organization: organization, team: inputs.team, roadmap: inputs.roadmap, today: inputs.today)
        case .trainingOrder: ProgramDocuments.trainingOrder(program, organization: organization, team: inputs.team,
                                                            sessions: inputs.sessions, trainees: inputs.trainees)
        case .partnerLetters: ProgramDocuments.partnerLetters(program, organization: organization, today: inputs.today)
        }
    }

    static func curatorOrder(program: Program, organization: Organization, team: [ProgramTeamMember]) -> DOCXDocument {
        let curators = team.filter(\.isCurator), members = team.filter { !$0.isCurator }
        func line(_ member: ProgramTeamMember) -> String {
            member.responsibility.isEmpty ? member.fullName : "\(member.fullName) — \(member.responsibility)"
        }
        var blocks: [DOCXDocument.Block] = [
            .text(organization.name, alignment: .center),
            .heading("ПРИКАЗ", level: 1),
            .text("«___» ____________ 20___ г.                                                  № _____", alignment: .left),
            .paragraph([.init("О назначении куратора программы наставничества \(program.name.quoted())", bold: true)], alignment: .center),
            .text("В соответствии с Федеральным законом от 29 декабря 2012 г. № 273-ФЗ «Об образовании в Российской Федерации», распоряжением Министерства просвещения Российской Федерации от 25 декабря 2019 г. № Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся…», в целях реализации программы наставничества \(program.name.quoted()) (формы наставничества: \(program.forms.map { $0.russianName(in: organization.kind) }.joined(separator: ", "))) в период \(program.periodText)", alignment: .justify),
            .paragraph([.init("ПРИКАЗЫВАЮ:", bold: true)], alignment: .left),
            .text("1. Назначить куратором (кураторами) программы наставничества \(program.name.quoted()) на период с \(program.start.russian) по \(program.end.russian):", alignment: .justify),
        ]
        blocks += curators.isEmpty ? [.text("    ______________________________________ (ФИО, должность)")] : curators.map { .text("    " + line($0)) }
        blocks.append(.text("2. Утвердить состав рабочей группы по реализации программы наставничества:", alignment: .justify))
        blocks += members.isEmpty ? [.text("    ______________________________________ (ФИО, должность, зона ответственности)")] : members.map { .text("    " + line($0)) }
        blocks += [
            .text("3. Куратору программы разработать и представить на утверждение дорожную карту реализации программы наставничества, организовать формирование базы наставляемых и базы наставников.", alignment: .justify),
            .text("4. Контроль исполнения настоящего приказа оставляю за собой.", alignment: .justify),
            .text(" "),
            .text("Руководитель ______________________ / ______________________ /"),
            .text("С приказом ознакомлены: ______________________"),
        ]
        return DOCXDocument(blocks: blocks)
    }

    static func regulation(program: Program, organization: Organization) -> DOCXDocument {
        let forms = program.forms.map { $0.russianName(in: organization.kind) }.joined(separator: ", ")
        var blocks: [DOCXDocument.Block] = [
            .text("УТВЕРЖДЕНО\nприказом руководителя\nот «___» ____________ 20___ г. № _____", alignment: .right),
            .heading("ПОЛОЖЕНИЕ", level: 1),
            .text("о программе наставничества \(program.name.quoted())\nв \(organization.name)", alignment: .center),
            .heading("1. Общие положения", level: 2),
            .text("1.1. Настоящее Положение определяет цели, задачи, формы и порядок реализации программы наставничества \(program.name.quoted()) (далее — Программа) в \(organization.name) (далее — организация).", alignment: .justify),
            .text("1.2. Положение разработано в соответствии с Федеральным законом от 29 декабря 2012 г. № 273-ФЗ «Об образовании в Российской Федерации», распоряжением Министерства просвещения Российской Федерации от 25 декабря 2019 г. № Р-145, письмом Минпросвещения России от 23 января 2020 г. № МР-42/02 «О направлении целевой модели наставничества и методических рекомендаций».", alignment: .justify),
            .text("1.3. Срок реализации Программы: \(program.periodText).", alignment: .justify),
            .heading("2. Цели и задачи Программы", level: 2),
            .text(program.goals.isEmpty ? "[Цели и задачи программы заполняет организация.]" : program.goals, alignment: .justify),
            .heading("3. Формы наставничества", level: 2),
            .text("3.1. В организации реализуются формы наставничества: \(forms).", alignment: .justify),
        ]
        if !program.roleModels.isEmpty {
            blocks.append(.text("3.2. Ролевые модели формы «\(MentoringForm.teacherTeacher.russianName(in: organization.kind))»: \(program.roleModels.map(\.russianName).joined(separator: "; ")).", alignment: .justify))
        }
        blocks += [
            .heading("4. Ожидаемые результаты", level: 2),
            .text(program.expectedResults.isEmpty ? "[Ожидаемые результаты программы заполняет организация.]" : program.expectedResults, alignment: .justify),
            .heading("5. Порядок реализации Программы", level: 2),
            .text("5.1. Программа реализуется по двум контурам: работа внутри организации (внутренний контур) и работа с внешней средой (внешний контур).", alignment: .justify),
            .text("5.2. Реализация Программы включает семь этапов:", alignment: .justify),
        ]
        blocks += ProgramStage.allCases.map { .text("    \($0.rawValue). \($0.russianName).") }
        blocks += [
            .heading("6. Участники Программы, их права и обязанности", level: 2),
        ]
        blocks += RegulationDuties.sections.enumerated().flatMap { index, section -> [DOCXDocument.Block] in
            [.paragraph([.init("6.\(index + 1). \(section.role)", bold: true)], alignment: .left),
             .text("Обязанности:", alignment: .left)]
                + section.duties.map { .text("    — \($0);", alignment: .justify) }
                + [.text("Права:", alignment: .left)]
                + section.rights.map { .text("    — \($0);", alignment: .justify) }
        }
        if !program.partnerList.isEmpty {
            blocks.append(.text("6.\(RegulationDuties.sections.count + 1). Партнёры Программы (внешний контур): \(program.partnerList.joined(separator: "; ")).", alignment: .justify))
        }
        blocks += [
            .heading("7. Мониторинг и оценка результатов", level: 2),
            .text("7.1. Мониторинг проводится в два этапа: оценка качества реализации Программы (анкетирование участников и кураторов, SWOT-анализ) и оценка влияния Программы на всех участников (измерение показателей на входе в Программу и по её итогам).", alignment: .justify),
            .heading("8. Заключительные положения", level: 2),
            .text("8.1. Положение вступает в силу с момента утверждения и действует до его отмены или замены новым. [Дополнения организации.]", alignment: .justify),
        ]
        return DOCXDocument(blocks: blocks)
    }
}
