import Fluent
import Foundation
@testable import NastavnikApp
import SQLKit
import Testing
import Vapor
import VaporTesting

/// A withdrawal reaches the rows of the organizations the person took part in, never a namesake's:
/// «Иванов Арсений Павлович» of another school or region keeps his name in his pairs, diary,
/// journal and notes (the withdrawal used to rewrite every table of the database), while a partner
/// organization's mentor is still removed from the host school's rows about her.
extension ConsentWithdrawalTests {
    /// A pair of `organization` whose rows name `name`: a meeting he recorded and whose summary
    /// names him, a diary entry he signed, a search note, a SWOT line of the program, a notification
    /// to the curator and her daily digest, and the journal (an entry he wrote and one about him in
    /// the organization's, one about the pair outside any organization).
    @discardableResult
    static func pairNaming(_ name: String, in organization: Organization, mentor: Mentor? = nil, mentee: Mentee? = nil,
                           actorID: UUID?, app: Application) async throws -> Pairing {
        let program = try await PairingFixtures.program(app, organization: organization, name: "Программа \(organization.shortName)")
        let mentorCard: Mentor
        if let mentor { mentorCard = mentor } else { mentorCard = try await PairingFixtures.mentor(app, organization: organization, lastName: "Соколова") }
        let menteeCard: Mentee
        if let mentee { menteeCard = mentee } else { menteeCard = try await PairingFixtures.mentee(app, organization: organization, lastName: "Петров") }
        let pairing = try Pairing(program: program, mentorID: mentorCard.id!, form: .studentStudent, scheme: .curatorProposal, status: .formed,
                                  createdByName: "Куратор")
        try await pairing.create(on: app.db)
        let place = PairingMember(pairingID: pairing.id!, menteeID: menteeCard.id!, programID: program.id!, score: 80, explanation: [], position: 0)
        place.menteeAnswer = .accepted
        place.mentorAnswer = .accepted
        try await place.create(on: app.db)
        let meeting = PairMeeting()
        meeting.$pairing.id = pairing.id!
        meeting.programID = program.id!
        meeting.kind = .working
        meeting.status = .held
        meeting.on = CalendarDay.today().adding(days: -3).iso
        meeting.startsAt = "15:00"
        meeting.durationMinutes = 45
        meeting.format = .inPerson
        meeting.place = "Кабинет 12"
        meeting.summary = "\(name) разобрал задачи на проценты"
        meeting.recordedByName = name
        try await meeting.create(on: app.db)
        let entry = DiaryEntry()
        entry.$pairing.id = pairing.id!
        entry.authorRole = "mentee"
        entry.authorName = name
        entry.text = "Сегодня решали задачи, записал \(name)"
        try await entry.create(on: app.db)
        let note = SearchNote()
        note.programID = program.id!
        note.$mentee.id = menteeCard.id!
        note.support = "Поговорить с \(name) о наставнике"
        note.writtenByName = "Куратор"
        try await note.create(on: app.db)
        let swot = SwotItem()
        swot.$program.id = program.id!
        swot.quadrant = .strength
        swot.text = "Сильная пара: \(name)"
        swot.source = ""
        swot.writtenByName = "Куратор"
        try await swot.create(on: app.db)
        let curator = try await Fixtures.person(app, login: "kurator-\(UUID().uuidString.prefix(6).lowercased())", role: .curator, organization: organization)
        try await Notifications.notify([curator.id!], NotificationMessage(kind: .pairProposed, title: "Обращение: \(name)", body: "\(name) просит помощи",
                                                                          link: "/me/pairs", organizationID: organization.id), on: app.db)
        // The curator's daily digest (a letter of no one organization) and an entry outside any
        // organization whose object is the pair.
        let sql = try #require(app.db as? any SQLDatabase)
        try await Outbox.enqueue(userID: curator.id!, recipient: "kurator@school.ru", kind: .digest, subject: "Сводка за день",
                                 body: "Новое обращение: \(name)", dedupeKey: nil, now: Date(), on: sql)
        try await AuditEntry(at: Date(), actorID: nil, actorName: "Куратор", organizationID: nil, action: AuditAction.menteeViewed.rawValue,
                             objectType: "pairing", objectID: pairing.id!.uuidString, details: "Пара по ссылке: \(name)", ip: nil).create(on: app.db)
        try await AuditEntry(at: Date(), actorID: actorID, actorName: name, organizationID: organization.id, action: AuditAction.menteeViewed.rawValue,
                             objectType: "pairing", objectID: pairing.id!.uuidString, details: "Дневник пары: \(name)", ip: nil).create(on: app.db)
        try await AuditEntry(at: Date(), actorID: nil, actorName: "Куратор", organizationID: organization.id, action: AuditAction.menteeViewed.rawValue,
                             objectType: "mentee", objectID: menteeCard.id!.uuidString, details: "Карточка: \(name)", ip: nil).create(on: app.db)
        return pairing
    }

