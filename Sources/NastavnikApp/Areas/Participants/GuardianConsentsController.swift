import Fluent
import Vapor

/// «Мои дети»: the representative gives a consent after reading its text, or withdraws one.
/// Any child the person does not represent is not found.
struct GuardianConsentsController {
    func register(on routes: any RoutesBuilder) {
        for kind in BaseKind.allCases {
            let (give, withdraw) = kind == .mentee ? (SiteRoute.MyChildren.menteeConsent, SiteRoute.MyChildren.menteeConsentWithdraw)
                : (SiteRoute.MyChildren.mentorConsent, SiteRoute.MyChildren.mentorConsentWithdraw)
            routes.on(give, use: { try await self.give(req: $0, kind: kind) })
            routes.on(withdraw, use: { try await self.withdraw(req: $0, kind: kind) })
        }
    }

    /// POST /me/children/{mentees|mentors}/:childID/consents — `purpose`, `textHash` of the text
    /// shown, `confirm` ticked.
    func give(req: Request, kind: BaseKind) async throws -> Response {
        let principal = try req.requirePrincipal()
        let childID = req.parameters.get(kind.idParameter, as: UUID.self)
        // Not represented: 404 before anything else is said.
        _ = try await GuardianConsents.Child.load(kind: kind, id: childID, representative: principal.userID, on: req.db)
        let form = try req.formValues()
        guard let purpose = ConsentPurpose(rawValue: form["purpose"] ?? "") else { throw AppError.badRequest("Выберите согласие.") }
        let back = SiteRoute.MyChildren.index.path() + "#child-\(childID!)"
        guard form["confirm"] != nil else {
            return req.redirect(to: back, flash: FlashMessage(.error, GuardianConsents.Problem.notConfirmed.russianMessage))
        }
        do {
            let record = try await GuardianConsents.give(purpose, textHash: form["textHash"] ?? "", kind: kind, childID: childID!, by: principal, on: req.db)
            return req.redirect(to: back, flash: FlashMessage(.success,
                "Согласие «\(record.purpose.russianName)» записано \(RussianDate.dateTime(record.givenAt ?? Date())). Его текст сохранён, куратор видит его в карточке."))
        } catch let problem as GuardianConsents.Problem {
            return req.redirect(to: back, flash: FlashMessage(.error, problem.russianMessage))
        } catch let problem as Consents.Problem {
            return req.redirect(to: back, flash: FlashMessage(.error, problem.russianMessage))
        }
    }

    /// POST /me/children/{mentees|mentors}/:childID/consents/:consentID/withdraw
    func withdraw(req: Request, kind: BaseKind) async throws -> Response {
        let principal = try req.requirePrincipal()
        let childID = try req.parameters.require(kind.idParameter, as: UUID.self)
        guard let (record, _) = try await GuardianConsents.withdraw(consentID: req.parameters.get("consentID", as: UUID.self), kind: kind,
                                                                   childID: childID, by: principal, on: req.db) else {
            return req.redirect(to: SiteRoute.MyChildren.index.path(), flash: FlashMessage(.info, Consents.alreadyWithdrawn))
        }
        let message = record.purpose == .processing
            ? "Согласие на обработку персональных данных отозвано: ребёнок выведен из программы, его данные обезличены, пары завершены. Ребёнок больше не показывается на этой странице."
            : "Согласие «\(record.purpose.russianName)» отозвано: публикация прекращена."
        return req.redirect(to: SiteRoute.MyChildren.index.path(), flash: FlashMessage(.success, message))
    }
}
