import Fluent
import Vapor

/// Practice cases as JSON, for a regional system: the curator's draft and its submission, the
/// organization's list and a case with its participants' consents, the administration's
/// decision. The same `CaseService` functions and the same roles as the pages.
struct CasesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped(RequireAPIPrincipal())
        let pair = api.grouped("pairs", ":pairingID", "case")
        pair.get(use: pairCase)
        pair.put(use: save)
        pair.post("submit", use: submit)
        pair.on(.POST, "files", body: .collect(maxSize: "8mb"), use: attachFile)
        pair.delete("files", ":fileID", use: deleteFile)
        let cases = api.grouped("organizations", ":organizationID", "cases")
        cases.get(use: list)
        cases.get(":caseID", use: show)
        cases.get(":caseID", "files", ":fileID", use: file)
        cases.post(":caseID", "publish", use: publish)
        cases.post(":caseID", "return", use: returnForRevision)
        cases.post(":caseID", "take-down", use: takeDown)
    }

    struct FileDTO: Content {
        let id: UUID
        let fileName: String
        let caption: String
        let isPhoto: Bool
        let size: String
        let shownPublicly: Bool
    }

    struct CaseSummaryDTO: Content {
        let id: UUID
        let pairingId: UUID
        let title: String
        let topic: String
        let form: String
        let status: String
        let statusName: String
        let statusNote: String
    }

    struct CaseList: Content { let items: [CaseSummaryDTO] }

    struct CaseDTO: Content {
        let id: UUID
        let organizationId: UUID
        let pairingId: UUID
        let title: String
        let topic: String
        let form: String
        let status: String
        let statusName: String
        let statusNote: String
        let story: String
        let goal: String
        let whatWasDone: String
        let results: String
        let materials: [String]
        let participants: [CasePublication.ConsentStatus]
        let files: [FileDTO]
        /// Sent back with a change (`CaseInput.version`), so a change made meanwhile is not overwritten.
        let version: Int
    }

    struct CaseInput: Content {
        var title: String
        var topic: String
        var story: String
        var goal: String
        var whatWasDone: String
        var results: String
        var materials: [String]?
        /// The `version` of the case the change is based on; without it the change is saved over
        /// whatever is stored. 0 for a case not saved yet.
        var version: Int?
    }

    struct ReturnInput: Content { var comment: String }

    static func summary(_ practice: PracticeCase) -> CaseSummaryDTO {
        CaseSummaryDTO(id: practice.id!, pairingId: practice.pairingID, title: practice.title, topic: practice.topic.rawValue, form: practice.form.rawValue,
                       status: practice.status.rawValue, statusName: practice.status.russianName, statusNote: practice.statusNote)
    }

    /// The case with its participants and files, as the organization's preview page shows it.
    static func dto(_ practice: PracticeCase, on db: any Database) async throws -> CaseDTO {
        let participants: [CasePublication.Participant]
        if let pairing = try await Pairing.find(practice.pairingID, on: db) {
            participants = try await CasePublication.participants(of: pairing, on: db)
        } else {
            participants = []
        }
        let files = try await CaseFiles.items(of: practice.requireID(), photosAllowed: CaseFiles.photosAllowed(participants), on: db)
        return CaseDTO(id: practice.id!, organizationId: practice.organizationID, pairingId: practice.pairingID, title: practice.title,
                       topic: practice.topic.rawValue, form: practice.form.rawValue, status: practice.status.rawValue,
                       statusName: practice.status.russianName, statusNote: practice.statusNote, story: practice.story, goal: practice.goal,
                       whatWasDone: practice.whatWasDone, results: practice.results,
                       materials: practice.materials.split(whereSeparator: \.isNewline).map(String.init),
                       participants: participants.map(CasePublication.ConsentStatus.init),
                       files: files.map { FileDTO(id: $0.id, fileName: $0.fileName, caption: $0.caption, isPhoto: $0.isPhoto, size: $0.sizeText,
                                                  shownPublicly: $0.shownPublicly) },
                       version: practice.version ?? 0)
    }

    /// GET /api/v1/pairs/:pairingID/case — the pair's case, for its curator; 404 before it is saved.
    @Sendable func pairCase(req: Request) async throws -> CaseDTO {
        let access = try await CaseEditorController.access(req)
        guard let practice = try await CaseService.practice(of: access.pairing, on: req.db) else { throw AppError.notFound }
        return try await Self.dto(practice, on: req.db)
    }

    /// PUT /api/v1/pairs/:pairingID/case — creates or changes the draft.
    @Sendable func save(req: Request) async throws -> CaseDTO {
        let access = try await CaseEditorController.access(req)
        let input = try req.content.decode(CaseInput.self)
        let practice = try await CaseService.save(
            .init(title: input.title, topic: input.topic, story: input.story, goal: input.goal, whatWasDone: input.whatWasDone,
                  results: input.results, materials: (input.materials ?? []).joined(separator: "\n"), version: input.version),
            for: access.pairing, by: req.auditActor, on: req.db)
        return try await Self.dto(practice, on: req.db)
    }

    /// POST /api/v1/pairs/:pairingID/case/submit
    @Sendable func submit(req: Request) async throws -> CaseDTO {
        let access = try await CaseEditorController.access(req)
        let practice = try await CaseService.submit(access.pairing, by: req.auditActor, on: req.db)
        return try await Self.dto(practice, on: req.db)
    }

    /// GET /api/v1/organizations/:organizationID/cases
    @Sendable func list(req: Request) async throws -> CaseList {
        let organization = try await req.authorizedOrganization(for: .formPairs)
        let cases = try await PracticeCase.query(on: req.db).filter(\.$organizationID == organization.requireID()).sort(\.$updatedAt, .descending).all()
        return CaseList(items: cases.map(Self.summary))
    }

    private func practice(_ req: Request, for permission: Permission) async throws -> PracticeCase {
        let organization = try await req.authorizedOrganization(for: permission)
        return try await CaseService.practice(req.parameters.get("caseID", as: UUID.self), of: organization.requireID(), on: req.db)
    }

    /// GET /api/v1/organizations/:organizationID/cases/:caseID
    @Sendable func show(req: Request) async throws -> CaseDTO {
        try await Self.dto(practice(req, for: .formPairs), on: req.db)
    }

    /// A case after a decision, read again.
    private func reloaded(_ practice: PracticeCase, _ req: Request) async throws -> CaseDTO {
        guard let fresh = try await PracticeCase.find(practice.requireID(), on: req.db) else { throw AppError.notFound }
        return try await Self.dto(fresh, on: req.db)
    }

    /// POST …/cases/:caseID/publish
    @Sendable func publish(req: Request) async throws -> CaseDTO {
        let practice = try await practice(req, for: .approvePublications)
        try await CaseService.publish(practice, by: req.auditActor, on: req.db)
        return try await reloaded(practice, req)
    }

    /// POST …/cases/:caseID/return
    @Sendable func returnForRevision(req: Request) async throws -> CaseDTO {
        let practice = try await practice(req, for: .approvePublications)
        let input = try req.content.decode(ReturnInput.self)
        try await CaseService.returnForRevision(practice, comment: input.comment, by: req.auditActor, on: req.db)
        return try await reloaded(practice, req)
    }

    /// POST …/cases/:caseID/take-down
    @Sendable func takeDown(req: Request) async throws -> CaseDTO {
        let practice = try await practice(req, for: .formPairs)
        try await CaseService.takeDown(practice, by: req.auditActor, on: req.db)
        return try await reloaded(practice, req)
    }

    /// POST /api/v1/pairs/:pairingID/case/files (multipart: `file`, `caption`) — 201 with the file.
    /// The page's rules (`CaseService.attach`): a saved case, the kinds and the 5 MB of
    /// `AttachedFile`, ten files, a caption and every participant's photo consent for a photo, and
    /// none for a pair whose member withdrew the processing consent; the case goes back to draft.
    @Sendable func attachFile(req: Request) async throws -> Response {
        let access = try await CaseEditorController.access(req)
        let input = try req.content.decode(CaseService.FileUpload.self)
        let stored = try await CaseService.attach(input.upload, caption: input.caption ?? "", to: access.pairing, by: req.auditActor, on: req.db)
        guard let practice = try await CaseService.practice(of: access.pairing, on: req.db),
              let file = try await Self.dto(practice, on: req.db).files.first(where: { $0.id == stored.id }) else { throw AppError.notFound }
        return try await file.encodeResponse(status: .created, for: req)
    }

    /// DELETE /api/v1/pairs/:pairingID/case/files/:fileID — the case goes back to draft if it was waiting or published.
    @Sendable func deleteFile(req: Request) async throws -> CaseDTO {
        let access = try await CaseEditorController.access(req)
        try await CaseService.deleteFile(req.parameters.get("fileID", as: UUID.self), of: access.pairing, by: req.auditActor, on: req.db)
        guard let practice = try await CaseService.practice(of: access.pairing, on: req.db) else { throw AppError.notFound }
        return try await Self.dto(practice, on: req.db)
    }

    /// GET /api/v1/organizations/:organizationID/cases/:caseID/files/:fileID — the bytes, for the curator and the administration.
    @Sendable func file(req: Request) async throws -> Response {
        let file = try await CaseService.file(req.parameters.get("fileID", as: UUID.self), of: practice(req, for: .formPairs), on: req.db)
        return Request.privateDownload(file.data, type: file.fileType, fileName: file.fileName, inline: file.isPhoto)
    }
}
