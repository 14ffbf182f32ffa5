import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Who asks, one column of the route table each. Everyone but the coordinators and the platform
/// administrator holds a role in organization А; the pair of А is the mentor's and the mentee's.
enum SecurityRole: Int, CaseIterable, Sendable {
    case anonymous, platformAdmin, orgAdmin, curator, psychologist, mentor, mentee
    case regionalCoordinator, municipalCoordinator, otherRegionCoordinator

    var login: String? {
        switch self {
        case .anonymous: nil
        case .platformAdmin: "sec.admin"
        case .orgAdmin: "sec.orgadmin"
        case .curator: "sec.curator"
        case .psychologist: "sec.psychologist"
        case .mentor: "sec.mentor"
        case .mentee: "sec.mentee"
        case .regionalCoordinator: "sec.region"
        case .municipalCoordinator: "sec.municipal"
        case .otherRegionCoordinator: "sec.region77"
        }
    }
}

/// Whose objects fill a route's parameters: organization А's (and region 25's), or organization Б's
/// (and, for regional objects such as a contest, region 77's).
enum SecuritySide: String, CaseIterable, Sendable { case own, foreign }

/// Two organizations in one region (А and Б), an organization in another region, people in every
/// role, and in А and Б the same set of objects the routes need: a program with its roadmap, bases,
/// a questionnaire sent out, an import, a formed pair with a meeting, a goal, a concern and a
/// result, a finished pair with a case, selection, training, mentor match, incentive, SWOT item.
struct SecurityWorld {
    /// The objects of one organization, each the value of a route parameter.
    struct Objects {
        var territory: Fixtures.Territory
        var program: Program!
        var mentorUser: User!
        var menteeUser: User!
        var mentor: Mentor!
        var mentee: Mentee!
        var mentorConsent: ConsentRecord!
        var menteeConsent: ConsentRecord!
        var roleAssignment: RoleAssignment!
        /// A role the organization offered to an account none of the checked roles holds (issue 18, item 2).
        var roleOffer: RoleOffer!
        var pairing: Pairing!
        var member: PairingMember!
        var finishedPairing: Pairing!
        var practiceCase: PracticeCase!
        var meeting: PairMeeting!
        var goal: PairGoal!
        var concern: PairConcern!
        var result: PairResult!
        var checklistItem: StageChecklistItem!
        var roadmapItem: RoadmapItem!
        var questionnaire: Questionnaire!
        var questionnaireAssignment: QuestionnaireAssignment!
        var importBatch: ImportBatch!
        var incentive: Incentive!
        var swotItem: SwotItem!
        var ownScale: OwnScale!
        var trainingSession: TrainingSession!
        var mentorMatchSession: MentorMatchSession!
        var apiTokenID: UUID!
        var invitationToken: String!
        /// The secret in the address of an invitation sheet (`InvitationSheets`), with no lines.
        var invitationSheetKey: String!
        var contest: Contest!
        var application: ContestApplication!
        var caseFileID: UUID!
        /// A notification of the side's mentor (issue 19): only that person reads or marks it.
        var notification: AppNotification!
        var applicationFileID: UUID!
        var organizationID: UUID { territory.organizationID }
    }

    var a: Objects
    var b: Objects
    var elsewhere: Fixtures.Territory
    /// A signed-in browser and an API token for each role but the anonymous one.
    var browsers: [SecurityRole: Browser] = [:]
    var bearer: [SecurityRole: String] = [:]

    func objects(_ side: SecuritySide) -> Objects { side == .own ? a : b }

    /// A browser for the role: signed in, or a fresh anonymous one.
    func browser(_ role: SecurityRole, app: Application) -> Browser { browsers[role] ?? Browser(app) }

