import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 22, item 1: pair formation's rules called directly, without HTTP, and the page and the
/// API answering one rule with one message because both call the same `PairingService` function.
@Suite("Правила формирования пар: одна операция для страницы и API")
struct PairingServiceTests {
    struct School {
        let territory: Fixtures.Territory
        let program: Program
        let curator: AuditActor
        var organization: Organization { territory.organization }
    }

    func school(_ app: Application) async throws -> School {
        let territory = try await Fixtures.territory(app)
        let user = try await Fixtures.person(app, login: "kurator", role: .curator, organization: territory.organization, lastName: "Куратова")
        let program = try await PairingFixtures.program(app, organization: territory.organization)
        let principal = Principal(userID: user.id!, fullName: "Куратова Анна", shortName: "Куратова А.", isPlatformAdmin: false, mustChangePassword: false,
                                  grants: [.init(role: .curator, organizationID: territory.organizationID, municipalityID: nil, regionID: nil)])
        return School(territory: territory, program: program, curator: AuditActor(principal: principal, ip: "127.0.0.1"))
    }

    func audits(_ app: Application, _ action: AuditAction) async throws -> [AuditEntry] {
        try await AuditEntry.query(on: app.db).filter(\.$action == action.rawValue).all()
    }

    /// The curator signed in on the pages, and the same curator's API token.
    func curatorClients(_ app: Application) async throws -> (browser: Browser, api: HTTPHeaders) {
        let curator = Browser(app)
        try await curator.signIn("kurator")
        let tokenPage = try await curator.post("/account/tokens", form: ["name": "АИС"])
        let token = try #require(tokenPage.text.firstMatch(of: /nst_[A-Za-z0-9_-]+/).map { String($0.output) })
        return (curator, ["Authorization": "Bearer \(token)", "Content-Type": "application/json"])
    }

    /// An adult mentee proposed to a mentor by the service, the pair not yet answered.
    func proposed(_ app: Application, _ s: School) async throws -> PairingMember {
        let mentor = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", selectedIn: s.program)
        let mentee = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Орлов", age: 19)
        return try await PairingService.propose(.init(menteeID: mentee.id, mentorID: mentor.id, scheme: "curatorProposal", meetingOn: "2026-10-01",
                                                      meetingNote: ""), program: s.program, by: s.curator, on: app.db)
    }

    static let allZero: [String: PairingService.WeightInput] = Dictionary(uniqueKeysWithValues: [
        "request", "subjects", "interests", "age", "meetingTime", "place", "form", "roleModel", "timeResource",
    ].map { ($0, PairingService.WeightInput(weight: 0, required: false)) })

