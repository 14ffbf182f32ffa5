import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// ParticipantsTests.badUploads already covers a picture, a broken ZIP and an empty file sent to
/// the bases' import, and importCSV a Windows-1251 file; DocumentsTests a zip bomb whose sizes are
/// honest; PairCompletionTests an .exe as a pair's result; CaseFilesTests and ContestMaterialsTests
/// check attached files by content (ContestMaterialsTests also through the application form).
/// These add the rest, on every upload route.
@Suite("Загрузки: огромные, вредные и не в той кодировке файлы отклоняются понятным сообщением")
struct UploadSecurityTests {
    /// A small XLSX-looking archive: one sheet part.
    static func workbook(_ parts: [(String, Data)] = [("xl/workbook.xml", Data("<workbook/>".utf8))]) throws -> Data {
        try OfficeZip.pack(parts)
    }

    /// Rewrites every entry's uncompressed size (local header and central directory) to `size`:
    /// an archive that claims gigabytes, or one that hides its real expansion.
    static func declaring(_ size: UInt32, in zip: Data) -> Data {
        var bytes = [UInt8](zip)
        func put(_ offset: Int) {
            for i in 0..<4 { bytes[offset + i] = UInt8((size >> (8 * UInt32(i))) & 0xFF) }
        }
        var i = 0
        while i + 4 <= bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 3, bytes[i + 3] == 4 { put(i + 22) }
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 1, bytes[i + 3] == 2 { put(i + 24) }
            i += 1
        }
        return Data(bytes)
    }

    /// The hostile files and the words of the message each must get.
    static func hostileTables() throws -> [(name: String, data: Data, message: String)] {
        let manyParts = (0...OfficeZip.maxEntries).map { ("xl/part\($0).xml", Data()) }
        var utf16 = Data([0xFF, 0xFE])
        utf16.append("ФИО;Класс\nПетров Иван;6А\n".data(using: .utf16LittleEndian)!)
        return [
            ("база.xlsx", declaring(0xFFFF_FFF0, in: try workbook()), "слишком большой объём"),
            ("база.xlsx", try workbook(manyParts), "слишком большой объём"),
            ("база.csv", utf16, "UTF-16"),
            ("база.csv", Data("ФИО;Класс\nПетров Иван;6А\n".data(using: .utf16BigEndian)!), "Это не таблица"),
            ("база.csv", Data(count: ImportController.maxFileSize + 1), "больше 10 МБ"),
        ]
    }

    struct School {
        let territory: Fixtures.Territory
        let curator: Browser
        var base: String { "/orgs/\(territory.organizationID)" }
    }

    func school(_ app: Application) async throws -> School {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return School(territory: territory, curator: curator)
    }

    @Test("Архив, распаковка которого больше заявленной, останавливается на пределе")
    func lyingArchive() throws {
        let zeros = Data(count: 2 * 1024 * 1024)
        let bomb = Self.declaring(10, in: try OfficeZip.pack([("xl/workbook.xml", zeros)]))
        #expect(bomb.count < 20_000)
        #expect(throws: OfficeZip.ReadError.self) { try OfficeZip.unpack(bomb, limit: 1024 * 1024) }
    }

    @Test("Импорт базы на странице: zip-бомбы, UTF-16 и файл больше предела — сообщение, и ничего не записано")
    func pageImport() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            for file in try Self.hostileTables() {
                let response = try await s.curator.upload(s.base + "/imports", fields: ["kind": "mentee"], fileName: file.name, data: file.data)
                #expect(response.status == .unprocessableEntity, "\(file.message): \(response.status)")
                #expect(response.text.contains(file.message), "ждали «\(file.message)»")
            }
            #expect(try await ImportBatch.query(on: app.db).count() == 0)
            #expect(try await Mentee.query(on: app.db).count() == 0)
        }
    }

    @Test("Импорт базы через API: те же файлы — 4xx с сообщением в JSON, ничего не записано")
    func apiImport() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let page = try await s.curator.post("/account/tokens", form: ["name": "АИС"])
            let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
            for file in try Self.hostileTables() {
                let response = try await app.testing().sendRequest(.POST, "/api/v1/organizations/\(s.territory.organizationID)/imports?kind=mentee",
                                                                   headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/octet-stream"],
                                                                   body: ByteBuffer(data: file.data))
                #expect((400..<500).contains(Int(response.status.code)), "\(file.message): \(response.status)")
                #expect(response.text.contains("\"error\"") || response.text.contains("\"problems\""), "\(response.text.prefix(200))")
            }
            #expect(try await Mentee.query(on: app.db).count() == 0)
        }
    }

    // The 5 MB limit itself is AttachedFile's, checked in CaseFilesTests; a multipart body that size
    // takes seconds to parse in a debug build, so the pages get one over-limit file, not one each.
    @Test("Результат пары: файл больше 5 МБ и страница не сохраняются")
    func pairResult() async throws {
        try await withTestApp { app in
            let (pairing, _, mentor, _, _) = try await PairWorkTests().formedPair(app)
            let path = "/pairs/\(pairing.id!)/results"
            let fields = ["resultKind": "olympiad", "resultTitle": "Призёр", "achievedOn": CalendarDay.today().iso]
            var huge = Data("%PDF-1.4 ".utf8)
            huge.append(Data(count: 5 * 1024 * 1024))
            let tooBig = try await mentor.upload(path, fields: fields, fileName: "diplom.pdf", data: huge)
            #expect(tooBig.status == .unprocessableEntity && tooBig.text.contains("5 МБ"), "\(tooBig.status)")
            let script = try await mentor.upload(path, fields: fields, fileName: "diplom.html", data: Data("<script>alert(1)</script>".utf8))
            #expect(script.status == .unprocessableEntity, "\(script.status)")
            #expect(try await PairResult.query(on: app.db).count() == 0)
        }
    }

    @Test("Файлы кейса: zip-бомба под видом .docx и страница под видом фото — сообщение, файл не приложен")
    func caseFiles() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let curator = world.browsers[.curator]!
            let path = "/pairs/\(world.a.finishedPairing.id!)/case/files"
            let before = try await CaseFile.query(on: app.db).count()
            let files: [(String, Data, String)] = [
                ("материалы.docx", Self.declaring(0xFFFF_FFF0, in: try Self.workbook()), "не совпадает с расширением"),
                ("фото.jpg", Data("<html><script>alert(1)</script>".utf8), "не совпадает с расширением"),
            ]
            for (name, data, message) in files {
                let response = try await curator.upload(path, fields: ["caption": "Материалы"], fileName: name, data: data)
                #expect(response.status == .unprocessableEntity, "\(name): \(response.status)")
                #expect(response.text.contains(message), "\(name): ждали «\(message)»")
            }
            #expect(try await CaseFile.query(on: app.db).count() == before)
        }
    }

    @Test("Файлы кейса и конкурсной заявки через API: zip-бомба под видом .docx и страница под видом фото — 422 с сообщением в JSON, ничего не записано")
    func apiUploads() async throws {
        try await withTestApp { app in
            let world = try await SecurityWorld.build(app)
            let token = try #require(world.bearer[.curator])
            let contest = try #require(world.a.contest)
            let mentor = try #require(world.a.mentor)
            let cases = try await CaseFile.query(on: app.db).count()
            let applications = try await ContestApplication.query(on: app.db).count()
            for (name, data) in [("материалы.docx", Self.declaring(0xFFFF_FFF0, in: try Self.workbook())), ("фото.jpg", Data("<html><script>alert(1)</script>".utf8))] {
                let file = UploadsAPITests.Part(name: "file", fileName: name, data: data)
                let caseAnswer = try await UploadsAPITests.send(app, "/api/v1/pairs/\(world.a.finishedPairing.id!)/case/files", token,
                                                                [UploadsAPITests.text("caption", "Материалы"), file])
                let applyAnswer = try await UploadsAPITests.send(
                    app, "/api/v1/organizations/\(world.a.organizationID)/contests/\(contest.id!)/applications", token,
                    [UploadsAPITests.text("mentorId", mentor.id!.uuidString), UploadsAPITests.text("nomination", contest.nominationList[0]),
                     UploadsAPITests.text("materials", "Описание практики"), UploadsAPITests.Part(name: "files[]", fileName: name, data: data)])
                for answer in [caseAnswer, applyAnswer] {
                    #expect(answer.status == .unprocessableEntity, "\(name): \(answer.status)")
                    #expect(answer.text.contains("не совпадает с расширением"), "\(name): \(answer.text.prefix(300))")
                }
            }
            #expect(try await CaseFile.query(on: app.db).count() == cases)
            #expect(try await ContestApplication.query(on: app.db).count() == applications)
        }
    }
}
