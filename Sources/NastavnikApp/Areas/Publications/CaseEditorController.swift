import Fluent
import Vapor

/// The curator prepares a case from a finished pair, checks each participant's publication
/// consent and sends it to the administration, which publishes it or takes it down.
struct CaseEditorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pair = routes.grouped("pairs", ":pairingID", "case")
        pair.get(use: edit)
        pair.post(use: save)
        pair.post("submit", use: submit)
        let organization = routes.grouped("orgs", ":organizationID", "cases")
        organization.get(use: list)
        organization.post(":caseID", "publish", use: publish)
        organization.post(":caseID", "take-down", use: takeDown)
        organization.post(":caseID", "return", use: returnForRevision)
    }

    struct ParticipantView: Encodable {
        let role: String
        let name: String
        let consented: Bool
        let photoConsented: Bool
        let publicName: String

        init(_ participant: CasePublication.Participant) {
            role = participant.role
            name = participant.name
            consented = participant.consented
            photoConsented = participant.photoConsented
            publicName = CasePublication.publicName(participant)
        }
    }

    struct EditorPage: Encodable {
        let pairingID: UUID
        let organizationID: UUID
        let status: String
        let statusName: String
        let statusNote: String
        let participants: [ParticipantView]
        let allConsented: Bool
        let topics: [SelectOption]
        let exists: Bool
        let caseID: UUID?
        let files: [CaseFiles.Item]
        let photosAllowed: Bool
        let maxFiles: Int
    }

    private func access(_ req: Request) async throws -> PairAccess {
        let access = try await PairAccess.load(req)
        guard access.role == .curator else { throw AppError.forbidden }
        guard access.pairing.status == .finished else { throw AppError.conflict("Кейс готовится по завершённой паре.") }
        return access
    }

    /// GET /pairs/:pairingID/case
    @Sendable func edit(req: Request) async throws -> Response {
        let access = try await access(req)
        let practice = try await PracticeCase.query(on: req.db).filter(\.$pairingID == access.pairing.requireID()).first()
        return try await page(req, access, practice: practice, form: Self.form(of: practice))
    }

    /// The saved text of the case in the form, with what else was typed and its errors.
    static func form(of practice: PracticeCase?, extra: [String: String] = [:], errors: [String: String] = [:]) -> FormState {
        let values = practice.map {
            ["title": $0.title, "topic": $0.topic.rawValue, "story": $0.story, "goal": $0.goal, "whatWasDone": $0.whatWasDone,
             "results": $0.results, "materials": $0.materials]
        } ?? [:]
        return FormState(values: values.merging(extra) { $1 }, errors: errors)
    }

    func page(_ req: Request, _ access: PairAccess, practice: PracticeCase?, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let participants = try await CasePublication.participants(of: access.pairing, on: req.db)
        let organization = try await Organization.find(access.pairing.organizationID, on: req.db)
        var files: [CaseFiles.Item] = []
        if let practice { files = try await CaseFiles.items(of: practice.requireID(), photosAllowed: CaseFiles.photosAllowed(participants), on: req.db) }
        return try await req.page(
            "publications/editor", title: "Кейс практики",
            breadcrumbs: [.init("Пространство пары", "/pairs/\(access.pairing.id!)"), .init("Кейс практики")],
            organization: organization, form: form, status: status,
            content: EditorPage(
                pairingID: try access.pairing.requireID(), organizationID: access.pairing.organizationID,
                status: practice?.status.rawValue ?? "draft", statusName: practice?.status.russianName ?? "Новый",
                statusNote: practice?.statusNote ?? "",
                participants: participants.map(ParticipantView.init),
                allConsented: participants.allSatisfy(\.consented),
                topics: CaseTopic.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: form.values["topic"] == $0.rawValue) },
                exists: practice != nil, caseID: practice?.id,
                files: files,
                photosAllowed: CaseFiles.photosAllowed(participants), maxFiles: CaseFiles.maxFiles))
    }

    /// POST /pairs/:pairingID/case — the draft; a published case goes back to the administration.
    @Sendable func save(req: Request) async throws -> Response {
        let access = try await access(req)
        let values = try req.formValues()
        var errors: [String: String] = [:]
        func text(_ key: String, required: String?, limit: Int = 6000) -> String {
            let value = (values[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty, let required { errors[key] = required } else if value.count > limit { errors[key] = "Не более \(limit) знаков." }
            return value
        }
        let title = text("title", required: "Назовите кейс.", limit: 200)
        let topic = CaseTopic(rawValue: values["topic"] ?? "")
        if topic == nil { errors["topic"] = "Выберите тему." }
        let story = text("story", required: "Расскажите историю пары.")
        let goal = text("goal", required: "Какой была цель?")
        let done = text("whatWasDone", required: "Что было сделано?")
        let results = text("results", required: "Каких результатов достигли?")
        let materials = text("materials", required: nil, limit: 2000)
        if materials.split(whereSeparator: \.isNewline).contains(where: { !($0.hasPrefix("https://") || $0.hasPrefix("http://")) }) {
            errors["materials"] = "Каждая строка — ссылка, начинающаяся с https://."
        }
        let existing = try await PracticeCase.query(on: req.db).filter(\.$pairingID == access.pairing.requireID()).first()
        guard errors.isEmpty, let topic else {
            return try await page(req, access, practice: existing, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let practice = existing ?? PracticeCase()
        let organization = try await Organization.find(access.pairing.organizationID, on: req.db)
        practice.organizationID = access.pairing.organizationID
        practice.municipalityID = organization?.$municipality.id ?? UUID()
        practice.regionID = organization?.regionID ?? UUID()
        practice.programID = access.pairing.$program.id
        practice.pairingID = try access.pairing.requireID()
        practice.form = access.pairing.form
        practice.topic = topic
        practice.title = title
        practice.story = story
        practice.goal = goal
        practice.whatWasDone = done
        practice.results = results
        practice.materials = materials
        // Any change after publication needs the administration's approval again.
        if existing == nil || practice.status == .published || practice.status == .submitted { practice.status = .draft }
        practice.statusNote = existing?.statusNote ?? ""
        practice.writtenByName = req.principal?.fullName ?? ""
        practice.updateSearchKey()
        try await practice.save(on: req.db)
        try await req.audit(.caseSaved, organizationID: practice.organizationID, objectType: "case", objectID: practice.id)
        return req.redirect(to: "/pairs/\(access.pairing.id!)/case", flash: FlashMessage(.success, "Кейс сохранён как черновик."))
    }

    /// POST /pairs/:pairingID/case/submit — only with every participant's consent to publication.
    @Sendable func submit(req: Request) async throws -> Response {
        let access = try await access(req)
        guard let practice = try await PracticeCase.query(on: req.db).filter(\.$pairingID == access.pairing.requireID()).first() else {
            throw AppError.notFound
        }
        let missing = try await CasePublication.participants(of: access.pairing, on: req.db).filter { !$0.consented }
        guard missing.isEmpty else {
            return req.redirect(to: "/pairs/\(access.pairing.id!)/case", flash: FlashMessage(.error,
                "Нет согласия на публикацию в библиотеке практик: \(missing.map(\.name).joined(separator: ", ")). Оформите согласие в карточке участника (для несовершеннолетнего — от законного представителя)."))
        }
        practice.status = .submitted
        practice.statusNote = ""
        try await req.db.transaction { db in
            try await practice.save(on: db)
            try await Notifications.caseSubmitted(practice, on: db)
        }
        try await req.audit(.caseSubmitted, organizationID: practice.organizationID, objectType: "case", objectID: practice.id)
        return req.redirect(to: "/pairs/\(access.pairing.id!)/case", flash: FlashMessage(.success, "Кейс отправлен администрации на согласование."))
    }

    struct ListPage: Encodable {
        let organizationID: UUID
        let cases: [Row]
        let mayApprove: Bool

        struct Row: Encodable {
            let id: UUID
            let pairingID: UUID
            let title: String
            let topic: String
            let form: String
            let status: String
            let statusName: String
            let statusNote: String
        }
    }

    /// GET /orgs/:organizationID/cases
    @Sendable func list(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .formPairs)
        let cases = try await PracticeCase.query(on: req.db).filter(\.$organizationID == organization.requireID()).sort(\.$updatedAt, .descending).all()
        return try await req.page(
            "publications/cases", title: "Кейсы практик",
            breadcrumbs: [.init(organization.shortName, "/orgs/\(organization.id!)"), .init("Кейсы практик")], organization: organization,
            content: ListPage(organizationID: try organization.requireID(), cases: cases.map {
                .init(id: $0.id!, pairingID: $0.pairingID, title: $0.title, topic: $0.topic.russianName, form: $0.form.russianName,
                      status: $0.status.rawValue, statusName: $0.status.russianName, statusNote: $0.statusNote)
            }, mayApprove: req.may(.approvePublications, in: organization)))
    }

    private func practice(_ req: Request, _ organization: Organization) async throws -> PracticeCase {
        guard let id = req.parameters.get("caseID", as: UUID.self),
              let practice = try await PracticeCase.query(on: req.db).filter(\.$id == id).filter(\.$organizationID == organization.requireID()).first() else {
            throw AppError.notFound
        }
        return practice
    }

    /// Told to the second of two decisions made at once (or a double click).
    static let decidedMeanwhile = "Решение по кейсу уже принято: его только что опубликовали или вернули на доработку. Обновите страницу."

    /// POST /orgs/:organizationID/cases/:caseID/publish — the administration approves; consents are checked again.
    @Sendable func publish(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .approvePublications)
        let practice = try await practice(req, organization)
        guard practice.status == .submitted, let pairing = try await Pairing.find(practice.pairingID, on: req.db) else {
            throw AppError.conflict("Опубликовать можно кейс, отправленный куратором на согласование.")
        }
        let missing = try await CasePublication.participants(of: pairing, on: req.db).filter { !$0.consented }
        guard missing.isEmpty else {
            return req.redirect(to: "/orgs/\(organization.id!)/cases", flash: FlashMessage(.error, "Нет согласия на публикацию у участника пары: кейс не опубликован."))
        }
        let title = practice.title
        let published = try await CaseDecision.decide(caseID: practice.requireID(), .published, on: req.db) { db in
            try await req.audit(.casePublished, organizationID: organization.id, objectType: "case", objectID: practice.id, details: title, on: db)
        }
        guard published else { throw AppError.conflict(Self.decidedMeanwhile) }
        return req.redirect(to: "/orgs/\(organization.id!)/cases", flash: FlashMessage(.success, "Кейс опубликован в библиотеке практик."))
    }

    /// POST /orgs/:organizationID/cases/:caseID/return — the administration sends a waiting case
    /// back to the curator with what to fix; the comment stays on the case until it is sent again.
    @Sendable func returnForRevision(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .approvePublications)
        let practice = try await practice(req, organization)
        let preview = "/orgs/\(organization.id!)/cases/\(practice.id!)"
        guard practice.status == .submitted else {
            throw AppError.conflict("Вернуть на доработку можно кейс, отправленный куратором на согласование.")
        }
        let comment = (try? req.content.get(String.self, at: "comment"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !comment.isEmpty else {
            return req.redirect(to: preview + "#return", flash: FlashMessage(.error, "Напишите, что исправить в кейсе: комментарий увидит куратор."))
        }
        guard comment.count <= 2000 else {
            return req.redirect(to: preview + "#return", flash: FlashMessage(.error, "Комментарий длиннее 2000 знаков: сократите его."))
        }
        let note = "Возвращён на доработку \(RussianDate.dateTime(Date())), \(req.principal?.fullName ?? "администрация"): \(comment)"
        let title = practice.title
        let returned = try await CaseDecision.decide(caseID: practice.requireID(), .returned(note: note), on: req.db) { db in
            try await req.audit(.caseReturned, organizationID: organization.id, objectType: "case", objectID: practice.id, details: title, on: db)
        }
        guard returned else { throw AppError.conflict(Self.decidedMeanwhile) }
        return req.redirect(to: "/orgs/\(organization.id!)/cases", flash: FlashMessage(.success, "Кейс возвращён куратору на доработку с вашим комментарием."))
    }

    /// POST /orgs/:organizationID/cases/:caseID/take-down — the administration or the curator.
    @Sendable func takeDown(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .formPairs)
        let practice = try await practice(req, organization)
        practice.status = .takenDown
        practice.statusNote = "Снят: \(req.principal?.fullName ?? "")"
        try await practice.save(on: req.db)
        try await req.audit(.caseTakenDown, organizationID: organization.id, objectType: "case", objectID: practice.id)
        return req.redirect(to: "/orgs/\(organization.id!)/cases", flash: FlashMessage(.success, "Кейс снят с публикации."))
    }
}
