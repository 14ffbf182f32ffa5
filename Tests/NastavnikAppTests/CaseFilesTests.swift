import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("Фотографии и материалы кейса: только с согласием на фото, проверка файлов")
struct CaseFilesTests {
    /// The smallest real PNG: one transparent pixel.
    static let png = Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")!

    @Test("Файл проверяется по содержимому, а не только по расширению")
    func attachedFileCheck() throws {
        #expect(throws: Never.self) { try AttachedFile.check(name: "снимок.PNG", data: Self.png).get() }
        #expect(try AttachedFile.check(name: "C:\\Users\\Учитель\\план.pdf", data: Data("%PDF-1.7".utf8)).get().name == "план.pdf")
        let renamed = AttachedFile.check(name: "фото.jpg", data: Data("MZ\u{90}\0 program".utf8))
        #expect(renamed == .failure(.init(message: "Файл «фото.jpg» повреждён или это не фотография (.jpg): его содержимое не совпадает с расширением.")))
        guard case .failure(let page) = AttachedFile.check(name: "отчёт.html", data: Data("<script>".utf8)) else { Issue.record("html принят"); return }
        #expect(page.message.contains("такого вида не принимается"))
        // A zip that is not a Word document (a zip bomb renamed to .docx is refused unopened).
        let notWord = try OfficeZip.pack([(path: "bomb.txt", data: Data(repeating: 0, count: 1_000_000))])
        guard case .failure(let zip) = AttachedFile.check(name: "план.docx", data: notWord) else { Issue.record("zip принят"); return }
        #expect(zip.message.contains("не совпадает с расширением"))
        let word = try OfficeZip.pack([(path: "[Content_Types].xml", data: Data("<Types/>".utf8)), (path: "word/document.xml", data: Data("<w:document/>".utf8))])
        #expect(throws: Never.self) { try AttachedFile.check(name: "план.docx", data: word).get() }
        guard case .failure(let big) = AttachedFile.check(name: "большой.pdf", data: Data("%PDF-".utf8) + Data(count: AttachedFile.maxSize)) else {
            Issue.record("большой файл принят"); return
        }
        #expect(big.message == "Файл «большой.pdf» больше 5 МБ.")
        guard case .failure(let empty) = AttachedFile.check(name: "пусто.pdf", data: Data()) else { Issue.record("пустой принят"); return }
        #expect(empty.message.contains("пустой"))
    }