    static func build(_ app: Application) async throws -> SecurityWorld {
        let territoryA = try await Fixtures.territory(app, regionCode: "25", organizationName: "Школа А")
        let territoryB = try await Fixtures.territory(app, regionCode: "25", organizationName: "Школа Б")
        let elsewhere = try await Fixtures.territory(app, regionCode: "77", organizationName: "Школа В")
        let orgA = territoryA.organization
        try await Fixtures.person(app, login: "sec.admin", platformAdmin: true)
        try await Fixtures.person(app, login: "sec.orgadmin", role: .orgAdmin, organization: orgA)
        try await Fixtures.person(app, login: "sec.curator", role: .curator, organization: orgA)
        try await Fixtures.person(app, login: "sec.psychologist", role: .psychologist, organization: orgA)
        try await Fixtures.person(app, login: "sec.region", role: .regionalCoordinator, regionID: territoryA.region.id)
        try await Fixtures.person(app, login: "sec.municipal", role: .regionalCoordinator, municipalityID: territoryA.municipality.id)
        try await Fixtures.person(app, login: "sec.region77", role: .regionalCoordinator, regionID: elsewhere.region.id)
        try await Fixtures.person(app, login: "b.orgadmin", role: .orgAdmin, organization: territoryB.organization)

        let admin = Browser(app)
        try await admin.signIn("sec.admin")
        var world = SecurityWorld(a: Objects(territory: territoryA), b: Objects(territory: territoryB), elsewhere: elsewhere)
        try await populate(&world.a, prefix: "sec", app: app, admin: admin)
        try await populate(&world.b, prefix: "b", app: app, admin: admin)
        // Б's program names А as a partner, and А put its mentor forward to it (issue 18): А's staff
        // see that program under «Программы партнёров», nobody else does.
        try await ProgramPartner(programID: world.b.program.id!, organizationID: world.a.organizationID, addedByName: "Б").create(on: app.db)
        try await PartnerNomination(programID: world.b.program.id!, organizationID: world.a.organizationID, mentorID: world.a.mentor.id!,
                                    nominatedByName: "А").create(on: app.db)
        world.a.apiTokenID = try await apiToken(app, login: "sec.orgadmin").id
        world.b.apiTokenID = try await apiToken(app, login: "b.orgadmin").id

        // Contests are regional: А's side is region 25's, the foreign side region 77's.
        let elsewhereMentor = try await PairingFixtures.mentor(app, organization: elsewhere.organization, lastName: "Васильева")
        world.a.contest = try await contest(app, coordinator: "sec.region", organizationID: world.a.organizationID, mentorID: world.a.mentor.id!)
        world.b.contest = try await contest(app, coordinator: "sec.region77", organizationID: elsewhere.organizationID, mentorID: elsewhereMentor.id!)
        world.a.application = try await ContestApplication.query(on: app.db).filter(\.$contest.$id == world.a.contest.id!).first()
        world.b.application = try await ContestApplication.query(on: app.db).filter(\.$contest.$id == world.b.contest.id!).first()
        for side in SecuritySide.allCases {
            let file = ContestApplicationFile()
            file.$application.id = world.objects(side).application.id!
            file.fileName = "программа.pdf"
            file.fileType = "application/pdf"
            file.data = Data("%PDF-1.4 программа".utf8)
            file.size = file.data.count
            try await file.create(on: app.db)
            if side == .own { world.a.applicationFileID = file.id } else { world.b.applicationFileID = file.id }
        }

        for role in SecurityRole.allCases {
            guard let login = role.login else { continue }
            let browser = Browser(app)
            try await browser.signIn(login)
            world.browsers[role] = browser
            world.bearer[role] = try await apiToken(app, login: login).raw
        }
        return world
    }

