import Fluent
import Vapor

/// A legal representative gives or withdraws a child's consents in the app (issue 18, item 4):
/// the moment, the exact text agreed (kept in `consent_texts`, found by its SHA-256) and the
/// representative's account are stored with the consent and audited. A withdrawal runs the same
/// `Consents.withdraw` as the curator's, so it ends participation as the staff path does. A paper
/// consent entered by the curator stays possible; the card says which one a consent is.
enum GuardianConsents {
    enum Problem: Error, AppErrorConvertible {
        case textChanged
        case notConfirmed

        var status: HTTPResponseStatus { .unprocessableEntity }
        var code: String { "consent" }
        var russianMessage: String {
            switch self {
            case .textChanged: "Текст согласия изменился, пока страница была открыта. Прочитайте новый текст и подтвердите ещё раз."
            case .notConfirmed: "Отметьте, что прочитали текст согласия и согласны с ним."
            }
        }
    }

    /// A child of either base, as far as the representative's consents need to know.
    struct Child {
        let kind: BaseKind
        let id: UUID
        let organization: Organization
        let isMinor: Bool
        let anonymized: Bool
        let relation: String?

        var table: String { kind == .mentee ? Mentee.schema : Mentor.schema }

        /// The child the person represents now, or 404: any other child is not found.
        static func load(kind: BaseKind, id: UUID?, representative userID: UUID, on db: any Database) async throws -> Child {
            guard let id else { throw AppError.notFound }
            let child: Child?
            switch kind {
            case .mentee:
                child = try await Mentee.query(on: db).filter(\.$id == id).with(\.$organization).first().asyncMap { mentee in
                    // A representative acts for a minor only: a link kept after the 18th birthday
                    // gives no say over the adult's consents (`AgreementRule`, from the age).
                    try await GuardianLinks.represents(userID: userID, mentee: mentee, on: db) && AgreementRule.whoMustAgree(for: mentee).needsGuardian
                        ? Child(kind: kind, id: id, organization: mentee.organization, isMinor: mentee.isMinor, anonymized: mentee.anonymizedAt != nil,
                                relation: try await relation(userID: userID, key: \.$mentee.$id, childID: id, on: db))
                        : nil
                } ?? nil
            case .mentor:
                child = try await Mentor.query(on: db).filter(\.$id == id).with(\.$organization).first().asyncMap { mentor in
                    try await GuardianLinks.represents(userID: userID, mentee: mentor, on: db) && AgreementRule.whoMustAgree(for: mentor).needsGuardian
                        ? Child(kind: kind, id: id, organization: mentor.organization, isMinor: mentor.isMinor, anonymized: mentor.anonymizedAt != nil,
                                relation: try await relation(userID: userID, key: \.$mentor.$id, childID: id, on: db))
                        : nil
                } ?? nil
            }
            guard let child else { throw AppError.notFound }
            return child
        }

        private static func relation(userID: UUID, key: KeyPath<GuardianLink, OptionalFieldProperty<GuardianLink, UUID>>, childID: UUID,
                                     on db: any Database) async throws -> String? {
            try await GuardianLink.query(on: db).filter(\.$guardian.$id == userID).filter(key == childID).first()?.relation
        }
    }

    /// Records the consent the representative agreed to. `textHash` is the hash of the text the
    /// page showed: a wording changed meanwhile is refused, so the stored text is the one read.
    static func give(_ purpose: ConsentPurpose, textHash: String, kind: BaseKind, childID: UUID, by principal: Principal,
                     on db: any Database) async throws -> ConsentRecord {
        try await db.transaction { db in
            // A double click, or two representatives at once: the child's row is locked, and
            // `Consents.record` then sees the consent the first one wrote.
            try await Consents.lockSubject(kind: kind, id: childID, on: db)
            let child = try await Child.load(kind: kind, id: childID, representative: principal.userID, on: db)
            let wording = ConsentTexts.forGuardian(purpose, organization: child.organization, kind: kind)
            guard wording.hash == textHash else { throw Problem.textChanged }
            try await ConsentTexts.keep(wording, on: db)
            let organizationID = try child.organization.requireID()
            let record = try await Consents.record(
                .init(purpose: purpose, givenOn: FieldParsing.today(), givenByName: principal.fullName, byGuardian: true,
                      guardianRelation: child.relation, textVersion: wording.version),
                kind: kind, subjectID: child.id, organizationID: organizationID, isMinor: child.isMinor, anonymized: child.anonymized,
                by: principal, on: db)
            record.givenByUserID = principal.userID
            record.givenAt = Date()
            record.textHash = wording.hash
            try await record.save(on: db)
            try await Audit.record(.consentGiven, by: principal, organizationID: organizationID, objectType: kind.rawValue, objectID: child.id,
                                   details: "\(purpose.russianName): законный представитель в личном кабинете, текст \(wording.version), SHA-256 \(wording.hash)",
                                   on: db)
            return record
        }
    }

    /// Withdraws the child's consent through `Consents.withdraw`, as the curator's button does;
    /// nil when it was withdrawn already. Returns what was removed.
    static func withdraw(consentID: UUID?, kind: BaseKind, childID: UUID, by principal: Principal, on db: any Database) async throws -> (ConsentRecord, [String])? {
        try await db.transaction { db in
            try await Consents.lockSubject(kind: kind, id: childID, on: db)
            do {
                _ = try await Child.load(kind: kind, id: childID, representative: principal.userID, on: db)
            } catch AppError.notFound {
                // Their own withdrawal of the processing consent a moment ago (a double click) ended
                // the link to the child: to them it is a consent withdrawn already. Anyone else: 404.
                guard let consentID, try await ConsentRecord.query(on: db).filter(\.$id == consentID).filter(\.$subjectKind == kind)
                    .filter(\.$subjectID == childID).filter(\.$withdrawnByID == principal.userID).first() != nil else { throw AppError.notFound }
                return nil
            }
            guard let consentID, let record = try await ConsentRecord.query(on: db).filter(\.$id == consentID)
                .filter(\.$subjectKind == kind).filter(\.$subjectID == childID).first() else { throw AppError.notFound }
            guard record.isActive, let removed = try await Consents.withdraw(record, by: principal, on: db) else { return nil }
            try await Audit.record(.consentWithdrawn, by: principal, organizationID: record.organizationID, objectType: kind.rawValue, objectID: childID,
                                   details: WithdrawalReport.details(purpose: record.purpose, removed: removed),
                                   on: db)
            return (record, removed)
        }
    }
}
