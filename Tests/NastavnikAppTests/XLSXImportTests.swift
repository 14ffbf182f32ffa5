import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor

/// The base import reads XLSX through `XLSXReader`: a workbook in the 1904 date system (as an old
/// Mac Excel saves it) gives the same birth dates as one in the 1900 system.
@Suite("Импорт базы из XLSX: даты рождения в системе 1900 и 1904 года")
struct XLSXImportTests {
    /// The platform's own workbook, re-dated as the 1904 system stores it (4 years and a day less).
    static func workbook(date1904: Bool) throws -> Data {
        let titles = ["ФИО", "Класс", "Форма наставничества", "Запросы", "Дата рождения", "Телефон представителя"]
        let data = try XLSXWorkbook(sheets: [.init(name: "База наставляемых", columns: titles.map { .init(title: $0) }, rows: [
            [.text("Петров Иван Олегович"), .text("6А"), .text("ученик – ученик"), .text("Низкая успеваемость"),
             .date(CalendarDay(year: 2014, month: 2, day: 1).date), .number(79_001_112_233)],
        ])]).data()
        guard date1904 else { return data }
        var parts = try OfficeZip.unpack(data)
        let workbook = String(decoding: parts["xl/workbook.xml"] ?? Data(), as: UTF8.self)
        parts["xl/workbook.xml"] = Data(workbook.replacingOccurrences(of: "<sheets>", with: "<workbookPr date1904=\"1\"/><sheets>").utf8)
        let sheet = String(decoding: parts["xl/worksheets/sheet1.xml"] ?? Data(), as: UTF8.self)
        // 01.02.2014 is day 41671 of the 1900 system, 40209 of the 1904 one.
        #expect(sheet.contains("<v>41671</v>"))
        parts["xl/worksheets/sheet1.xml"] = Data(sheet.replacingOccurrences(of: "<v>41671</v>", with: "<v>40209</v>").utf8)
        return try OfficeZip.pack(parts.sorted { $0.key < $1.key }.map { (path: $0.key, data: $0.value) })
    }

    @Test("Дата рождения из книги в системе 1904 года импортируется той же датой, что из обычной")
    func birthDateInBothSystems() async throws {
        for date1904 in [false, true] {
            try await withTestApp { app in
                let territory = try await Fixtures.territory(app)
                try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
                let curator = Browser(app)
                try await curator.signIn("kurator")
                let base = "/orgs/\(territory.organizationID)"
                let upload = try await curator.upload(base + "/imports", fields: ["kind": "mentee"], fileName: "база.xlsx", data: try Self.workbook(date1904: date1904))
                let location = try #require(upload.location)
                #expect(try await curator.get(location).text.contains("01.02.2014"), "1904: \(date1904)")
                #expect(try await curator.post(location + "/confirm").status == .seeOther)
                let petrov = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Петров").first())
                let birth = try #require(petrov.birthDate)
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = RussianDate.timeZone
                let day = calendar.dateComponents([.year, .month, .day], from: birth)
                #expect([day.year, day.month, day.day] == [2014, 2, 1], "1904: \(date1904)")
            }
        }
    }
}