    /// Fills one organization with the objects the routes take, as its people would make them.
    private static func populate(_ o: inout Objects, prefix: String, app: Application, admin: Browser) async throws {
        let organization = o.territory.organization
        let org = "/orgs/\(o.organizationID)"
        o.mentorUser = try await Fixtures.person(app, login: "\(prefix).mentor", role: .mentor, organization: organization, lastName: "Смирнова")
        o.menteeUser = try await Fixtures.person(app, login: "\(prefix).mentee", role: .mentee, organization: organization, lastName: "Орлов")
        o.roleAssignment = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == o.mentorUser.id!).first()
        let offeree = try await Fixtures.person(app, login: "\(prefix).offeree", lastName: "Приглашённая")
        o.roleOffer = RoleOffer(userID: offeree.id!, organizationID: o.organizationID, role: .mentor, position: nil, offeredByID: o.mentorUser.id!)
        try await o.roleOffer.create(on: app.db)

        var programForm = ProgramsTests.schoolProgram
        programForm["form_teacherTeacher"] = nil
        programForm["model_noviceMaster"] = nil
        programForm["form_studentStudent"] = "1"
        programForm["name"] = "Шаг вперёд"
        try await expectRedirect(admin.post("\(org)/programs", form: programForm), "программа")
        o.program = try await Program.query(on: app.db).filter(\.$organization.$id == o.organizationID).first()
        let programPath = "\(org)/programs/\(o.program.id!)"
        o.roadmapItem = try await RoadmapItem.query(on: app.db).filter(\.$program.$id == o.program.id!).first()
        o.checklistItem = try await StageChecklistItem.query(on: app.db).filter(\.$program.$id == o.program.id!).first()

        o.mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова", userID: o.mentorUser.id, selectedIn: o.program)
        o.mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", userID: o.menteeUser.id)
        o.mentorConsent = try await ConsentRecord.query(on: app.db).filter(\.$subjectID == o.mentor.id!).first()
        o.menteeConsent = try await ConsentRecord.query(on: app.db).filter(\.$subjectID == o.mentee.id!).first()
        // The child's parent, linked on the child's card, so the card's section is walked too.
        let parent = try await Fixtures.person(app, login: "\(prefix).guardian", role: .guardian, organization: organization, lastName: "Орлова")
        try await GuardianLink(organizationID: o.organizationID, guardianUserID: parent.id!, menteeID: o.mentee.id!, relation: "мать",
                               createdByID: nil, createdByName: "Куратор").create(on: app.db)
        // A line of the organization's vocabulary of requests, shown on the catalogue's page.
        try await RequestVocabularyEntry(organizationID: o.organizationID, term: "Буллинг", phrase: "травля в классе", relation: "synonym",
                                         entryKey: RequestVocabulary.entryKey(term: "Буллинг", phrase: "травля в классе"),
                                         createdByName: "Куратор").create(on: app.db)
        (o.pairing, o.member) = try await pair(app, program: o.program, mentor: o.mentor, mentee: o.mentee, status: .formed)
        try await Mentee.query(on: app.db).filter(\.$id == o.mentee.id!).set(\.$status, to: .inPair).update()
        try await Mentor.query(on: app.db).filter(\.$id == o.mentor.id!).set(\.$status, to: .active).update()

        let formerMentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Кузнецова", selectedIn: o.program)
        let formerMentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Лебедев")
        (o.finishedPairing, _) = try await pair(app, program: o.program, mentor: formerMentor, mentee: formerMentee, status: .finished)
        try await expectRedirect(admin.post("/pairs/\(o.finishedPairing.id!)/case", form: [
            "title": "Из троечника — в призёры", "topic": "contests", "story": "История пары", "goal": "Подтянуть математику",
            "whatWasDone": "Занятия", "results": "Призёр", "materials": "https://example.org/olimpiada"]), "кейс")
        o.practiceCase = try await PracticeCase.query(on: app.db).filter(\.$pairingID == o.finishedPairing.id!).first()
        let caseFile = CaseFile()
        caseFile.$practiceCase.id = o.practiceCase.id!
        caseFile.fileName = "материалы.pdf"
        caseFile.fileType = "application/pdf"
        caseFile.isPhoto = false
        caseFile.caption = "Материалы"
        caseFile.data = Data("%PDF-1.4 материалы".utf8)
        caseFile.size = caseFile.data.count
        try await caseFile.create(on: app.db)
        o.caseFileID = caseFile.id
        o.notification = AppNotification()
        o.notification.userID = o.mentorUser.id!
        o.notification.kind = .meetingTomorrow
        o.notification.title = "Завтра встреча"
        o.notification.body = "Встреча пары"
        o.notification.link = "/me/pairs"
        o.notification.digestPending = false
        o.notification.createdAt = Date()
        try await o.notification.create(on: app.db)

