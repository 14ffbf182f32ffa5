import Fluent
import Foundation

/// The approved registry of mentors (реестр наставников) of a program — its selected mentors —
/// and the order that approves it («Об утверждении реестра наставников», seed 001's stage 4
/// result), drafted in the style of the preparation stage's orders.
struct MentorRegistry: Sendable {
    struct Row: Encodable, Sendable {
        let number: Int
        let mentorID: UUID
        let fullName: String
        let contour: String
        let origin: String
        let workplace: String
        let forms: String
        let competencies: String
        let capacity: Int
        let training: String
        let isTrained: Bool
    }

    let rows: [Row]
    let requiredSessions: Int

    static func load(program: Program, on db: any Database) async throws -> MentorRegistry {
        let progress = try await TrainingService.progress(in: program, on: db)
        let required = try await TrainingService.requiredSessions(for: program, on: db)
        return MentorRegistry(rows: progress.enumerated().map { index, entry in
            let mentor = entry.mentor
            let trained = entry.meetsRule || [.trained, .active].contains(mentor.status)
            return Row(number: index + 1, mentorID: mentor.id ?? UUID(), fullName: mentor.fullName, contour: mentor.contour.russianName,
                       origin: mentor.origin.russianName,
                       workplace: [mentor.workplace, mentor.position].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                       forms: mentor.forms.map(\.russianName).joined(separator: ", "),
                       competencies: [mentor.competencies, mentor.lifeExperience].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "; "),
                       capacity: mentor.capacity,
                       training: trained ? mentor.gendered("обучен", "обучена")
                           : "обучение: \(entry.primaryAttended) из \(required) \(RussianPlural.form(required, "занятия", "занятий", "занятий"))",
                       isTrained: trained)
        }, requiredSessions: required)
    }

    static func fileName(_ program: Program) -> String { "Приказ об утверждении реестра наставников — \(program.name).docx" }

    func order(program: Program, organization: Organization) -> DOCXDocument {
        var blocks: [DOCXDocument.Block] = [
            .text(organization.name, alignment: .center),
            .heading("ПРИКАЗ", level: 1),
            .text("«___» ____________ 20___ г.                                                  № _____", alignment: .left),
            .paragraph([.init("Об утверждении реестра наставников программы наставничества \(program.name.quoted())", bold: true)], alignment: .center),
            .text("В соответствии с Федеральным законом от 29 декабря 2012 г. № 273-ФЗ «Об образовании в Российской Федерации», распоряжением Министерства просвещения Российской Федерации от 25 декабря 2019 г. № Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся…», положением о программе наставничества \(program.name.quoted()), по итогам отбора наставников (анкетирование, собеседование, для наставников-обучающихся — тестирование коммуникативных навыков и эмпатии) по критериям, сформированным на основе запросов наставляемых,", alignment: .justify),
            .paragraph([.init("ПРИКАЗЫВАЮ:", bold: true)], alignment: .left),
            .text("1. Утвердить реестр наставников программы наставничества \(program.name.quoted()) (формы наставничества: \(program.forms.map(\.russianName).joined(separator: ", "))) на период \(program.periodText) (приложение). Число наставников: \(rows.count).", alignment: .justify),
            .text("2. Куратору программы организовать обучение наставников: первичное обучение до формирования наставнических пар (групп) и обучение в процессе наставнической деятельности.", alignment: .justify),
            .text("3. Куратору программы организовать формирование наставнических пар (групп) из числа наставников, включённых в реестр.", alignment: .justify),
            .text("4. Контроль исполнения настоящего приказа оставляю за собой.", alignment: .justify),
            .text(" "),
            .text("Руководитель ______________________ / ______________________ /"),
            .text("С приказом ознакомлены: ______________________"),
            .pageBreak,
            .text("Приложение\nк приказу от «___» ____________ 20___ г. № _____", alignment: .right),
            .heading("Реестр наставников программы наставничества \(program.name.quoted())", level: 2),
        ]
        if rows.isEmpty {
            blocks.append(.text("[Наставники ещё не отобраны.]"))
        } else {
            blocks.append(.table(.init(
                header: ["№", "ФИО наставника", "Контур, категория", "Место работы (учёбы), должность", "Формы наставничества",
                         "Компетенции, жизненный опыт", "Число наставляемых", "Обучение"],
                rows: rows.map { ["\($0.number)", $0.fullName, "\($0.contour), \($0.origin.lowercased())", $0.workplace, $0.forms,
                                  $0.competencies, "\($0.capacity)", $0.training] },
                columnWidths: [4, 16, 13, 15, 12, 22, 9, 11])))
        }
        // Landscape, as the roadmap: eight columns of a registry do not fit a portrait page.
        return DOCXDocument(blocks: blocks, landscape: true)
    }
}
