import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Выгрузки: текст людей не становится формулой в таблице")
struct ExportFormulaTests {
    @Test("CSV: ячейка с =, @, + или - получает апостроф; телефон и число остаются как есть")
    func csvCells() throws {
        let hostile = ["=HYPERLINK(\"http://evil.example\";\"Открыть\")", "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3*cmd|'/C calc'!A0"]
        let plain = ["+7 900 111-22-33", "-5", "Иванов", "-"]
        let rows = try CSVTable.rows(of: CSVTable.write(header: ["Значение"], rows: (hostile + plain).map { [$0] }))
        let cells = rows.dropFirst().map { $0.cells.first ?? "" }
        #expect(cells == hostile.map { "'" + $0 } + plain)
    }

    @Test("Выгрузка базы: имя вида =ГИПЕРССЫЛКА в CSV обезврежено, в XLSX — текст, а не формула")
    func baseExport() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            try await PairingFixtures.mentee(app, organization: school.organization, lastName: "=HYPERLINK(\"http://evil.example\")", firstName: "@SUM(1)")
            let curator = Browser(app)
            try await curator.signIn("kurator")
            let base = "/orgs/\(school.organizationID)/mentees/export"

            let csv = try await curator.get(base + "?format=csv")
            #expect(csv.status == .ok)
            let cells = try CSVTable.rows(of: Data(buffer: csv.body)).dropFirst().flatMap(\.cells)
            #expect(cells.contains("'=HYPERLINK(\"http://evil.example\")") && cells.contains("'@SUM(1)"))
            #expect(!cells.contains { $0.hasPrefix("=") || $0.hasPrefix("@") })

            let xlsx = try await curator.get(base + "?format=xlsx")
            let parts = try OfficeZip.unpack(Data(buffer: xlsx.body))
            let sheet = try #require(parts.first { $0.key.hasPrefix("xl/worksheets/") }.flatMap { String(data: $0.value, encoding: .utf8) })
            // An inline string is text to every spreadsheet; only <f> would be run.
            #expect(sheet.contains("=HYPERLINK(&quot;http://evil.example&quot;)") && !sheet.contains("<f>"))
        }
    }
}