    /// The rows of `pairNaming` that still hold `name`, as «table.column».
    static func rowsNaming(_ name: String, pair pairing: Pairing, app: Application) async throws -> [String] {
        let sql = try #require(app.db as? any SQLDatabase)
        struct Count: Decodable { let n: Int }
        let pattern = "%" + name + "%"
        let checks: [(String, SQLQueryString)] = [
            ("pair_meetings.summary", "SELECT COUNT(*) AS n FROM pair_meetings WHERE pairing_id = \(bind: pairing.id!) AND summary LIKE \(bind: pattern)"),
            ("pair_meetings.recorded_by_name", "SELECT COUNT(*) AS n FROM pair_meetings WHERE pairing_id = \(bind: pairing.id!) AND recorded_by_name = \(bind: name)"),
            ("diary_entries.author_name", "SELECT COUNT(*) AS n FROM diary_entries WHERE pairing_id = \(bind: pairing.id!) AND author_name = \(bind: name)"),
            ("diary_entries.text", "SELECT COUNT(*) AS n FROM diary_entries WHERE pairing_id = \(bind: pairing.id!) AND text LIKE \(bind: pattern)"),
            ("search_notes.support", "SELECT COUNT(*) AS n FROM search_notes WHERE program_id = \(bind: pairing.$program.id) AND support LIKE \(bind: pattern)"),
            ("swot_items.text", "SELECT COUNT(*) AS n FROM swot_items WHERE program_id = \(bind: pairing.$program.id) AND text LIKE \(bind: pattern)"),
            ("notifications.title", "SELECT COUNT(*) AS n FROM notifications WHERE organization_id = \(bind: pairing.organizationID) AND title LIKE \(bind: pattern)"),
            ("audit_entries.actor_name", "SELECT COUNT(*) AS n FROM audit_entries WHERE organization_id = \(bind: pairing.organizationID) AND actor_name = \(bind: name)"),
            ("audit_entries.details", "SELECT COUNT(*) AS n FROM audit_entries WHERE organization_id = \(bind: pairing.organizationID) AND details LIKE \(bind: pattern)"),
            ("outbox_messages.body (сводка)", """
                SELECT COUNT(*) AS n FROM outbox_messages WHERE organization_id IS NULL AND body LIKE \(bind: pattern)
                AND user_id IN (SELECT user_id FROM role_assignments WHERE organization_id = \(bind: pairing.organizationID))
                """),
            ("audit_entries.details (без организации)", """
                SELECT COUNT(*) AS n FROM audit_entries WHERE organization_id IS NULL AND object_id = \(bind: pairing.id!.uuidString) AND details LIKE \(bind: pattern)
                """),
        ]
        var found: [String] = []
        for (label, query) in checks where (try await sql.raw(query).first(decoding: Count.self)?.n ?? 0) > 0 { found.append(label) }
        return found
    }

    static let namesakeColumns = ["pair_meetings.summary", "pair_meetings.recorded_by_name", "diary_entries.author_name", "diary_entries.text",
                                  "search_notes.support", "swot_items.text", "notifications.title", "audit_entries.actor_name", "audit_entries.details",
                                  "outbox_messages.body (сводка)", "audit_entries.details (без организации)"]

