import Fluent
import Vapor

/// The curator prepares a case from a finished pair, checks each participant's publication
/// consent and sends it to the administration, which publishes it or takes it down.
struct CaseEditorController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Cases.edit, use: edit)
        routes.on(SiteRoute.Cases.save, use: save)
        routes.on(SiteRoute.Cases.submit, use: submit)
        routes.on(SiteRoute.Cases.list, use: list)
        routes.on(SiteRoute.Cases.publish, use: publish)
        routes.on(SiteRoute.Cases.takeDown, use: takeDown)
        routes.on(SiteRoute.Cases.returnForRevision, use: returnForRevision)
    }

    /// A participant with both consents and the public name, as the editor and the preview show them.
    typealias ParticipantView = CasePublication.ConsentStatus

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
        /// The stored version, for a form that carries none of its own (`CaseService.save`).
        var version: Int = 0
        /// Why the typed text was not saved (a withdrawn consent, a change made meanwhile).
        var problem: String? = nil
        /// After a change made meanwhile: what is stored now where it differs from what was typed.
        var savedNow: [SavedText] = []
    }

    struct SavedText: Encodable {
        let title: String
        let saved: String
    }

    /// The form's fields with their titles, in the order of the form.
    static let fieldTitles: [(code: String, title: String)] = [
        ("title", "Название"), ("story", "История пары"), ("goal", "Цель"), ("whatWasDone", "Что было сделано"),
        ("results", "Результаты"), ("materials", "Материалы"),
    ]

    /// The pair's curator; a case comes from a finished pair.
    static func access(_ req: Request) async throws -> PairAccess {
        let access = try await PairAccess.load(req)
        guard access.role == .curator else { throw AppError.forbidden }
        try CaseService.requireFinished(access.pairing)
        return access
    }

    /// GET /pairs/:pairingID/case
    @Sendable func edit(req: Request) async throws -> Response {
        let access = try await Self.access(req)
        let practice = try await CaseService.practice(of: access.pairing, on: req.db)
        // Said before anything is typed: after a withdrawal the case takes no text or file.
        var problem: String?
        do { try await CaseService.requireNobodyWithdrew(access.pairing, on: req.db) } catch let error as CaseError { problem = error.russianMessage }
        return try await page(req, access, practice: practice, form: Self.form(of: practice), problem: problem)
    }

    /// The saved text of the case in the form, with what else was typed and its errors.
    static func form(of practice: PracticeCase?, extra: [String: String] = [:], errors: [String: String] = [:]) -> FormState {
        let values = practice.map {
            ["title": $0.title, "topic": $0.topic.rawValue, "story": $0.story, "goal": $0.goal, "whatWasDone": $0.whatWasDone,
             "results": $0.results, "materials": $0.materials, "version": String($0.version ?? 0)]
        } ?? [:]
        return FormState(values: values.merging(extra) { $1 }, errors: errors)
    }

    func page(_ req: Request, _ access: PairAccess, practice: PracticeCase?, form: FormState, status: HTTPResponseStatus = .ok,
              problem: String? = nil, savedNow: [SavedText] = []) async throws -> Response {
        let participants = try await CasePublication.participants(of: access.pairing, on: req.db)
        let organization = try await Organization.find(access.pairing.organizationID, on: req.db)
        var files: [CaseFiles.Item] = []
        if let practice { files = try await CaseFiles.items(of: practice.requireID(), photosAllowed: CaseFiles.photosAllowed(participants), on: req.db) }
        return try await req.page(
            "publications/editor", title: "Кейс практики",
            breadcrumbs: [.init("Пространство пары", SiteRoute.PairSpace.show.path(access.pairing.id!)), .init("Кейс практики")],
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
                photosAllowed: CaseFiles.photosAllowed(participants), maxFiles: CaseFiles.maxFiles,
                version: practice?.version ?? 0, problem: problem, savedNow: savedNow))
    }

    /// POST /pairs/:pairingID/case — the draft; a published case goes back to the administration.
    @Sendable func save(req: Request) async throws -> Response {
        let access = try await Self.access(req)
        let values = try req.formValues()
        let input = CaseService.CaseInput(title: values["title"] ?? "", topic: values["topic"] ?? "", story: values["story"] ?? "", goal: values["goal"] ?? "",
                                          whatWasDone: values["whatWasDone"] ?? "", results: values["results"] ?? "", materials: values["materials"] ?? "",
                                          version: values["version"].flatMap { Int($0) })
        do {
            _ = try await CaseService.save(input, for: access.pairing, by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            let existing = try await CaseService.practice(of: access.pairing, on: req.db)
            return try await page(req, access, practice: existing, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        } catch let error as CaseError where error == .consentWithdrawn || error == .changedMeanwhile || error == .savedMeanwhile {
            // What was typed stays in the form; after a change made meanwhile (or a first save
            // another tab made at the same moment) the form carries the stored version, shown
            // beside it, so saving again is a decision made knowingly.
            let existing = try await CaseService.practice(of: access.pairing, on: req.db)
            let saved = existing.map { Self.form(of: $0).values } ?? [:]
            let meanwhile = error != .consentWithdrawn
            let savedNow = meanwhile ? Self.fieldTitles.compactMap { field -> SavedText? in
                let now = saved[field.code] ?? ""
                return now == (values[field.code] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) ? nil : SavedText(title: field.title, saved: now)
            } : []
            var typed = values
            if meanwhile { typed["version"] = saved["version"] ?? "0" }
            return try await page(req, access, practice: existing, form: FormState(values: typed), status: .conflict,
                                  problem: error.russianMessage, savedNow: savedNow)
        }
        return req.redirect(to: SiteRoute.Cases.edit.path(access.pairing.id!), flash: FlashMessage(.success, "Кейс сохранён как черновик."))
    }

    /// POST /pairs/:pairingID/case/submit — only with every participant's consent to publication.
    @Sendable func submit(req: Request) async throws -> Response {
        let access = try await Self.access(req)
        do {
            _ = try await CaseService.submit(access.pairing, by: req.auditActor, on: req.db)
        } catch let error as CaseError {
            return req.redirect(to: SiteRoute.Cases.edit.path(access.pairing.id!), flash: FlashMessage(.error, error.russianMessage))
        }
        return req.redirect(to: SiteRoute.Cases.edit.path(access.pairing.id!), flash: FlashMessage(.success, "Кейс отправлен администрации на согласование."))
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
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organization.id!)), .init("Кейсы практик")], organization: organization,
            content: ListPage(organizationID: try organization.requireID(), cases: cases.map {
                .init(id: $0.id!, pairingID: $0.pairingID, title: $0.title, topic: $0.topic.russianName, form: $0.form.russianName,
                      status: $0.status.rawValue, statusName: $0.status.russianName, statusNote: $0.statusNote)
            }, mayApprove: req.may(.approvePublications, in: organization)))
    }

    private func practice(_ req: Request, _ organization: Organization) async throws -> PracticeCase {
        try await CaseService.practice(req.parameters.get("caseID", as: UUID.self), of: organization.requireID(), on: req.db)
    }

    /// POST /orgs/:organizationID/cases/:caseID/publish — the administration approves; consents are checked again.
    @Sendable func publish(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .approvePublications)
        let practice = try await practice(req, organization)
        do {
            try await CaseService.publish(practice, by: req.auditActor, on: req.db)
        } catch CaseError.consentMissingAtPublication {
            return req.redirect(to: SiteRoute.Cases.list.path(organization.id!), flash: FlashMessage(.error, CaseError.consentMissingAtPublication.russianMessage))
        }
        return req.redirect(to: SiteRoute.Cases.list.path(organization.id!), flash: FlashMessage(.success, "Кейс опубликован в библиотеке практик."))
    }

    /// POST /orgs/:organizationID/cases/:caseID/return — the administration sends a waiting case
    /// back to the curator with what to fix; the comment stays on the case until it is sent again.
    @Sendable func returnForRevision(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .approvePublications)
        let practice = try await practice(req, organization)
        let comment = (try? req.content.get(String.self, at: "comment")) ?? ""
        do {
            try await CaseService.returnForRevision(practice, comment: comment, by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return req.redirect(to: SiteRoute.Cases.preview.path(organization.id!, practice.id!) + "#return", flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
        return req.redirect(to: SiteRoute.Cases.list.path(organization.id!), flash: FlashMessage(.success, "Кейс возвращён куратору на доработку с вашим комментарием."))
    }

    /// POST /orgs/:organizationID/cases/:caseID/take-down — the administration or the curator.
    @Sendable func takeDown(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .formPairs)
        let practice = try await practice(req, organization)
        try await CaseService.takeDown(practice, by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Cases.list.path(organization.id!), flash: FlashMessage(.success, "Кейс снят с публикации."))
    }
}
