import Foundation
import ZIPFoundation

/// The ZIP container of XLSX and DOCX files, with limits that stop zip bombs: an upload may not
/// unpack to more than `maxUnpackedBytes` or hold more than `maxEntries` parts.
enum OfficeZip {
    static let maxUnpackedBytes: UInt64 = 200 * 1024 * 1024
    static let maxEntries = 2_000

    enum ReadError: Error, Equatable {
        case notAZip
        case tooLarge
        case missingPart(String)
    }

    /// Packs the parts, deflated, in the given order ([Content_Types].xml first, as Office expects).
    static func pack(_ parts: [(path: String, data: Data)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in parts {
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(part.data.count),
                                 modificationDate: Date(timeIntervalSince1970: 1_700_000_000), compressionMethod: .deflate) { position, size in
                part.data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw ReadError.notAZip }
        return data
    }

    /// Reads named parts of an uploaded file; refuses archives that claim or turn out to be too large.
    static func unpack(_ data: Data, limit: UInt64 = maxUnpackedBytes) throws -> [String: Data] {
        guard data.count >= 4, data.prefix(2) == Data([0x50, 0x4B]),
              let archive = try? Archive(data: data, accessMode: .read) else { throw ReadError.notAZip }
        var entries: [Entry] = []
        var declared: UInt64 = 0
        for entry in archive {
            entries.append(entry)
            declared += entry.uncompressedSize
            if entries.count > maxEntries || declared > limit { throw ReadError.tooLarge }
        }
        var parts: [String: Data] = [:]
        var total: UInt64 = 0
        for entry in entries where entry.type == .file {
            var content = Data()
            do {
                _ = try archive.extract(entry, skipCRC32: false) { chunk in
                    total += UInt64(chunk.count)
                    // The declared sizes can lie; count what really comes out.
                    if total > limit { throw ReadError.tooLarge }
                    content.append(chunk)
                }
            } catch ReadError.tooLarge {
                throw ReadError.tooLarge
            } catch {
                throw ReadError.notAZip
            }
            parts[entry.path] = content
        }
        return parts
    }
}

/// Text safe inside XML elements and attributes; drops the control characters XML 1.0 forbids.
extension String {
    var xmlEscaped: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for scalar in unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
