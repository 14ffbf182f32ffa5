import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// A case's photos and materials and a contest application's files through the API (issue 22,
/// item 2): the same service functions, limits, roles, consent checks and audit as the pages.
/// Every answer is checked against the OpenAPI document by `withTestApp`'s conformance check.
@Suite("Загрузки через API: файлы кейса и конкурсной заявки по правилам страниц")
struct UploadsAPITests {
    struct Part {
        let name: String
        var fileName: String? = nil
        let data: Data
    }

    /// A multipart/form-data body as an integrator's client sends it, with the bearer token.
    static func multipart(_ token: String, _ parts: [Part]) -> (HTTPHeaders, ByteBuffer) {
        let boundary = "----api\(UUID().uuidString)"
        var body = Data()
        for part in parts {
            let file = part.fileName.map { "; filename=\"\($0)\"\r\nContent-Type: application/octet-stream" } ?? ""
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\"\(file)\r\n\r\n".utf8))
            body.append(part.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token)", "Content-Type": "multipart/form-data; boundary=\(boundary)"]
        return (headers, ByteBuffer(data: body))
    }

    static func text(_ name: String, _ value: String) -> Part { Part(name: name, data: Data(value.utf8)) }

    static func send(_ app: Application, _ path: String, _ token: String, _ parts: [Part]) async throws -> TestingHTTPResponse {
        let (headers, body) = multipart(token, parts)
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: body)
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let fields: [String: String]? }
        let error: Detail
    }

    /// Withdraws the person's processing consent as the card's form does.
    static func withdrawProcessing(_ app: Application, _ organizationID: UUID, _ kind: BaseKind, _ id: UUID) async throws {
        let consent = try await PublicationsTests().consent(app, organizationID, kind, id, .processing)
        let principal = Principal(userID: UUID(), fullName: "Куратор", shortName: "Куратор", isPlatformAdmin: false, mustChangePassword: false, grants: [])
        let removed = try await app.db.transaction { tx in try await Consents.withdraw(consent, by: principal, on: tx) }
        #expect(removed != nil)
    }

    static let pdf = Data("%PDF-1.4 план занятий наставника".utf8)

    /// A finished pair with its saved case; the curator's and other people's tokens.
    func caseWorld(_ app: Application) async throws -> (pairing: Pairing, practice: PracticeCase, territory: Fixtures.Territory, curator: String,
                                                        mentor: String, stranger: String, director: String) {
        let (pairing, _, _, _, territory) = try await PairCompletionTests().formedPair(app)
        pairing.status = .finished
        try await pairing.save(on: app.db)
        let practice = try await CaseService.save(CasesAPITests.text, for: pairing, by: .system, on: app.db)
        let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
        try await Fixtures.person(app, login: "kurator.b", role: .curator, organization: other.organization)
        try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization)
        return (pairing, practice, territory, try await APITests().token(app, login: "kurator"), try await APITests().token(app, login: "nastavnik"),
                try await APITests().token(app, login: "kurator.b"), try await APITests().token(app, login: "direktor"))
    }

    @Test("Сервис не прикладывает файл к кейсу пары, где участник отозвал согласие на обработку данных")
    func caseServiceRefusesAfterWithdrawal() async throws {
        try await withTestApp { app in
            let w = try await caseWorld(app)
            let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == w.pairing.id!).first())
            try await Self.withdrawProcessing(app, w.territory.organizationID, .mentee, member.$mentee.id)
            await #expect(throws: CaseError.consentWithdrawn) {
                _ = try await CaseService.attach((name: "план.pdf", data: Self.pdf), caption: "План", to: w.pairing, by: .system, on: app.db)
            }
            #expect(try await CaseFile.query(on: app.db).count() == 0)
        }
    }

    @Test("API кейса: куратор прикладывает материал и фото, файл отдаётся байт в байт; чужая организация — 404, наставник — 403; большой или не тот файл — 422 по-русски; после отзыва согласия — 409")
    func caseFilesOverAPI() async throws {
        try await withTestApp { app in
            let w = try await caseWorld(app)
            let upload = "/api/v1/pairs/\(w.pairing.id!)/case/files"
            let audits = { try await AuditEntry.query(on: app.db).filter(\.$objectType == "caseFile").count() }

            let created = try await Self.send(app, upload, w.curator, [Self.text("caption", "План занятий"), Part(name: "file", fileName: "план.pdf", data: Self.pdf)])
            #expect(created.status == .created, "\(created.text)")
            let material = try created.content.decode(CasesAPIController.FileDTO.self)
            #expect(material.fileName == "план.pdf" && material.caption == "План занятий" && !material.isPhoto)
            let download = "/api/v1/organizations/\(w.territory.organizationID)/cases/\(w.practice.id!)/files/\(material.id)"
            let served = try await app.testing().sendRequest(.GET, download, headers: APITests().bearer(w.director))
            #expect(served.status == .ok && Data(buffer: served.body) == Self.pdf && served.headers.contentType?.description == "application/pdf")
            #expect(try await audits() == 1)

            // A photo needs everyone's photo consent, as on the page; then it is served as sent.
            let noConsent = try await Self.send(app, upload, w.curator, [Self.text("caption", "На олимпиаде"),
                                                                         Part(name: "file", fileName: "олимпиада.png", data: CaseFilesTests.png)])
            let refusal = try noConsent.content.decode(ErrorBody.self)
            #expect(noConsent.status == .unprocessableEntity && refusal.error.fields?["file"]?.contains("Нет согласия на публикацию фотографий") == true)
            let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == w.pairing.id!).first())
            for (kind, id) in [(BaseKind.mentor, w.pairing.$mentor.id), (.mentee, member.$mentee.id)] {
                _ = try await PublicationsTests().consent(app, w.territory.organizationID, kind, id, .publicationPhotos)
            }
            let photoAnswer = try await Self.send(app, upload, w.curator, [Self.text("caption", "На олимпиаде"),
                                                                           Part(name: "file", fileName: "олимпиада.png", data: CaseFilesTests.png)])
            #expect(photoAnswer.status == .created)
            let photo = try photoAnswer.content.decode(CasesAPIController.FileDTO.self)
            #expect(photo.isPhoto && photo.shownPublicly)
            let photoServed = try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(w.territory.organizationID)/cases/\(w.practice.id!)/files/\(photo.id)",
                                                                  headers: APITests().bearer(w.curator))
            #expect(Data(buffer: photoServed.body) == CaseFilesTests.png && photoServed.headers.contentType?.description == "image/png")
            let shown = try await app.testing().sendRequest(.GET, "/api/v1/pairs/\(w.pairing.id!)/case", headers: APITests().bearer(w.curator))
            #expect(try shown.content.decode(CasesAPIController.CaseDTO.self).files.map(\.id) == [material.id, photo.id])

            // Another organization's curator does not find the pair; the pair's mentor may not attach.
            #expect(try await Self.send(app, upload, w.stranger, [Part(name: "file", fileName: "план.pdf", data: Self.pdf)]).status == .notFound)
            #expect(try await Self.send(app, upload, w.mentor, [Part(name: "file", fileName: "план.pdf", data: Self.pdf)]).status == .forbidden)

            // The page's limits: 5 MB, the kinds, the content; the message in Russian in the JSON body.
            var huge = Data("%PDF-1.4 ".utf8)
            huge.append(Data(count: AttachedFile.maxSize))
            for (name, data, words) in [("большой.pdf", huge, "больше 5 МБ"), ("отчёт.html", Data("<script>alert(1)</script>".utf8), "такого вида не принимается"),
                                        ("фото.png", Data("MZ program".utf8), "не совпадает с расширением")] {
                let answer = try await Self.send(app, upload, w.curator, [Part(name: "file", fileName: name, data: data)])
                #expect(answer.status == .unprocessableEntity, "\(name): \(answer.status)")
                let body = try answer.content.decode(ErrorBody.self)
                #expect(body.error.code == "validation" && body.error.message.contains(words) && body.error.fields?["file"]?.contains(words) == true, "\(name)")
            }
            #expect(try await CaseFile.query(on: app.db).count() == 2)
            #expect(try await audits() == 2)

            // A withdrawn member's pair takes no file: 409 with the stable code.
            try await Self.withdrawProcessing(app, w.territory.organizationID, .mentee, member.$mentee.id)
            let withdrawn = try await Self.send(app, upload, w.curator, [Self.text("caption", "План"), Part(name: "file", fileName: "план.pdf", data: Self.pdf)])
            let withdrawnBody = try withdrawn.content.decode(ErrorBody.self)
            #expect(withdrawn.status == .conflict && withdrawnBody.error.code == "consent_withdrawn" && withdrawnBody.error.message.contains("отозвал согласие"))
            #expect(try await CaseFile.query(on: app.db).count() == 0)
            #expect(try await audits() == 2)
        }
    }

    @Test("Испорченное тело multipart (без частей, часть без заголовков) — 400 с сообщением по-русски, не 500")
    func brokenMultipart() async throws {
        try await withTestApp { app in
            let w = try await caseWorld(app)
            let contest = try await ContestService.create(.init(title: "Быть учителем!", year: "2027", nominations: "Наставник молодого педагога",
                                                                criteria: "Результаты"), regionID: w.territory.region.id!, by: .system, on: app.db)
            let paths = ["/api/v1/pairs/\(w.pairing.id!)/case/files",
                         "/api/v1/organizations/\(w.territory.organizationID)/contests/\(contest.id!)/applications"]
            for path in paths {
                for body in ["--b--\r\n", "--b\r\n1.1754943508222875e-38--b--\r\n"] {
                    let answer = try await app.testing().sendRequest(.POST, path, headers: [
                        "Authorization": "Bearer \(path.contains("contests") ? w.director : w.curator)",
                        "Content-Type": "multipart/form-data; boundary=b"], body: ByteBuffer(string: body))
                    #expect(answer.status == .badRequest, "\(path) \(body.debugDescription): \(answer.status) \(answer.text)")
                    #expect(try answer.content.decode(ErrorBody.self).error.message.contains("разобрать"))
                }
            }
        }
    }

    /// A contest of the school's region with the semi-final open today, a teacher to put forward and tokens.
    func contestWorld(_ app: Application) async throws -> (contest: Contest, school: Fixtures.Territory, teacher: Mentor, director: String,
                                                           stranger: String, coordinator: String) {
        let school = try await Fixtures.territory(app)
        let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
        try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: school.organization)
        try await Fixtures.person(app, login: "direktor.b", role: .orgAdmin, organization: other.organization)
        try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: school.region.id)
        let today = CalendarDay.today()
        let contest = try await ContestService.create(.init(title: "Быть учителем!", year: String(today.year), nominations: "Наставник молодого педагога",
                                                            criteria: "Результаты"), regionID: school.region.id!, by: .system, on: app.db)
        // The semi-final from yesterday to tomorrow, the later stages after it.
        let days = [-1, 1, 10, 20, 30, 40].map { today.adding(days: $0).iso }
        try await ContestService.saveWindows(Dictionary(uniqueKeysWithValues: zip(ContestRules.windowFields, days)), of: contest, by: .system, on: app.db)
        let teacher = try await PairingFixtures.mentor(app, organization: school.organization, lastName: "Алексеева")
        return (contest, school, teacher, try await APITests().token(app, login: "direktor"), try await APITests().token(app, login: "direktor.b"),
                try await APITests().token(app, login: "koordinator"))
    }

    func applicationFields(_ mentorID: UUID) -> [Part] {
        [Self.text("mentorId", mentorID.uuidString), Self.text("nomination", "Наставник молодого педагога"),
         Self.text("materials", "Программа наставничества молодых педагогов, https://school.example/practice")]
    }

    @Test("Сервис не принимает заявку на наставника, отозвавшего согласие на обработку данных")
    func contestServiceRefusesAfterWithdrawal() async throws {
        try await withTestApp { app in
            let w = try await contestWorld(app)
            try await Self.withdrawProcessing(app, w.school.organizationID, .mentor, w.teacher.id!)
            await #expect(throws: ContestError.consentWithdrawn) {
                _ = try await ContestService.apply(.init(mentorID: w.teacher.id, nomination: "Наставник молодого педагога", materials: "Опыт",
                                                         uploads: [(name: "портфолио.pdf", data: Self.pdf)]),
                                                   to: w.contest, organizationID: w.school.organizationID, by: .system, on: app.db)
            }
            #expect(try await ContestApplication.query(on: app.db).count() == 0)
        }
    }

    @Test("Заявка с файлом, поданная в ту же секунду, когда наставник отзывает согласие, не оставляет ни файла, ни описания")
    func applicationRacingWithdrawal() async throws {
        try await withTestApp { app in
            let w = try await contestWorld(app)
            var mentors: [UUID] = []
            var consents: [ConsentRecord] = []
            for name in ["Борисова", "Васильева", "Григорьева", "Денисова"] {
                let mentor = try await PairingFixtures.mentor(app, organization: w.school.organization, lastName: name).id!
                mentors.append(mentor)
                consents.append(try await PublicationsTests().consent(app, w.school.organizationID, .mentor, mentor, .processing))
            }
            let principal = Principal(userID: UUID(), fullName: "Куратор", shortName: "Куратор", isPlatformAdmin: false, mustChangePassword: false, grants: [])
            let (people, records) = (mentors, consents)
            // Each mentor's withdrawal beside an application for them: the application comes wholly
            // before the withdrawal (which then empties it) or is refused after it.
            _ = try await inParallel(people.count * 2) { index -> Bool in
                let mentor = people[index / 2]
                if index % 2 == 0 {
                    return try await app.db.transaction { tx in try await Consents.withdraw(records[index / 2], by: principal, on: tx) } != nil
                }
                do {
                    _ = try await ContestService.apply(.init(mentorID: mentor, nomination: "Наставник молодого педагога", materials: "Портфолио наставника",
                                                             uploads: [(name: "портфолио.pdf", data: Self.pdf)]),
                                                       to: w.contest, organizationID: w.school.organizationID, by: .system, on: app.db)
                    return true
                } catch {
                    return false
                }
            }
            #expect(try await ContestApplicationFile.query(on: app.db).count() == 0)
            let texts = try await ContestApplication.query(on: app.db).all().map(\.materials)
            #expect(texts.allSatisfy { !$0.contains("Портфолио") }, "\(texts)")
        }
    }

    @Test("API конкурса: заявка с файлами одним запросом, файл отдаётся байт в байт; чужая организация — 404; не тот файл или четыре файла — 422 по-русски; отозвавший согласие — 409")
    func contestFilesOverAPI() async throws {
        try await withTestApp { app in
            let w = try await contestWorld(app)
            let apply = "/api/v1/organizations/\(w.school.organizationID)/contests/\(w.contest.id!)/applications"
            let portfolio = Data("%PDF-1.5 портфолио Алексеевой".utf8)

            // The page's limits, all or nothing: a disguised file or a fourth file stores no application.
            let disguised = try await Self.send(app, apply, w.director, applicationFields(w.teacher.id!) + [
                Part(name: "files[]", fileName: "портфолио.pdf", data: portfolio), Part(name: "files[]", fileName: "фото.jpg", data: Data("<html>".utf8))])
            let disguisedBody = try disguised.content.decode(ErrorBody.self)
            #expect(disguised.status == .unprocessableEntity && disguisedBody.error.fields?["files"]?.contains("не совпадает с расширением") == true)
            let four = try await Self.send(app, apply, w.director, applicationFields(w.teacher.id!)
                + (1...4).map { Part(name: "files[]", fileName: "часть \($0).pdf", data: portfolio) })
            let fourBody = try four.content.decode(ErrorBody.self)
            #expect(four.status == .unprocessableEntity && fourBody.error.message.contains("не больше 3 файлов"))
            #expect(try await ContestApplication.query(on: app.db).count() == 0)
            #expect(try await ContestApplicationFile.query(on: app.db).count() == 0)

            // Another school's director does not find this school.
            #expect(try await Self.send(app, apply, w.stranger, applicationFields(w.teacher.id!)).status == .notFound)

            let created = try await Self.send(app, apply, w.director, applicationFields(w.teacher.id!) + [
                Part(name: "files[]", fileName: "портфолио.pdf", data: portfolio), Part(name: "files[]", fileName: "на уроке.png", data: CaseFilesTests.png)])
            #expect(created.status == .created, "\(created.text)")
            let application = try created.content.decode(ContestAPIController.ApplicationDTO.self)
            #expect(application.files.map(\.fileName) == ["портфолио.pdf", "на уроке.png"])
            let file = try #require(application.files.first)
            let path = "/api/v1/contests/\(w.contest.id!)/applications/\(application.id)/files/\(file.id)"
            for token in [w.director, w.coordinator] {
                let served = try await app.testing().sendRequest(.GET, path, headers: APITests().bearer(token))
                #expect(served.status == .ok && Data(buffer: served.body) == portfolio)
            }
            #expect(try await app.testing().sendRequest(.GET, path, headers: APITests().bearer(w.stranger)).status == .notFound)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$objectType == "contestApplication").count() == 1)

            // A mentor who withdrew the processing consent is not put forward, with files or without.
            let withdrawn = try await PairingFixtures.mentor(app, organization: w.school.organization, lastName: "Борисова")
            try await Self.withdrawProcessing(app, w.school.organizationID, .mentor, withdrawn.id!)
            let refused = try await Self.send(app, apply, w.director, applicationFields(withdrawn.id!) + [
                Part(name: "files[]", fileName: "портфолио.pdf", data: portfolio)])
            let refusedBody = try refused.content.decode(ErrorBody.self)
            #expect(refused.status == .conflict && refusedBody.error.code == "consent_withdrawn" && refusedBody.error.fields?["mentorID"] != nil)
            #expect(try await ContestApplication.query(on: app.db).count() == 1)
            #expect(try await ContestApplicationFile.query(on: app.db).count() == 2)
        }
    }
}
