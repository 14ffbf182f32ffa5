import Foundation
@testable import NastavnikApp
import Testing
import ZIPFoundation

@Suite("Файлы: XLSX, DOCX, CSV")
struct DocumentsTests {
    static let tricky = "Иванова «Мария» & <Ко> \"ООО\"\nвторая строка"

    @Test("XLSX: записанное читается обратно теми же значениями")
    func xlsxRoundTrip() throws {
        var components = DateComponents()
        (components.year, components.month, components.day) = (2025, 9, 1)
        components.timeZone = RussianDate.timeZone
        let date = try #require(Calendar(identifier: .gregorian).date(from: components))
        let workbook = XLSXWorkbook(sheets: [
            .init(name: "База наставников", columns: [.init(title: "ФИО", width: 30), .init(title: "Часов в неделю"), .init(title: "Дата")],
                  rows: [[.text(Self.tricky), .number(3), .date(date)], [.text("Петров П. П."), .number(1.5), .empty]]),
        ])
        let data = try workbook.data()
        let rows = try XLSXReader.rows(of: data)
        #expect(rows.map(\.number) == [1, 2, 3])
        #expect(rows[0].cells == ["ФИО", "Часов в неделю", "Дата"])
        #expect(rows[1].cells == [Self.tricky, "3", "01.09.2025"])
        #expect(rows[2].cells == ["Петров П. П.", "1.5", ""])
    }

    @Test("Не XLSX и zip-бомба отклоняются понятной ошибкой")
    func xlsxRejects() throws {
        #expect(throws: XLSXReader.ReadError.notSpreadsheet) { try XLSXReader.rows(of: Data("ФИО;Класс".utf8)) }
        #expect(throws: XLSXReader.ReadError.notSpreadsheet) { try XLSXReader.rows(of: Data([0x50, 0x4B, 0x03, 0x04, 0, 0])) }
        // Two megabytes of zeros packed into a few kilobytes, against a one-megabyte limit.
        let zeros = Data(count: 2 * 1024 * 1024)
        let bomb = try OfficeZip.pack([("xl/workbook.xml", zeros)])
        #expect(bomb.count < 20_000)
        #expect(throws: OfficeZip.ReadError.tooLarge) { try OfficeZip.unpack(bomb, limit: 1024 * 1024) }
    }

    @Test("DOCX: текст, таблица и спецсимволы попадают в документ")
    func docx() throws {
        let document = DOCXDocument(blocks: [
            .heading("ПРИКАЗ", level: 1),
            .text("О закреплении наставнических пар", alignment: .center),
            .paragraph([.init("Утвердить: ", bold: true), .init(Self.tricky)], alignment: .justify),
            .table(.init(header: ["№", "Мероприятие"], rows: [["1", "Встреча-знакомство"]], columnWidths: [1, 6])),
        ])
        let parts = try OfficeZip.unpack(try document.data())
        let xml = try #require(parts["word/document.xml"].flatMap { String(data: $0, encoding: .utf8) })
        #expect(xml.contains("ПРИКАЗ"))
        #expect(xml.contains("Встреча-знакомство"))
        #expect(xml.contains("&lt;Ко&gt;"))
        #expect(parts["[Content_Types].xml"] != nil && parts["word/styles.xml"] != nil)
    }

    @Test("CSV: UTF-8 с BOM и точкой с запятой, кавычки, перенос строки в поле, номера строк")
    func csvUTF8() throws {
        let text = "\u{FEFF}ФИО;Класс;Запрос\r\n\"Иванов; Пётр\";7Б;\"низкая\nуспеваемость\"\r\n\r\nСидорова Анна;8А;\"буллинг \"\"в классе\"\"\"\r\n"
        let rows = try CSVTable.rows(of: Data(text.utf8))
        #expect(rows.map(\.number) == [1, 2, 5])
        #expect(rows[1].cells == ["Иванов; Пётр", "7Б", "низкая\nуспеваемость"])
        #expect(rows[2].cells == ["Сидорова Анна", "8А", "буллинг \"в классе\""])
    }

    @Test("CSV: Windows-1251 и запятая")
    func csvWindows1251() throws {
        let text = "ФИО,Класс\nЁлкина Юлия,9В\n"
        let data = try #require(text.data(using: .windowsCP1251))
        #expect(String(data: data, encoding: .utf8) == nil)
        let rows = try CSVTable.rows(of: data)
        #expect(rows.map(\.cells) == [["ФИО", "Класс"], ["Ёлкина Юлия", "9В"]])
    }

    @Test("CSV: записанный файл читается обратно")
    func csvRoundTrip() throws {
        let data = CSVTable.write(header: ["ФИО", "Примечание"], rows: [[Self.tricky, "a;b"]])
        #expect(try CSVTable.rows(of: data).map(\.cells) == [["ФИО", "Примечание"], [Self.tricky, "a;b"]])
    }

    @Test("LibreOffice открывает XLSX и DOCX и видит текст")
    func libreOffice() throws {
        guard let soffice = ["/usr/bin/libreoffice", "/usr/bin/soffice"].first(where: FileManager.default.isExecutableFile(atPath:)),
              FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") else {
            if LibreOffice.isCI { throw LibreOffice.Missing() }
            print("LibreOffice или pdftotext не установлены: проверка открытия файлов пропущена (CI их ставит).")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try XLSXWorkbook(sheets: [.init(name: "Лист", columns: [.init(title: "Мероприятие")], rows: [[.text("Встреча-знакомство")]])])
            .data().write(to: folder.appendingPathComponent("table.xlsx"))
        try DOCXDocument(blocks: [.heading("Дорожная карта", level: 1), .text("Наставник года")])
            .data().write(to: folder.appendingPathComponent("order.docx"))
        // The order «О поощрении» with its table, as the completion page gives it.
        let program = Program()
        program.name = "Шаг вперёд"
        program.startsOn = "2026-09-01"
        program.endsOn = "2027-05-31"
        let organization = Organization()
        organization.name = "МБОУ СОШ № 7"
        try IncentiveDocuments.order(program: program, organization: organization,
                                     rows: [.init(mentor: "Смирнова Анна", position: "учитель математики", kind: .diploma, reason: "За подготовку призёра олимпиады")],
                                     number: "112-од", date: CalendarDay(year: 2026, month: 12, day: 5))
            .data().write(to: folder.appendingPathComponent("incentives.docx"))
        for (file, expected) in [("table.xlsx", "Встреча-знакомство"), ("order.docx", "Наставник года"), ("incentives.docx", "Почётная грамота")] {
            _ = try ChildProcess.run(soffice, ["--headless", "-env:UserInstallation=file://\(folder.path)/profile", "--convert-to", "pdf", "--outdir", folder.path, folder.appendingPathComponent(file).path])
            let pdf = folder.appendingPathComponent((file as NSString).deletingPathExtension + ".pdf")
            let output = String(decoding: try ChildProcess.run("/usr/bin/pdftotext", [pdf.path, "-"]).output, as: UTF8.self)
            #expect(output.contains(expected), "\(file): LibreOffice не показал текст")
        }
    }
}
