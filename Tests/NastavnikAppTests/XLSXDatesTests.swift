import Foundation
@testable import NastavnikApp
import Testing

/// The XLSX reader behind the imports decides a date by the cell's number format and counts in
/// the workbook's own date system.
@Suite("XLSX при импорте: даты по формату ячейки и система 1904 года")
struct XLSXDatesTests {
    /// 15.03.2010 is day 40252 of the 1900 system and day 38790 of the 1904 one.
    static let birthDay = CalendarDay(year: 2010, month: 3, day: 15)

    /// A minimal package as Excel writes it: the styles' `cellXfs` give each `s` its number format.
    static func workbook(date1904: Bool, formats: [(id: Int, code: String)], styles: [Int], cells: [(style: Int, value: String)]) throws -> Data {
        let numFmts = formats.map { "<numFmt numFmtId=\"\($0.id)\" formatCode=\"\($0.code.xmlEscaped)\"/>" }.joined()
        let xfs = styles.map { "<xf numFmtId=\"\($0)\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>" }.joined()
        let row = cells.enumerated().map { "<c r=\"\(XLSXWorkbook.columnName($0.offset))1\" s=\"\($0.element.style)\"><v>\($0.element.value)</v></c>" }.joined()
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        return try OfficeZip.pack([
            ("[Content_Types].xml", Data("""
            <?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """.utf8)),
            ("_rels/.rels", Data("""
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """.utf8)),
            ("xl/workbook.xml", Data("""
            <?xml version="1.0" encoding="UTF-8"?><workbook xmlns="\(main)" xmlns:r="\(relationships)">\
            <workbookPr\(date1904 ? " date1904=\"1\"" : "") defaultThemeVersion="124226"/><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>
            """.utf8)),
            ("xl/_rels/workbook.xml.rels", Data("""
            <?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Id="rId1" Type="\(relationships)/worksheet" Target="worksheets/sheet1.xml"/>\
            <Relationship Id="rId2" Type="\(relationships)/styles" Target="styles.xml"/></Relationships>
            """.utf8)),
            ("xl/styles.xml", Data("""
            <?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="\(main)"><numFmts count="\(formats.count)">\(numFmts)</numFmts>\
            <fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>\
            <borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="\(styles.count)">\(xfs)</cellXfs></styleSheet>
            """.utf8)),
            ("xl/worksheets/sheet1.xml", Data("""
            <?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="\(main)"><sheetData><row r="1">\(row)</row></sheetData></worksheet>
            """.utf8)),
        ])
    }

    /// Birth date (built-in 14 and a Russian custom format), a phone with its mask, a percentage,
    /// a number with quoted words, a time, a date with time.
    static let formats: [(id: Int, code: String)] = [
        (164, "dd\\.mm\\.yyyy"), (165, "+7\\ \\(000\\)\\ 000\\-00\\-00"), (166, "#,##0\" days\""),
        (167, "[$-419]d mmmm yyyy\\ \"г.\""), (168, "[Red][<0]0.00;0.00"), (169, "dd.mm.yyyy hh:mm"),
    ]
    static let styles = [0, 14, 164, 165, 10, 166, 167, 168, 20, 169, 9]

    static func cells(birthSerial: Int) -> [(style: Int, value: String)] {
        [(0, "12"), (1, "\(birthSerial)"), (2, "\(birthSerial)"), (3, "9001112233"), (4, "0.25"), (5, "1500"),
         (6, "\(birthSerial)"), (7, "-3.5"), (8, "0.5625"), (9, "\(birthSerial).75"), (10, "0.7")]
    }

    static let expected = ["12", "15.03.2010", "15.03.2010", "9001112233", "0.25", "1500", "15.03.2010", "-3.5", "13:30", "15.03.2010 18:00", "0.7"]

    @Test("Дата рождения читается одинаково в системе 1900 и 1904 года; телефон, проценты и числа с подписью остаются числами")
    func bothDateSystems() throws {
        let in1900 = try XLSXReader.rows(of: Self.workbook(date1904: false, formats: Self.formats, styles: Self.styles, cells: Self.cells(birthSerial: 40_252)))
        #expect(in1900.first?.cells == Self.expected)
        let in1904 = try XLSXReader.rows(of: Self.workbook(date1904: true, formats: Self.formats, styles: Self.styles, cells: Self.cells(birthSerial: 38_790)))
        #expect(in1904.first?.cells == Self.expected)
        // «true» is the other way the attribute is written.
        let spelled = try Self.workbook(date1904: true, formats: [], styles: [0, 14], cells: [(1, "38790")])
        let text = try #require(String(data: OfficeZip.unpack(spelled)["xl/workbook.xml"]!, encoding: .utf8)).replacingOccurrences(of: "date1904=\"1\"", with: "date1904=\"true\"")
        var parts = try OfficeZip.unpack(spelled)
        parts["xl/workbook.xml"] = Data(text.utf8)
        let repacked = try OfficeZip.pack(parts.map { (path: $0.key, data: $0.value) })
        #expect(try XLSXReader.rows(of: repacked).first?.cells == ["15.03.2010"])
    }

