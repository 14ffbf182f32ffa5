import Fluent
import Vapor

/// The end of the pair's cycle on its page: each side's final answers and the decision that
/// closes the cycle. Thin adapters over `PairWorkService`.
struct PairClosureController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.PairSpace.finalAnswers, use: saveFinalAnswers)
        routes.on(SiteRoute.PairSpace.closure, use: close)
    }

    /// POST /pairs/:pairingID/final-answers — a participant's own answers, or the curator's copy
    /// of a paper questionnaire for the side chosen in `answerSide`.
    @Sendable func saveFinalAnswers(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let values = try req.formValues()
        // The version belongs to the side whose answers filled the form: chosen another side, the
        // curator writes that side's first answers (or is told they exist).
        let version = (try? PairWorkService.answerSide(access, values["answerSide"])).flatMap { side, memberID in
            values["answerVersionSide"] == PairProgressView.sideKey(side, memberID)
                ? Int((values["answerVersion"] ?? "").trimmingCharacters(in: .whitespaces)) : nil
        }
        let back = PairSpaceController.path(access, "#completion")
        do {
            try await PairWorkService.saveFinalAnswers(values, side: values["answerSide"], version: version, in: access, by: req.auditActor, on: req.db)
            return req.redirect(to: back, flash: FlashMessage(
                .success, version == nil ? "Ответы итоговой встречи сохранены." : "Изменения в ответах итоговой встречи сохранены."))
        } catch AppError.validation(let errors) {
            return try await PairSpaceController.again(req, access, values, errors)
        } catch let error as PairWorkError where error.staysOnPage {
            return req.redirect(to: back, flash: FlashMessage(.error, error.russianMessage))
        }
    }

    /// POST /pairs/:pairingID/closure — the curator decides to continue or finish at the final
    /// meeting; any side may end early with a reason.
    @Sendable func close(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let values = try req.formValues()
        return try await PairSpaceController.submit(req, access, values, back: PairSpaceController.path(access, "#completion")) {
            switch try await PairWorkService.closePair(values, in: access, by: req.auditActor, on: req.db).decision {
            case .continue: "Пара продолжает работу в новом цикле; новая цель — в карте целей."
            case .finish: "Работа пары завершена. Поздравляем с завершением цикла!"
            case .earlyEnd: "Работа пары завершена досрочно. Куратор увидит причину."
            }
        }
    }
}

