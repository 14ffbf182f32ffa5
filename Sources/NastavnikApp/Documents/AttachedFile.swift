import Foundation
import ZIPFoundation

/// A file a person attaches: a pair's result, a case's photo or material, a contest
/// application's material. Files are kept in the database, so a backup keeps them. Only the
/// kinds a school works with are taken, and the content must really be of the kind its name
/// says, so a renamed program or web page is refused. Nothing is unpacked here: an archive
/// that would expand enormously costs only its own size.
struct AttachedFile: Sendable, Equatable {
    let name: String
    let format: Format
    let data: Data

    static let maxSize = 5 * 1024 * 1024

    enum Format: String, CaseIterable, Sendable {
        case pdf, docx, doc, xlsx, pptx, odt, jpeg, png

        init?(fileExtension: String) {
            switch fileExtension.lowercased() {
            case "jpg", "jpeg": self = .jpeg
            default:
                guard let format = Format(rawValue: fileExtension.lowercased()) else { return nil }
                self = format
            }
        }

        var isPicture: Bool { self == .jpeg || self == .png }

        var contentType: String {
            switch self {
            case .pdf: "application/pdf"
            case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .doc: "application/msword"
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            case .pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            case .odt: "application/vnd.oasis.opendocument.text"
            case .jpeg: "image/jpeg"
            case .png: "image/png"
            }
        }

        var russianName: String {
            switch self {
            case .pdf: "PDF"
            case .docx, .doc, .odt: "документ"
            case .xlsx: "таблица"
            case .pptx: "презентация"
            case .jpeg, .png: "фотография"
            }
        }

        /// The part every real file of this kind has inside its ZIP container.
        fileprivate var mainPart: String? {
            switch self {
            case .docx: "word/document.xml"
            case .xlsx: "xl/workbook.xml"
            case .pptx: "ppt/presentation.xml"
            case .odt: "mimetype"
            default: nil
            }
        }

        /// Whether the bytes start the way files of this kind start.
        func matches(_ data: Data) -> Bool {
            func starts(_ bytes: [UInt8]) -> Bool { data.count >= bytes.count && data.prefix(bytes.count).elementsEqual(bytes) }
            switch self {
            case .pdf: return starts(Array("%PDF-".utf8))
            case .doc: return starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
            case .jpeg: return starts([0xFF, 0xD8, 0xFF])
            case .png: return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            case .docx, .xlsx, .pptx, .odt:
                // Reads only the archive's directory, never the compressed parts.
                guard starts([0x50, 0x4B, 0x03, 0x04]), let archive = try? Archive(data: data, accessMode: .read), let mainPart else { return false }
                return archive[mainPart] != nil
            }
        }
    }

    static let documentsAndPictures = Set(Format.allCases)
    static let pictures: Set<Format> = [.jpeg, .png]

    /// Why a file was refused, in words for the person who chose it.
    struct Rejection: Error, Equatable {
        let message: String
    }

    /// The file, if it is of an allowed kind, within the size and really what its name says.
    static func check(name: String?, data: Data, allowed: Set<Format> = documentsAndPictures, maxSize: Int = maxSize) -> Result<AttachedFile, Rejection> {
        let base = (name ?? "").split(separator: "/").last.map(String.init)?.split(separator: "\\").last.map(String.init) ?? ""
        let fileName = String((base.isEmpty ? "файл" : base).prefix(200))
        guard !data.isEmpty else { return .failure(Rejection(message: "Файл «\(fileName)» пустой.")) }
        guard data.count <= maxSize else {
            return .failure(Rejection(message: "Файл «\(fileName)» больше \(maxSize / 1024 / 1024) МБ."))
        }
        let extensions = allowed.sorted { $0.rawValue < $1.rawValue }.map { $0 == .jpeg ? "jpg" : $0.rawValue }.joined(separator: ", ")
        guard let format = Format(fileExtension: (fileName as NSString).pathExtension), allowed.contains(format) else {
            return .failure(Rejection(message: "Файл «\(fileName)» такого вида не принимается. Можно: \(extensions)."))
        }
        guard format.matches(data) else {
            return .failure(Rejection(message: "Файл «\(fileName)» повреждён или это не \(format.russianName) (.\((fileName as NSString).pathExtension.lowercased())): его содержимое не совпадает с расширением."))
        }
        return .success(AttachedFile(name: fileName, format: format, data: data))
    }
}
