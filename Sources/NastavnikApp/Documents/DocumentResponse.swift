import Foundation
import Vapor

/// Generated and stored files as downloads: the one place that writes Content-Type and
/// Content-Disposition, so every file keeps its Russian name in every browser.
enum DocumentResponse {
    static let docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    static let xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    static let csvType = "text/csv; charset=utf-8"
    static let calendarType = "text/calendar; charset=utf-8"

    static func docx(_ document: DOCXDocument, fileName: String) throws -> Response {
        file(try document.data(), type: docxType, fileName: fileName)
    }

    static func xlsx(_ workbook: XLSXWorkbook, fileName: String) throws -> Response {
        file(try workbook.data(), type: xlsxType, fileName: fileName)
    }

    static func csv(_ data: Data, fileName: String) -> Response {
        file(data, type: csvType, fileName: fileName)
    }

    /// `inline` opens the file in the browser (a photo on a page); otherwise it is downloaded.
    static func file(_ data: Data, type: String, fileName: String, inline: Bool = false) -> Response {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: type)
        headers.replaceOrAdd(name: .contentDisposition, value: contentDisposition(fileName, inline: inline))
        return Response(status: .ok, headers: headers, body: .init(data: data))
    }

    /// RFC 6266: `filename` for old clients (ASCII only, so a Cyrillic name becomes «document»
    /// with its extension), `filename*` with the UTF-8 name percent-encoded as RFC 8187 asks:
    /// only its attr-char (ASCII letters, digits, a few marks) stay as they are. Foundation's
    /// `.alphanumerics` is Unicode's letters, which a platform may leave unencoded.
    static func contentDisposition(_ fileName: String, inline: Bool = false) -> String {
        let name = String(fileName.unicodeScalars.filter { $0.properties.generalCategory != .control }.map(Character.init))
        let encoded = name.utf8.map { byte -> String in
            attributeCharacters.contains(byte) ? String(UnicodeScalar(byte)) : String(format: "%%%02X", byte)
        }.joined()
        return "\(inline ? "inline" : "attachment"); filename=\"\(asciiFallback(name))\"; filename*=UTF-8''\(encoded)"
    }

    /// RFC 8187 attr-char.
    private static let attributeCharacters: Set<UInt8> = Set(
        Array(UInt8(ascii: "a")...UInt8(ascii: "z")) + Array(UInt8(ascii: "A")...UInt8(ascii: "Z")) + Array(UInt8(ascii: "0")...UInt8(ascii: "9"))
        + "!#$&+-.^_`|~".utf8)

    private static func asciiFallback(_ name: String) -> String {
        let kept = String(name.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" }.map(Character.init))
        let dot = kept.lastIndex(of: ".")
        let stem = dot.map { String(kept[..<$0]) } ?? kept
        let ext = dot.map { String(kept[$0...]) } ?? ""
        let readable = stem.contains { $0.isLetter || $0.isNumber }
        return (readable ? stem.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: "-—_"))) : "document") + ext
    }
}
