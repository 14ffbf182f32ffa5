import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// Issue 22, item 2: what the pages did and the API could not — removing an organization's own
/// measurement scale, and the partner organization's side of issue 18 (putting its mentors forward
/// into another organization's program and withdrawing them) — over the same service functions.
@Suite("API: удаление своей шкалы и выдвижение наставников партнёром")
struct PartnerAndScalesAPITests {
    struct ErrorBody: Decodable {
        struct Detail: Decodable { let code: String; let message: String; let fields: [String: String]? }
        let error: Detail
    }

    func scalesPath(_ c: ProgramSurveysTests.College) -> String { "/api/v1/organizations/\(c.organization.id!)/scales" }

    /// The college with a curator's own scale «Стрессоустойчивость» measured once on a mentor.
    func measuredScale(_ app: Application) async throws -> (ProgramSurveysTests.College, HTTPHeaders, OwnScale) {
        let c = try await ProgramSurveysTests.college(app)
        let headers = try await ProgramSurveysAPITests.token(app, "kurator")
        let added = try await app.testing().sendRequest(.POST, scalesPath(c), headers: headers, body: try ProgramSurveysAPITests.json(
            ["name": "Стрессоустойчивость", "minimum": 1, "maximum": 5, "whom": "both"]))
        #expect(added.status == .created)
        let scale = try #require(try await OwnScale.query(on: app.db).filter(\.$name == "Стрессоустойчивость").first())
        let mentor = try #require(try await Mentor.query(on: app.db).filter(\.$lastName == "Инженеров").first())
        let measured = try await app.testing().sendRequest(
            .POST, "/api/v1/organizations/\(c.organization.id!)/programs/\(c.program.id!)/measurements", headers: headers,
            body: try ProgramSurveysAPITests.json(["person": "mentor-\(mentor.id!)", "phase": "entry", "measuredOn": "2026-10-01",
                                                   "values": [MeasureScale(scale).code: 4]]))
        #expect(measured.status == .ok)
        return (c, headers, scale)
    }

