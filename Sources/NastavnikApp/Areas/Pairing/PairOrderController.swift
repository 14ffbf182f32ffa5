import Fluent
import Vapor

/// The documents of the formed pairs: the order «О закреплении наставнических пар (групп)» to
/// sign, the list of pairs as a spreadsheet, and recording the signed order's number and date.
struct PairOrderController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Pairs.orderDocument, use: orderDocument)
        routes.on(SiteRoute.Pairs.spreadsheet, use: spreadsheet)
        routes.on(SiteRoute.Pairs.fixOrder, use: fixByOrder)
    }

    /// The order's lines: each formed pair or group with the mentees who agreed.
    static func orderRows(programID: UUID, on db: any Database) async throws -> [PairingOrder.Row] {
        try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$status == .formed)
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
            .sorted { $0.mentor.fullName < $1.mentor.fullName }
            .map { pairing in
                PairingOrder.Row(mentor: pairing.mentor.fullName,
                                 mentorPosition: [pairing.mentor.position, pairing.mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                                 mentees: pairing.members.filter(\.isAgreed).sorted { $0.position < $1.position }
                                    .map { [$0.mentee.fullName, $0.mentee.className].compactMap { $0 }.joined(separator: ", ") },
                                 form: pairing.form, scheme: pairing.scheme)
            }
    }

    /// GET …/pairs/order.docx?number=&date= — the order for the formed pairs.
    @Sendable func orderDocument(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let number = FieldParsing.trimmedOrNil(req.query[String.self, at: "number"])
        let date = req.query[String.self, at: "date"].flatMap(CalendarDay.init(iso:))
        let rows = try await Self.orderRows(programID: program.requireID(), on: req.db)
        let document = PairingOrder.document(program: program, organization: organization, rows: rows, number: number, date: date)
        try await req.audit(.programDocumentIssued, organizationID: organization.id, objectType: "program", objectID: program.id,
                            details: "Приказ о закреплении наставнических пар (групп)")
        return try DocumentResponse.docx(document, fileName: "Приказ о закреплении наставнических пар — \(program.name).docx")
    }

    /// GET …/pairs/pairs.xlsx — every proposed, formed or declined place, drafts left out.
    @Sendable func spreadsheet(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let pairings = try await Pairing.query(on: req.db).filter(\.$program.$id == program.requireID()).filter(\.$status != .draft)
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
        try await req.audit(.programDocumentIssued, organizationID: organization.id, objectType: "program", objectID: program.id,
                            details: "Список пар и групп (XLSX)")
        return try DocumentResponse.xlsx(PairsExport.workbook(pairings, group: GroupLabels.of(organization.kind)), fileName: "Пары и группы — \(program.name).xlsx")
    }

    /// POST …/pairs/order — records the signed order's number and date on the formed pairs it
    /// fixed; the participants then see it on their home page.
    @Sendable func fixByOrder(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        let back = SiteRoute.Pairs.index.path(organization.id!, program.id!)
        do {
            let (fixed, order) = try await PairingService.fixByOrder(number: values["orderNumber"] ?? "", date: values["orderOn"] ?? "", program: program,
                                                                     by: req.auditActor, on: req.db)
            guard fixed > 0 else {
                return req.redirect(to: back, flash: FlashMessage(.warning,
                    "Приказ № \(order.number) не записан: нет сформированных пар, не закреплённых приказом, — возможно, другой приказ внесли только что."))
            }
            return req.redirect(to: back, flash: FlashMessage(.success, "Пары и группы (\(fixed)) закреплены приказом № \(order.number) от \(order.date.russian)."))
        } catch {
            guard let refusal = PairingRefusal(error, values: values, field: "orderNumber") else { throw error }
            return try await PairsController.indexPage(req, organization: organization, program: program, form: refusal.form, status: refusal.status)
        }
    }
}
