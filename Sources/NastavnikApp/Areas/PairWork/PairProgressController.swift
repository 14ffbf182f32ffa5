import Fluent
import Vapor

/// The actions of a pair's page beyond meetings and goals: the rules of interaction, the wishes
/// table, intermediate results with their files, private concerns to the curator, the final
/// meeting's answers and the decision that closes the cycle.
struct PairProgressController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pair = routes.grouped("pairs", ":pairingID")
        pair.post("agreement", use: saveAgreement)
        pair.post("wishes", use: addWish)
        pair.on(.POST, "results", body: .collect(maxSize: "8mb"), use: addResult)
        pair.get("results", ":resultID", "file", use: resultFile)
        pair.post("concerns", use: raiseConcern)
        pair.post("concerns", ":concernID", "reply", use: replyConcern)
        pair.post("final-answers", use: saveFinalAnswers)
        pair.post("closure", use: close)
    }

    private func path(_ access: PairAccess, _ anchor: String) -> String { "/pairs/\(access.pairing.id!)#\(anchor)" }

    private func again(_ req: Request, _ access: PairAccess, _ values: [String: String], _ errors: [String: String]) async throws -> Response {
        try await PairSpaceController().page(req, access: access, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
    }

    /// POST /pairs/:pairingID/agreement — the rules of interaction, written by any side.
    @Sendable func saveAgreement(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        try access.requireWorking()
        let values = try req.formValues()
        switch PairAgreements.parseAgreement(values) {
        case .failure(let error):
            guard case .validation(let errors) = error else { throw error }
            return try await again(req, access, values, errors)
        case .success(let draft):
            let agreement = try await PairAgreements.save(draft, in: access.pairing, by: req.principal?.fullName ?? "", on: req.db)
            try await req.audit(.pairAgreementSaved, organizationID: access.pairing.organizationID, objectType: "pairing", objectID: agreement.$pairing.id)
            return req.redirect(to: path(access, "agreement"), flash: FlashMessage(.success, "Правила взаимодействия сохранены."))
        }
    }

    /// POST /pairs/:pairingID/wishes — a line of the wishes table.
    @Sendable func addWish(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        try access.requireWorking()
        let values = try req.formValues()
        do {
            _ = try await PairAgreements.addWish(values, in: access.pairing, by: req.principal?.fullName ?? "", on: req.db)
        } catch AppError.validation(let errors) {
            return try await again(req, access, values, errors)
        }
        return req.redirect(to: path(access, "wishes"), flash: FlashMessage(.success, "Желание добавлено в таблицу."))
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
        switch PairResults.parse(values, fileName: input.file?.filename, fileData: data) {
        case .failure(let error):
            guard case .validation(let errors) = error else { throw error }
            return try await again(req, access, values, errors)
        case .success(let draft):
            let result = try await PairResults.create(draft, in: access.pairing, by: req.principal?.fullName ?? "", on: req.db)
            try await req.audit(.pairResultAdded, organizationID: access.pairing.organizationID, objectType: "pairResult", objectID: result.id,
                                details: "\(draft.kind.russianName): \(draft.title)")
            return req.redirect(to: path(access, "results"), flash: FlashMessage(.success, "Результат записан."))
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
        try access.requireWorking()
        let (side, memberID): (BaseKind, UUID?) = switch access.role {
        case .mentor: (.mentor, nil)
        case .mentee(let memberID): (.mentee, memberID)
        case .curator: throw AppError.forbidden
        }
        let values = try req.formValues()
        do {
            let concern = try await PairConcerns.raise(values, in: access.pairing, side: side, memberID: memberID, by: req.principal?.fullName ?? "", on: req.db)
            // The text stays out of the log: it is private between the author and the curator.
            try await req.audit(.pairConcernRaised, organizationID: access.pairing.organizationID, objectType: "pairConcern", objectID: concern.id)
        } catch AppError.validation(let errors) {
            return try await again(req, access, values, errors)
        }
        return req.redirect(to: path(access, "concerns"), flash: FlashMessage(.success, "Обращение отправлено куратору. Другая сторона пары его не видит."))
    }

    /// POST /pairs/:pairingID/concerns/:concernID/reply — the curator answers.
    @Sendable func replyConcern(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        guard access.role == .curator else { throw AppError.forbidden }
        guard let id = req.parameters.get("concernID", as: UUID.self),
              let concern = try await PairConcern.query(on: req.db).filter(\.$id == id).filter(\.$pairing.$id == access.pairing.requireID()).first() else {
            throw AppError.notFound
        }
        do {
            try await PairConcerns.answer(concern, reply: try req.formValues()["reply"] ?? "", on: req.db)
        } catch AppError.validation(let errors) {
            return req.redirect(to: path(access, "concerns"), flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
        try await req.audit(.pairConcernAnswered, organizationID: access.pairing.organizationID, objectType: "pairConcern", objectID: concern.id)
        return req.redirect(to: path(access, "concerns"), flash: FlashMessage(.success, "Ответ отправлен."))
    }

    /// POST /pairs/:pairingID/final-answers — a participant's own answers, or the curator's copy
    /// of a paper questionnaire for the side chosen in `answerSide`.
    @Sendable func saveFinalAnswers(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let values = try req.formValues()
        let side: BaseKind, memberID: UUID?
        do {
            (side, memberID) = try Self.answerSide(access, values["answerSide"])
        } catch AppError.validation(let errors) {
            return try await again(req, access, values, errors)
        }
        switch PairCompletion.parseAnswers(values) {
        case .failure(let error):
            guard case .validation(let errors) = error else { throw error }
            return try await again(req, access, values, errors)
        case .success(let draft):
            // The version belongs to the side whose answers filled the form: chosen another side,
            // the curator writes that side's first answers (or is told they exist).
            let version = values["answerVersionSide"] == PairProgressView.sideKey(side, memberID)
                ? Int((values["answerVersion"] ?? "").trimmingCharacters(in: .whitespaces)) : nil
            let answer: FinalAnswer
            do {
                answer = try await PairCompletion.saveAnswers(draft, in: access.pairing, side: side, memberID: memberID, version: version,
                                                          by: req.principal?.fullName ?? "", on: req.db)
            } catch AppError.conflict(let message) {
                return req.redirect(to: path(access, "completion"), flash: FlashMessage(.error, message))
            }
            try await req.audit(.finalAnswersSaved, organizationID: access.pairing.organizationID, objectType: "finalAnswer", objectID: answer.id)
            return req.redirect(to: path(access, "completion"),
                                flash: FlashMessage(.success, version == nil ? "Ответы итоговой встречи сохранены." : "Изменения в ответах итоговой встречи сохранены."))
        }
    }

    static func answerSide(_ access: PairAccess, _ value: String?) throws -> (BaseKind, UUID?) {
        switch access.role {
        case .mentor: return (.mentor, nil)
        case .mentee(let memberID): return (.mentee, memberID)
        case .curator:
            if value == "mentor" { return (.mentor, nil) }
            guard let value, value.hasPrefix("mentee:"), let id = UUID(uuidString: String(value.dropFirst(7))),
                  access.agreedMembers.contains(where: { $0.id == id }) else {
                throw AppError.validation(["answerSide": "Выберите, чьи это ответы."])
            }
            return (.mentee, id)
        }
    }

    /// POST /pairs/:pairingID/closure — the curator decides to continue or finish at the final
    /// meeting; any side may end early with a reason.
    @Sendable func close(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let values = try req.formValues()
        do {
            let decision = try Self.decision(values)
            let closure = try await PairCompletion.close(access.pairing, decision, role: access.role, by: req.principal?.fullName ?? "",
                                                         userID: req.principal?.userID, on: req.db)
            try await req.audit(.pairClosed, organizationID: access.pairing.organizationID, objectType: "pairing", objectID: closure.$pairing.id,
                                details: decision.decision.russianName)
            let message = switch decision.decision {
            case .continue: "Пара продолжает работу в новом цикле; новая цель — в карте целей."
            case .finish: "Работа пары завершена. Поздравляем с завершением цикла!"
            case .earlyEnd: "Работа пары завершена досрочно. Куратор увидит причину."
            }
            return req.redirect(to: path(access, "completion"), flash: FlashMessage(.success, message))
        } catch AppError.validation(let errors) {
            return try await again(req, access, values, errors)
        }
    }

    /// The decision and, to continue, the new goal from the `next…` fields.
    static func decision(_ values: [String: String]) throws -> PairCompletion.Decision {
        guard let decision = ClosureDecision(rawValue: values["decision"] ?? "") else {
            throw AppError.validation(["decision": "Выберите решение."])
        }
        var goal: PairGoals.Draft?
        if decision == .continue {
            let goalValues = ["horizon": values["nextHorizon"] ?? "short", "title": values["nextTitle"] ?? "", "dueOn": values["nextDueOn"] ?? "",
                              "indicator": values["nextIndicator"] ?? "", "desiredResult": values["nextDesiredResult"] ?? "", "actions": ""]
            switch PairGoals.parse(goalValues) {
            case .success(let draft): goal = draft
            case .failure(let error):
                guard case .validation(let errors) = error else { throw error }
                throw AppError.validation(Dictionary(uniqueKeysWithValues: errors.map { ("next" + $0.key.prefix(1).uppercased() + $0.key.dropFirst(), $0.value) }))
            }
        }
        return PairCompletion.Decision(decision: decision, reason: values["reason"] ?? "", newGoal: goal)
    }
}
