import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// Issue 16, item 2: withdrawing the processing consent ends the person's participation and
/// leaves their name nowhere another person reads it.
@Suite("Отзыв согласия на обработку")
struct ConsentWithdrawalTests {
    struct World {
        let territory: Fixtures.Territory
        let program: Program
        let pairing: Pairing
        let mentee: Mentee
        let mentor: Mentor
        let child: User
        let curator: Browser
        let mentorBrowser: Browser
        let childBrowser: Browser
        let admin: Browser
    }

    /// A formed pair: a minor student mentor and the child «Иванов Арсений Павлович», both with accounts.
    func world(_ app: Application, group: Bool = false) async throws -> World {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
        try await Fixtures.person(app, login: "direktor", role: .orgAdmin, organization: territory.organization, lastName: "Кузнецова")
        let mentorUser = try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: territory.organization, lastName: "Смирнова")
        // The login is the name in Latin letters, as invitation sheets make it (`ParticipantLogins`).
        let child = User(login: "ivanov.arseniy", lastName: "Иванов", firstName: "Арсений", middleName: "Павлович",
                         passwordHash: try await app.password.async.hash(Fixtures.password), isPlatformAdmin: false)
        child.email = "ivanov.arseniy@mail.ru"
        try await child.save(on: app.db)
        try await RoleAssignment(userID: child.id!, role: .mentee, organizationID: territory.organizationID, municipalityID: nil, regionID: nil).save(on: app.db)
        let program = try await PairingFixtures.program(app, organization: territory.organization)
        let mentor = try await PairingFixtures.mentor(app, organization: territory.organization, lastName: "Смирнова", capacity: 2, userID: mentorUser.id, selectedIn: program)
        mentor.isMinor = true
        mentor.origin = .student
        mentor.status = .active
        try await mentor.save(on: app.db)
        let mentee = try await PairingFixtures.mentee(app, organization: territory.organization, lastName: "Иванов", firstName: "Арсений", userID: child.id)
        mentee.middleName = "Павлович"
        mentee.guardianName = "Иванова Ольга Петровна"
        mentee.guardianPhone = "+7 900 555-44-33"
        mentee.status = .inPair
        mentee.updateSearchKey()
        try await mentee.save(on: app.db)
        let pairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: .formed, createdByName: "Петрова Мария Ивановна")
        pairing.formedAt = Date().addingTimeInterval(-30 * 86_400)
        try await pairing.create(on: app.db)
        var members = [mentee]
        if group { members.append(try await PairingFixtures.mentee(app, organization: territory.organization, lastName: "Соколов", firstName: "Глеб")) }
        for (index, member) in members.enumerated() {
            let place = PairingMember(pairingID: pairing.id!, menteeID: member.id!, programID: program.id!, score: 80, explanation: [], position: index)
            place.menteeAnswer = .accepted
            place.mentorAnswer = .accepted
            try await place.create(on: app.db)
        }
        var browsers: [Browser] = []
        for login in ["kurator", "nastavnik", "ivanov.arseniy", "direktor"] {
            let browser = Browser(app)
            try await browser.signIn(login)
            browsers.append(browser)
        }
        return World(territory: territory, program: program, pairing: pairing, mentee: mentee, mentor: mentor, child: child,
                     curator: browsers[0], mentorBrowser: browsers[1], childBrowser: browsers[2], admin: browsers[3])
    }

    /// Every text column of every table, as (table, column).
    static func allTextColumns(_ app: Application) async throws -> [(String, String)] {
        let sql = try #require(app.db as? any SQLDatabase)
        struct Column: Decodable { let table_name: String; let column_name: String }
        var columns: [(String, String)] = []
        if TestDatabase.postgresURL != nil {
            let rows = try await sql.raw("""
                SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND data_type IN ('text', 'character varying')
                """).all(decoding: Column.self)
            columns = rows.map { ($0.table_name, $0.column_name) }
        } else {
            struct Table: Decodable { let name: String }
            struct Info: Decodable { let name: String; let type: String }
            for table in try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Table.self) {
                for info in try await sql.raw("SELECT name, type FROM pragma_table_info(\(bind: table.name))").all(decoding: Info.self)
                where info.type.uppercased().contains("TEXT") || info.type.isEmpty {
                    columns.append((table.name, info.name))
                }
            }
        }
        return columns
    }

    /// Fails naming the columns where `needle` is still stored.
    static func expectNowhere(_ needle: String, app: Application, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let found = try await rowsContaining(needle, app: app)
        #expect(found.isEmpty, "«\(needle)» осталось в \(found)", sourceLocation: sourceLocation)
    }

    /// Every row of every text column that contains `needle`, as «table.column».
    static func rowsContaining(_ needle: String, app: Application) async throws -> [String] {
        let sql = try #require(app.db as? any SQLDatabase)
        struct Count: Decodable { let n: Int }
        var found: [String] = []
        for (table, column) in try await allTextColumns(app) {
            let count = try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE CAST(\(ident: column) AS TEXT) LIKE \(bind: "%" + needle + "%")")
                .first(decoding: Count.self)?.n ?? 0
            if count > 0 { found.append("\(table).\(column)") }
        }
        return found
    }

    /// The child in the tables later work added: notifications and letters to him and about him,
    /// a rhythm warning acknowledged with a note naming him, a concern handled with a reply naming
    /// him, the pair's agreement with his contacts, a questionnaire draft and an answer he typed his
    /// name in, a program team line, a failed sign-in's audit entry with his login.
    static func appearInLaterTables(_ app: Application, _ w: World) async throws {
        let curator = try #require(try await User.query(on: app.db).filter(\.$login == "kurator").first())
        for (user, title, body) in [(w.child.id!, "Предложена пара", "Вам предложен наставник"),
                                    (curator.id!, "Обращение: Иванов Арсений", "Иванов Арсений Павлович просит помощи")] {
            let notification = AppNotification()
            notification.userID = user
            notification.organizationID = w.territory.organizationID
            notification.kind = .pairProposed
            notification.title = title
            notification.body = body
            notification.link = "/me/pairs"
            notification.digestPending = false
            notification.createdAt = Date()
            try await notification.create(on: app.db)
            let letter = OutboxMessage()
            letter.userID = user
            letter.messageID = "<\(UUID().uuidString)@nastavnik>"
            letter.kind = .single
            letter.recipient = user == w.child.id! ? "ivanov.arseniy@mail.ru" : "kurator@school.ru"
            letter.subject = title
            letter.body = body
            letter.status = .sent
            letter.attempts = 1
            letter.nextAttemptAt = Date()
            letter.createdAt = Date()
            try await letter.create(on: app.db)
        }
        let acknowledgement = RhythmAcknowledgement()
        acknowledgement.$pairing.id = w.pairing.id!
        acknowledgement.programID = w.program.id!
        acknowledgement.warning = "noMeetings"
        acknowledgement.anchor = "2026-11-01"
        acknowledgement.note = "Арсений болел две недели, встречи перенесли"
        acknowledgement.acknowledgedByName = "Петрова Мария Ивановна"
        try await acknowledgement.create(on: app.db)
        let concern = try #require(try await PairConcern.query(on: app.db).first())
        concern.curatorReply = "Арсений, поговорю с наставником"
        concern.handledByName = "Петрова Мария Ивановна"
        concern.handledAt = Date()
        try await concern.save(on: app.db)
        let agreement = PairAgreement()
        agreement.$pairing.id = w.pairing.id!
        agreement.confidentiality = "Что обсуждаем, остаётся между нами и Иванов Арсений Павлович это знает"
        agreement.communication = "В мессенджере, Иванов Арсений пишет сам"
        agreement.boundaries = "Не звонить после 21:00"
        agreement.contacts = "Иванов Арсений Павлович: +7 900 111-22-33"
        agreement.meetingsPerMonth = 4
        agreement.agreedOn = CalendarDay.today().iso
        agreement.writtenByName = "Иванов Арсений Павлович"
        try await agreement.create(on: app.db)
        try await Audit.record(.signInFailed, by: nil, objectType: "user", objectID: w.child.id, details: "ivanov.arseniy", ip: "10.0.0.7", on: app.db)
        // Typed text declines the name.
        try await Audit.record(.menteeViewed, by: nil, objectType: "mentee", objectID: w.mentee.id, details: "Карточка Иванова Арсения Павловича",
                               on: app.db)
        let entry = DiaryEntry()
        entry.$pairing.id = w.pairing.id!
        entry.authorRole = "mentor"
        entry.authorName = "Смирнова Анна"
        entry.text = "Арсению понравилось решать задачи, с Арсением договорились о следующей встрече"
        try await entry.create(on: app.db)
    }

    /// The free texts of the program and the pair that a curator or a mentor types anything in:
    /// the goal's indicator, a training, a roadmap line, a closing event, a Mentor Match session,
    /// and another person's unsent questionnaire draft.
    static func namedInProgramTexts(_ app: Application, _ w: World) async throws {
        let name = "Иванов Арсений Павлович"
        let goal = PairGoal()
        goal.$pairing.id = w.pairing.id!
        goal.horizon = .short
        goal.title = "Дроби"
        goal.desiredResult = "Решает сам"
        goal.actions = "Задачи"
        goal.dueOn = CalendarDay.today().iso
        goal.indicator = "\(name) решает 8 задач из 10"
        goal.progress = 0
        goal.completionNote = ""
        goal.writtenByName = "Смирнова Анна"
        try await goal.create(on: app.db)
        let training = TrainingSession(programID: w.program.id!)
        training.kind = .primary
        training.topic = "Как поддержать Иванов Арсений"
        training.heldOn = CalendarDay.today().iso
        training.format = .seminar
        training.trainerName = "Петрова Мария Ивановна"
        training.trainerKind = .internal
        training.materials = "Разбор случая: \(name)"
        try await training.create(on: app.db)
        try await RoadmapItem(programID: w.program.id!, position: 99, title: "Встреча с мамой: \(name)", stage: .preparation, contour: .internal, deadline: .continuous,
                              expectedResult: "\(name) в паре", responsible: "Петрова М. И.", document: "Справка о \(name)").create(on: app.db)
        let closing = ClosingEvent()
        closing.$program.id = w.program.id!
        closing.kind = .groupReflection
        closing.heldOn = CalendarDay.today().iso
        closing.place = "Кабинет 12 (где занимается \(name))"
        closing.participants = 10
        closing.summary = ""
        closing.writtenByName = "Петрова Мария Ивановна"
        try await closing.create(on: app.db)
        let session = MentorMatchSession()
        session.$program.id = w.program.id!
        session.heldOn = CalendarDay.today().iso
        session.startsAt = "15:00"
        session.place = "Актовый зал, встречает Иванов Арсений"
        session.slotMinutes = 5
        session.mentorIDs = ""
        session.menteeIDs = ""
        try await session.create(on: app.db)
        let questionnaire = try await QuestionnaireAuthoring.copy(.satisfactionMentee, organizationID: w.territory.organizationID, programID: nil,
                                                                  by: UUID(), on: app.db)
        let version = try await QuestionnaireAuthoring.latestVersion(of: questionnaire.id!, on: app.db)
        let mentorUser = try #require(try await User.query(on: app.db).filter(\.$login == "nastavnik").first())
        let assignment = QuestionnaireAssignment(organizationID: w.territory.organizationID, questionnaireID: questionnaire.id!, versionID: version.id!,
                                                 userID: mentorUser.id!, role: .mentor, dueAt: nil, assignedByID: mentorUser.id!)
        assignment.status = .draft
        assignment.draft = #"{"q1":"Мой подопечный \#(name) стал спокойнее"}"#
        try await assignment.create(on: app.db)
        // An import not confirmed yet, its file named after him: the file goes, and the journal's
        // entry of the withdrawal counts it without its name.
        let batch = ImportBatch()
        batch.organizationID = w.territory.organizationID
        batch.kind = .mentee
        batch.fileName = "Анкета Иванов Арсений.csv"
        batch.content = Data("Фамилия;Имя\nИванов;Арсений".utf8)
        batch.createdByID = mentorUser.id!
        try await batch.create(on: app.db)
    }

    /// The mentor's side of the pair names the child in every field of her reflection and final answers.
    static func otherSideWritesAboutHim(_ app: Application, _ w: World, meeting: PairMeeting) async throws {
        let reflection = MeetingReflection()
        reflection.$meeting.id = meeting.id!
        reflection.side = .mentor
        reflection.closerToGoal = .yes
        reflection.wentWell = "Арсений опоздал, но задачи решил"
        reflection.toChange = "Напомнить Арсению о времени"
        reflection.feeling = "Иванов Арсений стал увереннее"
        reflection.nextSteps = "С Арсением — задачи на проценты"
        reflection.writtenByName = "Смирнова Анна"
        try await reflection.create(on: app.db)
        let answer = FinalAnswer()
        answer.$pairing.id = w.pairing.id!
        answer.programID = w.program.id!
        answer.side = .mentor
        answer.mostValuable = "Арсений научился спрашивать"
        answer.results = "Иванов Арсений Павлович исправил оценку"
        answer.learned = "Арсений объясняет мне игры"
        answer.closeness = 4
        answer.changed = "Арсений стал спокойнее"
        answer.understood = "Арсению нужен режим"
        answer.remembered = "Поход с Арсением"
        answer.continueTogether = true
        answer.wantsToMentor = true
        answer.writtenByName = "Смирнова Анна"
        try await answer.create(on: app.db)
    }

    @Test("Отзыв согласия убирает имя ребёнка отовсюду, где оно показывается")
    func withdrawalRemovesTheChildEverywhere() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let path = "/pairs/\(w.pairing.id!)"
            let org = "/orgs/\(w.territory.organizationID)"
            // The child writes in the pair's space.
            let yesterday = CalendarDay.today().adding(days: -1)
            #expect(try await w.childBrowser.post(path + "/meetings", form: ["kind": "acquaintance", "status": "held", "on": yesterday.iso, "startsAt": "15:00",
                                                                             "summary": "Познакомились"]).status == .seeOther)
            #expect(try await w.childBrowser.post(path + "/diary", form: ["text": "Сегодня разобрали дроби, мне понравилось"]).status == .seeOther)
            #expect(try await w.childBrowser.post(path + "/concerns", form: ["concernText": "Мне трудно успевать к встречам"]).status == .seeOther)
            let meeting = try #require(try await PairMeeting.query(on: app.db).first())
            #expect(try await w.childBrowser.post(path + "/meetings/\(meeting.id!)/reflection", form: ["closerToGoal": "partly", "wentWell": "Было интересно"]).status == .seeOther)
            #expect(try await w.mentorBrowser.get(path).text.contains("Иванов Арсений Павлович"))
            // Staff notes about him and the link to his mother.
            let mother = try await Fixtures.person(app, login: "mama", role: .guardian, organization: w.territory.organization, lastName: "Кузьмина")
            try await GuardianLink(organizationID: w.territory.organizationID, guardianUserID: mother.id!, menteeID: w.mentee.id!, relation: "мать",
                                   createdByID: nil, createdByName: "Петрова Мария Ивановна").create(on: app.db)
            let note = SearchNote()
            note.programID = w.program.id!
            note.$mentee.id = w.mentee.id!
            note.support = "Арсению нужен спокойный наставник, дома тяжело"
            note.writtenByName = "Петрова Мария Ивановна"
            try await note.create(on: app.db)
            #expect(try await w.curator.get(org + "/mentees/\(w.mentee.id!)").status == .ok)
            try await Self.appearInLaterTables(app, w)
            try await Self.namedInProgramTexts(app, w)
            try await Self.otherSideWritesAboutHim(app, w, meeting: meeting)

            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentee.id!).first())
            let withdrawn = try await w.curator.post(org + "/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw")
            #expect(withdrawn.status == .seeOther)

            // The card says what was removed.
            let card = try await w.curator.get(org + "/mentees/\(w.mentee.id!)")
            #expect(card.text.contains("Что удалено после отзыва согласия"))
            #expect(card.text.contains("Пара завершена досрочно") && card.text.contains("Учётная запись отключена") && card.text.contains("Для статистики остались"))

            // The pair ended early with a reason the curator sees; the statistics still count it.
            let pairing = try #require(try await Pairing.find(w.pairing.id, on: app.db))
            #expect(pairing.status == .finished)
            let closure = try #require(try await PairClosure.query(on: app.db).filter(\.$pairing.$id == w.pairing.id!).first())
            #expect(closure.decision == .earlyEnd && closure.reason == ConsentWithdrawal.reason)
            #expect(try await w.curator.get(path).text.contains(ConsentWithdrawal.reason))
            #expect(try await Mentor.find(w.mentor.id, on: app.db)?.status == .resting)

            // The account is off: the session ended, no role is left, and the login that spelled his
            // name in Latin letters is replaced by one that names no one (the card says so).
            let closed = try await w.childBrowser.get("/me/pairs")
            #expect(closed.status == .seeOther || closed.status == .unauthorized)
            let account = try #require(try await User.find(w.child.id, on: app.db))
            #expect(account.isActive == false && account.login.hasPrefix("udaleno-") && account.email == nil)
            #expect(card.text.contains("логин (имя латиницей) заменён на обезличенный «\(account.login)»"))
            try await Self.expectNowhere("arseniy", app: app)
            let again = Browser(app)
            let signIn = try await again.post("/login", form: ["login": "ivanov.arseniy", "password": Fixtures.password, "next": "/"])
            #expect(signIn.status != .seeOther)
            let byNewLogin = try await Browser(app).post("/login", form: ["login": account.login, "password": Fixtures.password, "next": "/"])
            #expect(byNewLogin.status == .forbidden && byNewLogin.text.contains("Учётная запись отключена"))
            #expect(try await RoleAssignment.query(on: app.db).filter(\.$user.$id == w.child.id!).count() == 0)
            #expect(try await UserSession.query(on: app.db).filter(\.$user.$id == w.child.id!).count() == 0)

            // No page the other child or the curator opens names him, and no stored text does.
            for (browser, page) in [(w.mentorBrowser, path), (w.curator, path), (w.curator, org + "/mentees"), (w.curator, org + "/mentees/\(w.mentee.id!)"),
                                    (w.curator, org + "/programs/\(w.program.id!)/pairs"), (w.curator, org + "/programs/\(w.program.id!)/rhythm"),
                                    (w.admin, org + "/audit"), (w.mentorBrowser, "/me/pairs")] {
                let response = try await browser.get(page)
                #expect(!response.text.contains("Арсений") && !response.text.contains("Иванов А.") && !response.text.contains("555-44-33"),
                        "\(page): \(response.status) \(response.text.components(separatedBy: "Арсений").dropFirst().first?.prefix(80) ?? "")")
            }
            #expect(try await w.mentorBrowser.get(path).text.contains(ConsentWithdrawal.label))
            try await Self.expectNowhere("Арсений", app: app)
            try await Self.expectNowhere("Иванов А.", app: app)
            try await Self.expectNowhere("Иванова Ольга", app: app)
            try await Self.expectNowhere("дроби", app: app)
            try await Self.expectNowhere("дома тяжело", app: app)
            try await Self.expectNowhere("Арсени", app: app)
            #expect(try await AppNotification.query(on: app.db).filter(\.$userID == w.child.id!).count() == 0)
            #expect(try await OutboxMessage.query(on: app.db).filter(\.$userID == w.child.id!).count() == 0)
            // The curator's notification about him stays, without his name (other notifications the
            // pair's work sent the curator, naming no one, stay too: only his own went).
            #expect(try await AppNotification.query(on: app.db).filter(\.$title == "Обращение: \(ConsentWithdrawal.label)").count() == 1,
                    "уведомление куратора осталось, без имени")
            #expect(try await GuardianLink.query(on: app.db).count() == 0)
            // What statistics need stays: the reflection's answer to «closer to the goal».
            #expect(try await MeetingReflection.query(on: app.db).filter(\.$side == .mentee).first()?.closerToGoal == .partly)
        }
    }

    @Test("В группе при отзыве согласия уходит только этот ребёнок; наставник-студент тоже может отозвать")
    func groupMemberLeavesAndMentorWithdraws() async throws {
        try await withTestApp { app in
            let w = try await world(app, group: true)
            let org = "/orgs/\(w.territory.organizationID)"
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentee.id!).first())
            #expect(try await w.curator.post(org + "/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)
            #expect(try await Pairing.find(w.pairing.id, on: app.db)?.status == .formed)
            let places = try await PairingMember.query(on: app.db).filter(\.$pairing.$id == w.pairing.id!).all()
            #expect(places.filter(\.isAgreed).count == 1)
            #expect(places.first { $0.$mentee.id == w.mentee.id }?.menteeAnswerNote == ConsentWithdrawal.reason)
            #expect(places.first { $0.$mentee.id == w.mentee.id }?.holdsPlace == false)

            // The minor student mentor withdraws too: the pair ends, a proposal waiting for answers
            // is declined and its child free for another mentor, the account is off.
            let waiting = try await PairingFixtures.mentee(app, organization: w.territory.organization, lastName: "Петров", firstName: "Олег")
            let proposal = try Pairing(program: w.program, mentorID: w.mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: .proposed, createdByName: "")
            try await proposal.create(on: app.db)
            try await PairingMember(pairingID: proposal.id!, menteeID: waiting.id!, programID: w.program.id!, score: 70, explanation: [], position: 0).create(on: app.db)
            // The minor mentor's parent is linked to the mentor card and sees the child until the withdrawal.
            let parent = try await Fixtures.person(app, login: "roditel-nastavnika", role: .guardian, organization: w.territory.organization)
            try await GuardianLink(organizationID: w.territory.organizationID, guardianUserID: parent.id!, mentorID: w.mentor.id!,
                                   relation: "мать", createdByID: nil, createdByName: "Куратор").create(on: app.db)
            let mentorConsent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentor.id!).first())
            #expect(try await w.curator.post(org + "/mentors/\(w.mentor.id!)/consents/\(mentorConsent.id!)/withdraw").status == .seeOther)
            #expect(try await Pairing.find(w.pairing.id, on: app.db)?.status == .finished)
            #expect(try await Pairing.find(proposal.id, on: app.db)?.status == .declined)
            #expect(try await PairingMember.query(on: app.db).filter(\.$mentee.$id == waiting.id!).first()?.holdsPlace == false)
            try await Self.expectNowhere("Смирнова", app: app)
            #expect(try await User.find(w.mentor.$user.id, on: app.db)?.isActive == false)
            #expect(try await GuardianLink.query(on: app.db).filter(\.$mentor.$id == w.mentor.id!).count() == 0)
            #expect(try await w.curator.get(org + "/mentors/\(w.mentor.id!)").text.contains("Что удалено после отзыва согласия"))
        }
    }

    /// Columns whose name says they may hold a person's name but that a withdrawal handles
    /// otherwise, each with the reason. Anything else named like a person's name must be in
    /// `ConsentWithdrawal.nameColumns` or `textColumns`.
    static let handledOtherwise: [String: String] = [
        "mentees.last_name": "обезличивается Consents.withdraw", "mentees.first_name": "обезличивается Consents.withdraw",
        "mentees.middle_name": "обезличивается Consents.withdraw", "mentees.guardian_name": "обезличивается Consents.withdraw",
        "mentees.guardian_phone": "обезличивается Consents.withdraw", "mentees.phone": "обезличивается Consents.withdraw",
        "mentees.email": "обезличивается Consents.withdraw",
        "mentors.last_name": "обезличивается Consents.withdraw", "mentors.first_name": "обезличивается Consents.withdraw",
        "mentors.middle_name": "обезличивается Consents.withdraw", "mentors.phone": "обезличивается Consents.withdraw",
        "mentors.email": "обезличивается Consents.withdraw",
        "users.login": "заменяется closeAccount", "users.last_name": "заменяется closeAccount", "users.first_name": "заменяется closeAccount",
        "users.middle_name": "заменяется closeAccount", "users.email": "заменяется closeAccount",
        "outbox_messages.recipient": "письма человека удаляются closeAccount",
        "organizations.name": "организация, не человек", "organizations.short_name": "организация, не человек",
        "municipalities.name": "муниципалитет", "regions.name": "регион", "programs.name": "программа",
        "request_kinds.name": "вид запроса", "notification_jobs.name": "задание обработчика",
        "import_batches.file_name": "файл удаляется при отзыве (ImportRetention.deletePending)",
        "_fluent_migrations.name": "миграция", "api_tokens.name": "название токена; токены человека отзываются closeAccount",
        "own_scales.name": "шкала, не человек",
        "audit_entries.actor_name": "журнал подотчётности: заменяется по учётной записи (actor_id) и в записях о человеке без автора, не по имени",
    ]

    @Test("Каждый столбец базы, где может храниться имя человека, входит в отзыв согласия (или назван здесь с причиной)")
    func everyNameColumnJoinsTheWithdrawal() async throws {
        try await withTestApp { app in
            let covered = Set((ConsentWithdrawal.nameColumns + ConsentWithdrawal.textColumns).map { "\($0.0).\($0.1)" })
            func looksLikeName(_ column: String) -> Bool {
                (column == "name" || column.hasSuffix("_name") || column.hasSuffix("_by") || column.contains("author"))
                    && !column.hasSuffix("class_name") && column != "author_role"
                    || ["interviewer", "recipient", "login", "email", "phone", "guardian_phone"].contains(column)
            }
            let columns = try await Self.allTextColumns(app).map { "\($0.0).\($0.1)" }
            #expect(columns.contains("users.login") && columns.contains("notifications.title"), "столбцы прочитаны")
            let missing = columns.filter { looksLikeName(String($0.split(separator: ".").last!)) }
                .filter { !covered.contains($0) && Self.handledOtherwise[$0] == nil }
            #expect(missing.isEmpty, "Добавьте в ConsentWithdrawal.nameColumns (или textColumns): \(missing.sorted())")
            // And every listed column exists: a renamed column must not silently leave the list.
            for column in covered { #expect(columns.contains(column), "нет столбца \(column)") }
        }
    }

    @Test("Замена логина при отзыве не трогает записи журнала о человеке, чей логин начинается так же")
    func loginReplacementLeavesLongerLoginsAlone() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let namesake = try await Fixtures.person(app, login: "ivanov.arseniy.k", role: .mentee, organization: w.territory.organization, lastName: "Иванов")
            try await Audit.record(.signInFailed, by: nil, objectType: "user", objectID: namesake.id, details: "ivanov.arseniy.k", ip: "10.0.0.8", on: app.db)
            try await Audit.record(.signInFailed, by: nil, objectType: "user", objectID: nil, details: "ivanov.arseniy.k2", ip: "10.0.0.9", on: app.db)
            try await Audit.record(.signInFailed, by: nil, objectType: "user", objectID: nil, details: "ivanov.arseniy", ip: "10.0.0.7", on: app.db)
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentee.id!).first())
            #expect(try await w.curator.post("/orgs/\(w.territory.organizationID)/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)
            let details = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.signInFailed.rawValue).all().compactMap(\.details)
            #expect(details.contains("ivanov.arseniy.k") && details.contains("ivanov.arseniy.k2"), "\(details)")
            #expect(!details.contains("ivanov.arseniy"), "\(details)")
            #expect(try await User.find(namesake.id, on: app.db)?.login == "ivanov.arseniy.k")
        }
    }

    @Test("Отзыв согласия в одной организации не отключает учётную запись, которой пользуется другая")
    func withdrawalInOneOrganizationKeepsTheSharedAccount() async throws {
        try await withTestApp { app in
            let w = try await RoleOffersTests().world(app)
            try await RoleAssignment(userID: w.teacher.id!, role: .mentor, organizationID: w.schoolB.id!, municipalityID: nil, regionID: nil).save(on: app.db)
            let cardB = try await PairingFixtures.mentor(app, organization: w.schoolB, lastName: "Смирнова", firstName: "Мария", userID: w.teacher.id,
                                                         selectedIn: w.programB)
            cardB.middleName = "Ивановна"
            try await cardB.save(on: app.db)
            // School А's journal about her, with her name.
            try await AuditEntry(at: Date(), actorID: w.teacher.id, actorName: "Смирнова Мария Ивановна", organizationID: w.schoolA.id,
                                 action: AuditAction.menteeViewed.rawValue, objectType: "mentor", objectID: w.cardA.id!.uuidString,
                                 details: "Карточка: Смирнова Мария Ивановна", ip: nil).create(on: app.db)
            // Her questionnaire answers in both schools.
            var answers: [UUID: Answer] = [:]
            for school in [w.schoolA, w.schoolB] {
                let questionnaire = try await QuestionnaireAuthoring.copy(.satisfactionMentee, organizationID: school.id!, programID: nil, by: UUID(), on: app.db)
                let version = try await QuestionnaireAuthoring.latestVersion(of: questionnaire.id!, on: app.db)
                let answer = try Answer(organizationID: school.id!, questionnaireID: questionnaire.id!, versionID: version.id!, sheet: AnswerSheet())
                answer.$respondent.id = w.teacher.id
                try await answer.save(on: app.db)
                answers[school.id!] = answer
            }
            // Both schools' programs name her in rows that know their school only through the
            // program, and each school's notification left her a letter.
            let teacherAccount = try #require(try await User.find(w.teacher.id, on: app.db))
            teacherAccount.email = "uchitel@school.ru"
            try await teacherAccount.save(on: app.db)
            let programA = try #require(try await Program.query(on: app.db).filter(\.$organization.$id == w.schoolA.id!).first())
            for (program, school) in [(programA, w.schoolA), (w.programB, w.schoolB)] {
                try await Self.nameInProgramRows(app, program: program, organization: school, userID: w.teacher.id!, name: "Смирнова Мария Ивановна")
            }
            #expect(try await Self.rowsNaming("Смирнова Мария Ивановна", program: w.programB, app: app).count == Self.programColumns.count)
            #expect(try await Self.letters(to: w.teacher.id!, from: w.schoolB.id, app: app) == 1)
            let teacher = Browser(app)
            try await teacher.signIn("uchitel")
            #expect(try await teacher.get("/me/pairs").text.contains("Орлов"))

            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == cardB.id!).first())
            #expect(try await w.curatorB.post(w.b + "/mentors/\(cardB.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)
            let page = try await w.curatorB.get(w.b + "/mentors/\(cardB.id!)")
            #expect(page.text.contains("Учётная запись осталась: у человека есть роли в других организациях"))
            #expect(!page.text.contains("Учётная запись отключена"))

            // She still signs in and sees school А's pair; her account keeps its name and login.
            let account = try #require(try await User.find(w.teacher.id, on: app.db))
            #expect(account.isActive && account.login == "uchitel" && account.lastName == "Смирнова" && account.firstName == "Мария")
            let pairs = try await teacher.get("/me/pairs")
            #expect(pairs.status == .ok && pairs.text.contains("Орлов"))
            let again = Browser(app)
            try await again.signIn("uchitel")
            #expect(try await again.get("/me/pairs").text.contains("Орлов"))
            let roles = try await RoleAssignment.query(on: app.db).filter(\.$user.$id == w.teacher.id!).all()
            #expect(roles.map(\.$organization.id) == [w.schoolA.id])
            // School А's data about her keeps her name.
            let cardA = try #require(try await Mentor.find(w.cardA.id, on: app.db))
            #expect(cardA.lastName == "Смирнова" && cardA.$user.id == w.teacher.id && cardA.anonymizedAt == nil)
            let entryA = try #require(try await AuditEntry.query(on: app.db).filter(\.$organizationID == w.schoolA.id).filter(\.$actorID == w.teacher.id).first())
            #expect(entryA.actorName == "Смирнова Мария Ивановна" && entryA.details == "Карточка: Смирнова Мария Ивановна")
            #expect(try await Answer.find(answers[w.schoolA.id!]?.id, on: app.db)?.$respondent.id == w.teacher.id)
            #expect(try await Answer.find(answers[w.schoolB.id!]?.id, on: app.db)?.$respondent.id == nil)
            // Through the program: school Б's rows lose her name, school А's keep it; Б's letter to
            // her is dropped, А's waits to go out.
            #expect(try await Self.rowsNaming("Смирнова Мария Ивановна", program: w.programB, app: app) == [])
            #expect(try await Self.rowsNaming("Смирнова Мария Ивановна", program: programA, app: app).count == Self.programColumns.count)
            #expect(try await Self.letters(to: w.teacher.id!, from: w.schoolB.id, app: app) == 0)
            #expect(try await Self.letters(to: w.teacher.id!, from: w.schoolA.id, app: app) == 1)
            // School Б's card is anonymized and no longer linked to her account.
            let cardAfter = try #require(try await Mentor.find(cardB.id, on: app.db))
            #expect(cardAfter.anonymizedAt != nil && cardAfter.lastName != "Смирнова" && cardAfter.$user.id == nil)
        }
    }
}