    @Test("Отзыв согласия ребёнка одной школы не трогает его полного тёзку в другой школе и в другом регионе, а у самого ребёнка имя убирает")
    func withdrawalLeavesNamesakesOfOtherSchoolsAlone() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let name = "Иванов Арсений Павлович"
            // School А's own rows about the child, beside the pair of the world.
            let ownPair = try await Self.pairNaming(name, in: w.territory.organization, mentor: w.mentor, mentee: w.mentee, actorID: w.child.id, app: app)
            // A namesake in another school of the same region and in a school of another region,
            // each with an account, a pair and the same kinds of rows.
            var namesakes: [Pairing] = []
            for (code, school) in [("25", "МБОУ СОШ № 2"), ("26", "МБОУ Лицей № 7")] {
                let territory = try await Fixtures.territory(app, regionCode: code, organizationName: school)
                let user = try await Fixtures.person(app, login: "ivanov.arseniy.\(code)", role: .mentee, organization: territory.organization, lastName: "Иванов")
                let card = try await PairingFixtures.mentee(app, organization: territory.organization, lastName: "Иванов", firstName: "Арсений", userID: user.id)
                card.middleName = "Павлович"
                try await card.save(on: app.db)
                namesakes.append(try await Self.pairNaming(name, in: territory.organization, mentee: card, actorID: user.id, app: app))
            }
            for pair in namesakes + [ownPair] { #expect(try await Self.rowsNaming(name, pair: pair, app: app) == Self.namesakeColumns) }

            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentee.id!).first())
            #expect(try await w.curator.post("/orgs/\(w.territory.organizationID)/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)

            // The namesakes keep every row; the child's own school keeps none.
            for pair in namesakes { #expect(try await Self.rowsNaming(name, pair: pair, app: app) == Self.namesakeColumns, "тёзка в \(pair.organizationID)") }
            #expect(try await Self.rowsNaming(name, pair: ownPair, app: app) == [])
            let diaries = try await DiaryEntry.query(on: app.db).filter(\.$pairing.$id ~~ namesakes.map { $0.id! }).all()
            #expect(diaries.count == 2 && diaries.allSatisfy { $0.text == "Сегодня решали задачи, записал \(name)" }, "тексты тёзки не удалены")
            // His account and card elsewhere are untouched.
            #expect(try await User.query(on: app.db).filter(\.$login ~~ ["ivanov.arseniy.25", "ivanov.arseniy.26"]).filter(\.$isActive == true).count() == 2)
            #expect(try await Mentee.query(on: app.db).filter(\.$lastName == "Иванов").filter(\.$firstName == "Арсений").count() == 2)
        }
    }

    @Test("Наставник от организации-партнёра отзывает согласие у себя — его имя уходит и из строк программы школы, где он вёл пару; тёзка в третьей школе остаётся")
    func partnerMentorLeavesTheHostProgram() async throws {
        try await withTestApp { app in
            let host = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 5")
            let partner = try await Fixtures.territory(app, organizationName: "ГБПОУ «Колледж связи»")
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 9")
            let name = "Смирнова Анна Ивановна"
            try await Fixtures.person(app, login: "kurator-kolledzh", role: .curator, organization: partner.organization)
            let partnerCurator = Browser(app)
            try await partnerCurator.signIn("kurator-kolledzh")
            // The college's mentor, put forward to the school's program and paired with its pupil.
            let mentor = try await PairingFixtures.mentor(app, organization: partner.organization, lastName: "Смирнова", firstName: "Анна")
            mentor.middleName = "Ивановна"
            try await mentor.save(on: app.db)
            let pair = try await Self.pairNaming(name, in: host.organization, mentor: mentor, actorID: nil, app: app)
            try await ProgramPartner(programID: pair.$program.id, organizationID: partner.organizationID, addedByName: "Куратор школы").create(on: app.db)
            try await PartnerNomination(programID: pair.$program.id, organizationID: partner.organizationID, mentorID: mentor.id!,
                                        nominatedByName: "Куратор колледжа").create(on: app.db)
            try await MentorSelection(programID: pair.$program.id, mentorID: mentor.id!, decision: .selected).create(on: app.db)
            // The school's journal tells of her selection, with no object that is her card.
            try await AuditEntry(at: Date(), actorID: nil, actorName: "Куратор школы", organizationID: host.organizationID,
                                 action: AuditAction.menteeViewed.rawValue, objectType: "program", objectID: pair.$program.id.uuidString,
                                 details: "Отобран наставник от партнёра: \(name)", ip: nil).create(on: app.db)
            // Her namesake in a third school.
            let namesakePair = try await Self.pairNaming(name, in: other.organization, actorID: nil, app: app)
            #expect(try await Self.rowsNaming(name, pair: pair, app: app) == Self.namesakeColumns)

            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == mentor.id!).first())
            #expect(try await partnerCurator.post("/orgs/\(partner.organizationID)/mentors/\(mentor.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)

            #expect(try await Self.rowsNaming(name, pair: pair, app: app) == [])
            let journal = try await AuditEntry.query(on: app.db).filter(\.$organizationID == host.organizationID).all().compactMap(\.details)
            #expect(!journal.contains { $0.contains("Смирнова Анна") }, "\(journal)")
            #expect(try await Self.rowsNaming(name, pair: namesakePair, app: app) == Self.namesakeColumns)
        }
    }

    @Test("Для каждой таблицы, где отзыв ищет имя, известно, какие её строки принадлежат организациям человека")
    func everyTableOfTheWithdrawalHasAReach() {
        let reach = ConsentWithdrawal.Reach(pairingIDs: [UUID()], organizationIDs: [UUID(), UUID()], shared: false, userID: UUID(), objectIDs: ["x"])
        let tables = Set((ConsentWithdrawal.nameColumns + ConsentWithdrawal.textColumns).map(\.0))
        #expect(tables.filter { reach.rows(in: $0) == nil }.sorted() == [])
    }
}