    @Test("Формат ячейки: дата по кодам d/m/y/h/s вне кавычек и скобок, встроенные 14–22 и 45–47")
    func formatCodes() {
        for code in ["dd.mm.yyyy", "DD.MM.YYYY", "d mmmm yyyy", "[$-F800]dddd, mmmm dd, yyyy", "mmm-yy", "yyyy\\-mm\\-dd;@"] {
            #expect(NumberFormatKind.of(formatCode: code) == .date, "\(code)")
        }
        for code in ["0.00", "#,##0", "0%", "0.00%", "General", "@", "#,##0.00 \"₽\"", "0\" дней\"", "#,##0\" days\"", "[Red]0.00",
                     "+7\\ \\(000\\)\\ 000\\-00\\-00", "[<=9999999]###-####;(###) ###-####", "0.00E+00", "_-* #,##0_-;\\-* #,##0_-", "0_d"] {
            #expect(NumberFormatKind.of(formatCode: code) == .number, "\(code)")
        }
        #expect(NumberFormatKind.of(formatCode: "h:mm") == .time(seconds: false))
        #expect(NumberFormatKind.of(formatCode: "[h]:mm:ss") == .time(seconds: true))
        #expect(NumberFormatKind.of(formatCode: "dd.mm.yyyy h:mm") == .dateTime)
        #expect((14...22).allSatisfy { NumberFormatKind.builtIn($0) != .number } && (45...47).allSatisfy { NumberFormatKind.builtIn($0) != .number })
        #expect([0, 1, 2, 3, 4, 9, 10, 11, 12, 13, 23, 37, 44, 48, 49].allSatisfy { NumberFormatKind.builtIn($0) == .number })
    }

    @Test("Дни 1900 года до несуществующего 29 февраля и после него, система 1904 года")
    func serialArithmetic() {
        #expect(ExcelDate.moment(fromSerial: 1, date1904: false)?.day == CalendarDay(year: 1900, month: 1, day: 1))
        #expect(ExcelDate.moment(fromSerial: 59, date1904: false)?.day == CalendarDay(year: 1900, month: 2, day: 28))
        #expect(ExcelDate.moment(fromSerial: 61, date1904: false)?.day == CalendarDay(year: 1900, month: 3, day: 1))
        #expect(ExcelDate.moment(fromSerial: 45_901, date1904: false)?.day == CalendarDay(year: 2025, month: 9, day: 1))
        #expect(ExcelDate.moment(fromSerial: 0, date1904: true)?.day == CalendarDay(year: 1904, month: 1, day: 1))
        #expect(ExcelDate.moment(fromSerial: 44_439, date1904: true)?.day == CalendarDay(year: 2025, month: 9, day: 1))
        // Just under midnight rounds to the next day, not to 24:00.
        #expect(ExcelDate.moment(fromSerial: 45_900.999_999_9, date1904: false).map { "\($0.day.iso) \($0.second)" } == "2025-09-01 0")
        #expect(ExcelDate.moment(fromSerial: -1, date1904: false) == nil)
    }

    @Test("Дата, записанная платформой, читается обратно той же датой; и после пересохранения в LibreOffice")
    func ownWriterAndLibreOffice() throws {
        let workbook = XLSXWorkbook(sheets: [.init(name: "Наставляемые", columns: [.init(title: "ФИО"), .init(title: "Дата рождения"), .init(title: "Телефон")],
                                                   rows: [[.text("Орлов Илья"), .date(Self.birthDay.date), .number(79_001_112_233)]])])
        let data = try workbook.data()
        #expect(try XLSXReader.rows(of: data).map(\.cells) == [["ФИО", "Дата рождения", "Телефон"], ["Орлов Илья", "15.03.2010", "79001112233"]])

        guard LibreOffice.shouldCheck else {
            print("LibreOffice не установлен: пересохранение XLSX в LibreOffice пропущено (CI его ставит).")
            return
        }
        guard let soffice = LibreOffice.find("libreoffice") ?? LibreOffice.find("soffice") else { throw LibreOffice.Missing() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xlsx-lo-\(UUID().uuidString)")
        let converted = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: converted, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("base.xlsx")
        try data.write(to: source)
        _ = try ChildProcess.run(soffice, ["--headless", "-env:UserInstallation=file://\(folder.path)/profile",
                                           "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", converted.path, source.path])
        let resaved = try Data(contentsOf: converted.appendingPathComponent("base.xlsx"))
        // LibreOffice writes its own styles and number format ids; the date must survive them.
        #expect(resaved != data)
        #expect(try XLSXReader.rows(of: resaved).map(\.cells) == [["ФИО", "Дата рождения", "Телефон"], ["Орлов Илья", "15.03.2010", "79001112233"]])
    }
}
