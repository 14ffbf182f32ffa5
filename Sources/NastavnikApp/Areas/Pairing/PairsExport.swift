import Foundation

/// The program's pairs and groups as a spreadsheet, one row per mentee's place: what curators
/// hand to the administration and keep for reports.
enum PairsExport {
    static func workbook(_ pairings: [Pairing], group: GroupLabels) -> XLSXWorkbook {
        let columns: [XLSXWorkbook.Column] = [
            .init(title: "Наставник", width: 30), .init(title: "Должность, место работы", width: 30),
            .init(title: "Наставляемый", width: 30), .init(title: group.title, width: 14),
            .init(title: "Форма наставничества", width: 22), .init(title: "Способ формирования", width: 28),
            .init(title: "Состояние пары", width: 20), .init(title: "Совместимость", width: 14),
            .init(title: "Ответ наставляемого", width: 24), .init(title: "Ответ наставника", width: 24),
            .init(title: "Приказ", width: 22),
        ]
        var rows: [[XLSXWorkbook.Cell]] = []
        for pairing in pairings.sorted(by: { $0.mentor.fullName < $1.mentor.fullName }) {
            let mentorPlace = [pairing.mentor.position, pairing.mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
            let order = pairing.orderNumber.map { "№ \($0)" + (pairing.orderOn.flatMap(CalendarDay.init(iso:)).map { " от \($0.russian)" } ?? "") } ?? ""
            for member in pairing.members.sorted(by: { $0.position < $1.position }) {
                rows.append([
                    .text(pairing.mentor.fullName), .text(mentorPlace), .text(member.mentee.fullName), .text(member.mentee.className ?? ""),
                    .text(pairing.form.russianName), .text(pairing.scheme.russianName),
                    // The page's words: a declined place is «Отклонена», any other the pair's own state
                    // («Завершена» for a finished pair, not «Сформирована»); the order fixed only those who agreed.
                    .text(member.isDeclined ? "Отклонена" : pairing.status.russianName),
                    member.score.map { .number(Double($0)) } ?? .text(""),
                    .text(member.menteeAnswer.russianName), .text(member.mentorAnswer.russianName), .text(member.isAgreed ? order : ""),
                ])
            }
        }
        return XLSXWorkbook(sheets: [.init(name: "Пары и группы", columns: columns, rows: rows)])
    }
}
