import Fluent
import Vapor

/// Incentives of the program's completion (seed 003's system of stimulation): awarding one, the
/// order «О поощрении» to print and then fix with its number, and each certificate as DOCX and as
/// a page to print (its view model is here). Changes go through `CompletionService`.
struct IncentivesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.ProgramWork.addIncentive, use: addIncentive)
        routes.on(SiteRoute.ProgramWork.incentivesOrderDocument, use: orderDocument)
        routes.on(SiteRoute.ProgramWork.fixIncentivesOrder, use: fixOrder)
        routes.on(SiteRoute.ProgramWork.certificateDocument, use: certificateDocument)
        routes.on(SiteRoute.ProgramWork.certificate, use: certificatePage)
    }

    /// POST …/completion/incentives
    @Sendable func addIncentive(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        do {
            try await CompletionService.awardIncentive(mentorID: values["mentorID"].flatMap(UUID.init(uuidString:)), kind: values["kind"] ?? "",
                                                       reason: values["reason"] ?? "", awardedOn: values["awardedOn"] ?? "",
                                                       in: organization, program: program, by: req.auditActor, on: req.db)
        } catch AppError.validation(var errors) {
            errors["mentorID"] = errors.removeValue(forKey: "mentor")
            return try await ProgramCompletionController.page(req, organization, program, form: FormState(values: values, errors: errors),
                                                              status: .unprocessableEntity)
        }
        return req.redirect(to: ProgramCompletionController.path(organization, program, "#incentives"),
                            flash: FlashMessage(.success, "Поощрение записано. Включите его в приказ «О поощрении»."))
    }

    /// POST …/completion/incentives/order — the signed order's number and date on the incentives it fixed.
    @Sendable func fixOrder(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        let back = ProgramCompletionController.path(organization, program, "#incentives")
        do {
            let fixed = try await CompletionService.fixIncentiveOrder(values, program: program, by: req.auditActor, on: req.db)
            return req.redirect(to: back, flash: FlashMessage(.success, "Приказ № \(values["orderNumber"]?.trimmingCharacters(in: .whitespaces) ?? "") записан: поощрений — \(fixed)."))
        } catch AppError.validation(let errors) {
            return try await ProgramCompletionController.page(req, organization, program, form: FormState(values: values, errors: errors),
                                                              status: .unprocessableEntity)
        } catch let error as PairWorkError where error.staysOnPage {
            return req.redirect(to: back, flash: FlashMessage(.error, error.russianMessage))
        }
    }

    static func orderRows(_ incentives: [Incentive]) -> [IncentiveDocuments.Row] {
        incentives.sorted { ($0.mentor.fullName, $0.kind.rawValue) < ($1.mentor.fullName, $1.kind.rawValue) }.map { incentive in
            IncentiveDocuments.Row(mentor: incentive.mentor.fullName,
                                   position: [incentive.mentor.position, incentive.mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                                   kind: incentive.kind, reason: incentive.reason)
        }
    }

    /// GET …/completion/incentives/order.docx?number=&date= — the incentives not yet in an order
    /// (all of them, when every one is already fixed, to print the order again).
    @Sendable func orderDocument(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let all = try await Incentive.query(on: req.db).filter(\.$program.$id == program.requireID()).with(\.$mentor).all()
        let unfixed = all.filter { $0.orderNumber == nil }
        let number = FieldParsing.trimmedOrNil(req.query[String.self, at: "number"])
        let date = req.query[String.self, at: "date"].flatMap(CalendarDay.init(iso:))
        let document = IncentiveDocuments.order(program: program, organization: organization, rows: Self.orderRows(unfixed.isEmpty ? all : unfixed),
                                                number: number, date: date)
        try await req.audit(.programDocumentIssued, organizationID: organization.id, objectType: "program", objectID: program.id,
                            details: "Приказ о поощрении")
        return try DocumentResponse.docx(document, fileName: "Приказ о поощрении — \(program.name).docx")
    }

    private func incentive(_ req: Request, _ program: Program) async throws -> Incentive {
        guard let id = req.parameters.get("incentiveID", as: UUID.self),
              let incentive = try await Incentive.query(on: req.db).filter(\.$id == id).filter(\.$program.$id == program.requireID())
                .with(\.$mentor).first() else {
            throw AppError.notFound
        }
        return incentive
    }

    /// GET …/completion/incentives/:incentiveID/certificate.docx
    @Sendable func certificateDocument(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let incentive = try await incentive(req, program)
        let document = IncentiveDocuments.certificate(incentive, mentor: incentive.mentor, program: program, organization: organization)
        try await req.audit(.programDocumentIssued, organizationID: organization.id, objectType: "incentive", objectID: incentive.id,
                            details: "\(incentive.kind.russianName): \(incentive.mentor.fullName)")
        return try DocumentResponse.docx(document, fileName: "\(incentive.kind.russianName) — \(incentive.mentor.fullName).docx")
    }

    struct CertificatePage: Encodable {
        let organizationName: String
        let title: String
        let verb: String
        let recipient: String
        let position: String
        let reason: String
        let programName: String
        let order: String
        let date: String
    }

    /// GET …/completion/incentives/:incentiveID/certificate — the same certificate as a page to print.
    @Sendable func certificatePage(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let incentive = try await incentive(req, program)
        let mentor = incentive.mentor
        return try await req.page(
            "pairwork/certificate", title: "\(incentive.kind.russianName): \(mentor.fullName)",
            breadcrumbs: PairingPaths.breadcrumbs(organization, program, incentive.kind.russianName,
                                                     extra: [.init("Завершение программы", ProgramCompletionController.path(organization, program))]),
            organization: organization,
            content: CertificatePage(
                organizationName: organization.name, title: incentive.kind.certificateTitle ?? incentive.kind.russianName.uppercased(),
                verb: incentive.kind == .diploma ? "награждается" : "выражается благодарность", recipient: mentor.fullName,
                position: [mentor.position, mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                reason: incentive.reason, programName: program.name,
                order: incentive.orderText.map { "Приказ \($0)" } ?? "",
                date: CalendarDay(iso: incentive.awardedOn).map(PairingOrder.documentDate) ?? incentive.awardedOn))
    }
}
