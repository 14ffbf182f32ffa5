import Fluent
import Vapor

/// Consents on a person's card: recording one, withdrawing one, and the printable form.
struct ConsentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        for kind in BaseKind.allCases {
            let base = SiteRoute.Bases.of(kind)
            routes.on(base.blankConsentForm, use: { try await blankForm(req: $0, kind: kind) })
            routes.on(base.recordConsent, use: { try await record(req: $0, kind: kind) })
            routes.on(base.withdrawConsent, use: { try await withdraw(req: $0, kind: kind) })
            routes.on(base.consentForm, use: { try await personalForm(req: $0, kind: kind) })
        }
    }

    struct ConsentFormInput: Content {
        var purpose: String?
        var givenOn: String?
        var givenByName: String?
        var byGuardian: String?
        var guardianRelation: String?
    }

    /// POST /orgs/:organizationID/{mentees|mentors}/:subjectID/consents — the rule is `Consents.recordPaper`.
    func record(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let subject = try await Subject.load(kind, req.parameters.get(kind.idParameter, as: UUID.self), organizationID: organization.requireID(), on: req.db)
        let input = try req.content.decode(ConsentFormInput.self)
        let values = ["purpose": input.purpose ?? "", "givenOn": input.givenOn ?? "", "givenByName": input.givenByName ?? "", "guardianRelation": input.guardianRelation ?? ""]
        do {
            let record = try await Consents.recordPaper(
                .init(purpose: input.purpose, givenOn: input.givenOn, givenByName: input.givenByName, byGuardian: input.byGuardian != nil,
                      guardianRelation: input.guardianRelation),
                for: subject, by: req.auditActor, on: req.db)
            return req.redirect(to: subject.path, flash: FlashMessage(.success, "Согласие внесено: \(record.purpose.russianName.lowercased())."))
        } catch AppError.validation(let errors) {
            return try await subject.card(req, organization: organization, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        } catch let problem as Consents.Problem {
            return try await subject.card(req, organization: organization,
                                          form: FormState(values: values, errors: ["givenByName": problem.russianMessage]), status: .unprocessableEntity)
        }
    }

    /// POST /orgs/:organizationID/{mentees|mentors}/:subjectID/consents/:consentID/withdraw — the rule is `Consents.withdrawByStaff`.
    func withdraw(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let subject = try await Subject.load(kind, req.parameters.get(kind.idParameter, as: UUID.self), organizationID: organization.requireID(), on: req.db)
        do {
            let withdrawal = try await Consents.withdrawByStaff(consentID: req.parameters.get("consentID", as: UUID.self), of: subject,
                                                                 by: req.auditActor, on: req.db)
            let message = withdrawal.purpose == .processing
                ? "Согласие на обработку отозвано: человек выведен из программы, его персональные данные обезличены (что удалено — на карточке)."
                : "Согласие «\(withdrawal.purpose.russianName)» отозвано." + (withdrawal.removed.isEmpty ? "" : " " + withdrawal.removed.joined(separator: " "))
            return req.redirect(to: subject.path, flash: FlashMessage(.success, message))
        } catch ParticipantsError.consentWithdrawnAlready {
            return req.redirect(to: subject.path, flash: FlashMessage(.info, ParticipantsError.consentWithdrawnAlready.russianMessage))
        }
    }

    /// GET /orgs/:organizationID/{mentees|mentors}/consent-form.docx — a blank form to print.
    func blankForm(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let minor = req.query[String.self, at: "minor"] == "1"
        let document = ConsentForm.document(organization: organization, subject: .init(isMinor: minor, kind: kind))
        return try DocumentResponse.docx(document, fileName: minor ? "Согласие законного представителя.docx" : "Согласие на обработку ПДн.docx")
    }

    /// GET /orgs/:organizationID/{mentees|mentors}/:subjectID/consent-form.docx — filled with the person's name.
    func personalForm(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let subject = try await Subject.load(kind, req.parameters.get(kind.idParameter, as: UUID.self), organizationID: organization.requireID(), on: req.db)
        guard !subject.anonymized else { throw AppError.conflict("Данные обезличены: форму согласия для этого человека сформировать нельзя.") }
        let document = ConsentForm.document(organization: organization, subject: .init(
            fullName: subject.fullName, birthDate: subject.birthDate, className: subject.className, isMinor: subject.isMinor, kind: kind,
            genitiveName: (subject.mentee.map { $0 as any NamedPerson } ?? subject.mentor)?.fullName(.genitive)))
        return try DocumentResponse.docx(document, fileName: "Согласие — \(subject.fullName).docx")
    }

    typealias Subject = ConsentSubject
}

extension ConsentSubject {
    /// The person's card page again, with what was typed and the refusal.
    func card(_ req: Request, organization: Organization, form: FormState, status: HTTPResponseStatus) async throws -> Response {
        if let mentee { return try await MenteeBaseController().card(req, organization: organization, mentee: mentee, form: form, status: status) }
        return try await MentorBaseController().card(req, organization: organization, mentor: mentor!, form: form, status: status)
    }
}

/// What a withdrawal removed, kept in its audit entry (no personal data in it) so the card of an
/// anonymized person can still say it.
enum WithdrawalReport {
    static let marker = " Удалено: "
    static let separator = " | "

    static func details(purpose: ConsentPurpose, removed: [String]) -> String {
        removed.isEmpty ? purpose.russianName : purpose.russianName + marker + removed.joined(separator: separator)
    }

    /// The list from the latest withdrawal of the processing consent of this person.
    static func removed(kind: BaseKind, subjectID: UUID, on db: any Database) async throws -> [String] {
        let entries = try await AuditEntry.query(on: db).filter(\.$action == AuditAction.consentWithdrawn.rawValue)
            .filter(\.$objectType == kind.rawValue).filter(\.$objectID == subjectID.uuidString)
            .sort(\.$at, .descending).all()
        let prefix = ConsentPurpose.processing.russianName + marker
        guard let details = entries.compactMap(\.details).first(where: { $0.hasPrefix(prefix) }),
              let range = details.range(of: marker) else { return [] }
        return details[range.upperBound...].components(separatedBy: separator) + [Consents.keptForStatistics]
    }
}
