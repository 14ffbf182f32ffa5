import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// The pair's practice case, its files, the pair's results and wishes, and a mentor's contest
/// application: all of them tell about the person, so the withdrawal of the processing consent
/// leaves no name, no photo and no material of theirs there (found by an attacker review: the
/// case's goal, what was done, materials and files outlived the withdrawal).
extension ConsentWithdrawalTests {
    /// A finished pair's case written through the API, every text naming the child (and his
    /// phone, and his name in Latin letters in a link), published; a photo and a material of the
    /// case, a result with a link and a file, the wishes table, and the mentor's contest
    /// application whose materials name her and the child, with a file.
    struct CaseWorld {
        let practiceID: UUID
        let photoID: UUID
        let materialID: UUID
        let resultID: UUID
        let applicationID: UUID
        let curatorToken: HTTPHeaders
    }

    func caseWorld(_ app: Application, _ w: World) async throws -> CaseWorld {
        w.pairing.status = .finished
        try await w.pairing.save(on: app.db)
        let curator: HTTPHeaders = ["Authorization": "Bearer \(try await APITests().token(app, login: "kurator"))", "Content-Type": "application/json"]
        let body = ByteBuffer(string: """
            {"title": "Арсений и олимпиада", "topic": "contests", "story": "Иванов Арсений Павлович пришёл в пару в сентябре.",
             "goal": "Иванову Арсению исправить оценку; телефон Арсения +7 900 111-22-33", "whatWasDone": "С Арсением Ивановым решали задачи",
             "results": "Арсений — призёр муниципального этапа", "materials": ["https://example.org/arseniy-olimpiada"]}
            """)
        let saved = try await app.testing().sendRequest(.PUT, "/api/v1/pairs/\(w.pairing.id!)/case", headers: curator, body: body)
        #expect(saved.status == .ok, "\(saved.text)")
        let practice = try #require(try await PracticeCase.query(on: app.db).filter(\.$pairingID == w.pairing.id!).first())
        #expect(practice.searchKey.contains("арсени"))
        // Published, with both publication consents: the public library shows it.
        try await CasesAPITests.consentAll(app, w.pairing, w.territory.organizationID)
        practice.status = .published
        practice.publishedAt = Date()
        try await practice.save(on: app.db)

        var files: [UUID] = []
        for (name, caption, isPhoto, data) in [("Иванов Арсений.png", "Арсений на олимпиаде", true, CaseFilesTests.png),
                                               ("план Арсения.pdf", "План занятий Иванова Арсения", false, Data("%PDF-1.4\n".utf8))] {
            let file = CaseFile()
            file.$practiceCase.id = practice.id!
            file.fileName = name
            file.fileType = isPhoto ? "image/png" : "application/pdf"
            file.isPhoto = isPhoto
            file.caption = caption
            file.size = data.count
            file.data = data
            try await file.create(on: app.db)
            files.append(file.id!)
        }

        let result = PairResult()
        result.$pairing.id = w.pairing.id!
        result.programID = w.program.id!
        result.kind = .olympiad
        result.title = "Олимпиада Арсения"
        result.achievedOn = CalendarDay.today().iso
        result.link = "https://example.org/diplom-arseniy"
        result.fileName = "Грамота Иванова.pdf"
        result.fileType = "application/pdf"
        result.fileData = Data("%PDF-1.4 Арсений\n".utf8)
        result.writtenByName = "Смирнова Анна"
        try await result.create(on: app.db)

        let wish = PairWish()
        wish.$pairing.id = w.pairing.id!
        wish.wish = "Арсений хочет исправить оценку"
        wish.resources = "Мама Арсения помогает"
        wish.missingResources = "Арсению не хватает времени"
        wish.measure = "Оценка Иванова Арсения в четверти"
        wish.timeNeeded = "Арсению — месяц"
        wish.writtenByName = "Смирнова Анна"
        try await wish.create(on: app.db)

        let contest = Contest()
        contest.regionID = w.territory.region.id!
        contest.title = "Быть учителем!"
        contest.year = CalendarDay.today().year
        contest.nominations = "Наставник школьника"
        contest.criteria = "Результаты"
        let today = CalendarDay.today()
        (contest.semiFinalFrom, contest.semiFinalTo) = (today.adding(days: -10).iso, today.adding(days: 10).iso)
        (contest.finalFrom, contest.finalTo) = (today.adding(days: 20).iso, today.adding(days: 30).iso)
        (contest.superFinalFrom, contest.superFinalTo) = (today.adding(days: 40).iso, today.adding(days: 50).iso)
        contest.currentStage = .semiFinal
        contest.resultsPublished = false
        contest.createdByName = "Координатор"
        try await contest.create(on: app.db)
        let application = ContestApplication()
        application.$contest.id = contest.id!
        application.organizationID = w.territory.organizationID
        application.$mentor.id = w.mentor.id!
        application.nomination = "Наставник школьника"
        application.materials = "Смирнова Анна Ивановна ведёт Иванова Арсения Павловича\nhttps://example.org/smirnova-portfolio"
        application.stage = .semiFinal
        application.submittedByName = "Петрова Мария Ивановна"
        try await application.create(on: app.db)
        let applicationFile = ContestApplicationFile()
        applicationFile.$application.id = application.id!
        applicationFile.fileName = "Портфолио Смирновой.pdf"
        applicationFile.fileType = "application/pdf"
        applicationFile.size = 9
        applicationFile.data = Data("%PDF-1.4\n".utf8)
        try await applicationFile.create(on: app.db)
        return CaseWorld(practiceID: practice.id!, photoID: files[0], materialID: files[1], resultID: result.id!, applicationID: application.id!,
                         curatorToken: curator)
    }

