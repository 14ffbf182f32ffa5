import Fluent
import Foundation
@testable import NastavnikApp
import Testing
import Vapor
import VaporTesting

/// What a curator does on the program's pages, done by an integrator through `/api/v1` over the
/// same services: stages and checklists, the roadmap's files, partners, SWOT, yearly figures and
/// notification settings — with the pages' refusals (403 for a role, 404 for another organization).
@Suite("API программ: этапы, выгрузки, партнёры, SWOT, сведения за год")
struct ProgramsCoverageAPITests {
    struct World {
        let a: Fixtures.Territory
        let b: Fixtures.Territory
        let curator: String
        let mentor: String
        let psychologist: String
        let stranger: String
        let program: Program
        var base: String { "/api/v1/organizations/\(a.organizationID)/programs/\(program.id!)" }
    }

    static func world(_ app: Application) async throws -> World {
        let a = try await Fixtures.territory(app, organizationName: "Школа А")
        let b = try await Fixtures.territory(app, organizationName: "Школа Б")
        try await Fixtures.person(app, login: "kurator.a", role: .curator, organization: a.organization, lastName: "Кузнецова")
        try await Fixtures.person(app, login: "nastavnik.a", role: .mentor, organization: a.organization)
        try await Fixtures.person(app, login: "psiholog.a", role: .psychologist, organization: a.organization)
        try await Fixtures.person(app, login: "kurator.b", role: .curator, organization: b.organization)
        guard case .success(let draft) = ProgramDraft.parse(ProgramsTests.schoolProgram) else { throw AppError.badRequest("черновик") }
        let program = try await ProgramService.create(draft, organizationID: a.organizationID, template: .schoolPlan, on: app.db)
        let api = APITests()
        return World(a: a, b: b, curator: try await api.token(app, login: "kurator.a"), mentor: try await api.token(app, login: "nastavnik.a"),
                     psychologist: try await api.token(app, login: "psiholog.a"), stranger: try await api.token(app, login: "kurator.b"),
                     program: program)
    }

    func headers(_ token: String) -> HTTPHeaders { ["Authorization": "Bearer \(token)", "Content-Type": "application/json"] }