        let pairPath = "/pairs/\(o.pairing.id!)"
        try await expectRedirect(admin.post(pairPath + "/meetings", form: [
            "kind": "acquaintance", "status": "held", "on": CalendarDay.today().adding(days: -1).iso, "startsAt": "15:00",
            "format": "inPerson", "place": "каб. 12", "summary": "Познакомились"]), "встреча")
        o.meeting = try await PairMeeting.query(on: app.db).filter(\.$pairing.$id == o.pairing.id!).first()
        try await expectRedirect(admin.post(pairPath + "/goals", form: [
            "horizon": "short", "title": "Алгебра", "desiredResult": "Четвёрка", "actions": "Задачи",
            "dueOn": CalendarDay.today().adding(days: 30).iso, "indicator": "Оценки"]), "цель")
        o.goal = try await PairGoal.query(on: app.db).filter(\.$pairing.$id == o.pairing.id!).first()
        let mentorBrowser = Browser(app)
        try await mentorBrowser.signIn("\(prefix).mentor")
        try await expectRedirect(mentorBrowser.post(pairPath + "/concerns", form: ["concernText": "Пропускает встречи"]), "обращение")
        o.concern = try await PairConcern.query(on: app.db).filter(\.$pairing.$id == o.pairing.id!).first()
        try await expectRedirect(mentorBrowser.upload(pairPath + "/results", fields: [
            "resultKind": "olympiad", "resultTitle": "Призёр", "achievedOn": CalendarDay.today().iso],
            fileName: "diplom.pdf", data: Data("%PDF-1.4 диплом".utf8)), "результат")
        o.result = try await PairResult.query(on: app.db).filter(\.$pairing.$id == o.pairing.id!).first()

        try await expectRedirect(admin.post("\(org)/questionnaires", form: ["template": "final-meeting"]), "анкета")
        o.questionnaire = try await Questionnaire.query(on: app.db).filter(\.$organization.$id == o.organizationID).first()
        try await expectRedirect(admin.post("\(org)/questionnaires/\(o.questionnaire.id!)/publish"), "публикация анкеты")
        try await expectRedirect(admin.post("\(org)/questionnaires/\(o.questionnaire.id!)/assignments", form: ["role": "mentee", "dueDate": "01.12.2030"]), "рассылка")
        o.questionnaireAssignment = try await QuestionnaireAssignment.query(on: app.db).filter(\.$user.$id == o.menteeUser.id!).first()

        try await expectRedirect(admin.upload("\(org)/imports", fields: ["kind": "mentee"], fileName: "база.csv",
                                              data: Data("ФИО;Класс;Форма наставничества\nПетров Иван;6А;ученик – ученик\n".utf8)), "импорт")
        o.importBatch = try await ImportBatch.query(on: app.db).filter(\.$organizationID == o.organizationID).first()

