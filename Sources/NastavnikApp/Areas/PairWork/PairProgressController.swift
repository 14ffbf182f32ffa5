import Fluent
import Vapor

/// The pair's work between meetings on its page: the rules of interaction, the wishes table,
/// intermediate results with their files and private concerns to the curator. Thin adapters
/// over `PairWorkService`; a refused form draws the pair's page again with what was typed.
struct PairProgressController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.PairSpace.agreement, use: saveAgreement)
        routes.on(SiteRoute.PairSpace.wishes, use: addWish)
        routes.on(SiteRoute.PairSpace.addResult, body: .collect(maxSize: "8mb"), use: addResult)
        routes.on(SiteRoute.PairSpace.resultFile, use: resultFile)
        routes.on(SiteRoute.PairSpace.raiseConcern, use: raiseConcern)
        routes.on(SiteRoute.PairSpace.replyConcern, use: replyConcern)
    }

    /// POST /pairs/:pairingID/agreement — the rules of interaction, written by any side.
    @Sendable func saveAgreement(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let values = try req.formValues()
        return try await PairSpaceController.submit(req, access, values, back: PairSpaceController.path(access, "#agreement")) {
            try await PairWorkService.saveAgreement(values, in: access, by: req.auditActor, on: req.db)
            return "Правила взаимодействия сохранены."
        }
    }

    /// POST /pairs/:pairingID/wishes — a line of the wishes table.
    @Sendable func addWish(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let values = try req.formValues()
        return try await PairSpaceController.submit(req, access, values, back: PairSpaceController.path(access, "#wishes")) {
            try await PairWorkService.addWish(values, in: access, by: req.auditActor, on: req.db)
            return "Желание добавлено в таблицу."
        }
    }

    struct ResultForm: Content {
        var resultKind: String?
        var resultTitle: String?
        var achievedOn: String?
        var link: String?
        var file: File?
    }

    /// POST /pairs/:pairingID/results (multipart) — an intermediate result with a file or a link.
    @Sendable func addResult(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        try access.requireWorking()
        let input = try req.content.decode(ResultForm.self)
        let values = ["resultKind": input.resultKind ?? "", "resultTitle": input.resultTitle ?? "", "achievedOn": input.achievedOn ?? "", "link": input.link ?? ""]
        let data = input.file.flatMap { $0.data.readableBytes > 0 ? Data(buffer: $0.data) : nil }
        return try await PairSpaceController.submit(req, access, values, back: PairSpaceController.path(access, "#results")) {
            try await PairWorkService.addResult(values, fileName: input.file?.filename, fileData: data, in: access, by: req.auditActor, on: req.db)
            return "Результат записан."
        }
    }

    /// GET /pairs/:pairingID/results/:resultID/file
    @Sendable func resultFile(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        guard let id = req.parameters.get("resultID", as: UUID.self),
              let result = try await PairResult.query(on: req.db).filter(\.$id == id).filter(\.$pairing.$id == access.pairing.requireID()).first(),
              let data = result.fileData, let name = result.fileName else {
            throw AppError.notFound
        }
        return DocumentResponse.file(data, type: result.fileType ?? "application/octet-stream", fileName: name)
    }

    /// POST /pairs/:pairingID/concerns — only the mentor or a mentee raises one.
    @Sendable func raiseConcern(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let values = try req.formValues()
        return try await PairSpaceController.submit(req, access, values, back: PairSpaceController.path(access, "#concerns")) {
            try await PairWorkService.raiseConcern(values, in: access, by: req.auditActor, on: req.db)
            return "Обращение отправлено куратору. Другая сторона пары его не видит."
        }
    }

    /// POST /pairs/:pairingID/concerns/:concernID/reply — the curator answers.
    @Sendable func replyConcern(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let concernID = try req.objectID("concernID")
        let reply = try req.formValues()["reply"] ?? ""
        return try await PairSpaceController.act(req, back: PairSpaceController.path(access, "#concerns")) {
            try await PairWorkService.answerConcern(concernID, reply: reply, in: access, by: req.auditActor, on: req.db)
            return "Ответ отправлен."
        }
    }
}
