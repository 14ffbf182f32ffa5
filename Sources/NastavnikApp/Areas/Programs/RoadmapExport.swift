import Foundation

/// The roadmap as files, laid out like the seeds' tables: №, мероприятие, сроки, результат,
/// ответственные, grouped by stage.
enum RoadmapExport {
    static func fileName(_ program: Program, _ ext: String) -> String { "Дорожная карта — \(program.name).\(ext)" }

    static func workbook(program: Program, organization: Organization, items: [RoadmapItem], today: CalendarDay) -> XLSXWorkbook {
        let rows = RoadmapRow.rows(items, today: today)
        let columns: [XLSXWorkbook.Column] = [
            .init(title: "№", width: 5), .init(title: "Мероприятие", width: 60), .init(title: "Сроки", width: 24),
            .init(title: "Результат", width: 50), .init(title: "Ответственные", width: 30), .init(title: "Этап", width: 30),
            .init(title: "Контур", width: 12), .init(title: "Документ", width: 30), .init(title: "Статус", width: 16), .init(title: "Примечание", width: 30),
        ]
        return XLSXWorkbook(sheets: [.init(name: "Дорожная карта", columns: columns, rows: rows.map { row in
            [.number(Double(row.number)), .text(row.title), .text(row.deadline + (row.academicYear.map { ", \($0) уч. г." } ?? "")),
             .text(row.expectedResult), .text(row.responsible), .text("\(row.stage). \(row.stageName)"), .text(row.contour),
             .text(row.document), .text(row.statusName), .text(row.note)]
        })])
    }

    static func document(program: Program, organization: Organization, items: [RoadmapItem], today: CalendarDay) -> DOCXDocument {
        let rows = RoadmapRow.rows(items, today: today)
        var blocks: [DOCXDocument.Block] = [
            .text(organization.name, alignment: .center),
            .heading("План мероприятий («дорожная карта») по реализации программы наставничества \(program.name.quoted())", level: 1),
            .text("Срок реализации: \(program.periodText)", alignment: .center),
        ]
        for stage in ProgramStage.allCases {
            let ofStage = rows.filter { $0.stage == stage.rawValue }
            guard !ofStage.isEmpty else { continue }
            blocks.append(.paragraph([.init(stage.russianName, bold: true)], alignment: .left))
            blocks.append(.table(.init(
                header: ["№ п/п", "Мероприятие", "Сроки", "Результат", "Ответственные"],
                rows: ofStage.map { ["\($0.number).", $0.title, $0.deadline, $0.expectedResult + ($0.document.isEmpty ? "" : "\nДокумент: \($0.document)"), $0.responsible] },
                columnWidths: [1, 6, 3, 6, 4])))
        }
        if rows.isEmpty { blocks.append(.text("Мероприятия ещё не запланированы.")) }
        return DOCXDocument(blocks: blocks, landscape: true)
    }
}
