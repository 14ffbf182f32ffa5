import Fluent
import Vapor

/// `/api/v1/organizations/{organizationID}/{mentees|mentors}/{id}/consents`: a person's consents
/// for an integration, as the card shows them to the curator — the list (a read of personal data,
/// audited like the card), a signed paper consent recorded, a consent withdrawn. The rules are the
/// card's own (`Consents.recordPaper`, `Consents.withdrawByStaff`): a minor's processing consent
/// only from the legal representative, a withdrawal of processing ends the participation and
/// anonymizes the person, each change audited in its transaction.
struct ConsentsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organization = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID")
        for kind in BaseKind.allCases {
            let consents = organization.grouped(PathComponent(stringLiteral: kind.pathComponent), PathComponent(stringLiteral: ":" + kind.idParameter), "consents")
            consents.get(use: { try await list(req: $0, kind: kind) })
            consents.post(use: { try await record(req: $0, kind: kind) })
            consents.post(":consentID", "withdraw", use: { try await withdraw(req: $0, kind: kind) })
        }
    }

    /// A consent as the card lists it.
    struct ConsentDTO: Content {
        let id: UUID
        let purpose: ConsentPurpose
        /// The purpose in Russian, as the card says it.
        let purposeName: String
        /// ДД.ММ.ГГГГ, the date the consent was signed.
        let givenOn: String
        let givenByName: String
        let givenByGuardian: Bool
        let guardianRelation: String?
        let textVersion: String
        /// `paper` — entered by staff from a signed form; `app` — given by the representative in the app.
        let source: String
        /// When it was given in the app; null for paper.
        let givenAt: Date?
        let active: Bool
        let withdrawnAt: Date?

        init(_ record: ConsentRecord) throws {
            id = try record.requireID(); purpose = record.purpose; purposeName = record.purpose.russianName
            givenOn = FieldParsing.text(record.givenOn); givenByName = record.givenByName; givenByGuardian = record.givenByGuardian
            guardianRelation = record.guardianRelation; textVersion = record.textVersion; source = record.givenAt == nil ? "paper" : "app"
            givenAt = record.givenAt; active = record.isActive; withdrawnAt = record.withdrawnAt
        }
    }

    struct ConsentList: Content { let items: [ConsentDTO] }

    /// A paper consent: the card's form as JSON.
    struct PaperConsentInput: Content {
        var purpose: String?
        var givenOn: String?
        var givenByName: String?
        var byGuardian: Bool?
        var guardianRelation: String?
    }

    struct WithdrawalResult: Content {
        let withdrawn: Bool
        let removed: [String]
    }

    private func subject(_ req: Request, kind: BaseKind) async throws -> ConsentSubject {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        return try await ConsentSubject.load(kind, req.parameters.get(kind.idParameter, as: UUID.self), organizationID: organization.requireID(), on: req.db)
    }

    /// GET …/{mentees|mentors}/:id/consents — newest first; every read audited like a card view.
    func list(req: Request, kind: BaseKind) async throws -> ConsentList {
        let subject = try await subject(req, kind: kind)
        let records = try await PairingEligibility.consents(kind: kind, subjectID: subject.id, on: req.db)
        try await req.audit(kind == .mentee ? .menteeViewed : .mentorViewed, organizationID: subject.organizationID, objectType: kind.rawValue,
                            objectID: subject.id, details: "API, согласия")
        return ConsentList(items: try records.sorted { ($0.givenOn, $0.createdAt ?? .distantPast) > ($1.givenOn, $1.createdAt ?? .distantPast) }
            .map(ConsentDTO.init))
    }

    /// POST …/{mentees|mentors}/:id/consents — a signed paper consent, as the card's form.
    func record(req: Request, kind: BaseKind) async throws -> Response {
        let subject = try await subject(req, kind: kind)
        let input = try req.content.decode(PaperConsentInput.self)
        let record = try await Consents.recordPaper(
            .init(purpose: input.purpose, givenOn: input.givenOn, givenByName: input.givenByName, byGuardian: input.byGuardian == true,
                  guardianRelation: input.guardianRelation),
            for: subject, by: req.auditActor, on: req.db)
        return try await ConsentDTO(record).encodeResponse(status: .created, for: req)
    }

    /// POST …/{mentees|mentors}/:id/consents/:consentID/withdraw — 409 when withdrawn already.
    func withdraw(req: Request, kind: BaseKind) async throws -> WithdrawalResult {
        let subject = try await subject(req, kind: kind)
        let withdrawal = try await Consents.withdrawByStaff(consentID: req.parameters.get("consentID", as: UUID.self), of: subject,
                                                             by: req.auditActor, on: req.db)
        return WithdrawalResult(withdrawn: true, removed: withdrawal.removed)
    }
}