    @Test("Подбор с нулевыми весами всех критериев отклоняется правилом, без подбора, черновика и записи в журнале")
    func zeroWeightsRefused() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", selectedIn: s.program)
            try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Орлов")
            await #expect(throws: PairingError.weightsAllZero) {
                try await PairingService.runMatching(.init(weights: Self.allZero), program: s.program, by: s.curator, on: app.db)
            }
            #expect(try await MatchingRun.query(on: app.db).count() == 0)
            #expect(try await Pairing.query(on: app.db).count() == 0)
            #expect(try await audits(app, .matchingRun).isEmpty)

            // One required criterion is enough, even at weight 0; the run and its audit entry are written together.
            var required = Self.allZero
            required["request"] = .init(weight: 0, required: true)
            let (run, _) = try await PairingService.runMatching(.init(weights: required), program: s.program, by: s.curator, on: app.db)
            #expect(run.menteeCount == 1)
            let entries = try await audits(app, .matchingRun)
            #expect(entries.count == 1 && entries.first?.actorName == "Куратова Анна" && entries.first?.ip == "127.0.0.1")
        }
    }

    @Test("Нулевые веса: страница и API отказывают одним и тем же текстом (422), подбор не запускается")
    func zeroWeightsSameOnPageAndAPI() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", selectedIn: s.program)
            try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Орлов")
            let (curator, headers) = try await curatorClients(app)
            let message = PairingError.weightsAllZero.russianMessage

            var form = ["objective": "maxMatchedThenScore", "previousPairs": "avoid"]
            for key in Self.allZero.keys { form["weight-\(key)"] = "0" }
            let page = try await curator.post("/orgs/\(s.territory.organizationID)/programs/\(s.program.id!)/pairs/match", form: form)
            #expect(page.status == .unprocessableEntity)
            #expect(page.text.contains(message))

            let weights = Self.allZero.keys.sorted().map { "\"\($0)\": {\"weight\": 0}" }.joined(separator: ", ")
            let api = try await app.testing().sendRequest(
                .POST, "/api/v1/organizations/\(s.territory.organizationID)/programs/\(s.program.id!)/pairings/matching-runs",
                headers: headers, body: ByteBuffer(string: "{\"weights\": {\(weights)}}"))
            #expect(api.status == .unprocessableEntity, "\(api.status): \(api.text)")
            #expect(api.text.contains(message) && api.text.contains("weights_all_zero"), "\(api.text)")
            #expect(try await MatchingRun.query(on: app.db).count() == 0)
        }
    }

    @Test("Ребёнка без согласия законного представителя нельзя предложить в пару; ничего не записано")
    func childWithoutConsentCannotBePaired() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let mentor = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", selectedIn: s.program)
            let withoutConsent = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Безсогласия", consent: false)
            let ownConsentOnly = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Сампосебе", age: 12, guardianConsent: false)
            for (mentee, problem) in [(withoutConsent, "Нет действующего согласия"), (ownConsentOnly, "Согласие несовершеннолетнего должен дать законный представитель.")] {
                let input = PairingService.ProposalInput(menteeID: mentee.id, mentorID: mentor.id, scheme: PairingScheme.curatorProposal.rawValue,
                                                         meetingOn: "2026-10-01", meetingNote: "")
                do {
                    _ = try await PairingService.propose(input, program: s.program, by: s.curator, on: app.db)
                    Issue.record("\(mentee.lastName) предложен в пару без согласия")
                } catch AppError.validation(let errors) {
                    #expect(errors["mentee"]?.contains(problem) == true, "\(errors)")
                }
                await #expect(throws: (any Error).self) {
                    try await PairingService.addToDraft(menteeID: mentee.id, mentorID: mentor.id, program: s.program, by: s.curator, on: app.db)
                }
            }
            #expect(try await PairingMember.query(on: app.db).count() == 0)
            #expect(try await audits(app, .pairingProposed).isEmpty)
            #expect(try await audits(app, .pairingProposalEdited).isEmpty)
        }
    }

    @Test("Второе предложение того же ребёнка: один и тот же текст отказа у правила и у индекса базы, на странице и в API")
    func duplicatePersonOneMessage() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let first = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", selectedIn: s.program)
            let second = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Кузнецова", selectedIn: s.program)
            let mentee = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Орлов", age: 19)
            func input(_ mentor: Mentor) -> PairingService.ProposalInput {
                .init(menteeID: mentee.id, mentorID: mentor.id, scheme: "personalMeeting", meetingOn: "2026-10-01", meetingNote: "Встреча в библиотеке")
            }
            let member = try await PairingService.propose(input(first), program: s.program, by: s.curator, on: app.db)
            let entries = try await audits(app, .pairingProposed)
            #expect(entries.count == 1 && entries.first?.objectID == member.$pairing.id.uuidString)

            let expected = PairingError.menteeAlreadyPlaced(name: mentee.fullName).russianMessage
            do {
                _ = try await PairingService.propose(input(second), program: s.program, by: s.curator, on: app.db)
                Issue.record("второе место ребёнка в программе")
            } catch AppError.validation(let errors) {
                #expect(errors["mentee"] == expected, "\(errors)")
            }
            // The database's one-place index (a race the rule did not see) answers with the same words.
            let place = PairingMember(pairingID: member.$pairing.id, menteeID: mentee.id!, programID: s.program.id!, score: nil, explanation: [], position: 1)
            await #expect(throws: PairingError.menteeAlreadyPlaced(name: mentee.fullName)) {
                try await app.db.transaction { tx in try await PairingProposals.createHoldingPlace(place, mentee: mentee, on: tx) }
            }

            let (curator, headers) = try await curatorClients(app)
            let page = try await curator.post("/orgs/\(s.territory.organizationID)/programs/\(s.program.id!)/pairs/propose",
                                              form: ["menteeID": mentee.id!.uuidString, "mentorID": second.id!.uuidString, "scheme": "personalMeeting",
                                                     "meetingOn": "2026-10-01"])
            #expect(page.status == .unprocessableEntity && page.text.contains(expected), "\(page.status)")
            let api = try await app.testing().sendRequest(
                .POST, "/api/v1/organizations/\(s.territory.organizationID)/programs/\(s.program.id!)/pairings", headers: headers,
                body: ByteBuffer(string: #"{"menteeId": "\#(mentee.id!)", "mentorId": "\#(second.id!)", "scheme": "personalMeeting", "meetingOn": "2026-10-01"}"#))
            #expect(api.status == .unprocessableEntity && api.text.contains(expected), "\(api.status): \(api.text)")
            #expect(try await audits(app, .pairingProposed).count == 1)
        }
    }

    @Test("Ответы сторон сервисом: пара формируется, счётчики показателей обновлены в той же транзакции, повторный ответ — отказ")
    func answersFormThePair() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let member = try await proposed(app, s)
            let waiting = try await PairingService.answer(memberID: member.id!, side: .mentor, answer: .accepted, note: nil, program: s.program,
                                                          by: s.curator, on: app.db)
            #expect(waiting.outcome == .waiting)
            let formed = try await PairingService.answer(memberID: member.id!, side: .mentee, answer: .accepted, note: "заявление", program: s.program,
                                                         by: s.curator, on: app.db)
            #expect(formed.outcome == .formed && formed.member.isAgreed)
            #expect(try await Pairing.find(member.$pairing.id, on: app.db)?.status == .formed)
            #expect(try await audits(app, .pairingAnswered).count == 2)
            let year = AcademicYear.current()
            let counts = try await IndicatorCountsTable.byOrganization(.organization(s.territory.organizationID), years: [year], on: app.db)
            #expect(counts[year]?[s.territory.organizationID]?.pairs == 1, "счётчики показателей обновлены при формировании пары")
            await #expect(throws: PairingError.bothAnswered) {
                try await PairingService.answer(memberID: member.id!, side: .mentee, answer: .declined, note: nil, program: s.program, by: s.curator, on: app.db)
            }
        }
    }

    @Test("Приказ о закреплении: номер и дата проверяются одним правилом, второй приказ на те же пары ничего не закрепляет")
    func orderFixesOnce() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let member = try await proposed(app, s)
            for side in [PairingAnswers.Side.mentor, .mentee] {
                _ = try await PairingService.answer(memberID: member.id!, side: side, answer: .accepted, note: nil, program: s.program, by: s.curator, on: app.db)
            }
            do {
                _ = try await PairingService.fixByOrder(number: " ", date: "1 октября", program: s.program, by: s.curator, on: app.db)
                Issue.record("приказ без номера и даты записан")
            } catch AppError.validation(let errors) {
                #expect(errors == ["orderNumber": "Укажите номер приказа.", "orderOn": "Укажите дату приказа."])
            }
            let first = try await PairingService.fixByOrder(number: "45-од", date: "2026-10-01", program: s.program, by: s.curator, on: app.db)
            #expect(first.fixed == 1)
            let second = try await PairingService.fixByOrder(number: "46-од", date: "2026-10-02", program: s.program, by: s.curator, on: app.db)
            #expect(second.fixed == 0)
            #expect(try await Pairing.find(member.$pairing.id, on: app.db)?.orderNumber == "45-од")
            #expect(try await audits(app, .pairingFixedByOrder).count == 1)
        }
    }

    @Test("Черновик правится только до отправки: нет места у наставника — отказ с его именем, после отправки — «только в черновике»; каждая правка — одна запись журнала")
    func draftEditsUntilSent() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let full = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", capacity: 1, selectedIn: s.program)
            let other = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Кузнецова", capacity: 1, selectedIn: s.program)
            let orlov = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Орлов", age: 19)
            let gromov = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Громов", age: 19)
            try await PairingService.addToDraft(menteeID: orlov.id, mentorID: full.id, program: s.program, by: s.curator, on: app.db)
            try await PairingService.addToDraft(menteeID: gromov.id, mentorID: other.id, program: s.program, by: s.curator, on: app.db)
            let members = try await PairingMember.query(on: app.db).all()
            let gromovPlace = try #require(members.first { $0.$mentee.id == gromov.id })
            await #expect(throws: PairingError.noFreeSeat(mentor: full.fullName, taken: 1, capacity: 1)) {
                try await PairingService.reassign(memberID: gromovPlace.id!, mentorID: full.id, program: s.program, by: s.curator, on: app.db)
            }
            await #expect(throws: PairingError.sameMentee) {
                try await PairingService.swap(gromovPlace.id, gromovPlace.id, program: s.program, by: s.curator, on: app.db)
            }
            let orlovPlace = try #require(members.first { $0.$mentee.id == orlov.id })
            try await PairingService.swap(orlovPlace.id, gromovPlace.id, program: s.program, by: s.curator, on: app.db)
            #expect(try await audits(app, .pairingProposalEdited).count == 3)

            #expect(try await PairingService.send(program: s.program, by: s.curator, on: app.db) == 2)
            #expect(try await PairingService.send(program: s.program, by: s.curator, on: app.db) == 0)
            #expect(try await audits(app, .pairingProposalSent).count == 1)
            await #expect(throws: PairingError.notInDraft(.remove)) {
                try await PairingService.removeFromDraft(memberID: orlovPlace.id!, program: s.program, by: s.curator, on: app.db)
            }
            #expect(try await PairingMember.query(on: app.db).count() == 2)
            #expect(try await audits(app, .pairingProposalEdited).count == 3)
        }
    }

    @Test("Mentor Match сервисом: на встречу не попадает тот, кого нельзя включить в пару; повторное «сформировать» никого не предлагает дважды")
    func mentorMatchByService() async throws {
        try await withTestApp { app in
            let s = try await school(app)
            let mentor = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", capacity: 2, selectedIn: s.program)
            let mentee = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Орлов", age: 19)
            let withoutConsent = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Безсогласия", consent: false)
            func input(_ mentees: [Mentee]) -> PairingService.SessionInput {
                .init(heldOn: "2026-10-05", startsAt: "15:00", place: "Актовый зал", slotMinutes: "7", sessionMinutes: "",
                      mentorIDs: [mentor.id!], menteeIDs: mentees.map { $0.id! })
            }
            await #expect(throws: AppError.self) {
                try await PairingService.scheduleSession(input([mentee, withoutConsent]), program: s.program, by: s.curator, on: app.db)
            }
            #expect(try await MentorMatchSession.query(on: app.db).count() == 0)
            let session = try await PairingService.scheduleSession(input([mentee]), program: s.program, by: s.curator, on: app.db)
            try await PairingService.setWishes(sessionID: session.id, chooser: .mentee, chooserID: mentee.id!, chosen: [mentor.id!], program: s.program,
                                               by: s.curator, on: app.db)
            try await PairingService.setWishes(sessionID: session.id, chooser: .mentor, chooserID: mentor.id!, chosen: [mentee.id!], program: s.program,
                                               by: s.curator, on: app.db)
            let first = try await PairingService.formMentorMatchPairs(sessionID: session.id, program: s.program, by: s.curator, on: app.db)
            let again = try await PairingService.formMentorMatchPairs(sessionID: session.id, program: s.program, by: s.curator, on: app.db)
            #expect(first.proposed == 1 && again.proposed == 0)
            #expect(try await PairingMember.query(on: app.db).count() == 1)
            #expect(try await audits(app, .mentorMatchScheduled).count == 1)
            #expect(try await audits(app, .mentorMatchWishesSaved).count == 2)
        }
    }
}
