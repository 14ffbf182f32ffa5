import Foundation

/// A spreadsheet written as Office Open XML (XLSX): sheets with a bold, frozen, filterable header
/// row and typed cells. Opens in Excel, LibreOffice and МойОфис.
public struct XLSXWorkbook: Sendable {
    public struct Column: Sendable {
        public var title: String
        /// Width in characters.
        public var width: Double

        public init(title: String, width: Double = 20) {
            self.title = title
            self.width = width
        }
    }

    public enum Cell: Sendable, Equatable {
        case text(String)
        case number(Double)
        case date(Date)
        case empty
    }

    public struct Sheet: Sendable {
        public var name: String
        public var columns: [Column]
        public var rows: [[Cell]]

        public init(name: String, columns: [Column], rows: [[Cell]]) {
            self.name = name
            self.columns = columns
            self.rows = rows
        }
    }

    public var sheets: [Sheet]

    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// The .xlsx file's bytes.
    public func data() throws -> Data {
        var parts: [(path: String, data: Data)] = [
            ("[Content_Types].xml", Data(contentTypes.utf8)),
            ("_rels/.rels", Data(Self.rootRelationships.utf8)),
            ("xl/workbook.xml", Data(workbookXML.utf8)),
            ("xl/_rels/workbook.xml.rels", Data(workbookRelationships.utf8)),
            ("xl/styles.xml", Data(Self.styles.utf8)),
        ]
        for (index, sheet) in sheets.enumerated() {
            parts.append(("xl/worksheets/sheet\(index + 1).xml", Data(Self.sheetXML(sheet).utf8)))
        }
        return try OfficeZip.pack(parts)
    }

    // MARK: - Parts

    private var contentTypes: String {
        let overrides = sheets.indices.map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }.joined()
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
        <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
        \(overrides)</Types>
        """
    }

    private static let rootRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
    </Relationships>
    """

    private var workbookXML: String {
        var used = Set<String>()
        let entries = sheets.enumerated().map { index, sheet in
            let name = Self.uniqueSheetName(sheet.name, index: index, used: &used)
            return "<sheet name=\"\(name.xmlEscaped)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <sheets>\(entries)</sheets></workbook>
        """
    }

    private var workbookRelationships: String {
        let sheetRels = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }.joined()
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(sheetRels)\
        <Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
        </Relationships>
        """
    }

    /// Style 0: plain; 1: bold header with wrapping; 2: date dd.mm.yyyy; 3: wrapped text.
    private static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
    <numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\.mm\\.yyyy"/></numFmts>\
    <fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>\
    <fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>\
    <fill><patternFill patternType="solid"><fgColor rgb="FFDCE6F1"/><bgColor indexed="64"/></patternFill></fill></fills>\
    <borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>\
    <border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>\
    <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
    <cellXfs count="4">\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1"><alignment vertical="top"/></xf>\
    <xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment wrapText="1" vertical="center"/></xf>\
    <xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"><alignment vertical="top"/></xf>\
    <xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>\
    </cellXfs></styleSheet>
    """

    static func sheetXML(_ sheet: Sheet) -> String {
        var xml = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
        <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
        """
        if !sheet.columns.isEmpty {
            xml += "<cols>" + sheet.columns.enumerated().map {
                "<col min=\"\($0.offset + 1)\" max=\"\($0.offset + 1)\" width=\"\($0.element.width)\" customWidth=\"1\"/>"
            }.joined() + "</cols>"
        }
        xml += "<sheetData>"
        xml += "<row r=\"1\">" + sheet.columns.enumerated().map {
            "<c r=\"\(columnName($0.offset))1\" t=\"inlineStr\" s=\"1\"><is><t>\($0.element.title.xmlEscaped)</t></is></c>"
        }.joined() + "</row>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            let r = rowIndex + 2
            xml += "<row r=\"\(r)\">"
            for (columnIndex, cell) in row.enumerated() {
                let ref = "\(columnName(columnIndex))\(r)"
                switch cell {
                case .text(let text):
                    let style = text.contains("\n") || text.count > 40 ? 3 : 0
                    xml += "<c r=\"\(ref)\" t=\"inlineStr\" s=\"\(style)\"><is><t xml:space=\"preserve\">\(text.xmlEscaped)</t></is></c>"
                case .number(let value):
                    xml += "<c r=\"\(ref)\" s=\"0\"><v>\(value.isFinite ? Self.format(value) : "0")</v></c>"
                case .date(let date):
                    xml += "<c r=\"\(ref)\" s=\"2\"><v>\(Self.format(ExcelDate.serial(date)))</v></c>"
                case .empty:
                    xml += "<c r=\"\(ref)\" s=\"0\"/>"
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if !sheet.columns.isEmpty {
            xml += "<autoFilter ref=\"A1:\(columnName(sheet.columns.count - 1))\(max(1, sheet.rows.count + 1))\"/>"
        }
        xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"
        return xml
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A, B, …, Z, AA, AB, …
    static func columnName(_ index: Int) -> String {
        var index = index + 1
        var name = ""
        while index > 0 {
            let remainder = (index - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            index = (index - 1) / 26
        }
        return name
    }

    /// Excel limits sheet names to 31 characters without []:*?/\ and unique in the workbook.
    private static func uniqueSheetName(_ raw: String, index: Int, used: inout Set<String>) -> String {
        var name = String(raw.filter { !"[]:*?/\\".contains($0) }.prefix(31))
        if name.isEmpty { name = "Лист\(index + 1)" }
        var candidate = name
        var n = 2
        while used.contains(candidate.lowercased()) { candidate = String(name.prefix(27)) + " (\(n))"; n += 1 }
        used.insert(candidate.lowercased())
        return candidate
    }
}
