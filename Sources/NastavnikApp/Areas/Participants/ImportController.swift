import Fluent
import Vapor

/// Importing a base from XLSX or CSV: upload, map the columns, see every bad row, confirm.
struct ImportController: RouteCollection {
    static let maxFileSize = 10 * 1024 * 1024

    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Participants.importNew, use: new)
        routes.on(SiteRoute.Participants.importUpload, use: upload)
        routes.on(SiteRoute.Participants.importBatch, use: show)
        routes.on(SiteRoute.Participants.importMapping, use: saveMapping)
        routes.on(SiteRoute.Participants.importConfirm, use: confirm)
    }

    struct UploadPage: Encodable {
        let organizationID: UUID
        let kinds: [SelectOption]
        let maxMegabytes: Int
    }

    struct PreviewPage: Encodable {
        struct Column: Encodable { let index: Int; let header: String; let options: [SelectOption] }
        let organizationID: UUID
        let batchID: UUID
        let kind: String
        let fileName: String
        let columns: [Column]
        let sample: [[String]]
        let problems: [ImportPlan.Problem]
        let newCount: Int
        let updateCount: Int
        let canImport: Bool
        let imported: Bool
        /// Set once the file is imported: its content is gone, only the counts stay.
        var createdCount: Int? = nil
        var updatedCount: Int? = nil
    }

    /// GET /orgs/:organizationID/imports/new?kind=mentee
    @Sendable func new(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        try await ImportRetention.purge(on: req.db)
        return try await uploadPage(req, organization: organization, form: FormState(values: ["kind": req.query[String.self, at: "kind"] ?? "mentee"]))
    }

    private func uploadPage(_ req: Request, organization: Organization, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID()
        return try await req.page(
            "participants/import_upload", title: "Импорт из файла",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Импорт из файла")],
            organization: organization, form: form, status: status,
            content: UploadPage(organizationID: organizationID,
                                kinds: SelectOption.all(BaseKind.self, selected: [form.values["kind"] ?? "mentee"]) { $0.russianName },
                                maxMegabytes: Self.maxFileSize / 1024 / 1024))
    }

    struct UploadForm: Content {
        var kind: String?
        var file: File?
    }

    /// POST /orgs/:organizationID/imports (multipart)
    @Sendable func upload(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let principal = try req.requirePrincipal()
        try await ImportRetention.purge(on: req.db)
        let input = try req.content.decode(UploadForm.self)
        let kind = input.kind.flatMap(BaseKind.init(rawValue:)) ?? .mentee
        func fail(_ message: String) async throws -> Response {
            try await uploadPage(req, organization: organization, form: FormState(values: ["kind": kind.rawValue], errors: ["file": message]), status: .unprocessableEntity)
        }
        guard let file = input.file, file.data.readableBytes > 0 else { return try await fail("Выберите файл XLSX или CSV.") }
        guard file.data.readableBytes <= Self.maxFileSize else { return try await fail("Файл больше \(Self.maxFileSize / 1024 / 1024) МБ.") }
        let data = Data(buffer: file.data)
        do {
            _ = try ImportPlan.rows(of: data)
        } catch let error as AppError {
            return try await fail(error.russianMessage)
        }
        let batch = ImportBatch()
        batch.organizationID = organizationID
        batch.kind = kind
        batch.fileName = String(file.filename.prefix(200))
        batch.content = data
        batch.createdByID = principal.userID
        try await batch.save(on: req.db)
        return req.redirect(to: SiteRoute.Participants.importBatch.path(organizationID, batch.id!))
    }

    private func batch(_ req: Request, organizationID: UUID) async throws -> ImportBatch {
        guard let id = req.parameters.get("batchID", as: UUID.self),
              let batch = try await ImportBatch.query(on: req.db).filter(\.$id == id).filter(\.$organizationID == organizationID).first() else {
            throw AppError.notFound
        }
        return batch
    }

    private func savedMapping(_ batch: ImportBatch) -> [Int: String]? {
        guard let json = batch.mapping, let decoded = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else { return nil }
        return Dictionary(uniqueKeysWithValues: decoded.compactMap { key, value in Int(key).map { ($0, value) } })
    }

    /// GET /orgs/:organizationID/imports/:batchID — the mapping and the check of every row.
    @Sendable func show(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        try await ImportRetention.purge(on: req.db)
        let batch = try await batch(req, organizationID: organization.requireID())
        return try await preview(req, organization: organization, batch: batch)
    }

    private func preview(_ req: Request, organization: Organization, batch: ImportBatch, status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID()
        let breadcrumbs: [Breadcrumb] = [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init(batch.kind.russianName, SiteRoute.Bases.of(batch.kind).index.path(organizationID)), .init("Импорт")]
        if batch.importedAt != nil {
            // The file itself was deleted at confirmation: only what it did remains.
            return try await req.page(
                "participants/import_preview", title: "Импорт: \(batch.fileName)", breadcrumbs: breadcrumbs, organization: organization, status: status,
                content: PreviewPage(organizationID: organizationID, batchID: try batch.requireID(), kind: batch.kind.russianName, fileName: batch.fileName,
                                     columns: [], sample: [], problems: [], newCount: 0, updateCount: 0, canImport: false, imported: true,
                                     createdCount: batch.createdCount ?? 0, updatedCount: batch.updatedCount ?? 0))
        }
        let plan = try await ImportPlan.make(kind: batch.kind, data: batch.content, mapping: savedMapping(batch), organizationID: organizationID, on: req.db)
        let mapping = ImportPlan.mapping(header: plan.header, kind: batch.kind, saved: savedMapping(batch))
        let fields = batch.kind == .mentee ? MenteeFields.all : MentorFields.all
        let columns = plan.header.enumerated().map { index, header in
            PreviewPage.Column(index: index, header: header, options: [SelectOption("", "— не загружать —", selected: mapping[index] == nil)]
                + fields.map { SelectOption($0.code, $0.title, selected: mapping[index] == $0.code) })
        }
        let width = plan.header.count
        return try await req.page(
            "participants/import_preview", title: "Импорт: \(batch.fileName)",
            breadcrumbs: breadcrumbs, organization: organization, status: status,
            content: PreviewPage(
                organizationID: organizationID, batchID: try batch.requireID(), kind: batch.kind.russianName, fileName: batch.fileName,
                columns: columns, sample: plan.sample.map { row in (0..<width).map { row.indices.contains($0) ? row[$0] : "" } },
                problems: plan.problems, newCount: plan.newCount, updateCount: plan.updateCount,
                canImport: plan.problems.isEmpty && !plan.planned.isEmpty && batch.importedAt == nil,
                imported: batch.importedAt != nil
            )
        )
    }

    /// POST /orgs/:organizationID/imports/:batchID/mapping — fields `column0`, `column1`, …
    @Sendable func saveMapping(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let batch = try await batch(req, organizationID: organizationID)
        let fields = Set((batch.kind == .mentee ? MenteeFields.all : MentorFields.all).map(\.code))
        let form = try req.content.decode([String: String].self)
        var mapping: [String: String] = [:]
        var used = Set<String>()
        for (key, value) in form where key.hasPrefix("column") {
            guard let index = Int(key.dropFirst(6)), fields.contains(value) else { continue }
            if used.contains(value) {
                return req.redirect(to: SiteRoute.Participants.importBatch.path(organizationID, batch.id!),
                                    flash: FlashMessage(.error, "Одно поле выбрано для двух столбцов: «\(value)». Выберите разные поля."))
            }
            used.insert(value)
            mapping[String(index)] = value
        }
        batch.mapping = String(data: try JSONEncoder().encode(mapping), encoding: .utf8)
        try await batch.save(on: req.db)
        return req.redirect(to: SiteRoute.Participants.importBatch.path(organizationID, batch.id!), flash: FlashMessage(.info, "Сопоставление столбцов сохранено; строки проверены заново."))
    }

    /// POST /orgs/:organizationID/imports/:batchID/confirm — all rows or none, once (`BaseImports.confirm`).
    @Sendable func confirm(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let batch = try await batch(req, organizationID: organizationID)
        let counts: BaseImports.Counts?
        do {
            counts = try await BaseImports.confirm(batch, mapping: savedMapping(batch), organization: organization, by: req.auditActor, on: req.db)
        } catch is BaseImports.Rejected {
            return try await preview(req, organization: organization, batch: batch, status: .unprocessableEntity)
        }
        guard let counts else {
            return req.redirect(to: SiteRoute.Bases.of(batch.kind).index.path(organizationID), flash: FlashMessage(.info, "Этот файл уже импортирован."))
        }
        return req.redirect(to: SiteRoute.Bases.of(batch.kind).index.path(organizationID),
                            flash: FlashMessage(.success, "Импорт завершён: добавлено \(counts.created), обновлено \(counts.updated). Файл удалён."))
    }
}
