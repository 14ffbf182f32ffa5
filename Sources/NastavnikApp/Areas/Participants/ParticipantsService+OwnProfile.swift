import Fluent
import Vapor

/// A participant's own card («Моё участие») and the link between a card and an account: the rules
/// of the pages' changes, each checking, writing and recording its audit entry in one transaction.
extension ParticipantsService {
    /// The fields a mentor may change about themselves; the rest is the curator's.
    static let mentorOwnFields = ["competencies", "lifeExperience", "interests", "subjects", "preferredAge", "hoursPerWeek", "meetingTimes", "meetingPlace", "phone", "email", "gender"]
    /// What a mentee may change about themselves; requests, class and status stay the curator's.
    static let menteeOwnFields = ["requestNote", "phone", "email", "gender"]

    /// The card's stored fields with the person's own ones replaced by what they sent: what is
    /// saved, and what the form shows again when it does not pass.
    static func ownValues<Card: BaseCard>(_ card: Card, submitted: [String: String]) -> [String: String] {
        var values = Card.formValues(of: card)
        for field in Card.baseKind == .mentee ? menteeOwnFields : mentorOwnFields { values[field] = submitted[field] ?? values[field] }
        return values
    }

    /// The person saves their own card: only their own fields change; the gender they give is
    /// their account's too, so messages agree with it. A card changed by the curator since it was
    /// read is refused with `changedMeanwhile` (nothing of theirs is overwritten), an anonymized
    /// one with `anonymized`; field errors come as `AppError.validation`.
    static func updateOwn<Card: BaseCard>(_ card: Card, submitted: [String: String], in organization: Organization, by actor: AuditActor,
                                          on db: any Database) async throws {
        try requireEditable(card)
        let values = ownValues(card, submitted: submitted)
        var errors: [String: String] = [:]
        if Card.baseKind == .mentee, (values["requestNote"] ?? "").count > 2000 { errors["requestNote"] = "Не более 2000 знаков." }
        let (draft, parseErrors) = try await Card.parseDraft(values, organizationID: organization.requireID(), on: db)
        errors.merge(parseErrors) { first, _ in first }
        if !errors.isEmpty { throw AppError.validation(errors) }
        let cardID = try card.requireID(), userID = try QuestionnaireService.userID(of: actor)
        try await db.transaction { tx in
            // The version's UPDATE is the first statement: the row stays locked until the commit.
            guard try await CardVersion.bump(Card.schema, id: cardID, expected: card.version ?? 0, on: tx) else {
                throw ParticipantsError.changedMeanwhile
            }
            guard let stored = try await Card.find(cardID, on: tx), stored.anonymizedAt == nil else { throw ParticipantsError.anonymized }
            try await Card.saveDraft(draft, into: card, organization: organization, versionRaised: true, on: tx)
            if submitted["gender"] != nil {
                try await User.query(on: tx).filter(\.$id == userID).set(\.$storedGender, to: Gender.stored(fromForm: values["gender"])).update()
            }
            try await actor.record(Card.baseKind == .mentee ? .menteeUpdated : .mentorUpdated, organizationID: organization.id,
                                   objectType: Card.baseKind.rawValue, objectID: cardID,
                                   details: Card.baseKind == .mentee ? "изменено самим наставляемым" : "изменено самим наставником", on: tx)
        }
    }

    /// Links a card of a base to the person's own account (`AccountLinking`), so a child's card
    /// cannot be handed to another child or a parent. Two cards linked to one account at once are
    /// decided by the one-card index (M021): the second gets `AccountLinkError.linkedElsewhere`.
    static func linkAccount(_ subject: ConsentSubject, login rawLogin: String, by actor: AuditActor, on db: any Database) async throws {
        let login = rawLogin.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        do {
            try await db.transaction { tx in
                let user = try await User.query(on: tx).filter(\.$login == login).first()
                let names = subject.mentee.map { ($0.lastName, $0.firstName, $0.middleName) } ?? subject.mentor.map { ($0.lastName, $0.firstName, $0.middleName) }
                    ?? ("", "", nil)
                try await RowLock.lock(subject.kind == .mentee ? Mentee.schema : Mentor.schema, id: subject.id, on: tx)
                let anonymized = switch subject.kind {
                case .mentee: try await Mentee.find(subject.id, on: tx)?.anonymizedAt != nil
                case .mentor: try await Mentor.find(subject.id, on: tx)?.anonymizedAt != nil
                }
                if anonymized || subject.anonymized { throw AccountLinkError.anonymized }
                if let problem = try await AccountLinking.problem(account: user, login: login, kind: subject.kind, rowID: subject.id, lastName: names.0,
                                                                  firstName: names.1, middleName: names.2, organizationID: subject.organizationID, on: tx) {
                    throw AccountLinkError.refused(problem)
                }
                guard let userID = user?.id else { throw AccountLinkError.refused("Нет учётной записи с таким логином среди людей этой организации.") }
                switch subject.kind {
                case .mentee: try await Mentee.query(on: tx).filter(\.$id == subject.id).set(\.$user.$id, to: userID).update()
                case .mentor: try await Mentor.query(on: tx).filter(\.$id == subject.id).set(\.$user.$id, to: userID).update()
                }
                try await actor.record(subject.kind == .mentee ? .menteeUpdated : .mentorUpdated, organizationID: subject.organizationID,
                                       objectType: subject.kind.rawValue, objectID: subject.id, details: "связано с учётной записью \(login)", on: tx)
            }
        } catch where RowLock.isUniqueViolation(error) {
            // Another card was linked to the account at the same moment: the one-card index refused this one.
            throw AccountLinkError.linkedElsewhere(login)
        }
    }
}

/// Why a card was not linked to an account, said once for the card page (and any API to come).
enum AccountLinkError: Error, Equatable, AppErrorConvertible {
    /// The account is not the person's own (`AccountLinking.problem`), in Russian.
    case refused(String)
    /// The card's data were anonymized after the processing consent was withdrawn.
    case anonymized
    /// Another card of the base took the account at the same moment.
    case linkedElsewhere(String)

    var status: HTTPResponseStatus {
        switch self {
        case .refused, .anonymized: .unprocessableEntity
        case .linkedElsewhere: .conflict
        }
    }

    var code: String {
        switch self {
        case .refused: "account_not_theirs"
        case .anonymized: "anonymized"
        case .linkedElsewhere: "account_linked_elsewhere"
        }
    }

    var russianMessage: String {
        switch self {
        case .refused(let problem): problem
        case .anonymized: "Данные обезличены: запись нельзя связать с учётной записью."
        case .linkedElsewhere(let login): AccountLinking.linkedElsewhere(login)
        }
    }
}
