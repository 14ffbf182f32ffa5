import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 22, item 2: four answers that sent a page's view model (texts such as «9,0», «1 из 2»,
/// «действует с …, подпись: …») answer the API's own types — codes, numbers, ISO dates — and the
/// OpenAPI document describes them exactly: every answer below also passes `OpenAPIConformance`,
/// which fails on a field the document does not list.
@Suite("API отвечает своими типами, а не моделями страниц")
struct APIOwnTypesTests {
    static func bearer(_ app: Application, _ login: String) async throws -> HTTPHeaders {
        var headers = try await GuardiansTests().token(app, login: login)
        headers.contentType = .json
        return headers
    }

    @Test("«Мои дети» по API: коды согласий, этапов и ответов, даты ISO; представитель видит только своих детей")
    func myChildren() async throws {
        try await withTestApp { app in
            let s = try await GuardiansTests().school(app)
            #expect(try await s.curator.post(s.card + "/guardians", form: ["guardianLogin": "roditel", "representativeRelation": "мать"]).status == .seeOther)
            let belov = try #require(try await Mentee.query(on: app.db).filter(\.$lastName == "Белов").first())
            #expect(try await s.curator.post("\(s.org)/mentees/\(belov.id!)/guardians", form: ["guardianLogin": "roditel.b"]).status == .seeOther)
            let parent = try await Self.bearer(app, "roditel")

            let response = try await app.testing().sendRequest(.GET, "/api/v1/me/children", headers: parent)
            #expect(response.status == .ok)
            let children = try response.content.decode(MyChildrenAPIController.ChildList.self).items
            #expect(children.map(\.fullName) == [s.mentee.fullName])
            let child = try #require(children.first)
            #expect(child.id == s.mentee.id && child.kind == .mentee && child.agreement == .guardianAlone && child.className == "7А")
            // The fixture's paper consent: its day and signer, no moment (not given in the app).
            let processing = try #require(child.consents.first { $0.purpose == .processing })
            #expect(processing.valid && processing.purposeName == ConsentPurpose.processing.russianName && processing.consentID != nil)
            #expect(processing.givenOn?.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil && processing.signedBy == "Законный представитель" && processing.givenAt == nil)
            let proposal = try #require(child.proposals.first)
            #expect(proposal.memberID == s.member.id && proposal.side == .mentee && proposal.programID == s.program.id)
            #expect(proposal.scheme == .curatorProposal && proposal.status == .waiting && proposal.mentorAnswer == .accepted && proposal.menteeAnswer == .pending)
            #expect(proposal.mayAnswer && !proposal.childAgreed && proposal.partner.hasPrefix("Смирнова"))
            let program = try #require(child.programs.first { $0.programID == s.program.id })
            #expect(program.place == .proposed && program.stage == s.program.stage && program.startsOn == s.program.startsOn)
            // None of the page's sentences.
            #expect(!response.text.contains("подпись:") && !response.text.contains("Этап ") && !response.text.contains("Ждёт ответов"))

            // Another representative: only their own child.
            let stranger = try await app.testing().sendRequest(.GET, "/api/v1/me/children", headers: try await Self.bearer(app, "roditel.b"))
            #expect(try stranger.content.decode(MyChildrenAPIController.ChildList.self).items.map(\.id) == [belov.id!])
            #expect(!stranger.text.contains("Орлов") && !stranger.text.contains(s.member.id!.uuidString))

            // Agreed on the page, the same pair reads as formed.
            let browser = Browser(app)
            try await browser.signIn("roditel")
            #expect(try await browser.post("/me/children/pairs/\(s.member.id!)/answer", form: ["answer": "accepted"]).status == .seeOther)
            let after = try await app.testing().sendRequest(.GET, "/api/v1/me/children", headers: parent)
                .content.decode(MyChildrenAPIController.ChildList.self).items
            #expect(after.first?.proposals.first?.status == .formed && after.first?.programs.first?.place == .inPair)
        }
    }

