import Fluent
import Vapor

/// Consents on a person's card: recording one, withdrawing one, and the printable form.
struct ConsentController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        for kind in BaseKind.allCases {
            let base = routes.grouped("orgs", ":organizationID", PathComponent(stringLiteral: kind.pathComponent))
            base.get("consent-form.docx", use: { try await blankForm(req: $0, kind: kind) })
            base.post(PathComponent(stringLiteral: ":" + kind.idParameter), "consents", use: { try await record(req: $0, kind: kind) })
            base.post(PathComponent(stringLiteral: ":" + kind.idParameter), "consents", ":consentID", "withdraw", use: { try await withdraw(req: $0, kind: kind) })
            base.get(PathComponent(stringLiteral: ":" + kind.idParameter), "consent-form.docx", use: { try await personalForm(req: $0, kind: kind) })
        }
    }

    struct ConsentFormInput: Content {
        var purpose: String?
        var givenOn: String?
        var givenByName: String?
        var byGuardian: String?
        var guardianRelation: String?
    }

    /// POST /orgs/:organizationID/{mentees|mentors}/:subjectID/consents
    func record(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let principal = try req.requirePrincipal()
        let subject = try await Subject.load(kind, req.parameters.get(kind.idParameter, as: UUID.self), organizationID: organizationID, on: req.db)
        let input = try req.content.decode(ConsentFormInput.self)
        var errors: [String: String] = [:]
        let purpose = input.purpose.flatMap(ConsentPurpose.init(rawValue:))
        if purpose == nil { errors["purpose"] = "Выберите, на что дано согласие." }
        let givenOn = FieldParsing.trimmedOrNil(input.givenOn).flatMap(FieldParsing.date)
        if givenOn == nil || givenOn! > Date() { errors["givenOn"] = "Дата подписания — в виде ДД.ММ.ГГГГ, не позже сегодняшнего дня." }
        let byGuardian = input.byGuardian != nil
        let givenBy = FieldParsing.trimmedOrNil(input.givenByName) ?? (byGuardian ? "" : subject.fullName)
        if givenBy.isEmpty { errors["givenByName"] = "Укажите ФИО законного представителя, подписавшего согласие." }
        let values = ["purpose": input.purpose ?? "", "givenOn": input.givenOn ?? "", "givenByName": input.givenByName ?? "", "guardianRelation": input.guardianRelation ?? ""]
        guard errors.isEmpty, let purpose, let givenOn else {
            return try await subject.card(req, organization: organization, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        do {
            let record = try await req.db.transaction { db in
                let record = try await Consents.record(
                    .init(purpose: purpose, givenOn: givenOn, givenByName: givenBy, byGuardian: byGuardian,
                          guardianRelation: FieldParsing.trimmedOrNil(input.guardianRelation)),
                    kind: kind, subjectID: subject.id, organizationID: organizationID, isMinor: subject.isMinor,
                    anonymized: subject.anonymized, by: principal, on: db)
                try await req.audit(.consentGiven, organizationID: organizationID, objectType: kind.rawValue, objectID: subject.id,
                                    details: purpose.russianName, on: db)
                return record
            }
            return req.redirect(to: subject.path, flash: FlashMessage(.success, "Согласие внесено: \(record.purpose.russianName.lowercased())."))
        } catch let problem as Consents.Problem {
            return try await subject.card(req, organization: organization,
                                          form: FormState(values: values, errors: ["givenByName": problem.russianMessage]), status: .unprocessableEntity)
        }
    }

    /// POST /orgs/:organizationID/{mentees|mentors}/:subjectID/consents/:consentID/withdraw
    func withdraw(req: Request, kind: BaseKind) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let organizationID = try organization.requireID()
        let principal = try req.requirePrincipal()
        let subject = try await Subject.load(kind, req.parameters.get(kind.idParameter, as: UUID.self), organizationID: organizationID, on: req.db)
        guard let consentID = req.parameters.get("consentID", as: UUID.self),
              let record = try await ConsentRecord.query(on: req.db)
                .filter(\.$id == consentID).filter(\.$subjectKind == kind).filter(\.$subjectID == subject.id)
                .filter(\.$organizationID == organizationID).first() else { throw AppError.notFound }
        let already = req.redirect(to: subject.path, flash: FlashMessage(.info, Consents.alreadyWithdrawn))
        guard record.isActive else { return already }
        // A second tab or the representative may have withdrawn it since the read above: then
        // `withdraw` does nothing under the person's lock, and no second audit entry is written.
        let withdrawal = try await req.db.transaction { db -> [String]? in
            guard let removed = try await Consents.withdraw(record, by: principal, on: db) else { return nil }
            try await req.audit(.consentWithdrawn, organizationID: organizationID, objectType: kind.rawValue, objectID: subject.id,
                                details: WithdrawalReport.details(purpose: record.purpose, removed: removed), on: db)
            return removed
        }
        guard let removed = withdrawal else { return already }
        let message = record.purpose == .processing
            ? "Согласие на обработку отозвано: человек выведен из программы, его персональные данные обезличены (что удалено — на карточке)."
            : "Согласие «\(record.purpose.russianName)» отозвано." + (removed.isEmpty ? "" : " " + removed.joined(separator: " "))
        return req.redirect(to: subject.path, flash: FlashMessage(.success, message))
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

    /// A mentee or a mentor, as far as consents need to know.
    struct Subject {
        let kind: BaseKind
        let id: UUID
        let fullName: String
        let birthDate: Date?
        let className: String?
        let isMinor: Bool
        let anonymized: Bool
        let path: String
        let mentee: Mentee?
        let mentor: Mentor?

        static func load(_ kind: BaseKind, _ id: UUID?, organizationID: UUID, on db: any Database) async throws -> Subject {
            switch kind {
            case .mentee:
                let m = try await ParticipantBases.mentee(id, organizationID: organizationID, on: db)
                return Subject(kind: kind, id: try m.requireID(), fullName: m.fullName, birthDate: m.birthDate, className: m.className,
                               isMinor: m.isMinor, anonymized: m.anonymizedAt != nil, path: "/orgs/\(organizationID)/mentees/\(m.id!)", mentee: m, mentor: nil)
            case .mentor:
                let m = try await ParticipantBases.mentor(id, organizationID: organizationID, on: db)
                return Subject(kind: kind, id: try m.requireID(), fullName: m.fullName, birthDate: m.birthDate, className: nil,
                               isMinor: m.isMinor, anonymized: m.anonymizedAt != nil, path: "/orgs/\(organizationID)/mentors/\(m.id!)", mentee: nil, mentor: m)
            }
        }

        func card(_ req: Request, organization: Organization, form: FormState, status: HTTPResponseStatus) async throws -> Response {
            if let mentee { return try await MenteeBaseController().card(req, organization: organization, mentee: mentee, form: form, status: status) }
            return try await MentorBaseController().card(req, organization: organization, mentor: mentor!, form: form, status: status)
        }
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
