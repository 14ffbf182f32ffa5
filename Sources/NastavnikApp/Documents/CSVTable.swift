import Foundation

/// CSV as Russian schools' files come: UTF-8 (with or without BOM) or Windows-1251, separated by
/// semicolons (Excel's default in the Russian locale) or commas, with quoted fields.
public enum CSVTable {
    public enum ReadError: Error, Equatable {
        case unknownEncoding
    }

    public struct Row: Sendable, Equatable {
        /// The line of the file where the record starts (records may span lines inside quotes).
        public let number: Int
        public let cells: [String]
    }

    /// Decodes the bytes and splits them into records.
    public static func rows(of data: Data) throws -> [Row] {
        parse(try decode(data))
    }

    /// UTF-8 when the bytes are valid UTF-8, otherwise Windows-1251 (the other encoding Russian
    /// Excel writes).
    public static func decode(_ data: Data) throws -> String {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8) { return text }
        if let text = String(data: bytes, encoding: .windowsCP1251) { return text }
        throw ReadError.unknownEncoding
    }

    /// The separator that splits the first line into the most fields, outside quotes.
    static func separator(of text: Substring) -> Character {
        var counts: [Character: Int] = [";": 0, ",": 0, "\t": 0]
        var quoted = false
        for character in text {
            if character == "\n" && !quoted { break }
            if character == "\"" { quoted.toggle() }
            if !quoted, counts[character] != nil { counts[character]! += 1 }
        }
        // On a tie (a one-column file has none of them) the semicolon wins.
        return counts.max { $0.value == $1.value ? $1.key == ";" : $0.value < $1.value }?.key ?? ";"
    }

    static func parse(_ text: String) -> [Row] {
        let separator = separator(of: Substring(text))
        var rows: [Row] = []
        var cells: [String] = []
        var field = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        var iterator = text.makeIterator()
        var pending: Character? = nil
        func nextCharacter() -> Character? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        func endRecord() {
            cells.append(field)
            field = ""
            // Lines with nothing in them are not records.
            if !(cells.count == 1 && cells[0].trimmingCharacters(in: .whitespaces).isEmpty) {
                rows.append(Row(number: recordLine, cells: cells))
            }
            cells = []
        }
        while let character = nextCharacter() {
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else {
                    if character == "\n" || character == "\r\n" { line += 1 }
                    field.append(character == "\r\n" ? "\n" : character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty:
                quoted = true
            case separator:
                cells.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(character)
            }
        }
        if !field.isEmpty || !cells.isEmpty { endRecord() }
        return rows
    }

    /// A CSV file Excel in the Russian locale opens as a table: UTF-8 with BOM, semicolons.
    public static func write(header: [String], rows: [[String]]) -> Data {
        func escape(_ raw: String) -> String {
            let value = neutralizingFormula(raw)
            return value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "," || $0 == "\t" })
                ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }
        var text = "\u{FEFF}" + header.map(escape).joined(separator: ";") + "\r\n"
        for row in rows { text += row.map(escape).joined(separator: ";") + "\r\n" }
        return Data(text.utf8)
    }

    /// A spreadsheet runs a cell that starts with `=`, `@`, `+` or `-` as a formula (and some trim a
    /// leading tab, carriage return or line feed first), so text people typed (a name, a competency,
    /// an answer) could call functions on the computer of whoever opens the export.
    /// Such a cell gets a leading apostrophe. The one exception is a signed phone number or number
    /// (`+7 (900) 111-22-33`, `-5`, `-2,5`): ASCII digits, spaces, brackets, `-`, `,` and `.` only,
    /// which can neither name a function nor reach another program. Every CSV the platform writes
    /// goes through here (`write`).
    static func neutralizingFormula(_ value: String) -> String {
        guard let first = value.unicodeScalars.first else { return value }
        switch first {
        case "=", "@", "\t", "\r", "\n": return "'" + value
        case "+", "-":
            let harmless = value.unicodeScalars.dropFirst().allSatisfy { ("0"..."9").contains($0) || " -(),.".unicodeScalars.contains($0) }
            return harmless ? value : "'" + value
        default: return value
        }
    }
}
