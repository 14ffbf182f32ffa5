import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// Every file the platform gives goes through one `DocumentResponse`, and every CSV through one
/// `CSVTable.write` with one rule against formulas.
@Suite("Скачивание файлов и CSV: одно правило для всех выгрузок")
struct DownloadsTests {
    /// The name from `filename*=UTF-8''…`, percent-decoded.
    static func utf8Name(_ disposition: String) -> String? {
        disposition.components(separatedBy: "filename*=UTF-8''").last?.removingPercentEncoding
    }

    @Test("Русское имя файла: в заголовке только ASCII, filename* по RFC 8187 возвращает то же имя, filename — читаемая замена")
    func russianFileName() {
        let name = "Приказ о поощрении — «Шаг вперёд», 2026 (№ 7).docx"
        let header = DocumentResponse.contentDisposition(name)
        #expect(header.unicodeScalars.allSatisfy { $0.isASCII && $0.value >= 0x20 }, "в заголовке не-ASCII: \(header)")
        #expect(header.hasPrefix("attachment; filename=\""))
        #expect(Self.utf8Name(header) == name)
        // RFC 8187 attr-char: a space, brackets, a comma are percent-encoded too.
        let encoded = header.components(separatedBy: "filename*=UTF-8''").last ?? ""
        #expect(!encoded.contains(" ") && !encoded.contains(",") && !encoded.contains("("))
        #expect(DocumentResponse.contentDisposition("Встречи пары.ics").contains("filename=\"document.ics\""))
        #expect(DocumentResponse.contentDisposition("Фото.jpg", inline: true).hasPrefix("inline; "))
        #expect(DocumentResponse.contentDisposition("Отчёт \"2026\"\r\n.csv").contains("filename=\"2026.csv\""))
    }

    @Test("Выгрузка базы в CSV и XLSX приходит с русским именем файла, закодированным как надо")
    func baseExportNames() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            let curator = Browser(app)
            try await curator.signIn("kurator")
            for format in ["csv", "xlsx"] {
                let response = try await curator.get("/orgs/\(school.organizationID)/mentees/export?format=\(format)")
                #expect(response.status == .ok)
                let disposition = try #require(response.headers.first(name: .contentDisposition))
                #expect(disposition.unicodeScalars.allSatisfy { $0.isASCII })
                let name = try #require(Self.utf8Name(disposition))
                #expect(name == "База наставляемых — МБОУ СОШ № 1.\(format)")
            }
        }
    }

    @Test("Формулы в CSV: =, @, +, -, табуляция и возврат каретки в начале ячейки обезврежены; телефон и отрицательное число — нет")
    func formulaRule() throws {
        let hostile = ["=1+1", "@SUM(A1)", "+A1", "-A1*2", "\t=cmd|' /C calc'!A0", "\r=1+1", "-2+3+cmd|'/C calc'!A0", "+٣"]
        let plain = ["+7 (900) 111-22-33", "-5", "-2,5", "-", "Иванова", "1-й класс"]
        let data = CSVTable.write(header: ["Ячейка"], rows: (hostile + plain).map { [$0] })
        let cells = try CSVTable.rows(of: data).dropFirst().map { $0.cells.first ?? "" }
        #expect(cells == hostile.map { "'" + $0 } + plain)
    }
}
