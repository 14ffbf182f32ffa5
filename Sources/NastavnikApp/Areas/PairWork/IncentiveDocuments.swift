import Foundation

/// The documents of incentives (seed 003, «Система стимулирования»): the order «О поощрении» of
/// a program's mentors and a certificate (грамота, благодарственное письмо, благодарность) for one
/// mentor, both with the organization's name.
enum IncentiveDocuments {
    struct Row: Sendable {
        let mentor: String
        let position: String
        let kind: IncentiveKind
        let reason: String
    }

    static func order(program: Program, organization: Organization, rows: [Row], number: String?, date: CalendarDay?) -> DOCXDocument {
        let dateText = date.map(PairingOrder.documentDate) ?? "«___» ____________ 20___ г."
        var blocks: [DOCXDocument.Block] = [
            .text(organization.name, alignment: .center),
            .heading("ПРИКАЗ", level: 1),
            .text("\(dateText)                                                  № \(number ?? "_____")", alignment: .left),
            .paragraph([.init("О поощрении наставников программы наставничества \(program.name.quoted())", bold: true)], alignment: .center),
            .text("По итогам реализации программы наставничества \(program.name.quoted()) за период с \(program.start.russian) по \(program.end.russian), на основании результатов работы наставнических пар (групп), обратной связи наставляемых и куратора программы, в целях стимулирования участников наставничества", alignment: .justify),
            .paragraph([.init("ПРИКАЗЫВАЮ:", bold: true)], alignment: .left),
        ]
        if rows.isEmpty {
            blocks.append(.text("1. Поощрения не назначены.", alignment: .justify))
        } else {
            blocks.append(.text("1. Поощрить наставников согласно списку:", alignment: .justify))
            blocks.append(.table(.init(
                header: ["№", "Наставник", "Вид поощрения", "За что"],
                rows: rows.enumerated().map { index, row in
                    [String(index + 1), row.position.isEmpty ? row.mentor : "\(row.mentor), \(row.position)", row.kind.russianName, row.reason]
                },
                columnWidths: [5, 30, 25, 40])))
        }
        let material = rows.contains { $0.kind == .materialReward || $0.kind == .scholarship }
        var point = 2
        if material {
            blocks.append(.text("\(point). Главному бухгалтеру произвести выплаты в соответствии с положением об оплате труда и стимулирующих выплатах.", alignment: .justify))
            point += 1
        }
        blocks.append(.text("\(point). Куратору программы наставничества разместить информацию о поощрённых наставниках на доске почёта наставников с их согласия.", alignment: .justify))
        blocks.append(.text("\(point + 1). Контроль исполнения настоящего приказа оставляю за собой.", alignment: .justify))
        blocks += [
            .text(" "),
            .text("Руководитель ______________________ / ______________________ /"),
            .text("С приказом ознакомлены: ______________________"),
        ]
        return DOCXDocument(blocks: blocks)
    }

    /// A one-page certificate: the organization, the title of the kind, the mentor and the reason.
    static func certificate(_ incentive: Incentive, mentor: Mentor, program: Program, organization: Organization) -> DOCXDocument {
        let title = incentive.kind.certificateTitle ?? incentive.kind.russianName.uppercased()
        let verb = incentive.kind == .diploma ? "награждается" : "выражается благодарность"
        let day = CalendarDay(iso: incentive.awardedOn)
        return DOCXDocument(blocks: [
            .text(organization.name, alignment: .center),
            .text(" "),
            .heading(title, level: 1),
            .text(" "),
            .paragraph([.init(verb, italic: true)], alignment: .center),
            // «награждается» whom: nominative; «выражается благодарность» to whom: dative.
            .paragraph([.init(mentor.fullName(incentive.kind == .diploma ? .nominative : .dative), bold: true)], alignment: .center),
            .text([mentor.position, mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "), alignment: .center),
            .text(" "),
            .text(incentive.reason, alignment: .center),
            .text("Программа наставничества \(program.name.quoted())", alignment: .center),
            .text(" "),
            .text(" "),
            .text("Руководитель ______________________ / ______________________ /"),
            .text(incentive.orderText.map { "Приказ \($0)" } ?? " "),
            .text(day.map(PairingOrder.documentDate) ?? incentive.awardedOn, alignment: .right),
        ])
    }
}

extension Incentive {
    /// «№ 112-од от 05.12.2026», once the order is recorded.
    var orderText: String? {
        orderNumber.map { "№ \($0)" + (orderOn.flatMap(CalendarDay.init(iso:)).map { " от \($0.russian)" } ?? "") }
    }
}
