import Fluent
import Vapor

/// The rules of the two bases that the pages and the API share: one function per change, each
/// checking what was sent, writing in one transaction and recording its audit entry inside it.
/// The pages and `BasesAPIController` only read the request and show the outcome.
enum ParticipantsService {
    /// An anonymized card (its processing consent withdrawn) cannot be edited again.
    static func requireEditable<Card: BaseCard>(_ card: Card) throws {
        guard card.anonymizedAt == nil else { throw ParticipantsError.anonymized }
    }

    /// Adds a card from the base's fields (the form's or the API's). The duplicate rule and the
    /// insert share one transaction that holds the organization's base: a double click adds one person.
    @discardableResult
    static func create<Card: BaseCard>(_ type: Card.Type, values: [String: String], in organization: Organization,
                                       by actor: AuditActor, details: String? = nil, on db: any Database) async throws -> Card {
        let organizationID = try organization.requireID()
        let (draft, errors) = try await Card.parseDraft(values, organizationID: organizationID, on: db)
        if !errors.isEmpty { throw AppError.validation(errors) }
        let card = Card()
        try await db.transaction { tx in
            try await BaseWriteLock.acquire(organizationID: organizationID, on: tx)
            if try await Card.existingCard(like: draft, organizationID: organizationID, on: tx) != nil {
                throw ParticipantsError.duplicate(Card.baseKind, organization.kind)
            }
            try await Card.saveDraft(draft, into: card, organization: organization, versionRaised: false, on: tx)
            try await actor.record(Card.baseKind == .mentee ? .menteeCreated : .mentorCreated, organizationID: organizationID,
                                   objectType: Card.baseKind.rawValue, objectID: card.id, details: details, on: tx)
        }
        return card
    }

    /// Saves a changed card. `expectedVersion` is the version the person read (nil: whatever is
    /// stored); a card saved by someone else since is refused with `changedMeanwhile`, and one
    /// anonymized meanwhile (a withdrawal racing the edit) with `anonymized`, so no name returns.
    @discardableResult
    static func update<Card: BaseCard>(_ card: Card, values: [String: String], expectedVersion: Int?, in organization: Organization,
                                       by actor: AuditActor, details: String? = nil, on db: any Database) async throws -> Card {
        try requireEditable(card)
        let organizationID = try organization.requireID()
        let (draft, errors) = try await Card.parseDraft(values, organizationID: organizationID, on: db)
        if !errors.isEmpty { throw AppError.validation(errors) }
        let cardID = try card.requireID()
        try await db.transaction { tx in
            // The version's UPDATE is the first statement: the row stays locked until the commit.
            guard try await CardVersion.bump(Card.schema, id: cardID, expected: expectedVersion, on: tx) else {
                throw ParticipantsError.changedMeanwhile
            }
            guard let stored = try await Card.find(cardID, on: tx), stored.anonymizedAt == nil else { throw ParticipantsError.anonymized }
            try await Card.saveDraft(draft, into: card, organization: organization, versionRaised: true, on: tx)
            try await actor.record(Card.baseKind == .mentee ? .menteeUpdated : .mentorUpdated, organizationID: organizationID,
                                   objectType: Card.baseKind.rawValue, objectID: cardID, details: details, on: tx)
        }
        return card
    }
}

/// The rules of the bases broken, each with the one Russian message the page and the API give.
enum ParticipantsError: Error, Equatable, AppErrorConvertible {
    /// The same person is in the base already (`ParticipantBases.existingMentee` / `existingMentor`).
    case duplicate(BaseKind, OrganizationKind)
    /// The card was anonymized after the processing consent was withdrawn.
    case anonymized
    /// Someone else saved the card after this person read it (`CardVersion`).
    case changedMeanwhile
    /// The consent was withdrawn already: a second tab, the representative, a parallel request.
    case consentWithdrawnAlready

    var status: HTTPResponseStatus { .conflict }

    var code: String {
        switch self {
        case .duplicate: "duplicate"
        case .anonymized: "anonymized"
        case .changedMeanwhile: "card_changed"
        case .consentWithdrawnAlready: "consent_withdrawn"
        }
    }

    var russianMessage: String {
        switch self {
        case .duplicate(.mentee, let kind):
            "Такой наставляемый уже есть в базе (совпадают ФИО и дата рождения или \(GroupLabels.of(kind).title.lowercased()))."
        case .duplicate(.mentor, _): "Такой наставник уже есть в базе."
        case .anonymized: "Данные обезличены после отзыва согласия; их нельзя изменить."
        case .changedMeanwhile: CardVersion.message
        case .consentWithdrawnAlready: Consents.alreadyWithdrawn
        }
    }

    /// The form's field the page shows the message at.
    var field: String { "lastName" }
}

/// A card of either base, as the shared rules need it: how its fields are read, where the same
/// person is found, how it is saved.
protocol BaseCard: GuardedChild {
    associatedtype Draft: Sendable
    /// The card's version (`CardVersion`); nil reads as 0.
    var version: Int? { get }
    static var fields: [BaseField] { get }
    static func parseDraft(_ values: [String: String], organizationID: UUID, on db: any Database) async throws -> (draft: Draft, errors: [String: String])
    static func existingCard(like draft: Draft, organizationID: UUID, on db: any Database) async throws -> Self?
    static func saveDraft(_ draft: Draft, into card: Self, organization: Organization, versionRaised: Bool, on db: any Database) async throws
    static func formValues(of card: Self) -> [String: String]
}

extension Mentee: BaseCard {
    static var fields: [BaseField] { MenteeFields.all }

    static func parseDraft(_ values: [String: String], organizationID: UUID, on db: any Database) async throws -> (draft: MenteeDraft, errors: [String: String]) {
        MenteeDraft.parse(values, catalogue: try await RequestCatalogue.load(organizationID: organizationID, on: db))
    }

    static func existingCard(like draft: MenteeDraft, organizationID: UUID, on db: any Database) async throws -> Mentee? {
        try await ParticipantBases.existingMentee(like: draft, organizationID: organizationID, on: db)
    }

    static func saveDraft(_ draft: MenteeDraft, into card: Mentee, organization: Organization, versionRaised: Bool, on db: any Database) async throws {
        try await ParticipantBases.save(draft, into: card, organization: organization, versionRaised: versionRaised, on: db)
    }

    static func formValues(of card: Mentee) -> [String: String] { MenteeDraft.formValues(of: card) }
}

extension Mentor: BaseCard {
    static var fields: [BaseField] { MentorFields.all }

    static func parseDraft(_ values: [String: String], organizationID: UUID, on db: any Database) async throws -> (draft: MentorDraft, errors: [String: String]) {
        MentorDraft.parse(values)
    }

    static func existingCard(like draft: MentorDraft, organizationID: UUID, on db: any Database) async throws -> Mentor? {
        try await ParticipantBases.existingMentor(like: draft, organizationID: organizationID, on: db)
    }

    static func saveDraft(_ draft: MentorDraft, into card: Mentor, organization: Organization, versionRaised: Bool, on db: any Database) async throws {
        try await ParticipantBases.save(draft, into: card, organization: organization, versionRaised: versionRaised, on: db)
    }

    static func formValues(of card: Mentor) -> [String: String] { MentorDraft.formValues(of: card) }
}