    @Test("Мониторинг программы по API: изменения числами, шкалы, стороны, формы и схемы кодами, без «%» и запятых")
    func monitoring() async throws {
        try await withTestApp { app in
            let c = try await ProgramSurveysTests.college(app)
            let headers = try await ProgramSurveysAPITests.token(app, "kurator")
            let base = "/api/v1/organizations/\(c.organization.id!)/programs/\(c.program.id!)"
            let client = try app.testing()
            let mentor = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Инженеров").first())
            for (phase, value) in [("entry", 6.5), ("exit", 4)] {
                let saved = try await client.sendRequest(.POST, base + "/measurements", headers: headers, body: try ProgramSurveysAPITests.json(
                    ["person": "mentor-\(mentor.id!)", "phase": phase, "measuredOn": "2026-10-01", "values": ["burnout": value]]))
                #expect(saved.status == .ok)
            }

            let response = try await client.sendRequest(.GET, base + "/monitoring", headers: headers)
            #expect(response.status == .ok)
            let monitoring = try response.content.decode(ProgramMonitoringAPIController.Monitoring.self)
            let whole = try #require(monitoring.byParameter.first { $0.parameter == "burnout" })
            #expect(whole.parameterName == "Выгорание" && whole.averageChange == -2.5 && whole.improvedShare == 1 && whole.people == 1 && whole.tooFewPeople)
            #expect(monitoring.bySide.contains { $0.side == .mentor && $0.parameter == "burnout" && $0.form == nil })
            #expect(monitoring.byForm.contains { $0.side == .mentor && $0.form == .employerStudent && $0.averageChange == -2.5 })
            #expect(monitoring.byScheme.contains { $0.side == .mentor && $0.scheme == .questionnaires })
            // Two working pairs without meetings: 0 of 2, a share of 0; a plain count has no «of».
            let met = try #require(monitoring.quality.regularity.first { $0.code == "pairsMetLastTwoWeeks" })
            #expect(met.count == 0 && met.of == 2 && met.share == 0)
            #expect(monitoring.quality.results.contains { $0.code == "teacherPublications" && $0.of == nil && $0.share == nil })
            #expect(monitoring.quality.quality.average == nil && monitoring.quality.quality.count == 0)
            #expect(!response.text.contains(" %") && !response.text.contains("\"—\"") && !response.text.contains("6,5"))

            let people = try await client.sendRequest(.GET, base + "/measurements", headers: headers)
                .content.decode(ProgramMonitoringAPIController.MeasurementList.self).people
            let row = try #require(people.first { $0.key == "mentor-\(mentor.id!)" })
            #expect(row.side == .mentor && row.form == .employerStudent && row.scheme == .questionnaires)
            let burnout = try #require(row.changes.first { $0.parameter == "burnout" })
            #expect(burnout.entry == 6.5 && burnout.exit == 4 && burnout.change == -2.5 && burnout.direction == "improved")
            #expect(row.changes.contains { $0.parameter == "jobSatisfaction" && $0.entry == nil && $0.direction == nil })
        }
    }

