import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first sheet of an XLSX file into rows of text, as a person sees the cells:
/// shared and inline strings, numbers without a trailing «.0», and a number whose format is a date
/// or a time (by the cell style's number format, not by guessing) as «дд.мм.гггг» / «чч:мм», in
/// the workbook's date system (1900, or 1904 when `workbookPr` says so).
public enum XLSXReader {
    public enum ReadError: Error, Equatable {
        case notSpreadsheet
        case tooLarge
    }

    /// Rows in sheet order; a row's index + 1 is its line number in the spreadsheet only when no
    /// rows are skipped, so each row carries its own number.
    public struct Row: Sendable, Equatable {
        public let number: Int
        public let cells: [String]
    }

    public static func rows(of data: Data) throws -> [Row] {
        let parts: [String: Data]
        do {
            parts = try OfficeZip.unpack(data)
        } catch OfficeZip.ReadError.tooLarge {
            throw ReadError.tooLarge
        } catch {
            throw ReadError.notSpreadsheet
        }
        guard let workbook = parts["xl/workbook.xml"] else { throw ReadError.notSpreadsheet }
        let sheetPath = try firstSheetPath(workbook: workbook, relationships: parts["xl/_rels/workbook.xml.rels"])
        guard let sheet = parts[sheetPath] ?? parts["xl/worksheets/sheet1.xml"] else { throw ReadError.notSpreadsheet }
        let shared = try parts["xl/sharedStrings.xml"].map(SharedStringsParser.parse) ?? []
        let formats = parts["xl/styles.xml"].map(NumberFormatParser.parse) ?? []
        let properties = ElementCollector.collect(workbook, element: "workbookPr").first
        let date1904 = ["1", "true"].contains(properties?["date1904"]?.lowercased() ?? "")
        return try SheetParser.parse(sheet, sharedStrings: shared, formats: formats, date1904: date1904)
    }

    private static func firstSheetPath(workbook: Data, relationships: Data?) throws -> String {
        let first = ElementCollector.collect(workbook, element: "sheet").first
        guard let relationID = first?["r:id"] ?? first?["id"], let relationships else { return "xl/worksheets/sheet1.xml" }
        let target = ElementCollector.collect(relationships, element: "Relationship").first { $0["Id"] == relationID }?["Target"]
        guard let target else { return "xl/worksheets/sheet1.xml" }
        return target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    }
}

/// Collects the attributes of every element with a given name.
private final class ElementCollector: NSObject, XMLParserDelegate {
    let element: String
    var found: [[String: String]] = []

    init(element: String) { self.element = element }

    static func collect(_ data: Data, element: String) -> [[String: String]] {
        let collector = ElementCollector(element: element)
        let parser = XMLParser(data: data)
        parser.delegate = collector
        parser.parse()
        return collector.found
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        if name == element || name.hasSuffix(":" + element) { found.append(attributes) }
    }
}

private final class SharedStringsParser: NSObject, XMLParserDelegate {
    var strings: [String] = []
    var current = ""
    var inText = false
    var inPhonetic = false

    static func parse(_ data: Data) throws -> [String] {
        let delegate = SharedStringsParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else { throw XLSXReader.ReadError.notSpreadsheet }
        return delegate.strings
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "si": current = ""
        case "t": inText = true
        case "rPh": inPhonetic = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText && !inPhonetic { current += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si": strings.append(current)
        case "t": inText = false
        case "rPh": inPhonetic = false
        default: break
        }
    }
}

/// The number format of each cell style (`cellXfs`), so a date cell reads as «01.09.2025», not
/// 45901, and a phone number or a percentage stays a number.
private final class NumberFormatParser: NSObject, XMLParserDelegate {
    var customFormats: [Int: String] = [:]
    var inCellXfs = false
    var styleFormatIDs: [Int] = []

    static func parse(_ data: Data) -> [NumberFormatKind] {
        let delegate = NumberFormatParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        // A workbook may redefine a built-in id in <numFmts>; its own code wins.
        return delegate.styleFormatIDs.map { id in
            delegate.customFormats[id].map(NumberFormatKind.of(formatCode:)) ?? NumberFormatKind.builtIn(id)
        }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] { customFormats[id] = code }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs: styleFormatIDs.append(attributes["numFmtId"].flatMap(Int.init) ?? 0)
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

private final class SheetParser: NSObject, XMLParserDelegate {
    let sharedStrings: [String]
    let formats: [NumberFormatKind]
    let date1904: Bool
    var rows: [XLSXReader.Row] = []
    var rowNumber = 0
    var cells: [Int: String] = [:]
    var cellColumn = 0
    var cellType: String?
    var cellStyle = 0
    var value = ""
    var collecting = false
    var failed = false

    init(sharedStrings: [String], formats: [NumberFormatKind], date1904: Bool) {
        self.sharedStrings = sharedStrings
        self.formats = formats
        self.date1904 = date1904
    }

    static func parse(_ data: Data, sharedStrings: [String], formats: [NumberFormatKind], date1904: Bool) throws -> [XLSXReader.Row] {
        let delegate = SheetParser(sharedStrings: sharedStrings, formats: formats, date1904: date1904)
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse(), !delegate.failed else { throw XLSXReader.ReadError.notSpreadsheet }
        return delegate.rows
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "row":
            rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
            cells = [:]
            cellColumn = -1
        case "c":
            cellColumn = attributes["r"].map(Self.columnIndex) ?? cellColumn + 1
            cellType = attributes["t"]
            cellStyle = attributes["s"].flatMap(Int.init) ?? 0
            value = ""
        case "v", "t":
            collecting = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting { value += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "v", "t":
            collecting = false
        case "c":
            cells[cellColumn] = text(of: value)
        case "row":
            let width = (cells.keys.max() ?? -1) + 1
            let row = (0..<width).map { cells[$0] ?? "" }
            rows.append(.init(number: rowNumber, cells: row))
        default: break
        }
    }

    private func text(of raw: String) -> String {
        switch cellType {
        case "s":
            guard let index = Int(raw), sharedStrings.indices.contains(index) else { failed = true; return "" }
            return sharedStrings[index]
        case "b":
            return raw == "1" ? "да" : "нет"
        case "inlineStr", "str", "e":
            return raw
        default:
            guard let number = Double(raw) else { return raw }
            if formats.indices.contains(cellStyle), let text = formats[cellStyle].text(serial: number, date1904: date1904) {
                return text
            }
            if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
            return String(number)
        }
    }

    /// "C12" → 2.
    static func columnIndex(_ reference: String) -> Int {
        var index = 0
        for scalar in reference.unicodeScalars {
            guard (65...90).contains(scalar.value) || (97...122).contains(scalar.value) else { break }
            index = index * 26 + Int((scalar.value & ~0x20) - 64)
        }
        return index - 1
    }
}