    @Test("Своя шкала удаляется по API вместе со значениями и записью в журнал; чужой организации — 404, наставнику — 403, встроенный параметр и не-UUID — 404 JSON")
    func deleteOwnScale() async throws {
        try await withTestApp { app in
            let (c, headers, scale) = try await measuredScale(app)
            let path = scalesPath(c) + "/\(scale.id!)"
            let client = try app.testing()

            // Refusals first: they change nothing.
            try await Fixtures.person(app, login: "nastavnik.api", role: .mentor, organization: c.organization, lastName: "Наставников")
            let mentor = try await client.sendRequest(.DELETE, path, headers: try await ProgramSurveysAPITests.token(app, "nastavnik.api"))
            #expect(mentor.status == .forbidden && (try? mentor.content.decode(ErrorBody.self)) != nil)
            let other = try await Fixtures.territory(app, organizationName: "ГБПОУ «Другой колледж»")
            try await Fixtures.person(app, login: "chuzhoy", role: .curator, organization: other.organization, lastName: "Чужой")
            let strangerHeaders = try await ProgramSurveysAPITests.token(app, "chuzhoy")
            #expect(try await client.sendRequest(.DELETE, path, headers: strangerHeaders).status == .notFound)
            // The stranger's own organization does not hold the scale either.
            let underOwn = try await client.sendRequest(.DELETE, "/api/v1/organizations/\(other.organization.id!)/scales/\(scale.id!)", headers: strangerHeaders)
            #expect(try underOwn.status == .notFound && (underOwn.content.decode(ErrorBody.self)).error.code == "not_found")
            let notUUID = try await client.sendRequest(.DELETE, scalesPath(c) + "/burnout", headers: headers)
            #expect(notUUID.status == .notFound && (try? notUUID.content.decode(ErrorBody.self)) != nil)
            #expect(try await client.sendRequest(.DELETE, scalesPath(c) + "/\(UUID())", headers: headers).status == .notFound)
            #expect(try await OwnScale.find(scale.id, on: app.db) != nil)
            #expect(try await ImpactMeasurement.query(on: app.db).filter(\.$parameter == MeasureScale(scale).code).count() == 1)

            let deleted = try await client.sendRequest(.DELETE, path, headers: headers)
            #expect(deleted.status == .ok)
            let left = try deleted.content.decode(OwnScalesAPIController.ScaleList.self).items
            #expect(!left.contains { $0.code == MeasureScale(scale).code } && left.contains { $0.code == "burnout" })
            #expect(try await OwnScale.find(scale.id, on: app.db) == nil)
            #expect(try await ImpactMeasurement.query(on: app.db).filter(\.$parameter == MeasureScale(scale).code).count() == 0)
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.ownScaleChanged.rawValue).all()
            #expect(entries.filter { $0.details?.hasPrefix("удалена") == true }.count == 1)
            #expect(try await client.sendRequest(.DELETE, path, headers: headers).status == .notFound)
        }
    }

    @Test("Четыре удаления одной шкалы разом: одно удаляет и пишет журнал, остальные — 404")
    func parallelDeletesMakeOne() async throws {
        try await withTestApp { app in
            let (c, headers, scale) = try await measuredScale(app)
            let path = scalesPath(c) + "/\(scale.id!)"
            try await withLiveServer(app) { server in
                let statuses = try await inParallel(4) { _ in try await server.send(.DELETE, path, headers: headers).status }
                #expect(statuses.filter { $0 == .ok }.count == 1 && statuses.filter { $0 == .notFound }.count == 3, "\(statuses)")
            }
            let entries = try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.ownScaleChanged.rawValue).all()
            #expect(entries.filter { $0.details?.hasPrefix("удалена") == true }.count == 1)
            #expect(try await OwnScale.find(scale.id, on: app.db) == nil)
        }
    }

    @Test("Колледж-партнёр по API видит программу школы, выдвигает своих студентов и отзывает кандидатуру; чужой наставник и третья организация — 404, занятый наставник — 409, пустой список — 422")
    func partnerNominatesThroughTheAPI() async throws {
        try await withTestApp { app in
            let w = try await ProgramPartnersTests.world(app)
            #expect(try await w.schoolCurator.post(w.programPath + "/partners", form: ["partnerID": w.college.id!.uuidString]).status == .seeOther)
            let sokolov = try await ProgramPartnersTests.studentMentor(app, college: w.college, lastName: "Соколов", firstName: "Артём")
            let kim = try await ProgramPartnersTests.studentMentor(app, college: w.college, lastName: "Ким", firstName: "Денис")
            let college = try await APIOwnTypesTests.bearer(app, "kolledzh.kurator")
            let client = try app.testing()
            let base = "/api/v1/organizations/\(w.college.id!)/partner-programs"
            let nominations = base + "/\(w.program.id!)/nominations"

            let programs = try await client.sendRequest(.GET, base, headers: college).content.decode(PartnerProgramsAPIController.PartnerProgramList.self)
            #expect(programs.items.map(\.id) == [w.program.id!] && programs.items[0].hostID == w.school.id && programs.items[0].forms == [.collegeStudentPupil])
            let before = try await client.sendRequest(.GET, nominations, headers: college).content.decode(PartnerProgramsAPIController.Nominations.self)
            #expect(before.items.isEmpty && Set(before.candidates.map(\.mentorID)) == [sokolov.id!, kim.id!])

            let empty = try await client.sendRequest(.POST, nominations, headers: college, body: ByteBuffer(string: #"{"mentorIDs": []}"#))
            #expect(try empty.status == .unprocessableEntity && (empty.content.decode(ErrorBody.self)).error.fields?["mentorIDs"] != nil)
            let malformed = try await client.sendRequest(.POST, nominations, headers: college, body: ByteBuffer(string: #"{"mentorIDs": "все"}"#))
            #expect(malformed.status == .badRequest && (try? malformed.content.decode(ErrorBody.self)) != nil)
            let schoolMentor = try await PairingFixtures.mentor(app, organization: w.school, lastName: "Школьная", forms: [.collegeStudentPupil])
            let foreign = try await client.sendRequest(.POST, nominations, headers: college,
                                                       body: ByteBuffer(string: #"{"mentorIDs": ["\#(sokolov.id!)", "\#(schoolMentor.id!)"]}"#))
            #expect(foreign.status == .notFound && (try? foreign.content.decode(ErrorBody.self)) != nil)
            #expect(try await PartnerNomination.query(on: app.db).count() == 0)

            let put = try await client.sendRequest(.POST, nominations, headers: college,
                                                   body: ByteBuffer(string: #"{"mentorIDs": ["\#(sokolov.id!)", "\#(kim.id!)"]}"#))
            #expect(put.status == .ok)
            let result = try put.content.decode(PartnerProgramsAPIController.NominateResult.self)
            #expect(Set(result.added) == [sokolov.id!, kim.id!] && result.nominations.items.allSatisfy { $0.mayWithdraw && $0.decision == nil })
            #expect(result.nominations.candidates.isEmpty && result.nominations.program.nominated == 2)
            let again = try await client.sendRequest(.POST, nominations, headers: college, body: ByteBuffer(string: #"{"mentorIDs": ["\#(kim.id!)"]}"#))
            #expect(try again.content.decode(PartnerProgramsAPIController.NominateResult.self).added.isEmpty)
            #expect(try await PartnerNomination.query(on: app.db).count() == 2)
            // The school's curator was told, without a name.
            #expect(try await AppNotification.query(on: app.db).filter(\.$kind == .partnerNominated).count() >= 1)

            // The school's curator selects Соколов; the college reads the decision.
            #expect(try await w.schoolCurator.post(w.programPath + "/selection", form: ["mentorID": sokolov.id!.uuidString]).status == .seeOther)
            let read = try await client.sendRequest(.GET, nominations, headers: college).content.decode(PartnerProgramsAPIController.Nominations.self)
            #expect(read.items.first { $0.mentorID == sokolov.id }?.decision == .pending)

            // In a draft pair of the program: the nomination stays, 409 with its code.
            let draft = try Pairing(program: w.program, mentorID: sokolov.id!, form: .collegeStudentPupil, scheme: .curatorProposal, status: .draft, createdByName: "")
            try await draft.create(on: app.db)
            let busy = try await client.sendRequest(.DELETE, nominations + "/\(sokolov.id!)", headers: college)
            #expect(try busy.status == .conflict && (busy.content.decode(ErrorBody.self)).error.code == "nomination_in_pairs")
            let withdrawn = try await client.sendRequest(.DELETE, nominations + "/\(kim.id!)", headers: college)
            #expect(withdrawn.status == .ok)
            let after = try withdrawn.content.decode(PartnerProgramsAPIController.Nominations.self)
            #expect(after.items.map(\.mentorID) == [sokolov.id!] && after.items[0].mayWithdraw == false && after.candidates.map(\.mentorID) == [kim.id!])
            #expect(try await client.sendRequest(.DELETE, nominations + "/\(kim.id!)", headers: college).status == .notFound)

            // A third organization: not its program, under its own address or the college's; the
            // program's own school is not its partner either.
            let third = try await APIOwnTypesTests.bearer(app, "gimnaziya.kurator")
            #expect(try await client.sendRequest(.GET, "/api/v1/organizations/\(w.third.id!)/partner-programs/\(w.program.id!)/nominations", headers: third).status == .notFound)
            #expect(try await client.sendRequest(.GET, nominations, headers: third).status == .notFound)
            #expect(try await client.sendRequest(.POST, "/api/v1/organizations/\(w.third.id!)/partner-programs/\(w.program.id!)/nominations", headers: third,
                                                 body: ByteBuffer(string: #"{"mentorIDs": ["\#(kim.id!)"]}"#)).status == .notFound)
            #expect(try await client.sendRequest(.GET, "/api/v1/organizations/\(w.third.id!)/partner-programs", headers: third)
                .content.decode(PartnerProgramsAPIController.PartnerProgramList.self).items.isEmpty)
            // A mentor of the college holds no right to put anyone forward.
            try await Fixtures.person(app, login: "student.mentor", role: .mentor, organization: w.college, lastName: "Студентов")
            let mentor = try await APIOwnTypesTests.bearer(app, "student.mentor")
            #expect(try await client.sendRequest(.GET, nominations, headers: mentor).status == .forbidden)
            #expect(try await client.sendRequest(.DELETE, nominations + "/\(sokolov.id!)", headers: mentor).status == .forbidden)
            #expect(try await PartnerNomination.query(on: app.db).count() == 1)
        }
    }
}
