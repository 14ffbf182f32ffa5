import Fluent
import Foundation
import SQLKit
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 16, pairs: one place per child whatever arrives at once, both sides' simultaneous
/// consent forms the pair, coordinators see numbers only, an early end's reason and a group's
/// reflections stay with their authors, and the calendar file keeps its lines.
@Suite("Пары: одно место ребёнка, согласие сторон разом, имена и причины только тем, кому положено")
struct PairingTrustTests {
    struct World {
        let territory: Fixtures.Territory
        let program: Program
        let curator: Browser
    }

    func world(_ app: Application) async throws -> World {
        let territory = try await Fixtures.territory(app)
        try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization)
        let program = try await PairingFixtures.program(app, organization: territory.organization)
        let curator = Browser(app)
        try await curator.signIn("kurator")
        return World(territory: territory, program: program, curator: curator)
    }

    func token(_ browser: Browser) async throws -> HTTPHeaders {
        let page = try await browser.post("/account/tokens", form: ["name": "Интеграция"])
        let token = try #require(page.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
        return ["Authorization": "Bearer \(token)", "Content-Type": "application/json"]
    }

    /// A pairing in the given status with its members, written straight to the database.
    @discardableResult
    func pairing(_ app: Application, _ program: Program, mentor: Mentor, mentees: [Mentee], status: PairingStatus, agreed: Bool) async throws -> Pairing {
        let pairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .curatorProposal, status: status, createdByName: "")
        pairing.formedAt = status == .formed ? Date().addingTimeInterval(-30 * 86_400) : nil
        pairing.proposedAt = Date()
        try await pairing.create(on: app.db)
        for (position, mentee) in mentees.enumerated() {
            let member = PairingMember(pairingID: pairing.id!, menteeID: mentee.id!, programID: program.id!, score: 80, explanation: [], position: position)
            if agreed { member.menteeAnswer = .accepted; member.mentorAnswer = .accepted }
            try await member.create(on: app.db)
        }
        return pairing
    }

    /// Active places of a mentee in a program, counted as the pages count them.
    func places(_ app: Application, mentee: Mentee, program: Program) async throws -> Int {
        let pairingIDs = try await Pairing.query(on: app.db).filter(\.$program.$id == program.id!)
            .filter(\.$status ~~ PairingCandidates.holdingStatuses).all(\.$id)
        guard !pairingIDs.isEmpty else { return 0 }
        return try await PairingMember.query(on: app.db).filter(\.$pairing.$id ~~ pairingIDs).filter(\.$mentee.$id == mentee.id!).all()
            .filter { !$0.isDeclined }.count
    }

    // MARK: - Item 14: one place per child, both sides at once

    @Test("Одного ребёнка предлагают четырём наставникам разом — страницей и через API: у него одно место, остальным — понятный отказ, не 500")
    func parallelProposalsGiveOnePlace() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let mentees = [
                try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", age: 19),
                try await PairingFixtures.mentee(app, organization: organization, lastName: "Соколов", age: 19),
            ]
            var created: [Mentor] = []
            for index in 0..<8 {
                created.append(try await PairingFixtures.mentor(app, organization: organization, lastName: "Наставник\(index)", selectedIn: w.program))
            }
            let mentors = created
            let pagePath = "/orgs/\(w.territory.organizationID)/programs/\(w.program.id!)/pairs/propose"
            let apiPath = "/api/v1/organizations/\(w.territory.organizationID)/programs/\(w.program.id!)/pairings"
            let headers = try await token(w.curator)
            let day = CalendarDay.today().iso
            try await withLiveServer(app) { server in
                let live = w.curator.tab(live: server)
                _ = try await live.get(pagePath)
                let tabs = (0..<4).map { _ in live.tab() }
                let pages = try await inParallel(4) { i in
                    try await tabs[i].post(pagePath, form: ["menteeID": mentees[0].id!.uuidString, "mentorID": mentors[i].id!.uuidString,
                                                            "scheme": "curatorProposal", "meetingOn": day, "meetingNote": "Личная встреча"])
                }
                #expect(pages.filter { $0.status == .seeOther }.count == 1, "ответы: \(pages.map(\.status))")
                #expect(pages.allSatisfy { [HTTPResponseStatus.seeOther, .conflict, .unprocessableEntity].contains($0.status) }, "ответы: \(pages.map(\.status))")
                for refused in pages where refused.status != .seeOther {
                    #expect(refused.text.contains("уже есть в предложении или паре этой программы"))
                }

                let answers = try await inParallel(4) { i in
                    try await server.send(.POST, apiPath, headers: headers, body: ByteBuffer(string: """
                        {"menteeId": "\(mentees[1].id!)", "mentorId": "\(mentors[4 + i].id!)", "scheme": "curatorProposal", "meetingOn": "\(day)"}
                        """))
                }
                #expect(answers.filter { $0.status == .created }.count == 1, "ответы API: \(answers.map(\.status))")
                for refused in answers where refused.status != .created {
                    #expect([HTTPResponseStatus.conflict, .unprocessableEntity].contains(refused.status) && refused.text.contains("\"error\""), "\(refused.status): \(refused.text)")
                }
            }
            #expect(try await places(app, mentee: mentees[0], program: w.program) == 1)
            #expect(try await places(app, mentee: mentees[1], program: w.program) == 1)
            #expect(try await PairingMember.query(on: app.db).count() == 2)
        }
    }

    @Test("Последнее место наставника: два ребёнка предложены ему разом — место получает один")
    func parallelProposalsRespectCapacity() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова", capacity: 1, selectedIn: w.program)
            var created: [Mentee] = []
            for index in 0..<3 {
                created.append(try await PairingFixtures.mentee(app, organization: organization, lastName: "Ученик\(index)", age: 19))
            }
            let mentees = created
            let pagePath = "/orgs/\(w.territory.organizationID)/programs/\(w.program.id!)/pairs/propose"
            let day = CalendarDay.today().iso
            try await withLiveServer(app) { server in
                let live = w.curator.tab(live: server)
                _ = try await live.get(pagePath)
                let tabs = (0..<3).map { _ in live.tab() }
                let pages = try await inParallel(3) { i in
                    try await tabs[i].post(pagePath, form: ["menteeID": mentees[i].id!.uuidString, "mentorID": mentor.id!.uuidString,
                                                            "scheme": "curatorProposal", "meetingOn": day])
                }
                #expect(pages.filter { $0.status == .seeOther }.count == 1, "ответы: \(pages.map(\.status))")
                #expect(pages.allSatisfy { [HTTPResponseStatus.seeOther, .conflict, .unprocessableEntity].contains($0.status) }, "ответы: \(pages.map(\.status))")
            }
            #expect(try await PairingCandidates.takenSeats(mentorIDs: [mentor.id!], on: app.db)[mentor.id!] == 1)
        }
    }

    @Test("«Сформировать пары» Mentor Match нажато дважды разом: второе нажатие ждёт первое и никого не предлагает повторно, без ошибки")
    func mentorMatchFormedTwiceAtOnce() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            var mentees: [Mentee] = [], mentors: [Mentor] = []
            for index in 0..<3 {
                mentees.append(try await PairingFixtures.mentee(app, organization: organization, lastName: "Ученик\(index)", age: 19))
                mentors.append(try await PairingFixtures.mentor(app, organization: organization, lastName: "Наставник\(index)", selectedIn: w.program))
            }
            let draft = MentorMatchSessions.Draft(heldOn: .today(), startsAt: "15:00", place: "", slotMinutes: 7, sessionMinutes: nil,
                                                  mentorIDs: mentors.map { $0.id! }, menteeIDs: mentees.map { $0.id! })
            let session = try await MentorMatchSessions.create(draft, program: w.program, on: app.db)
            for index in 0..<3 {
                try await MentorMatchSessions.setWishes(session, chooser: .mentee, chooserID: mentees[index].id!, chosen: [mentors[index].id!], on: app.db)
                try await MentorMatchSessions.setWishes(session, chooser: .mentor, chooserID: mentors[index].id!, chosen: [mentees[index].id!], on: app.db)
            }
            let path = "/orgs/\(w.territory.organizationID)/programs/\(w.program.id!)/pairs/mentor-match/\(session.id!)"
            try await withLiveServer(app) { server in
                let live = w.curator.tab(live: server)
                _ = try await live.get(path)
                let tabs = (0..<2).map { _ in live.tab() }
                let pages = try await inParallel(2) { i in try await tabs[i].post(path + "/form") }
                #expect(pages.allSatisfy { $0.status == .seeOther }, "ответы: \(pages.map(\.status))")
            }
            for mentee in mentees { #expect(try await places(app, mentee: mentee, program: w.program) == 1) }
            #expect(try await PairingMember.query(on: app.db).count() == 3)
        }
    }

    @Test("Черновик правят разом: два ребёнка переводятся на последнее место одного наставника — место получает один; двойной клик переводит один раз")
    func parallelDraftReassigns() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let first = try await PairingFixtures.mentor(app, organization: organization, lastName: "Первая", capacity: 3, selectedIn: w.program)
            let last = try await PairingFixtures.mentor(app, organization: organization, lastName: "Последняя", capacity: 1, selectedIn: w.program)
            let spare = try await PairingFixtures.mentor(app, organization: organization, lastName: "Запасная", capacity: 2, selectedIn: w.program)
            var created: [Mentee] = []
            for index in 0..<2 {
                created.append(try await PairingFixtures.mentee(app, organization: organization, lastName: "Ученик\(index)", age: 19))
            }
            let mentees = created
            try await pairing(app, w.program, mentor: first, mentees: mentees, status: .draft, agreed: false)
            let members = try await PairingMember.query(on: app.db).sort(\.$position).all()
            let base = "/orgs/\(w.territory.organizationID)/programs/\(w.program.id!)/pairs/proposal"
            try await withLiveServer(app) { server in
                let live = w.curator.tab(live: server)
                _ = try await live.get(base)
                let tabs = (0..<2).map { _ in live.tab() }
                let pages = try await inParallel(2) { i in
                    try await tabs[i].post(base + "/members/\(members[i].id!)/reassign", form: ["mentorID": last.id!.uuidString])
                }
                #expect(pages.filter { $0.status == .seeOther }.count == 1, "ответы: \(pages.map(\.status))")
                for refused in pages where refused.status != .seeOther {
                    #expect(refused.status == .unprocessableEntity && refused.text.contains("нет свободных мест"), "\(refused.status)")
                }
                #expect(try await PairingCandidates.takenSeats(mentorIDs: [last.id!], on: app.db)[last.id!] == 1)

                // The one still with the first mentor, moved by a double click.
                let remaining = try #require(try await PairingMember.query(on: app.db).join(Pairing.self, on: \PairingMember.$pairing.$id == \Pairing.$id)
                    .filter(Pairing.self, \.$mentor.$id == first.id!).first())
                let clicks = try await inParallel(2) { i in
                    try await tabs[i].post(base + "/members/\(remaining.id!)/reassign", form: ["mentorID": spare.id!.uuidString])
                }
                #expect(clicks.allSatisfy { $0.status == .seeOther }, "ответы: \(clicks.map(\.status))")
            }
            #expect(try await PairingCandidates.takenSeats(mentorIDs: [spare.id!], on: app.db)[spare.id!] == 1)
            #expect(try await Pairing.query(on: app.db).filter(\.$status == .draft).count() == 2, "у каждого наставника одна группа черновика, пустая удалена")
            for mentee in mentees { #expect(try await places(app, mentee: mentee, program: w.program) == 1) }
        }
    }

    @Test("Наставляемый и наставник соглашаются в одну и ту же секунду — пара сформирована (в кабинете и через API куратора)")
    func simultaneousAcceptanceFormsThePair() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            var cases: [(pairing: Pairing, member: PairingMember, mentee: Browser, mentor: Browser)] = []
            for index in 0..<3 {
                let menteeUser = try await Fixtures.person(app, login: "uchenik\(index)", role: .mentee, organization: organization, lastName: "Орлов\(index)")
                let mentorUser = try await Fixtures.person(app, login: "nastavnik\(index)", role: .mentor, organization: organization, lastName: "Смирнова\(index)")
                let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов\(index)", age: 19, userID: menteeUser.id)
                let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова\(index)", userID: mentorUser.id, selectedIn: w.program)
                let pairing = try await pairing(app, w.program, mentor: mentor, mentees: [mentee], status: .proposed, agreed: false)
                let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
                let menteeBrowser = Browser(app), mentorBrowser = Browser(app)
                try await menteeBrowser.signIn("uchenik\(index)")
                try await mentorBrowser.signIn("nastavnik\(index)")
                cases.append((pairing, member, menteeBrowser, mentorBrowser))
            }
            // The API: the curator records both sides' answers from papers at the same moment.
            let apiMentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Бумажный", age: 19)
            let apiMentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Бумажная", selectedIn: w.program)
            let apiPairing = try await pairing(app, w.program, mentor: apiMentor, mentees: [apiMentee], status: .proposed, agreed: false)
            let apiMember = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == apiPairing.id!).first())
            let headers = try await token(w.curator)
            try await withLiveServer(app) { server in
                for item in cases {
                    let sides = [item.mentee.tab(live: server), item.mentor.tab(live: server)]
                    let answers = try await inParallel(2) { i in
                        try await sides[i].post("/me/pairs/\(item.member.id!)/answer", form: ["answer": "accepted"])
                    }
                    #expect(answers.allSatisfy { $0.status == .seeOther }, "ответы: \(answers.map(\.status))")
                }
                let path = "/api/v1/organizations/\(w.territory.organizationID)/programs/\(w.program.id!)/pairings/members/\(apiMember.id!)/answer"
                let answers = try await inParallel(2) { i in
                    try await server.send(.POST, path, headers: headers, body: ByteBuffer(string: """
                        {"side": "\(i == 0 ? "mentee" : "mentor")", "answer": "accepted", "note": "заявление"}
                        """))
                }
                #expect(answers.allSatisfy { $0.status == .ok }, "ответы API: \(answers.map(\.status))")
                #expect(answers.contains { $0.text.contains("\"formed\"") })
            }
            for pairing in cases.map(\.pairing) + [apiPairing] {
                #expect(try await Pairing.find(pairing.id, on: app.db)?.status == .formed)
                let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
                #expect(member.isAgreed && member.holdsPlace)
                #expect(try await Mentee.find(member.$mentee.id, on: app.db)?.status == .inPair)
            }
        }
    }

    @Test("База не даёт ребёнку второе активное место в программе; отказ и завершение освобождают место")
    func databaseHoldsOnePlace() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", age: 19)
            let first = try await PairingFixtures.mentor(app, organization: organization, lastName: "Первая", selectedIn: w.program)
            let second = try await PairingFixtures.mentor(app, organization: organization, lastName: "Вторая", selectedIn: w.program)
            try await pairing(app, w.program, mentor: first, mentees: [mentee], status: .proposed, agreed: false)
            // A second active place written past every check is refused by the database itself.
            let other = try Pairing(program: w.program, mentorID: second.id!, form: .studentStudent, scheme: .curatorProposal, status: .proposed, createdByName: "")
            try await other.create(on: app.db)
            let duplicate = PairingMember(pairingID: other.id!, menteeID: mentee.id!, programID: w.program.id!, score: nil, explanation: [], position: 0)
            await #expect(throws: (any Error).self) { try await duplicate.create(on: app.db) }
            let another = PairingMember(pairingID: other.id!, menteeID: mentee.id!, programID: w.program.id!, score: nil, explanation: [], position: 0)
            await #expect(throws: PairingError.menteeAlreadyPlaced(name: mentee.fullName)) {
                try await app.db.transaction { db in try await PairingProposals.createHoldingPlace(another, mentee: mentee, on: db) }
            }

            // The mentor declines: the child may be proposed to another mentor.
            let member = try #require(try await PairingMember.query(on: app.db).filter(\.$mentee.$id == mentee.id!).with(\.$pairing).first())
            _ = try await app.db.transaction { db in try await PairingAnswers.answer(member, side: .mentor, answer: .declined, note: nil, on: db) }
            #expect(try await PairingMember.find(member.id, on: app.db)?.holdsPlace == false)
            let again = try await w.curator.post("/orgs/\(w.territory.organizationID)/programs/\(w.program.id!)/pairs/propose", form: [
                "menteeID": mentee.id!.uuidString, "mentorID": second.id!.uuidString, "scheme": "curatorProposal", "meetingOn": CalendarDay.today().iso])
            #expect(again.status == .seeOther)
            #expect(try await places(app, mentee: mentee, program: w.program) == 1)

            // A place ended by a path that forgot the flag (the pairing set «declined» directly)
            // does not block the child: the next proposal releases it first.
            other.status = .declined
            try await other.save(on: app.db)
            let third = try await PairingFixtures.mentor(app, organization: organization, lastName: "Третья", selectedIn: w.program)
            let once = try await w.curator.post("/orgs/\(w.territory.organizationID)/programs/\(w.program.id!)/pairs/propose", form: [
                "menteeID": mentee.id!.uuidString, "mentorID": third.id!.uuidString, "scheme": "curatorProposal", "meetingOn": CalendarDay.today().iso])
            #expect(once.status == .seeOther)
            #expect(try await places(app, mentee: mentee, program: w.program) == 1)
            #expect(try await PairingMember.query(on: app.db).filter(\.$holdsPlace == true).count() == 1)
        }
    }

    @Test("Миграция отмечает активные места существующих пар; дубль старой гонки перестаёт считаться местом, и индекс строится")
    func migrationFillsPlaces() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let mentees = [
                try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов"),
                try await PairingFixtures.mentee(app, organization: organization, lastName: "Соколов"),
                try await PairingFixtures.mentee(app, organization: organization, lastName: "Журавлёв"),
            ]
            var mentors: [Mentor] = []
            for index in 0..<4 {
                mentors.append(try await PairingFixtures.mentor(app, organization: organization, lastName: "Наставник\(index)", selectedIn: w.program))
            }
            let formed = try await pairing(app, w.program, mentor: mentors[0], mentees: [mentees[0]], status: .formed, agreed: true)
            let finished = try await pairing(app, w.program, mentor: mentors[1], mentees: [mentees[1]], status: .finished, agreed: true)
            let declinedPairing = try await pairing(app, w.program, mentor: mentors[2], mentees: [mentees[2]], status: .proposed, agreed: false)
            try await PairingMember.query(on: app.db).filter(\.$pairing.$id == declinedPairing.id!).set(\.$mentorAnswer, to: .declined).update()
            // Before the migration nothing stopped a second place: the old race left one behind.
            // One connection throughout: another one may still hold the schema from before the revert.
            let program = w.program, mentor = mentors[3], menteeID = mentees[0].id!
            let racePairing = try await app.db.withConnection { db in
                try await M021_PairingTrust().revert(on: db)
                let racePairing = try Pairing(program: program, mentorID: mentor.id!, form: .studentStudent, scheme: .curatorProposal,
                                              status: .proposed, createdByName: "")
                try await racePairing.create(on: db)
                let sql = try #require(db as? any SQLDatabase)
                try await sql.raw("""
                    INSERT INTO pairing_members (id, pairing_id, mentee_id, program_id, explanation, mentee_answer, mentor_answer, position)
                    VALUES (\(bind: UUID()), \(bind: racePairing.id!), \(bind: menteeID), \(bind: program.id!), '', 'pending', 'pending', 0)
                    """).run()
                try await M021_PairingTrust().prepare(on: db)
                return racePairing
            }

            func flag(_ pairing: Pairing) async throws -> Bool? {
                try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first()?.holdsPlace
            }
            #expect(try await flag(formed) == true)
            #expect(try await flag(finished) == false)
            #expect(try await flag(declinedPairing) == false)
            #expect(try await flag(racePairing) == false)
            // The index now refuses a new second place of the formed pair's child.
            let another = PairingMember(pairingID: racePairing.id!, menteeID: mentees[0].id!, programID: w.program.id!, score: nil, explanation: [], position: 1)
            await #expect(throws: (any Error).self) { try await another.create(on: app.db) }
        }
    }

    // MARK: - Item 4: coordinators see numbers only

    @Test("Координатор на странице пар программы видит только числа: ни одного имени наставника или ребёнка")
    func coordinatorSeesNumbersOnly() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова", firstName: "Алиса", capacity: 2, selectedIn: w.program)
            mentor.isMinor = true
            try await mentor.save(on: app.db)
            let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", firstName: "Арсений")
            let waiting = try await PairingFixtures.mentee(app, organization: organization, lastName: "Журавлёв", firstName: "Пётр")
            try await pairing(app, w.program, mentor: mentor, mentees: [mentee], status: .formed, agreed: true)
            try await PairingFixtures.mentee(app, organization: organization, lastName: "Без-Пары", firstName: "Глеб")
            _ = waiting
            try await Fixtures.person(app, login: "koordinator", role: .regionalCoordinator, regionID: w.territory.region.id, lastName: "Координаторова")
            try await Fixtures.person(app, login: "koordinator.mo", role: .regionalCoordinator, municipalityID: w.territory.municipality.id, lastName: "Муниципальная")
            let path = "/orgs/\(w.territory.organizationID)/programs/\(w.program.id!)/pairs"
            let names = ["Смирнова", "Алиса", "Орлов", "Арсений", "Журавлёв", "Пётр", "Без-Пары", "Глеб"]
            for login in ["koordinator", "koordinator.mo"] {
                let coordinator = Browser(app)
                try await coordinator.signIn(login)
                let page = try await coordinator.get(path)
                #expect(page.status == .ok)
                for name in names { #expect(!page.text.contains(name), "\(login) видит «\(name)»") }
                #expect(page.text.contains("Координатору видны только числа"))
                #expect(page.text.contains("<strong>1</strong>") && page.text.contains("сформирован"))
                for pathTail in ["/pairs.xlsx", "/order.docx", "/proposal", "/propose"] {
                    #expect(try await coordinator.get(path + pathTail).status == .forbidden)
                }
                #expect(try await coordinator.get("/orgs/\(w.territory.organizationID)/programs/\(w.program.id!)/rhythm").status == .forbidden)
                let api = try await app.testing().sendRequest(.GET, "/api/v1/organizations/\(w.territory.organizationID)/programs/\(w.program.id!)/pairings",
                                                              headers: try await token(coordinator))
                #expect(api.status == .forbidden && !names.contains { api.text.contains($0) })
            }
            // The curator still sees who is in the pair.
            let page = try await w.curator.get(path)
            #expect(page.text.contains("Смирнова") && page.text.contains("Орлов"))
        }
    }

    // MARK: - Item 9: an early end's reason

    @Test("Причину досрочного завершения видят только её автор и куратор — на странице пары и в API")
    func earlyEndReasonStaysWithAuthorAndCurator() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let menteeUser = try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: organization, lastName: "Орлов")
            let mentorUser = try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: organization, lastName: "Смирнова")
            let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", userID: menteeUser.id)
            let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова", capacity: 2, userID: mentorUser.id, selectedIn: w.program)
            let pairing = try await pairing(app, w.program, mentor: mentor, mentees: [mentee], status: .formed, agreed: true)
            let menteeBrowser = Browser(app), mentorBrowser = Browser(app)
            try await menteeBrowser.signIn("uchenik")
            try await mentorBrowser.signIn("nastavnik")
            let mentorHeaders = try await token(mentorBrowser), menteeHeaders = try await token(menteeBrowser), curatorHeaders = try await token(w.curator)
            let path = "/pairs/\(pairing.id!)"
            let reason = "Наставник кричит на меня на встречах"
            #expect(try await menteeBrowser.post(path + "/closure", form: ["decision": "earlyEnd", "reason": reason]).status == .seeOther)
            #expect(try await Pairing.find(pairing.id, on: app.db)?.status == .finished)
            #expect(try await PairClosure.query(on: app.db).first()?.decidedByUserID == menteeUser.id)

            let mentorPage = try await mentorBrowser.get(path)
            #expect(mentorPage.status == .ok && mentorPage.text.contains("Досрочное завершение") && !mentorPage.text.contains(reason))
            #expect(mentorPage.text.contains("Причину видят только её автор и куратор."))
            let mentorAPI = try await app.testing().sendRequest(.GET, "/api/v1" + path + "/completion", headers: mentorHeaders)
            #expect(mentorAPI.status == .ok && mentorAPI.text.contains("\"earlyEnd\"") && !mentorAPI.text.contains(reason))

            #expect(try await menteeBrowser.get(path).text.contains(reason))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1" + path + "/completion", headers: menteeHeaders).text.contains(reason))
            #expect(try await w.curator.get(path).text.contains(reason))
            #expect(try await app.testing().sendRequest(.GET, "/api/v1" + path + "/completion", headers: curatorHeaders).text.contains(reason))

            // The mentor's own early end of another pair: the child does not read the mentor's reason.
            let secondUser = try await Fixtures.person(app, login: "uchenik2", role: .mentee, organization: organization, lastName: "Соколов")
            let second = try await PairingFixtures.mentee(app, organization: organization, lastName: "Соколов", userID: secondUser.id)
            let other = try await self.pairing(app, w.program, mentor: mentor, mentees: [second], status: .formed, agreed: true)
            let mentorReason = "Ребёнок не приходит и не отвечает"
            let closed = try await app.testing().sendRequest(.POST, "/api/v1/pairs/\(other.id!)/closure", headers: mentorHeaders,
                                                             body: ByteBuffer(string: #"{"decision": "earlyEnd", "reason": "\#(mentorReason)"}"#))
            #expect(closed.status == .created && closed.text.contains(mentorReason))
            let secondBrowser = Browser(app)
            try await secondBrowser.signIn("uchenik2")
            let secondHeaders = try await token(secondBrowser)
            #expect(!(try await secondBrowser.get("/pairs/\(other.id!)").text.contains(mentorReason)))
            #expect(!(try await app.testing().sendRequest(.GET, "/api/v1/pairs/\(other.id!)/completion", headers: secondHeaders).text.contains(mentorReason)))
            #expect(try await mentorBrowser.get("/pairs/\(other.id!)").text.contains(mentorReason))
        }
    }

    // MARK: - Item 10: a group's reflections and final answers

    @Test("В группе наставляемый читает только свои рефлексии и итоговые ответы; наставник и куратор — все (страница и API)")
    func groupMenteesReadOnlyTheirOwn() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let mentorUser = try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: organization, lastName: "Смирнова")
            let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова", capacity: 2, userID: mentorUser.id, selectedIn: w.program)
            var mentees: [Mentee] = []
            var browsers: [Browser] = []
            for (index, lastName) in ["Орлов", "Соколов"].enumerated() {
                let user = try await Fixtures.person(app, login: "uchenik\(index)", role: .mentee, organization: organization, lastName: lastName)
                mentees.append(try await PairingFixtures.mentee(app, organization: organization, lastName: lastName, userID: user.id))
                let browser = Browser(app)
                try await browser.signIn("uchenik\(index)")
                browsers.append(browser)
            }
            let mentorBrowser = Browser(app)
            try await mentorBrowser.signIn("nastavnik")
            let group = try await pairing(app, w.program, mentor: mentor, mentees: mentees, status: .formed, agreed: true)
            let path = "/pairs/\(group.id!)"
            #expect(try await mentorBrowser.post(path + "/meetings", form: [
                "kind": "acquaintance", "status": "held", "on": CalendarDay.today().adding(days: -1).iso, "summary": "Познакомились"]).status == .seeOther)
            let meeting = try #require(try await PairMeeting.query(on: app.db).first())
            let reflections = ["Мне стыдно, что я не понимаю дроби", "Дома опять поругались, трудно сосредоточиться"]
            let finals = ["Исправил оценку по алгебре", "Перестал бояться отвечать у доски"]
            for index in 0..<2 {
                #expect(try await browsers[index].post(path + "/meetings/\(meeting.id!)/reflection", form: [
                    "closerToGoal": "partly", "feeling": reflections[index]]).status == .seeOther)
                #expect(try await browsers[index].post(path + "/final-answers", form: [
                    "closeness": "7", "results": finals[index], "continueTogether": "yes", "wantsToMentor": "no"]).status == .seeOther)
            }
            #expect(try await MeetingReflection.query(on: app.db).count() == 2)
            #expect(try await FinalAnswer.query(on: app.db).count() == 2)

            for index in 0..<2 {
                let own = try await browsers[index].get(path)
                #expect(own.text.contains(reflections[index]) && own.text.contains(finals[index]))
                #expect(!own.text.contains(reflections[1 - index]) && !own.text.contains(finals[1 - index]), "наставляемый \(index) читает чужое")
                let headers = try await token(browsers[index])
                let api = try await app.testing().sendRequest(.GET, "/api/v1" + path + "/completion", headers: headers)
                #expect(api.status == .ok && api.text.contains(finals[index]) && !api.text.contains(finals[1 - index]))
            }
            // The mentor's reflection in a group is about every child: the children do not read it.
            let mentorNote = "Соколову нужна помощь психолога"
            #expect(try await mentorBrowser.post(path + "/meetings/\(meeting.id!)/reflection", form: ["closerToGoal": "yes", "nextSteps": mentorNote]).status == .seeOther)
            for browser in browsers { #expect(!(try await browser.get(path).text.contains(mentorNote))) }
            for browser in [mentorBrowser, w.curator] {
                let page = try await browser.get(path)
                #expect((reflections + finals + [mentorNote]).allSatisfy { page.text.contains($0) })
            }
            let mentorAPI = try await app.testing().sendRequest(.GET, "/api/v1" + path + "/completion", headers: try await token(mentorBrowser))
            #expect(finals.allSatisfy { mentorAPI.text.contains($0) })
        }
    }

    @Test("В паре один на один наставляемый читает рефлексию и итоговые ответы наставника — на странице и в API")
    func oneToOneMenteeReadsTheMentor() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let mentorUser = try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: organization, lastName: "Смирнова")
            let menteeUser = try await Fixtures.person(app, login: "uchenik", role: .mentee, organization: organization, lastName: "Орлов")
            let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова", userID: mentorUser.id, selectedIn: w.program)
            let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов", userID: menteeUser.id)
            let pair = try await pairing(app, w.program, mentor: mentor, mentees: [mentee], status: .formed, agreed: true)
            let mentorBrowser = Browser(app), menteeBrowser = Browser(app)
            try await mentorBrowser.signIn("nastavnik")
            try await menteeBrowser.signIn("uchenik")
            let path = "/pairs/\(pair.id!)"
            #expect(try await mentorBrowser.post(path + "/meetings", form: [
                "kind": "acquaintance", "status": "held", "on": CalendarDay.today().adding(days: -1).iso, "summary": "Познакомились"]).status == .seeOther)
            let meeting = try #require(try await PairMeeting.query(on: app.db).first())
            let mentorNote = "Подобрать задачи к четвергу"
            let mentorResult = "Орлов научился планировать неделю"
            #expect(try await mentorBrowser.post(path + "/meetings/\(meeting.id!)/reflection", form: ["closerToGoal": "yes", "nextSteps": mentorNote]).status == .seeOther)
            #expect(try await mentorBrowser.post(path + "/final-answers", form: [
                "closeness": "8", "results": mentorResult, "continueTogether": "yes", "wantsToMentor": "no"]).status == .seeOther)

            let page = try await menteeBrowser.get(path)
            #expect(page.status == .ok && page.text.contains(mentorNote) && page.text.contains(mentorResult))
            let api = try await app.testing().sendRequest(.GET, "/api/v1" + path + "/completion", headers: try await token(menteeBrowser))
            #expect(api.status == .ok && api.text.contains(mentorResult))
        }
    }

    // MARK: - Item 19: the calendar file

    @Test("Перевод строки, возврат каретки и управляющие символы в месте встречи не разрывают строки файла .ics")
    func calendarKeepsItsLines() async throws {
        let meeting = PairMeeting()
        meeting.id = UUID()
        meeting.kind = .working
        meeting.status = .planned
        meeting.on = "2026-12-10"
        meeting.startsAt = "15:00"
        meeting.durationMinutes = 40
        meeting.format = .inPerson
        meeting.place = "каб. 12\rBEGIN:VALARM\r\nэтаж 2\n\u{07}вход\u{2028}со двора; справа, у окна\\"
        meeting.summary = ""
        meeting.recordedByName = ""
        let text = MeetingCalendar.ics([meeting], title: "Наставничество:\rСмирнова")
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { !$0.contains("\r") && !$0.contains("\n") && !$0.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        // Unfolded, the place is one escaped line and no property begins inside it.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
        #expect(unfolded.contains("LOCATION:каб. 12\\nBEGIN:VALARM\\nэтаж 2\\nвход\\nсо двора\\; справа\\, у окна\\\\"))
        #expect(unfolded.contains("X-WR-CALNAME:Наставничество:\\nСмирнова"))
        #expect(unfolded.filter { $0.hasPrefix("BEGIN:") } == ["BEGIN:VCALENDAR", "BEGIN:VTIMEZONE", "BEGIN:STANDARD", "BEGIN:VEVENT"])
    }

    @Test("Место встречи с голым CR, записанное на странице пары, приходит в .ics одной экранированной строкой")
    func calendarFromThePage() async throws {
        try await withTestApp { app in
            let w = try await world(app)
            let organization = w.territory.organization
            let mentorUser = try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: organization, lastName: "Смирнова")
            let mentor = try await PairingFixtures.mentor(app, organization: organization, lastName: "Смирнова", userID: mentorUser.id, selectedIn: w.program)
            let mentee = try await PairingFixtures.mentee(app, organization: organization, lastName: "Орлов")
            let pairing = try await pairing(app, w.program, mentor: mentor, mentees: [mentee], status: .formed, agreed: true)
            let browser = Browser(app)
            try await browser.signIn("nastavnik")
            let path = "/pairs/\(pairing.id!)"
            #expect(try await browser.post(path + "/meetings", form: [
                "kind": "working", "status": "planned", "on": CalendarDay.today().adding(days: 2).iso, "startsAt": "16:00",
                "place": "каб. 12\rDTSTART:19700101T000000"]).status == .seeOther)
            let ics = try await browser.get(path + "/meetings.ics")
            #expect(ics.status == .ok)
            let lines = ics.text.components(separatedBy: "\r\n")
            #expect(lines.allSatisfy { !$0.contains("\r") && !$0.contains("\n") })
            #expect(lines.filter { $0.hasPrefix("DTSTART;TZID=") }.count == 1 && !lines.contains { $0.hasPrefix("DTSTART:1970") })
            #expect(ics.text.replacingOccurrences(of: "\r\n ", with: "").contains("LOCATION:каб. 12\\nDTSTART:19700101T000000"))
        }
    }
}