    func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ token: String, _ body: String? = nil) async throws -> TestingHTTPResponse {
        try await app.testing().sendRequest(method, path, headers: headers(token), body: body.map { ByteBuffer(string: $0) })
    }

    func errorCode(_ response: TestingHTTPResponse) throws -> String {
        try response.content.decode(APITests.ErrorBody.self).error.code
    }

    @Test("Этапы и чек-лист по API: отмеченное по данным видно, переход предупреждает как страница, пункт отмечается; наставнику — 403, чужой школе — 404")
    func stagesAndChecklist() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let stages = try await send(app, .GET, w.base + "/stages", w.curator)
            #expect(stages.status == .ok)
            let overview = try stages.content.decode(ProgramStagesAPIController.StagesDTO.self, using: Self.decoder)
            #expect(overview.stage == 1 && overview.stages.count == 7 && overview.openBeforeNext == 4)
            let first = try #require(overview.stages.first)
            #expect(first.isCurrent && first.items.contains { $0.isDerived && $0.isDone && $0.doneBy == nil }, "команда, формы, дорожная карта — по данным")

            let moved = try await send(app, .PUT, w.base + "/stage", w.curator, #"{"stage": 2}"#)
            #expect(moved.status == .ok)
            let result = try moved.content.decode(ProgramStagesAPIController.MoveResult.self)
            #expect(result.from == 1 && result.to == 2 && result.openItems.count == 4)
            #expect(result.message.contains("Не выполнено пунктов прежних этапов: 4"), "то же предупреждение, что на странице")
            let again = try await send(app, .PUT, w.base + "/stage", w.curator, #"{"stage": 2}"#)
            try #expect(again.status == .conflict && (errorCode(again)) == "already_on_stage")
            #expect(try await send(app, .PUT, w.base + "/stage", w.curator, #"{"stage": 9}"#).status == .badRequest)

            let open = try #require(first.items.first { !$0.isDone })
            let ticked = try await send(app, .PUT, w.base + "/checklist/\(open.id)", w.curator, #"{"done": true}"#)
            #expect(ticked.status == .ok)
            let item = try ticked.content.decode(ProgramStagesAPIController.ChecklistItemDTO.self)
            #expect(item.isDone && !item.isDerived && item.doneBy?.hasPrefix("Кузнецова") == true)
            #expect(try await send(app, .PUT, w.base + "/checklist/\(UUID())", w.curator, #"{"done": true}"#).status == .notFound)

            #expect(try await send(app, .GET, w.base + "/stages", w.mentor).status == .forbidden)
            #expect(try await send(app, .PUT, w.base + "/stage", w.psychologist, #"{"stage": 3}"#).status == .forbidden)
            #expect(try await send(app, .PUT, w.base + "/checklist/\(open.id)", w.mentor, #"{"done": false}"#).status == .forbidden)
            #expect(try await send(app, .GET, w.base + "/stages", w.stranger).status == .notFound)
            #expect(try await send(app, .PUT, w.base + "/stage", w.stranger, #"{"stage": 3}"#).status == .notFound)
            let foreign = "/api/v1/organizations/\(w.b.organizationID)/programs/\(w.program.id!)"
            #expect(try await send(app, .GET, foreign + "/stages", w.stranger).status == .notFound)
            #expect(try await Program.find(w.program.id, on: app.db)?.stage == .menteeBase)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.programStageChanged.rawValue).count() == 1)
        }
    }

    @Test("Выгрузки по API: дорожная карта XLSX, DOCX и .ics, документы подготовки и мониторинг — те же файлы, что на страницах")
    func exports() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let cases: [(String, String, String)] = [
                ("/roadmap.xlsx", DocumentResponse.xlsxType, "PK"), ("/roadmap.docx", DocumentResponse.docxType, "PK"),
                ("/roadmap.ics", DocumentResponse.calendarType, "BEGIN:VCALENDAR"), ("/documents/curator-order.docx", DocumentResponse.docxType, "PK"),
                ("/documents/regulation.docx", DocumentResponse.docxType, "PK"), ("/monitoring.xlsx", DocumentResponse.xlsxType, "PK"),
            ]
            for (tail, type, start) in cases {
                let response = try await send(app, .GET, w.base + tail, w.curator)
                #expect(response.status == .ok, "\(tail)")
                #expect(response.headers.first(name: .contentType) == type, "\(tail)")
                #expect(String(buffer: response.body).hasPrefix(start), "\(tail)")
                #expect(response.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true, "\(tail)")
            }
            let unknown = try await send(app, .GET, w.base + "/documents/nope.docx", w.curator)
            try #expect(unknown.status == .notFound && (errorCode(unknown)) == "not_found")
            #expect(try await send(app, .GET, w.base + "/roadmap.xlsx", w.mentor).status == .forbidden)
            #expect(try await send(app, .GET, w.base + "/documents/curator-order.docx", w.psychologist).status == .forbidden)
            #expect(try await send(app, .GET, w.base + "/monitoring.xlsx", w.mentor).status == .forbidden)
            #expect(try await send(app, .GET, w.base + "/roadmap.docx", w.stranger).status == .notFound)
            #expect(try await send(app, .GET, w.base + "/monitoring.xlsx", w.stranger).status == .notFound)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.programDocumentIssued.rawValue).count() == 3)
        }
    }

    @Test("Программа изменяется по API, план по шаблону добавляется; партнёры называются и исключаются")
    func programAndPartners() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let body = #"{"name": "Учитель – учитель 2.0", "forms": ["teacherTeacher", "studentStudent"], "startsOn": "2022-09-01", "endsOn": "2025-08-31", "curators": [{"fullName": "Кузнецова М. И."}]}"#
            let updated = try await send(app, .PUT, w.base, w.curator, body)
            #expect(updated.status == .ok)
            let program = try updated.content.decode(ProgramsAPIController.ProgramDTO.self)
            #expect(program.name == "Учитель – учитель 2.0" && Set(program.forms) == [.teacherTeacher, .studentStudent])
            let invalid = try await send(app, .PUT, w.base, w.curator, #"{"name": "", "forms": [], "startsOn": "2022-09-01", "endsOn": "2021-08-31"}"#)
            #expect(invalid.status == .unprocessableEntity && invalid.text.contains("Окончание программы не может быть раньше её начала."))
            #expect(try await send(app, .PUT, w.base, w.psychologist, body).status == .forbidden)
            #expect(try await send(app, .PUT, w.base, w.stranger, body).status == .notFound)

            let before = try await RoadmapItem.query(on: app.db).count()
            let filled = try await send(app, .POST, w.base + "/roadmap/template", w.curator, #"{"template": "collegePlan"}"#)
            #expect(filled.status == .ok)
            let result = try filled.content.decode(ProgramsAPIController.TemplateResult.self)
            #expect(result.added > 0 && result.items.count == before + result.added)
            #expect(try await send(app, .POST, w.base + "/roadmap/template", w.curator, #"{"template": "nope"}"#).status == .badRequest)

            let partner = #"{"organizationID": "\#(w.b.organizationID)"}"#
            let added = try await send(app, .POST, w.base + "/partners", w.curator, partner)
            #expect(added.status == .ok)
            try #expect(added.content.decode(ProgramPartnersAPIController.PartnerList.self).items.map(\.name) == ["Школа Б"])
            let listed = try await send(app, .GET, w.base + "/partners", w.mentor)
            #expect(listed.status == .forbidden)
            #expect(try await send(app, .POST, w.base + "/partners", w.mentor, partner).status == .forbidden)
            #expect(try await send(app, .GET, w.base + "/partners", w.stranger).status == .notFound)
            let own = try await send(app, .POST, w.base + "/partners", w.curator, #"{"organizationID": "\#(w.a.organizationID)"}"#)
            try #expect(own.status == .unprocessableEntity && (errorCode(own)) == "partner_not_chosen")
            let removed = try await send(app, .POST, w.base + "/partners/remove", w.curator, partner)
            try #expect(removed.status == .ok && (removed.content.decode(ProgramPartnersAPIController.PartnerList.self)).items.isEmpty)
            let twice = try await send(app, .POST, w.base + "/partners/remove", w.curator, partner)
            try #expect(twice.status == .unprocessableEntity && (errorCode(twice)) == "not_a_partner")
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.programPartnerAdded.rawValue).count() == 1)
        }
    }

    @Test("SWOT по API: пункт добавляется, читается и убирается; пустой — 422; наставнику — 403, чужой школе — 404")
    func swot() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let created = try await send(app, .POST, w.base + "/swot", w.curator, #"{"quadrant": "strength", "text": "Опытные наставники"}"#)
            #expect(created.status == .created)
            let item = try created.content.decode(ProgramMonitoringAPIController.SwotItemDTO.self)
            #expect(item.quadrant == .strength && item.source == "Куратор")
            let read = try await send(app, .GET, w.base + "/swot", w.psychologist)
            #expect(read.status == .ok)
            try #expect(read.content.decode(ProgramMonitoringAPIController.Swot.self).items.map(\.text) == ["Опытные наставники"])
            let empty = try await send(app, .POST, w.base + "/swot", w.curator, #"{"quadrant": "fear", "text": " "}"#)
            #expect(empty.status == .unprocessableEntity && empty.text.contains("Сформулируйте пункт."))
            let accepted = try await send(app, .POST, w.base + "/swot/accept", w.curator)
            try #expect(accepted.status == .ok && (accepted.content.decode(ProgramMonitoringAPIController.AcceptResult.self)).added == 0)

            #expect(try await send(app, .GET, w.base + "/swot", w.mentor).status == .forbidden)
            #expect(try await send(app, .POST, w.base + "/swot", w.psychologist, #"{"quadrant": "threat", "text": "x"}"#).status == .forbidden)
            #expect(try await send(app, .DELETE, w.base + "/swot/\(item.id)", w.stranger).status == .notFound)
            #expect(try await send(app, .GET, w.base + "/swot", w.stranger).status == .notFound)
            let deleted = try await send(app, .DELETE, w.base + "/swot/\(item.id)", w.curator)
            try #expect(deleted.status == .ok && (deleted.content.decode(ProgramMonitoringAPIController.Swot.self)).items.isEmpty)
            #expect(try await send(app, .DELETE, w.base + "/swot/\(item.id)", w.curator).status == .notFound)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.swotEdited.rawValue).count() == 3)
        }
    }

    @Test("Сведения за год и настройки уведомлений по API — с теми же проверками, что на страницах")
    func yearFiguresAndSettings() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let path = "/api/v1/organizations/\(w.a.organizationID)/year-figures"
            let empty = try await send(app, .GET, path + "?year=2026/2027", w.curator)
            #expect(empty.status == .ok)
            let none = try empty.content.decode(YearFiguresAPIController.YearFigures.self)
            #expect(none.year == "2026/2027" && none.students == nil && none.involvedStudents == 0)
            let saved = try await send(app, .PUT, path, w.curator, #"{"year": "2026/2027", "students": 540, "teachers": 42, "youngTeachers": 6}"#)
            #expect(saved.status == .ok)
            try #expect(saved.content.decode(YearFiguresAPIController.YearFigures.self).students == 540)
            let wrong = try await send(app, .PUT, path, w.curator, #"{"year": "2026/2027", "students": 540, "teachers": 4, "youngTeachers": 6}"#)
            #expect(wrong.status == .unprocessableEntity && wrong.text.contains("Молодых педагогов не может быть больше"))
            #expect(try await send(app, .PUT, path, w.psychologist, #"{"year": "2026/2027", "students": 1, "teachers": 1, "youngTeachers": 0}"#).status == .forbidden)
            #expect(try await send(app, .GET, path, w.mentor).status == .forbidden)
            #expect(try await send(app, .GET, path, w.stranger).status == .notFound)
            #expect(try await OrganizationYearFigures.query(on: app.db).first()?.teachers == 42)

            let settings = "/api/v1/me/notification-settings"
            let noAddress = try await send(app, .PUT, settings, w.mentor, #"{"emailEnabled": true, "frequency": "daily"}"#)
            #expect(noAddress.status == .unprocessableEntity && noAddress.text.contains("Чтобы получать письма, укажите адрес почты."))
            let set = try await send(app, .PUT, settings, w.mentor, #"{"email": "nastavnik@school.ru", "emailEnabled": true, "frequency": "daily"}"#)
            #expect(set.status == .ok)
            let read = try await send(app, .GET, settings, w.mentor)
            let current = try read.content.decode(NotificationsAPIController.Settings.self)
            #expect(current.email == "nastavnik@school.ru" && current.emailEnabled && current.frequency == .daily)
            #expect(try await send(app, .PUT, settings, w.mentor, #"{"emailEnabled": true, "frequency": "weekly"}"#).status == .badRequest)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.notificationSettingsChanged.rawValue).count() == 1)
        }
    }

    @Test("Одновременные переводы этапа и добавления мероприятий: один переход с одной записью в журнале, у мероприятий разные номера")
    func parallelMovesAndItems() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let headers = self.headers(w.curator), base = w.base
            let before = try await RoadmapItem.query(on: app.db).count()
            try await withLiveServer(app) { server in
                let moves = try await inParallel(4) { _ in
                    try await server.send(.PUT, base + "/stage", headers: headers, body: ByteBuffer(string: #"{"stage": 2}"#)).status
                }
                #expect(moves.filter { $0 == .ok }.count == 1 && moves.filter { $0 == .conflict }.count == 3, "\(moves)")
                let added = try await inParallel(4) { i in
                    try await server.send(.POST, base + "/roadmap", headers: headers,
                                          body: ByteBuffer(string: #"{"title": "Встреча \#(i)", "stage": "2", "deadlineKind": "month", "deadlineFrom": "2023-02"}"#)).status
                }
                #expect(added.allSatisfy { $0 == .created }, "\(added)")
            }
            #expect(try await StageTransition.query(on: app.db).count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.programStageChanged.rawValue).count() == 1)
            let positions = try await RoadmapItem.query(on: app.db).filter(\.$program.$id == w.program.id!).all().map(\.position)
            #expect(positions.count == before + 4 && Set(positions).count == positions.count, "мероприятия с одинаковым номером")
        }
    }

    @Test("Шкалы измерений по API: встроенные и свои с кодами для измерений; своя добавляется, повтор названия — 409; наставнику — 403")
    func scales() async throws {
        try await withTestApp { app in
            let w = try await Self.world(app)
            let path = "/api/v1/organizations/\(w.a.organizationID)/scales"
            let builtIn = try await send(app, .GET, path, w.psychologist)
            #expect(builtIn.status == .ok)
            let codes = try builtIn.content.decode(OwnScalesAPIController.ScaleList.self).items.map(\.code)
            #expect(codes == ImpactParameter.allCases.map(\.rawValue))
            let body = #"{"name": "Баллы демонстрационного экзамена", "minimum": 0, "maximum": 100, "whom": "mentees"}"#
            let created = try await send(app, .POST, path, w.psychologist, body)
            #expect(created.status == .created)
            let scale = try created.content.decode(OwnScalesAPIController.ScaleDTO.self)
            #expect(scale.code.hasPrefix("scale-") && scale.isOwn && scale.forMentees && !scale.forMentors && scale.maximum == 100)
            let again = try await send(app, .POST, path, w.curator, body)
            try #expect(again.status == .conflict && errorCode(again) == "scale_exists")
            let invalid = try await send(app, .POST, path, w.curator, #"{"name": "Рост", "minimum": 5, "maximum": 1, "whom": "mentees"}"#)
            #expect(invalid.status == .unprocessableEntity && invalid.text.contains("Наибольшее значение должно быть больше наименьшего."))
            #expect(try await send(app, .GET, path, w.mentor).status == .forbidden)
            #expect(try await send(app, .POST, path, w.mentor, body).status == .forbidden)
            #expect(try await send(app, .GET, path, w.stranger).status == .notFound)
            #expect(try await OwnScale.query(on: app.db).count() == 1)
            #expect(try await AuditEntry.query(on: app.db).filter(\.$action == AuditAction.ownScaleChanged.rawValue).count() == 1)
        }
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
