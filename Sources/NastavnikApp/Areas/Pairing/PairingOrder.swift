import Foundation

/// The order «О закреплении наставнических пар (групп)» (seed 001, stage 5): the formed pairs and
/// groups of a program, each with its form and the scheme that formed it. Blanks only the
/// organization can fill stay as lines.
enum PairingOrder {
    struct Row: Sendable {
        let mentor: String
        let mentorPosition: String
        let mentees: [String]
        let form: MentoringForm
        let scheme: PairingScheme
    }

    static func document(program: Program, organization: Organization, rows: [Row], number: String?, date: CalendarDay?) -> DOCXDocument {
        let dateText = date.map(documentDate) ?? "«___» ____________ 20___ г."
        var blocks: [DOCXDocument.Block] = [
            .text(organization.name, alignment: .center),
            .heading("ПРИКАЗ", level: 1),
            .text("\(dateText)                                                  № \(number ?? "_____")", alignment: .left),
            .paragraph([.init("О закреплении наставнических пар (групп) в рамках программы наставничества \(program.name.quoted())", bold: true)], alignment: .center),
            .text("В соответствии с распоряжением Министерства просвещения Российской Федерации от 25 декабря 2019 г. № Р-145 «Об утверждении методологии (целевой модели) наставничества обучающихся…», положением о программе наставничества \(program.name.quoted()), на основании согласия наставников и наставляемых (законных представителей несовершеннолетних наставляемых)", alignment: .justify),
            .paragraph([.init("ПРИКАЗЫВАЮ:", bold: true)], alignment: .left),
            // Pairs are fixed from the order's own date, never from a program start they did not exist at.
            .text("1. Закрепить наставнические пары (группы) на период с \(max(program.start, date ?? .today()).russian) по \(program.end.russian) согласно приложению к настоящему приказу (\(pairCount(rows))).", alignment: .justify),
            .text("2. Наставникам организовать взаимодействие с наставляемыми: встречу-знакомство, пробную рабочую встречу, встречу-планирование и регулярные рабочие встречи не реже одного раза в две недели.", alignment: .justify),
            .text("3. Куратору программы наставничества осуществлять контроль регулярности встреч, собирать обратную связь участников и вести мониторинг программы.", alignment: .justify),
            .text("4. Контроль исполнения настоящего приказа оставляю за собой.", alignment: .justify),
            .text(" "),
            .text("Руководитель ______________________ / ______________________ /"),
            .text("С приказом ознакомлены: ______________________"),
            .pageBreak,
            .text("Приложение\nк приказу от \(dateText) № \(number ?? "_____")", alignment: .right),
            .heading("Наставнические пары (группы) программы \(program.name.quoted())", level: 2),
        ]
        if rows.isEmpty {
            blocks.append(.text("Сформированных пар пока нет: обе стороны ещё не дали согласия ни по одной паре."))
        } else {
            blocks.append(.table(.init(
                header: ["№", "Наставник", "Наставляемый (наставляемые)", "Форма наставничества", "Способ формирования"],
                rows: rows.enumerated().map { index, row in
                    [String(index + 1), row.mentorPosition.isEmpty ? row.mentor : "\(row.mentor), \(row.mentorPosition)",
                     row.mentees.joined(separator: "\n"), row.form.russianName(in: organization.kind), row.scheme.russianName]
                },
                columnWidths: [5, 27, 30, 18, 20])))
        }
        return DOCXDocument(blocks: blocks)
    }

    static func pairCount(_ rows: [Row]) -> String {
        let pairs = rows.filter { $0.mentees.count == 1 }.count, groups = rows.count - pairs
        return "пар: \(pairs), групп: \(groups)"
    }

    /// «05» декабря 2026 г., as orders and certificates write a date.
    static func documentDate(_ day: CalendarDay) -> String {
        "«\(String(format: "%02d", day.day))» \(monthGenitive(day.month)) \(day.year) г."
    }

    static func monthGenitive(_ month: Int) -> String {
        ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"][max(0, min(11, month - 1))]
    }
}