        try await expectRedirect(admin.post(programPath + "/completion/incentives", form: [
            "mentorID": o.mentor.id!.uuidString, "kind": "diploma", "reason": "За работу", "awardedOn": "2026-12-01"]), "поощрение")
        o.incentive = try await Incentive.query(on: app.db).filter(\.$program.$id == o.program.id!).first()
        try await expectRedirect(admin.post(programPath + "/monitoring/swot", form: ["quadrant": "strength", "text": "Сильные наставники"]), "SWOT")
        o.swotItem = try await SwotItem.query(on: app.db).filter(\.$program.$id == o.program.id!).first()
        o.ownScale = OwnScale(organizationID: o.organizationID, name: "Баллы демонстрационного экзамена", unit: "балл", minimum: 0, maximum: 100,
                              higherIsBetter: true, forMentees: true, forMentors: false)
        try await o.ownScale.create(on: app.db)
        try await expectRedirect(admin.post(programPath + "/training/sessions", form: [
            "kind": "primary", "topic": "Ролевые ситуации", "heldOn": "2026-10-01", "format": "seminar",
            "trainerName": "Сидорова А. А.", "trainerKind": "internal"]), "занятие")
        o.trainingSession = try await TrainingSession.query(on: app.db).filter(\.$program.$id == o.program.id!).first()

        let session = MentorMatchSession()
        session.$program.id = o.program.id!
        session.heldOn = "2026-10-05"
        session.startsAt = "15:00"
        session.place = "Актовый зал"
        session.slotMinutes = 7
        session.mentorIDs = formerMentor.id!.uuidString
        session.menteeIDs = formerMentee.id!.uuidString
        try await session.create(on: app.db)
        o.mentorMatchSession = session

        let invited = try await Fixtures.person(app, login: "\(prefix).invited", role: .mentor, organization: organization, lastName: "Приглашённая")
        o.invitationToken = SecureToken.generate()
        try await Invitation(userID: invited.id!, tokenHash: SecureToken.hash(o.invitationToken), createdByID: invited.id!,
                             expiresAt: Date().addingTimeInterval(86_400)).create(on: app.db)
        o.invitationSheetKey = SecureToken.generate()
        let sheet = InvitationSheet()
        sheet.$organization.id = organization.id!
        sheet.$createdBy.id = invited.id!
        sheet.kind = BaseKind.mentee.rawValue
        sheet.secretHash = SecureToken.hash(o.invitationSheetKey)
        try await sheet.create(on: app.db)
    }

    private static func pair(_ app: Application, program: Program, mentor: Mentor, mentee: Mentee, status: PairingStatus) async throws -> (Pairing, PairingMember) {
        let pairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: status, createdByName: "")
        pairing.formedAt = Date().addingTimeInterval(-30 * 86_400)
        try await pairing.create(on: app.db)
        let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: program.id!, score: 80, explanation: [], position: 0)
        member.menteeAnswer = .accepted
        member.mentorAnswer = .accepted
        try await member.create(on: app.db)
        return (pairing, member)
    }

    private static func contest(_ app: Application, coordinator: String, organizationID: UUID, mentorID: UUID) async throws -> Contest {
        let browser = Browser(app)
        try await browser.signIn(coordinator)
        let year = CalendarDay.today().year
        try await expectRedirect(browser.post("/contests", form: ["title": "Быть учителем!", "year": "\(year)",
                                                                  "nominations": "Наставник молодого педагога", "criteria": "Результаты"]), "конкурс")
        let contest = try #require(try await Contest.query(on: app.db).sort(\.$createdAt, .descending).first())
        _ = try await ContestRules.apply(contest, organizationID: organizationID, mentorID: mentorID, nomination: "Наставник молодого педагога",
                                         materials: "https://example.org", by: "Директор", today: CalendarDay(year: year, month: 4, day: 1), on: app.db)
        return contest
    }

    private static func apiToken(_ app: Application, login: String) async throws -> (id: UUID, raw: String) {
        let user = try #require(try await User.query(on: app.db).filter(\.$login == login).first())
        let raw = "nst_" + SecureToken.generate()
        let token = ApiToken(userID: user.id!, name: "Проверка прав", tokenHash: SecureToken.hash(raw), prefix: String(raw.prefix(10)))
        try await token.create(on: app.db)
        return (token.id!, raw)
    }

    private static func expectRedirect(_ response: TestingHTTPResponse, _ what: String) {
        #expect(response.status == .seeOther, "мир для проверок прав: \(what) — \(response.status) \(response.text.prefix(300))")
    }
}
