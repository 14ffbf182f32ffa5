import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

@Suite("JSON API отбора и обучения")
struct SelectionAPITests {
    func json(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }

    @Test("По API: наставники включаются в отбор, записываются собеседование и решение, занятия и посещение; ошибки — 4xx JSON")
    func roundTrip() async throws {
        try await withTestApp { app in
            let school = try await Fixtures.territory(app)
            let other = try await Fixtures.territory(app, organizationName: "МБОУ СОШ № 2")
            try await Fixtures.person(app, login: "kurator", role: .curator, organization: school.organization)
            try await Fixtures.person(app, login: "chuzhoy", role: .curator, organization: other.organization)
            try await Fixtures.person(app, login: "nastavnik", role: .mentor, organization: school.organization)
            let program = try await SelectionFixtures.program(app, organization: school.organization, forms: [.studentStudent])
            try await SelectionFixtures.mentee(app, organization: school.organization, lastName: "Акимова", requests: [.adaptation])
            let student = try await SelectionFixtures.mentor(app, organization: school.organization, lastName: "Ершов", origin: .student,
                                                             competencies: "Адаптация")
            let token = try await APITests().token(app, login: "kurator")
            let base = "/api/v1/organizations/\(school.organizationID)/programs/\(program.id!)"
            func send(_ method: HTTPMethod, _ path: String, _ body: String? = nil, token: String = token) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(method, base + path, headers: json(token), body: body.map { ByteBuffer(string: $0) })
            }

            let empty = try await send(.POST, "/selection", #"{}"#)
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.text.contains("\"error\""))
            let added = try await send(.POST, "/selection", #"{"all": true}"#)
            #expect(added.status == .created)
            let selection = try added.content.decode(SelectionAPIController.SelectionDTO.self)
            #expect(selection.items.map(\.fullName) == ["Ершов Олег Петрович"])
            #expect(selection.criteria.first.map { [$0.mentees, $0.mentors, $0.seats] } == [1, 1, 1])
            #expect(try await send(.POST, "/selection", #"{"mentorIDs": ["\#(UUID())"]}"#).status == .notFound)

            let mentor = "/selection/\(student.id!)"
            let badInterview = try await send(.PUT, mentor + "/interview", #"{"interviewedOn": "12.09.2025", "interviewer": "Петрова", "readiness": "maybe"}"#)
            #expect(badInterview.status == .unprocessableEntity)
            let errors = try badInterview.content.decode(ErrorBody.self)
            #expect(errors.error.fields?["readiness"] != nil && errors.error.fields?["interviewedOn"] != nil)
            let interview = try await send(.PUT, mentor + "/interview", #"{"interviewedOn": "2025-09-12", "interviewer": "Петрова М. И.", "readiness": "ready", "conclusion": "Готов"}"#)
            let interviewed = try interview.content.decode(SelectionAPIController.CandidateDTO.self)
            #expect(interviewed.readiness == .ready && interviewed.interviewedOn == "2025-09-12")
            #expect(try await send(.PUT, mentor + "/test", #"{"testedOn": "2025-09-15", "communicationScore": "семь"}"#).status == .badRequest)
            let test = try await send(.PUT, mentor + "/test", #"{"testedOn": "2025-09-15", "communicationScore": 8, "empathyScore": 6, "gaps": "Активное слушание"}"#)
            #expect(try test.content.decode(SelectionAPIController.CandidateDTO.self).skillGaps == ["Активное слушание"])
            #expect(try await send(.PUT, mentor + "/decision", #"{"decision": "notNow"}"#).status == .unprocessableEntity)
            let decided = try await send(.PUT, mentor + "/decision", #"{"decision": "selected"}"#)
            #expect(try decided.content.decode(SelectionAPIController.CandidateDTO.self).status == .selected)

            let badSession = try await send(.POST, "/training/sessions", #"{"topic": "", "format": "lecture"}"#)
            #expect(badSession.status == .unprocessableEntity)
            let created = try await send(.POST, "/training/sessions", #"{"kind": "primary", "topic": "Наставничество: Что? Зачем? Как?", "heldOn": "2025-10-01", "format": "seminar", "trainerName": "Сидорова А. А."}"#)
            #expect(created.status == .created)
            let session = try created.content.decode(TrainingAPIController.SessionDTO.self)
            #expect(session.trainerKind == .internal)
            let updated = try await send(.PUT, "/training/sessions/\(session.id)", #"{"kind": "primary", "topic": "Наставничество: Что? Зачем? Как?", "heldOn": "2025-10-02", "format": "intensive", "trainerName": "Иванов И. И.", "trainerKind": "invited"}"#)
            #expect(try updated.content.decode(TrainingAPIController.SessionDTO.self).format == .intensive)
            #expect(try await send(.PUT, "/training/sessions/\(session.id)/attendance", #"{"mentorIDs": ["\#(UUID())"]}"#).status == .unprocessableEntity)
            let marked = try await send(.PUT, "/training/sessions/\(session.id)/attendance", #"{"mentorIDs": ["\#(student.id!)"]}"#)
            #expect(try marked.content.decode(TrainingAPIController.SessionDTO.self).attendedMentorIDs == [student.id!])
            #expect(try await send(.PUT, "/training/rule", #"{"primarySessionsRequired": 0}"#).status == .unprocessableEntity)
            let rule = try await send(.PUT, "/training/rule", #"{"primarySessionsRequired": 1}"#)
            let training = try rule.content.decode(TrainingAPIController.TrainingDTO.self)
            #expect(training.primarySessionsRequired == 1)
            #expect(training.suggested?.minimumSessions == 3)
            #expect(training.mentors.map(\.trained) == [true])
            #expect(try await Mentor.find(student.id, on: app.db)?.status == .trained)
            let deleted = try await send(.DELETE, "/training/sessions/\(session.id)")
            #expect(try deleted.content.decode(TrainingAPIController.TrainingDTO.self).sessions.isEmpty)
            #expect(try await send(.DELETE, "/training/sessions/\(session.id)").status == .notFound)

            // A mentor's token: 403; another organization's curator: 404.
            let mentorToken = try await APITests().token(app, login: "nastavnik")
            #expect(try await send(.GET, "/selection", token: mentorToken).status == .forbidden)
            #expect(try await send(.GET, "/training", token: mentorToken).status == .forbidden)
            let strangerToken = try await APITests().token(app, login: "chuzhoy")
            #expect(try await send(.GET, "/selection", token: strangerToken).status == .notFound)
            let elsewhere = "/api/v1/organizations/\(other.organizationID)/programs/\(program.id!)/training"
            #expect(try await app.testing().sendRequest(.GET, elsewhere, headers: json(strangerToken)).status == .notFound)
        }
    }

    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let fields: [String: String]? }
        let error: Detail
    }
}