    @Test("Отбор по API: даты собеседования и тестирования ISO, происхождение, контур и решение кодами, без подписей страницы")
    func selection() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            let program = try await SelectionFixtures.program(app, organization: school.organization, forms: [.studentStudent])
            try await SelectionFixtures.mentee(app, organization: school.organization, lastName: "Акимова", requests: [.adaptation])
            let student = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов", origin: .student, competencies: "Адаптация")
            let other = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Жуков", origin: .teacher, competencies: "Адаптация")
            let headers = try await Self.bearer(app, "kurator")
            let base = "/api/v1/organizations/\(school.organizationID)/programs/\(program.id!)/selection"
            func send(_ method: HTTPMethod, _ path: String, _ body: String) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(method, base + path, headers: headers, body: ByteBuffer(string: body))
            }
            #expect(try await send(.POST, "", #"{"mentorIDs": ["\#(student.id!)"]}"#).status == .created)
            _ = try await send(.PUT, "/\(student.id!)/interview", #"{"interviewedOn": "2025-09-12", "interviewer": "Петрова М. И.", "readiness": "ready"}"#)
            _ = try await send(.PUT, "/\(student.id!)/test", #"{"testedOn": "2025-09-15", "communicationScore": 8, "empathyScore": 6}"#)
            let decided = try await send(.PUT, "/\(student.id!)/decision", #"{"decision": "selected"}"#)
            #expect(decided.status == .ok)

            let response = try await app.testing().sendRequest(.GET, base, headers: headers)
            let selection = try response.content.decode(SelectionAPIController.SelectionDTO.self)
            let candidate = try #require(selection.items.first)
            #expect(candidate.mentorID == student.id && candidate.origin == .student && candidate.contour == student.contour && candidate.forms == student.forms)
            #expect(candidate.interviewedOn == "2025-09-12" && candidate.testedOn == "2025-09-15" && candidate.readiness == .ready)
            #expect(candidate.communicationScore == 8 && candidate.decision == .selected && candidate.status == .selected && candidate.decidedAt != nil)
            #expect(selection.available.map(\.mentorID) == [other.id!] && selection.available.first?.origin == .teacher
                    && selection.available.first?.forms == other.forms)
            #expect(!response.text.contains("12.09.2025") && !response.text.contains("originName") && !response.text.contains("decisionName"))
        }
    }

    /// A formed pair whose mentee, by the curator's hand, answered at the final meeting (8 of 10,
    /// wants to mentor), held it, and continued with a new goal.
    func completedProgram(_ app: Application) async throws -> (path: String, pairing: Pairing, headers: HTTPHeaders) {
        let (pairing, _, _, _, territory) = try await PairCompletionTests().formedPair(app)
        let member = try #require(try await PairingMember.query(on: app.db).filter(\.$pairing.$id == pairing.id!).first())
        let headers = try await Self.bearer(app, "kurator")
        let pair = "/api/v1/pairs/\(pairing.id!)"
        let answered = try await app.testing().sendRequest(.POST, pair + "/final-answers", headers: headers, body: ByteBuffer(string: """
            {"side": "mentee:\(member.id!)", "closeness": 8, "results": "Подтянул математику", "continueTogether": true, "wantsToMentor": true}
            """))
        #expect(answered.status == .ok, "\(answered.text)")
        let mentor = try await Self.bearer(app, "nastavnik")
        let held = try await app.testing().sendRequest(.POST, pair + "/meetings", headers: mentor, body: ByteBuffer(string: """
            {"kind": "final", "status": "held", "on": "\(CalendarDay.today().iso)", "summary": "Подвели итоги"}
            """))
        #expect(held.status == .created, "\(held.text)")
        let closed = try await app.testing().sendRequest(.POST, pair + "/closure", headers: headers, body: ByteBuffer(string: """
            {"decision": "continue", "newGoal": {"title": "Итоговая контрольная на 4", "dueOn": "2027-05-20", "indicator": "Оценка"}}
            """))
        #expect(closed.status == .created, "\(closed.text)")
        return ("/api/v1/organizations/\(territory.organization.id!)/programs/\(pairing.$program.id)/completion", pairing, headers)
    }

    @Test("Итоги программы по API: решение и форма кодами, приближение к цели числом, цели счётом, рейтинг с кодами правил")
    func programCompletion() async throws {
        try await withTestApp { app in
            let (path, pairing, headers) = try await completedProgram(app)
            let response = try await app.testing().sendRequest(.GET, path, headers: headers)
            #expect(response.status == .ok)
            let summary = try response.content.decode(CompletionAPIController.ProgramCompletionDTO.self)
            let pair = try #require(summary.pairs.first)
            #expect(pair.pairingID == pairing.id && pair.form == .studentStudent && pair.status == .formed && pair.decision == .continue)
            #expect(pair.menteeCloseness == 8 && pair.mentees.map(\.fullName).first?.hasPrefix("Орлов") == true)
            #expect(pair.goalsTotal == 1 && pair.goalsReached == 0 && summary.goalsTotal == 1)
            #expect(summary.continued == 1 && summary.working == 1 && summary.averageCloseness == 8)
            #expect(summary.candidates.map(\.menteeID) == pair.mentees.map(\.menteeID))
            let codes = Set(MentorRating.Rule.allCases.map(\.rawValue))
            #expect(summary.rating.first?.mentorID == pairing.$mentor.id)
            #expect(summary.rating.flatMap(\.lines).allSatisfy { codes.contains($0.rule) && !$0.ruleName.isEmpty })
            #expect(!response.text.contains("\"8,0") && !response.text.contains("\"Работает\"") && !response.text.contains("\"—\""))
        }
    }

    @Test("Ответ 422 загрузки описан схемой своей операции: импорт — ImportResult с ошибками по строкам, иной файл — Error")
    func uploadRefusalPerOperation() throws {
        func refusal(_ operations: [OpenAPIDocument.Operation], _ path: String) throws -> String? {
            let document = try #require(try JSONSerialization.jsonObject(with: try OpenAPIDocument.json(operations: operations, schemas: APIAreas.schemas))
                as? [String: Any])
            let post = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?["post"] as? [String: Any]
            let response = (post?["responses"] as? [String: Any])?["422"] as? [String: Any]
            return ((response?["content"] as? [String: Any])?["application/json"] as? [String: Any])
                .flatMap { $0["schema"] as? [String: Any] }?["$ref"] as? String
        }
        #expect(try refusal(APIAreas.operations, "/api/v1/organizations/{organizationID}/imports") == "#/components/schemas/ImportResult")
        let file = OpenAPIDocument.Operation(method: .POST, path: "/api/v1/files", summary: "Файл", tag: "Файлы", requiresAuth: true, parameters: [],
                                             responseSchema: [:], requestBody: ["required": true, "content": ["application/pdf": ["schema": ["type": "string"]]]])
        #expect(try refusal([file], "/api/v1/files") == "#/components/schemas/Error")
    }

    @Test("Документ ловит расхождение: переименованное или лишнее поле итогов программы — нарушение с путём")
    func documentCatchesDrift() async throws {
        try await withTestApp { app in
            let (path, _, headers) = try await completedProgram(app)
            let body = try await app.testing().sendRequest(.GET, path, headers: headers).body
            let checker = OpenAPIResponseChecker.served
            let operation = "/api/v1/organizations/{organizationID}/programs/{programID}/completion"
            func problems(_ data: Data) -> [String] {
                checker.problems(method: "GET", path: operation, status: 200, contentType: "application/json; charset=utf-8", body: data)
            }
            #expect(problems(Data(buffer: body)) == [])
            var object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any])
            var pairs = try #require(object["pairs"] as? [[String: Any]])
            pairs[0]["closeness"] = pairs[0].removeValue(forKey: "menteeCloseness")
            object["pairs"] = pairs
            let renamed = problems(try JSONSerialization.data(withJSONObject: object))
            #expect(renamed.count == 1 && renamed.first?.contains("closeness") == true, "\(renamed)")
            object["outcome"] = "Работает"
            #expect(problems(try JSONSerialization.data(withJSONObject: object)).contains { $0.contains("outcome") })
        }
    }
}
