import Foundation

/// A Word document written as Office Open XML (DOCX), formatted as Russian organizational
/// documents are: A4, Times New Roman 14 (12 in tables), margins 3 cm left, 1.5 cm right.
public struct DOCXDocument: Sendable {
    public struct Run: Sendable {
        public var text: String
        public var bold: Bool
        public var italic: Bool

        public init(_ text: String, bold: Bool = false, italic: Bool = false) {
            self.text = text
            self.bold = bold
            self.italic = italic
        }
    }

    public enum Alignment: String, Sendable {
        case left, center, right, justify = "both"
    }

    public struct Table: Sendable {
        public var header: [String]
        public var rows: [[String]]
        /// Relative widths of the columns.
        public var columnWidths: [Int]

        public init(header: [String], rows: [[String]], columnWidths: [Int]) {
            self.header = header
            self.rows = rows
            self.columnWidths = columnWidths
        }
    }

    public enum Block: Sendable {
        case heading(String, level: Int)
        case paragraph([Run], alignment: Alignment)
        case table(Table)
        case pageBreak

        public static func text(_ text: String, alignment: Alignment = .left) -> Block {
            .paragraph([Run(text)], alignment: alignment)
        }
    }

    public var blocks: [Block]
    public var landscape: Bool

    public init(blocks: [Block], landscape: Bool = false) {
        self.blocks = blocks
        self.landscape = landscape
    }

    /// The .docx file's bytes.
    public func data() throws -> Data {
        try OfficeZip.pack([
            ("[Content_Types].xml", Data(Self.contentTypes.utf8)),
            ("_rels/.rels", Data(Self.rootRelationships.utf8)),
            ("word/document.xml", Data(documentXML.utf8)),
            ("word/_rels/document.xml.rels", Data(Self.documentRelationships.utf8)),
            ("word/styles.xml", Data(Self.styles.utf8)),
        ])
    }

    /// Usable width in twentieths of a point (twips) for the page orientation.
    private var textWidth: Int { landscape ? 16838 - 1701 - 850 : 11906 - 1701 - 850 }

    var documentXML: String {
        var body = ""
        for block in blocks {
            switch block {
            case .heading(let text, let level):
                body += "<w:p><w:pPr><w:pStyle w:val=\"Heading\(min(max(level, 1), 3))\"/><w:jc w:val=\"center\"/></w:pPr>\(Self.run(Run(text, bold: true)))</w:p>"
            case .paragraph(let runs, let alignment):
                body += "<w:p><w:pPr><w:jc w:val=\"\(alignment.rawValue)\"/></w:pPr>\(runs.map { Self.run($0) }.joined())</w:p>"
            case .table(let table):
                body += tableXML(table)
                body += "<w:p/>"
            case .pageBreak:
                body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"
            }
        }
        let size = landscape
            ? "<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"
            : "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
        <w:body>\(body)<w:sectPr>\(size)<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>
        """
    }

    private func tableXML(_ table: Table) -> String {
        let columns = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        guard columns > 0 else { return "" }
        let weights = (0..<columns).map { table.columnWidths.indices.contains($0) ? max(1, table.columnWidths[$0]) : 1 }
        let total = weights.reduce(0, +)
        let widths = weights.map { textWidth * $0 / total }
        var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"\(textWidth)\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblBorders>"
        for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
            xml += "<w:\(side) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>"
        }
        xml += "</w:tblBorders><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
        xml += "<w:tblGrid>" + widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined() + "</w:tblGrid>"
        func row(_ cells: [String], header: Bool) -> String {
            var row = header ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>"
            for index in 0..<columns {
                let text = cells.indices.contains(index) ? cells[index] : ""
                let paragraphs = text.split(separator: "\n", omittingEmptySubsequences: false).map {
                    "<w:p><w:pPr><w:spacing w:after=\"0\"/>\(header ? "<w:jc w:val=\"center\"/>" : "")</w:pPr>\(Self.run(Run(String($0), bold: header), size: 24))</w:p>"
                }.joined()
                row += "<w:tc><w:tcPr><w:tcW w:w=\"\(widths[index])\" w:type=\"dxa\"/></w:tcPr>\(paragraphs)</w:tc>"
            }
            return row + "</w:tr>"
        }
        if !table.header.isEmpty { xml += row(table.header, header: true) }
        for cells in table.rows { xml += row(cells, header: false) }
        return xml + "</w:tbl>"
    }

    /// A run of text; `size` in half-points (28 = 14 pt).
    private static func run(_ run: Run, size: Int? = nil) -> String {
        var properties = ""
        if run.bold { properties += "<w:b/>" }
        if run.italic { properties += "<w:i/>" }
        if let size { properties += "<w:sz w:val=\"\(size)\"/><w:szCs w:val=\"\(size)\"/>" }
        let lines = run.text.split(separator: "\n", omittingEmptySubsequences: false)
        let text = lines.map { "<w:t xml:space=\"preserve\">\(String($0).xmlEscaped)</w:t>" }.joined(separator: "<w:br/>")
        return "<w:r>\(properties.isEmpty ? "" : "<w:rPr>\(properties)</w:rPr>")\(text)</w:r>"
    }

    private static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
    <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
    <Default Extension="xml" ContentType="application/xml"/>\
    <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>\
    <Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>\
    </Types>
    """

    private static let rootRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>\
    </Relationships>
    """

    private static let documentRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
    <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
    </Relationships>
    """

    private static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">\
    <w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman"/>\
    <w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="ru-RU"/></w:rPr></w:rPrDefault>\
    <w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
    <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="120"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>\
    <w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:i/></w:rPr></w:style>\
    </w:styles>
    """
}