    /// Bytes of files still stored, by table: the files live in the database (`AttachedFile`).
    static func storedFiles(_ app: Application) async throws -> (caseFiles: Int, results: Int, applications: Int) {
        (try await CaseFile.query(on: app.db).count(),
         try await PairResult.query(on: app.db).filter(\.$fileData != nil).count(),
         try await ContestApplicationFile.query(on: app.db).count())
    }

    @Test("Отзыв согласия убирает ребёнка из кейса пары: все тексты, фото и материалы, результаты и желания пары; кейс снят с публикации")
    func withdrawalRemovesTheChildFromTheCase() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let c = try await caseWorld(app, w)
            let org = "/orgs/\(w.territory.organizationID)"
            let cases = "/api/v1/organizations/\(w.territory.organizationID)/cases/\(c.practiceID)"
            #expect(try await app.testing().sendRequest(.GET, cases + "/files/\(c.photoID)", headers: c.curatorToken).status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/public/cases/\(c.practiceID)").status == .ok)
            #expect(try await Self.storedFiles(app) == (2, 1, 1))

            // A withdrawal rolled back with its transaction loses no file of a person who still consents.
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentee.id!)
                .filter(\.$purpose == .processing).first())
            let curatorUser = try #require(try await User.query(on: app.db).filter(\.$login == "kurator").first())
            let principal = Principal(userID: curatorUser.id!, fullName: curatorUser.fullName, shortName: curatorUser.fullName, isPlatformAdmin: false,
                                      mustChangePassword: false, grants: [])
            struct RolledBack: Error {}
            await #expect(throws: RolledBack.self) {
                try await app.db.transaction { tx in
                    _ = try await Consents.withdraw(consent, by: principal, on: tx)
                    throw RolledBack()
                }
            }
            #expect(try await Self.storedFiles(app) == (2, 1, 1))
            #expect(try await PracticeCase.find(c.practiceID, on: app.db)?.goal.contains("Арсени") == true)
            consent.withdrawnAt = nil
            consent.withdrawnByID = nil

            #expect(try await w.curator.post(org + "/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)

            // Nothing of him stays in any text column: the case's every field, its search key, the
            // files' captions and names, the result's link and file name, the wishes, the
            // application's materials (his name there, hers stays: she has not withdrawn).
            for needle in ["Арсени", "арсени", "arseniy", "Иванов А", "иванову", "111-22-33"] { try await Self.expectNowhere(needle, app: app) }
            #expect(try await ContestApplication.find(c.applicationID, on: app.db)?.materials.contains("Смирнова Анна") == true)
            // The photos and materials of his pair's case and the result's file are gone with their bytes.
            #expect(try await Self.storedFiles(app) == (0, 0, 1))
            let result = try #require(try await PairResult.find(c.resultID, on: app.db))
            #expect(result.link.isEmpty && result.fileName == nil && result.fileType == nil && result.kind == .olympiad)
            // The case stays counted (form, topic), off the public library, its texts removed.
            let practice = try #require(try await PracticeCase.find(c.practiceID, on: app.db))
            #expect(practice.status == .takenDown && practice.topic == .contests && practice.materials.isEmpty)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/public/cases/\(c.practiceID)").status == .notFound)

            // The API the finding used: the case answers without him, its files are 404.
            for file in [c.photoID, c.materialID] {
                let download = try await app.testing().sendRequest(.GET, cases + "/files/\(file)", headers: c.curatorToken)
                #expect(download.status == .notFound && download.headers.contentType == .json, "\(download.status)")
            }
            let shown = try await app.testing().sendRequest(.GET, cases, headers: c.curatorToken)
            #expect(shown.status == .ok && !shown.text.contains("Арсени") && !shown.text.contains("arseniy") && !shown.text.contains("111-22-33")
                    && !shown.text.contains("/files/"), "\(shown.text)")
            let pairCase = try await app.testing().sendRequest(.GET, "/api/v1/pairs/\(w.pairing.id!)/case", headers: c.curatorToken)
            #expect(pairCase.status == .ok && !pairCase.text.contains("Арсени"))

            // The withdrawal's audit entry says what was removed, by counts, naming no one.
            let entry = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.consentWithdrawn.rawValue).first())
            let details = try #require(entry.details)
            #expect(details.contains("Кейсы пар человека (1)") && details.contains("фото и материалы (2)")
                    && details.contains("Ссылки и файлы результатов пар (1)"), "\(details)")
            // The card lists it too.
            #expect(try await w.curator.get(org + "/mentees/\(w.mentee.id!)").text.contains("Кейсы пар человека (1)"))
        }
    }

    @Test("Фото к кейсу пары, прикреплённые в ту же секунду, когда ребёнок отзывает согласие, не остаются после отзыва")
    func attachRacingWithdrawal() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let c = try await caseWorld(app, w)
            let pairing = try #require(try await Pairing.find(w.pairing.id, on: app.db))
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentee.id!)
                .filter(\.$purpose == .processing).first())
            let curatorUser = try #require(try await User.query(on: app.db).filter(\.$login == "kurator").first())
            let principal = Principal(userID: curatorUser.id!, fullName: curatorUser.fullName, shortName: curatorUser.fullName, isPlatformAdmin: false,
                                      mustChangePassword: false, grants: [])
            // The withdrawal in the middle of six uploads; each upload either comes before it (and
            // its photo is removed with the others) or after it (and is refused: no photo consent).
            _ = try await inParallel(7) { index -> Bool in
                if index == 3 {
                    return try await app.db.transaction { tx in try await Consents.withdraw(consent, by: principal, on: tx) } != nil
                }
                do {
                    _ = try await CaseService.attach((name: "занятие \(index).png", data: CaseFilesTests.png), caption: "Пара на занятии",
                                                     to: pairing, by: .system, on: app.db)
                    return true
                } catch {
                    return false
                }
            }
            let photos = try await CaseFile.query(on: app.db).filter(\.$practiceCase.$id == c.practiceID).filter(\.$isPhoto == true).count()
            #expect(photos == 0)
        }
    }

    @Test("Отзыв согласия наставником убирает его из конкурсной заявки: материалы и файлы удалены, заявка осталась в счёте")
    func mentorWithdrawalRemovesTheContestMaterials() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let c = try await caseWorld(app, w)
            let org = "/orgs/\(w.territory.organizationID)"
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentor.id!)
                .filter(\.$purpose == .processing).first())
            #expect(try await w.curator.post(org + "/mentors/\(w.mentor.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)
            // Her name nowhere; the case of her pair, which told the child's story too, keeps none of it.
            for needle in ["Смирнов", "смирнов", "smirnova", "111-22-33", "олимпиад"] { try await Self.expectNowhere(needle, app: app) }
            #expect(try await Mentee.find(w.mentee.id, on: app.db)?.lastName == "Иванов", "ребёнок согласия не отзывал")
            #expect(try await Self.storedFiles(app) == (0, 0, 0))
            let application = try #require(try await ContestApplication.find(c.applicationID, on: app.db))
            #expect(application.stage == .semiFinal && application.nomination == "Наставник школьника")
            let details = try #require(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.consentWithdrawn.rawValue).first()?.details)
            #expect(details.contains("Материалы конкурсных заявок (1), их файлы (1)"), "\(details)")
        }
    }
}
