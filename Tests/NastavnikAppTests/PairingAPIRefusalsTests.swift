import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 22, item 2: a pairing rule's refusal over the API names the side it concerns in
/// `error.fields` — the field the page shows it at — so an integrator can point at the wrong
/// mentee or mentor; the document lists the codes and fields.
@Suite("API подбора пар: отказ правила называет сторону")
struct PairingAPIRefusalsTests {
    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let fields: [String: String]? }
        let error: Detail
    }

    @Test("Нет свободных мест у наставника — 422 с полем mentor, нулевые веса — с полем weights, тем же текстом, что на странице")
    func refusalNamesTheSide() async throws {
        try await withTestApp { app in
            let s = try await PairingServiceTests().school(app)
            let mentor = try await PairingFixtures.mentor(app, organization: s.organization, lastName: "Смирнова", capacity: 1, selectedIn: s.program)
            let first = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Орлов", age: 19)
            let second = try await PairingFixtures.mentee(app, organization: s.organization, lastName: "Белов", age: 19)
            let (_, headers) = try await PairingServiceTests().curatorClients(app)
            let pairings = "/api/v1/organizations/\(s.territory.organizationID)/programs/\(s.program.id!)/pairings"
            func propose(_ mentee: Mentee) async throws -> TestingHTTPResponse {
                try await app.testing().sendRequest(.POST, pairings, headers: headers, body: ByteBuffer(string:
                    #"{"menteeId": "\#(mentee.id!)", "mentorId": "\#(mentor.id!)", "scheme": "personalMeeting", "meetingOn": "2026-10-01"}"#))
            }
            #expect(try await propose(first).status == .created)

            let full = try await propose(second)
            let refusal = try full.content.decode(ErrorBody.self).error
            let expected = PairingError.noFreeSeat(mentor: mentor.fullName, taken: 1, capacity: 1)
            #expect(full.status == expected.status && refusal.code == "no_free_seat", "\(full.status): \(full.text)")
            #expect(refusal.fields == ["mentor": expected.russianMessage] && refusal.message == expected.russianMessage)
            #expect(try await PairingMember.query(on: app.db).filter(\.$mentee.$id == second.id!).count() == 0)

            let weights = PairingServiceTests.allZero.keys.sorted().map { "\"\($0)\": {\"weight\": 0}" }.joined(separator: ", ")
            let zero = try await app.testing().sendRequest(.POST, pairings + "/matching-runs", headers: headers,
                                                           body: ByteBuffer(string: "{\"weights\": {\(weights)}}"))
            let zeroRefusal = try zero.content.decode(ErrorBody.self).error
            #expect(zero.status == .unprocessableEntity && zeroRefusal.code == "weights_all_zero"
                    && zeroRefusal.fields == ["weights": PairingError.weightsAllZero.russianMessage])
        }
    }

    @Test("Отказ без стороны (пара уже решена) — без fields; документ называет коды и поля отказов у операций подбора")
    func documentListsRefusals() async throws {
        #expect(PairingError.pairAlready(.formed).fields == nil && PairingError.menteeAlreadyPlaced(name: "Орлов Иван").fields?.keys.first == "mentee")
        let document = try #require(try JSONSerialization.jsonObject(with: try OpenAPIDocument.json(operations: APIAreas.operations, schemas: APIAreas.schemas))
            as? [String: Any])
        let paths = try #require(document["paths"] as? [String: Any])
        let propose = try #require((paths["/api/v1/organizations/{organizationID}/programs/{programID}/pairings"] as? [String: Any])?["post"] as? [String: Any])
        let responses = try #require(propose["responses"] as? [String: Any])
        for status in ["409", "422"] {
            let text = try #require((responses[status] as? [String: Any])?["description"] as? String)
            #expect(text.contains("no_free_seat (422, поле mentor)") && text.contains("mentee_already_placed (409, поле mentee)"), "\(text)")
        }
    }
}
