import Fluent
import Vapor

/// The card form's page adapters, the same for both bases: they call `ParticipantsService` and
/// draw the form again with what was typed and the rule's message, or with both texts of a card
/// saved by someone else meanwhile.
enum BaseCardPages {
    /// Draws the base's form: the card (nil for a new one), what to show, the status, the conflicts.
    typealias Render<Card> = (Card?, FormState, HTTPResponseStatus, [CardVersion.Conflict]) async throws -> Response

    static func create<Card: BaseCard>(_ req: Request, _ type: Card.Type, values: [String: String], organization: Organization,
                                       render: Render<Card>, created: (Card) throws -> Response) async throws -> Response {
        do {
            return try created(try await ParticipantsService.create(Card.self, values: values, in: organization, by: req.auditActor, on: req.db))
        } catch AppError.validation(let errors) {
            return try await render(nil, FormState(values: values, errors: errors), .unprocessableEntity, [])
        } catch let problem as ParticipantsError where problem != .anonymized {
            return try await render(nil, FormState(values: values, errors: [problem.field: problem.russianMessage]), .unprocessableEntity, [])
        }
    }

    /// `version` is the card's version the form was opened with.
    static func update<Card: BaseCard>(_ req: Request, _ card: Card, values typed: [String: String], version: String?, organization: Organization,
                                       render: Render<Card>) async throws -> Response {
        var values = typed
        if let version { values["version"] = version }
        let cardID = try card.requireID()
        do {
            try await ParticipantsService.update(card, values: values, expectedVersion: version.flatMap { Int($0) }, in: organization,
                                                 by: req.auditActor, on: req.db)
        } catch AppError.validation(let errors) {
            return try await render(card, FormState(values: values, errors: errors), .unprocessableEntity, [])
        } catch ParticipantsError.changedMeanwhile {
            guard let current = try await Card.find(cardID, on: req.db) else { throw AppError.notFound }
            let conflicts = CardVersion.conflicts(saved: Card.formValues(of: current), typed: values, fields: Card.fields)
            values["version"] = String(current.version ?? 0)
            return try await render(current, FormState(values: values, errors: CardVersion.errors(conflicts)), .conflict, conflicts)
        }
        return req.redirect(to: SiteRoute.Bases.of(Card.baseKind).show.path(card.childOrganizationID, cardID), flash: FlashMessage(.success, "Изменения сохранены."))
    }
}
