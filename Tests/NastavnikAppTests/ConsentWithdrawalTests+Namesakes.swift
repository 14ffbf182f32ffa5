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

    /// An account of `organization` (or of the region) named `last first middle`.
    static func staff(_ app: Application, login: String, role: Role, organization: Organization? = nil, regionID: UUID? = nil,
                      _ last: String, _ first: String, _ middle: String) async throws -> User {
        let user = try await Fixtures.person(app, login: login, role: role, organization: organization, regionID: regionID, lastName: last)
        user.firstName = first
        user.middleName = middle
        try await user.save(on: app.db)
        return user
    }

    /// A contest of the region created by `name`.
    static func contest(_ app: Application, regionID: UUID, createdBy name: String) async throws -> Contest {
        let contest = Contest()
        contest.regionID = regionID
        contest.title = "Быть учителем!"
        contest.year = 2026
        contest.nominations = "Наставник года"
        contest.criteria = "Результаты пары"
        contest.semiFinalFrom = "2026-11-01"
        contest.semiFinalTo = "2026-11-30"
        contest.finalFrom = "2026-12-01"
        contest.finalTo = "2026-12-20"
        contest.superFinalFrom = "2027-01-10"
        contest.superFinalTo = "2027-01-20"
        contest.currentStage = .semiFinal
        contest.resultsPublished = false
        contest.createdByName = name
        try await contest.create(on: app.db)
        return contest
    }

    @Test("Куратор колледжа-партнёра заводит наставника с именем ученика школы, её психолога или координатора и отзывает его согласие — записи этих людей в школе и регионе остаются как были")
    func namesakeCardOfAPartnerRewritesNoOnesRows() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 5")
            let college = try await Fixtures.territory(app, organizationName: "ГБПОУ «Колледж связи»")
            let childName = "Иванов Арсений Павлович", psychologistName = "Орлова Елена Сергеевна", coordinatorName = "Волкова Ирина Олеговна"
            let child = try await Self.staff(app, login: "ivanov.arseniy", role: .mentee, organization: school.organization, "Иванов", "Арсений", "Павлович")
            let psychologist = try await Self.staff(app, login: "psiholog", role: .psychologist, organization: school.organization, "Орлова", "Елена", "Сергеевна")
            _ = try await Self.staff(app, login: "koordinator", role: .regionalCoordinator, regionID: school.region.id, "Волкова", "Ирина", "Олеговна")
            try await Fixtures.person(app, login: "kurator-kolledzh", role: .curator, organization: college.organization)
            let collegeCurator = Browser(app)
            try await collegeCurator.signIn("kurator-kolledzh")
            // The school's pupil (of age, he signed his consent himself) in a pair, writing in its diary.
            let mentee = try await PairingFixtures.mentee(app, organization: school.organization, lastName: "Иванов", firstName: "Арсений", age: 18, userID: child.id)
            mentee.middleName = "Павлович"
            try await mentee.save(on: app.db)
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == mentee.id!).first())
            consent.givenByName = childName
            try await consent.save(on: app.db)
            let pair = try await Self.pairNaming(childName, in: school.organization, mentee: mentee, actorID: child.id, app: app)
            let diary = try await PairGoals.write("Разобрали дроби, мне понравилось", in: pair, role: "наставляемый", by: childName, on: app.db)
            // The psychologist's journal and the coordinator's contest.
            let consultation = AuditEntry(at: Date(), actorID: psychologist.id, actorName: psychologistName, organizationID: school.organizationID,
                                          action: AuditAction.menteeViewed.rawValue, objectType: "mentee", objectID: mentee.id!.uuidString,
                                          details: "Консультацию провела \(psychologistName)", ip: nil)
            try await consultation.create(on: app.db)
            let contest = try await Self.contest(app, regionID: school.region.id!, createdBy: coordinatorName)

            // The college's curator makes a mentor card with each of their names, puts it forward to
            // the school's program, and withdraws its consent.
            try await ProgramPartner(programID: pair.$program.id, organizationID: college.organizationID, addedByName: "Куратор школы").create(on: app.db)
            for (last, first, middle) in [("Иванов", "Арсений", "Павлович"), ("Орлова", "Елена", "Сергеевна"), ("Волкова", "Ирина", "Олеговна")] {
                let card = try await PairingFixtures.mentor(app, organization: college.organization, lastName: last, firstName: first)
                card.middleName = middle
                try await card.save(on: app.db)
                try await PartnerNomination(programID: pair.$program.id, organizationID: college.organizationID, mentorID: card.id!,
                                            nominatedByName: "Куратор колледжа").create(on: app.db)
                try await MentorSelection(programID: pair.$program.id, mentorID: card.id!, decision: .selected).create(on: app.db)
                let record = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == card.id!).first())
                #expect(try await collegeCurator.post("/orgs/\(college.organizationID)/mentors/\(card.id!)/consents/\(record.id!)/withdraw").status == .seeOther)
                #expect(try await Mentor.find(card.id, on: app.db)?.anonymizedAt != nil)
            }

            // Every row of the school about the child still names him; his diary is his.
            #expect(try await Self.rowsNaming(childName, pair: pair, app: app) == Self.namesakeColumns)
            let entry = try #require(try await DiaryEntry.find(diary.id, on: app.db))
            #expect(entry.text == "Разобрали дроби, мне понравилось" && entry.authorName == childName)
            let signed = try await DiaryEntry.query(on: app.db).filter(\.$pairing.$id == pair.id!).all()
            #expect(signed.allSatisfy { $0.authorName == childName && $0.text != ConsentWithdrawal.removedText })
            // The psychologist's journal entry keeps who wrote it and what it says.
            let journal = try #require(try await AuditEntry.find(consultation.id, on: app.db))
            #expect(journal.actorName == psychologistName && journal.details == "Консультацию провела \(psychologistName)")
            #expect(try await ConsentRecord.find(consent.id, on: app.db)?.givenByName == childName)
            #expect(try await Contest.find(contest.id, on: app.db)?.createdByName == coordinatorName)
            #expect(try await User.find(child.id, on: app.db)?.isActive == true)
        }
    }

    @Test("Психолог заводит карточку с именем куратора своей школы и отзывает её согласие — журнал действий куратора сохраняет её имя")
    func namesakeCardInsideOneSchoolLeavesTheCuratorsJournal() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let org = "/orgs/\(w.territory.organizationID)"
            let curatorName = "Петрова Мария Ивановна"
            let curator = try #require(try await User.query(on: app.db).filter(\.$login == "kurator").first())
            // The curator's own work in the journal: she opens the child's card and records a pair.
            #expect(try await w.curator.get(org + "/mentees/\(w.mentee.id!)").status == .ok)
            let formed = AuditEntry(at: Date(), actorID: curator.id, actorName: curatorName, organizationID: w.territory.organizationID,
                                    action: AuditAction.menteeViewed.rawValue, objectType: "pairing", objectID: w.pairing.id!.uuidString,
                                    details: "Пару утвердила \(curatorName)", ip: nil)
            try await formed.create(on: app.db)
            let before = try await AuditEntry.query(on: app.db).filter(\.$actorID == curator.id!).all()
            #expect(before.count >= 2 && before.allSatisfy { $0.actorName == curatorName })

            try await Self.staff(app, login: "psiholog", role: .psychologist, organization: w.territory.organization, "Орлова", "Елена", "Сергеевна")
            let psychologist = Browser(app)
            try await psychologist.signIn("psiholog")
            let card = try await PairingFixtures.mentee(app, organization: w.territory.organization, lastName: "Петрова", firstName: "Мария", age: 16)
            card.middleName = "Ивановна"
            try await card.save(on: app.db)
            let record = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == card.id!).first())
            #expect(try await psychologist.post(org + "/mentees/\(card.id!)/consents/\(record.id!)/withdraw").status == .seeOther)
            #expect(try await Mentee.find(card.id, on: app.db)?.anonymizedAt != nil)

            let after = try await AuditEntry.query(on: app.db).filter(\.$id ~~ before.map { $0.id! }).all()
            #expect(after.count == before.count && after.allSatisfy { $0.actorName == curatorName }, "\(after.map(\.actorName))")
            #expect(try await AuditEntry.find(formed.id, on: app.db)?.details == "Пару утвердила \(curatorName)")
            #expect(try await Pairing.find(w.pairing.id, on: app.db)?.createdByName == curatorName)
        }
    }

    @Test("Запись журнала колледжа о ребёнке школы (роль предложена и снята) теряет его имя после отзыва согласия в школе")
    func withdrawalReachesAnotherOrganizationsJournalByID() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let college = try await Fixtures.territory(app, organizationName: "ГБПОУ «Колледж связи»")
            let collegeCurator = try await Self.staff(app, login: "kurator-kolledzh", role: .curator, organization: college.organization,
                                                      "Зайцева", "Ольга", "Игоревна")
            var entries: [AuditEntry] = []
            for action in [AuditAction.roleOffered, .roleRevoked] {
                let entry = AuditEntry(at: Date(), actorID: collegeCurator.id, actorName: "Зайцева Ольга Игоревна", organizationID: college.organizationID,
                                       action: action.rawValue, objectType: "user", objectID: w.child.id!.uuidString,
                                       details: "Иванов Арсений Павлович: Наставляемый", ip: nil)
                try await entry.create(on: app.db)
                entries.append(entry)
            }
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentee.id!).first())
            #expect(try await w.curator.post("/orgs/\(w.territory.organizationID)/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)
            #expect(try await User.find(w.child.id, on: app.db)?.isActive == false)

            let after = try await AuditEntry.query(on: app.db).filter(\.$id ~~ entries.map { $0.id! }).all()
            #expect(after.count == 2)
            for entry in after {
                #expect(entry.details == "\(ConsentWithdrawal.label): Наставляемый")
                // The college's curator wrote it: her name stays.
                #expect(entry.actorName == "Зайцева Ольга Игоревна")
            }
        }
    }

    @Test("Отзыв согласия ребёнка убирает его имя из конкурсной заявки его наставника от колледжа-партнёра, а заявки других наставников колледжа не трогает")
    func withdrawalReachesThePartnerMentorsApplications() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let college = try await Fixtures.territory(app, organizationName: "ГБПОУ «Колледж связи»")
            let partnerMentor = try await PairingFixtures.mentor(app, organization: college.organization, lastName: "Зайцева", firstName: "Ольга")
            let otherMentor = try await PairingFixtures.mentor(app, organization: college.organization, lastName: "Лебедева", firstName: "Ирина")
            try await Self.pairNaming("Иванов Арсений Павлович", in: w.territory.organization, mentor: partnerMentor, mentee: w.mentee, actorID: w.child.id, app: app)
            let contest = try await Self.contest(app, regionID: w.territory.region.id!, createdBy: "Волкова Ирина Олеговна")
            var applications: [ContestApplication] = []
            for mentor in [partnerMentor, otherMentor] {
                let application = ContestApplication()
                application.$contest.id = contest.id!
                application.organizationID = college.organizationID
                application.$mentor.id = mentor.id!
                application.nomination = "Наставник года"
                application.materials = "Проект с Ивановым Арсением Павловичем: https://disk.example/proekt"
                application.stage = .semiFinal
                application.submittedByName = "Куратор колледжа"
                try await application.create(on: app.db)
                applications.append(application)
            }
            let consent = try #require(try await ConsentRecord.query(on: app.db).filter(\.$subjectID == w.mentee.id!).first())
            #expect(try await w.curator.post("/orgs/\(w.territory.organizationID)/mentees/\(w.mentee.id!)/consents/\(consent.id!)/withdraw").status == .seeOther)

            #expect(try await ContestApplication.find(applications[0].id, on: app.db)?.materials == "Проект с \(ConsentWithdrawal.label): https://disk.example/proekt")
            #expect(try await ContestApplication.find(applications[1].id, on: app.db)?.materials == applications[1].materials)
        }
    }

    @Test("Для каждой таблицы, где отзыв ищет имя, известно, какие её строки принадлежат организациям человека")
    func everyTableOfTheWithdrawalHasAReach() {
        let reach = ConsentWithdrawal.Reach(pairingIDs: [UUID()], organizationIDs: [UUID(), UUID()], shared: false, userID: UUID(), objectIDs: ["x"])
        let tables = Set((ConsentWithdrawal.nameColumns + ConsentWithdrawal.textColumns).map(\.0))
        #expect(tables.filter { reach.rows(in: $0) == nil }.sorted() == [])
    }
}
