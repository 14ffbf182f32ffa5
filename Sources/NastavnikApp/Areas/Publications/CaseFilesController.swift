import Fluent
import Vapor

/// The curator attaches photos and materials to a case; the administration sees the case as
/// the public will before approving it; the public gets the files of a published case.
struct CaseFilesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Cases.attachFile, body: .collect(maxSize: "8mb"), use: attach)
        routes.on(SiteRoute.Cases.deleteFile, use: delete)
        routes.on(SiteRoute.Cases.preview, use: preview)
        routes.on(SiteRoute.Cases.internalFile, use: internalFile)
    }

    /// The pair, for its curator.
    private func curatorAccess(_ req: Request) async throws -> PairAccess {
        let access = try await PairAccess.load(req)
        guard access.role == .curator else { throw AppError.forbidden }
        return access
    }

    /// POST /pairs/:pairingID/case/files (multipart)
    @Sendable func attach(req: Request) async throws -> Response {
        let access = try await curatorAccess(req)
        let input = try req.content.decode(CaseService.FileUpload.self)
        let values = ["caption": input.caption ?? ""]
        do {
            _ = try await CaseService.attach(input.upload, caption: values["caption"] ?? "", to: access.pairing, by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            let practice = try await CaseService.practice(of: access.pairing, on: req.db)
            return try await CaseEditorController().page(req, access, practice: practice, form: CaseEditorController.form(of: practice, extra: values, errors: errors),
                                                         status: .unprocessableEntity)
        }
        return req.redirect(to: SiteRoute.Cases.edit.path(access.pairing.id!) + "#files", flash: FlashMessage(.success, "Файл приложен к кейсу."))
    }

    /// POST /pairs/:pairingID/case/files/:fileID/delete
    @Sendable func delete(req: Request) async throws -> Response {
        let access = try await curatorAccess(req)
        try await CaseService.deleteFile(req.parameters.get("fileID", as: UUID.self), of: access.pairing, by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Cases.edit.path(access.pairing.id!) + "#files", flash: FlashMessage(.success, "Файл удалён."))
    }

    private func organizationCase(_ req: Request) async throws -> (Organization, PracticeCase) {
        let organization = try await req.authorizedOrganization(for: .formPairs)
        return (organization, try await CaseService.practice(req.parameters.get("caseID", as: UUID.self), of: organization.requireID(), on: req.db))
    }

    struct PreviewPage: Encodable {
        let organizationID: UUID
        let id: UUID
        let pairingID: UUID
        let title: String
        let topic: String
        let form: String
        let status: String
        let statusName: String
        let story: String
        let goal: String
        let whatWasDone: String
        let results: String
        let materials: [String]
        let participants: [CaseEditorController.ParticipantView]
        let files: [CaseFiles.Item]
        let mayApprove: Bool
    }

    /// GET /orgs/:organizationID/cases/:caseID — the case as the public would see it, with every
    /// consent, so the administration decides on what it has read.
    @Sendable func preview(req: Request) async throws -> Response {
        let (organization, practice) = try await organizationCase(req)
        guard let pairing = try await Pairing.find(practice.pairingID, on: req.db) else { throw AppError.notFound }
        let participants = try await CasePublication.participants(of: pairing, on: req.db)
        return try await req.page(
            "publications/preview", title: practice.title,
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organization.id!)), .init("Кейсы практик", SiteRoute.Cases.list.path(organization.id!)), .init(practice.title)],
            organization: organization,
            content: PreviewPage(
                organizationID: try organization.requireID(), id: try practice.requireID(), pairingID: practice.pairingID, title: practice.title,
                topic: practice.topic.russianName, form: practice.form.russianName, status: practice.status.rawValue, statusName: practice.status.russianName,
                story: practice.story, goal: practice.goal, whatWasDone: practice.whatWasDone, results: practice.results,
                materials: practice.materials.split(whereSeparator: \.isNewline).map(String.init),
                participants: participants.map(CaseEditorController.ParticipantView.init),
                files: try await CaseFiles.items(of: practice.requireID(), photosAllowed: CaseFiles.photosAllowed(participants), on: req.db),
                mayApprove: req.may(.approvePublications, in: organization)))
    }

    /// GET /orgs/:organizationID/cases/:caseID/files/:fileID — for the curator and the administration.
    @Sendable func internalFile(req: Request) async throws -> Response {
        let (_, practice) = try await organizationCase(req)
        let file = try await CaseService.file(req.parameters.get("fileID", as: UUID.self), of: practice, on: req.db)
        return Request.privateDownload(file.data, type: file.fileType, fileName: file.fileName, inline: file.isPhoto)
    }

    /// A photo opens in the page; a material is downloaded. The type is the one checked on upload.
    static func response(_ file: CaseFile) -> Response {
        DocumentResponse.file(file.data, type: file.fileType, fileName: file.fileName, inline: file.isPhoto)
    }
}
