import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads the first sheet of an XLSX file into rows of text, as a person sees the cells:
/// shared and inline strings, numbers without a trailing «.0», dates as «дд.мм.гггг».
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
        let dateStyles = parts["xl/styles.xml"].map(DateStyleParser.parse) ?? []
        return try SheetParser.parse(sheet, sharedStrings: shared, dateStyles: dateStyles)
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

/// Finds which cell styles show dates, so date cells read as «01.09.2025», not 45901.
private final class DateStyleParser: NSObject, XMLParserDelegate {
    var customDateFormats = Set<Int>()
    var inCellXfs = false
    var styles: [Bool] = []

    static func parse(_ data: Data) -> [Bool] {
        let delegate = DateStyleParser()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        parser.parse()
        return delegate.styles
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
        switch name {
        case "numFmt":
            if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"]?.lowercased(),
               code.contains("d") && code.contains("y") || code.contains("m") && code.contains("d") && !code.contains("h") {
                customDateFormats.insert(id)
            }
        case "cellXfs": inCellXfs = true
        case "xf" where inCellXfs:
            let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
            // Built-in date formats are 14–22 and 45–47.
            styles.append((14...22).contains(id) || (45...47).contains(id) || customDateFormats.contains(id))
        default: break
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "cellXfs" { inCellXfs = false }
    }
}

private final class SheetParser: NSObject, XMLParserDelegate {
    let sharedStrings: [String]
    let dateStyles: [Bool]
    var rows: [XLSXReader.Row] = []
    var rowNumber = 0
    var cells: [Int: String] = [:]
    var cellColumn = 0
    var cellType: String?
    var cellStyle = 0
    var value = ""
    var collecting = false
    var failed = false

    init(sharedStrings: [String], dateStyles: [Bool]) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
    }

    static func parse(_ data: Data, sharedStrings: [String], dateStyles: [Bool]) throws -> [XLSXReader.Row] {
        let delegate = SheetParser(sharedStrings: sharedStrings, dateStyles: dateStyles)
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
            if dateStyles.indices.contains(cellStyle), dateStyles[cellStyle] {
                let formatter = DateFormatter()
                formatter.dateFormat = "dd.MM.yyyy"
                formatter.timeZone = TimeZone(identifier: "UTC")
                return formatter.string(from: ExcelDate.date(fromSerial: number.rounded(.down)))
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