    @Test("Фото — только при согласии всех на публикацию фотографий; отзыв скрывает фото сразу, материалы остаются")
    func photosFollowTheirConsent() async throws {
        try await withTestApp { app in
            let (pairing, curator, _, _, territory) = try await PairCompletionTests().formedPair(app)
            try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization)
            let director = Browser(app)
            try await director.signIn("direktor")
            pairing.status = .finished
            try await pairing.save(on: app.db)
            let path = "/pairs/\(pairing.id!)/case"
            // Files come after the text.
            #expect(try await curator.upload(path + "/files", fields: ["caption": "Материал"], fileName: "план.pdf", data: Data("%PDF-1.4".utf8)).status == .conflict)
            #expect(try await curator.post(path, form: [
                "title": "Олимпиада", "topic": "contests", "story": "История", "goal": "Цель", "whatWasDone": "Занятия", "results": "Призёр"]).status == .seeOther)
            let practice = try #require(try await PracticeCase.query(on: app.db).first())
            let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
            let publications = PublicationsTests()
            _ = try await publications.consent(app, territory.organizationID, .mentor, pairing.$mentor.id, .publicationCases)
            _ = try await publications.consent(app, territory.organizationID, .mentee, member.$mentee.id, .publicationCases)
            _ = try await publications.consent(app, territory.organizationID, .mentor, pairing.$mentor.id, .publicationPhotos)

            let pdf = Data("%PDF-1.4 план занятий".utf8)
            #expect(try await curator.upload(path + "/files", fields: ["caption": "План занятий"], fileName: "план.pdf", data: pdf).status == .seeOther)
            // The mentee's guardian has not agreed to photos: refused, with who is missing, the caption kept.
            let noConsent = try await curator.upload(path + "/files", fields: ["caption": "На олимпиаде"], fileName: "олимпиада.png", data: Self.png)
            #expect(noConsent.status == .unprocessableEntity && noConsent.text.contains("Нет согласия на публикацию фотографий") && noConsent.text.contains("На олимпиаде"))
            let renamed = try await curator.upload(path + "/files", fields: ["caption": "x"], fileName: "фото.png", data: Data("MZ program".utf8))
            #expect(renamed.status == .unprocessableEntity && renamed.text.contains("не совпадает с расширением"))
            #expect(try await CaseFile.query(on: app.db).count() == 1)

            let photoConsent = try await publications.consent(app, territory.organizationID, .mentee, member.$mentee.id, .publicationPhotos)
            let noCaption = try await curator.upload(path + "/files", fields: ["caption": ""], fileName: "олимпиада.png", data: Self.png)
            #expect(noCaption.status == .unprocessableEntity && noCaption.text.contains("Опишите, что на фотографии"))
            #expect(try await curator.upload(path + "/files", fields: ["caption": "На олимпиаде"], fileName: "олимпиада.png", data: Self.png).status == .seeOther)
            let photo = try #require(try await CaseFile.query(on: app.db).filter(\.$isPhoto == true).first())
            let material = try #require(try await CaseFile.query(on: app.db).filter(\.$isPhoto == false).first())

            // The administration sees the case with its files before publishing it.
            #expect(try await curator.post(path + "/submit").status == .seeOther)
            let preview = try await director.get("/orgs/\(territory.organizationID)/cases/\(practice.id!)")
            #expect(preview.status == .ok && preview.text.contains("План занятий") && preview.text.contains("alt=\"На олимпиаде\""))
            #expect(try await director.get("/orgs/\(territory.organizationID)/cases/\(practice.id!)/files/\(photo.id!)").status == .ok)
            #expect(try await director.post("/orgs/\(territory.organizationID)/cases/\(practice.id!)/publish").status == .seeOther)

            let anonymous = Browser(app)
            let page = try await anonymous.get("/cases/\(practice.id!)")
            #expect(page.status == .ok && page.text.contains("/cases/\(practice.id!)/files/\(photo.id!)") && page.text.contains("План занятий"))
            let image = try await anonymous.get("/cases/\(practice.id!)/files/\(photo.id!)")
            #expect(image.status == .ok && Data(buffer: image.body) == Self.png && image.headers.contentType?.subType == "png")
            #expect(image.headers.first(name: .contentDisposition)?.hasPrefix("inline;") == true)
            // A withdrawn photo consent hides it at once: caches must ask again at every view.
            #expect(image.headers.first(name: .cacheControl) == "public, no-cache")
            let api = try await app.testing().sendRequest(.GET, "/api/v1/public/cases/\(practice.id!)")
            #expect(api.status == .ok && api.text.contains("\"isPhoto\":true"))

            // The guardian withdraws the photo consent: the photo is gone at once, the case and its material stay.
            #expect(try await director.post("/orgs/\(territory.organizationID)/mentees/\(member.$mentee.id)/consents/\(photoConsent.id!)/withdraw").status == .seeOther)
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .published)
            let after = try await anonymous.get("/cases/\(practice.id!)")
            #expect(after.status == .ok && !after.text.contains("files/\(photo.id!)") && after.text.contains("План занятий"))
            #expect(try await anonymous.get("/cases/\(practice.id!)/files/\(photo.id!)").status == .notFound)
            let file = try await anonymous.get("/cases/\(practice.id!)/files/\(material.id!)")
            #expect(file.status == .ok && Data(buffer: file.body) == pdf && file.headers.first(name: .contentDisposition)?.hasPrefix("attachment;") == true)
            #expect(try await curator.get(path).text.contains("скрыто: нет согласия на фото"))

            // Another organization's administration sees nothing of it; deleting a file sends the case back for approval.
            let other = try await Fixtures.territory(app, regionCode: "25", organizationName: "Другая школа")
            try await Fixtures.person(app, login: "direktor.b", role: .orgAdmin, organization: other.organization)
            let stranger = Browser(app)
            try await stranger.signIn("direktor.b")
            #expect(try await stranger.get("/orgs/\(territory.organizationID)/cases/\(practice.id!)/files/\(material.id!)").status == .notFound)
            #expect(try await stranger.get("/orgs/\(other.organizationID)/cases/\(practice.id!)").status == .notFound)
            #expect(try await curator.post(path + "/files/\(photo.id!)/delete").status == .seeOther)
            #expect(try await CaseFile.query(on: app.db).count() == 1)
            #expect(try await PracticeCase.find(practice.id, on: app.db)?.status == .draft)
            #expect(try await anonymous.get("/cases/\(practice.id!)/files/\(material.id!)").status == .notFound)
        }
    }
}
