import Fluent
import Vapor

/// `/orgs/:organizationID/programs/:programID/completion`: the program's completion (seed 003,
/// all three levels): the pairs' outcomes, the mentor rating, incentives with the order
/// «О поощрении» and certificates, nominations, the closing events, and mentees who move to the
/// long-term mentor base.
struct ProgramCompletionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let completion = routes.grouped("orgs", ":organizationID", "programs", ":programID", "completion")
        completion.get(use: show)
        completion.post("incentives", use: addIncentive)
        completion.get("incentives", "order.docx", use: orderDocument)
        completion.post("incentives", "order", use: fixOrder)
        completion.get("incentives", ":incentiveID", "certificate.docx", use: certificateDocument)
        completion.get("incentives", ":incentiveID", "certificate", use: certificatePage)
        completion.post("nominations", use: addNomination)
        completion.post("events", use: addEvent)
        completion.post("long-term", ":menteeID", use: moveToLongTermBase)
    }

    static func path(_ organization: Organization, _ program: Program, _ tail: String = "") -> String {
        "/orgs/\(organization.id!)/programs/\(program.id!)/completion" + tail
    }

    struct IncentiveRow: Encodable {
        let id: UUID
        let mentorName: String
        let kind: String
        let reason: String
        let awardedOn: String
        let order: String
        let hasCertificate: Bool
    }

    struct NominationRow: Encodable {
        let title: String
        let who: String
        let year: Int
        let note: String
    }

    struct EventRow: Encodable {
        let kind: String
        let heldOn: String
        let place: String
        let participants: Int
        let summary: String
    }

    struct Page: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let summary: ProgramCompletion
        let rules: [MentorRating.Line]
        let incentives: [IncentiveRow]
        let unorderedIncentives: Int
        let mentors: [SelectOption]
        let pairs: [SelectOption]
        let incentiveKinds: [SelectOption]
        let nominationTitles: [SelectOption]
        let nominations: [NominationRow]
        let events: [EventRow]
        let eventKinds: [SelectOption]
        let hasGroupReflection: Bool
        let hasPublicEvent: Bool
    }

    /// GET …/completion
    @Sendable func show(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let today = CalendarDay.today()
        return try await page(req, organization, program, form: FormState(values: [
            "awardedOn": today.iso, "year": String(today.year), "heldOn": today.iso, "orderOn": today.iso,
        ]))
    }

    private func page(_ req: Request, _ organization: Organization, _ program: Program, form: FormState,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let programID = try program.requireID()
        let values = form.values
        let summary = try await ProgramCompletion.load(programID: programID, organizationID: organization.requireID(), on: req.db)
        let incentives = try await Incentive.query(on: req.db).filter(\.$program.$id == programID).with(\.$mentor)
            .sort(\.$awardedOn, .descending).all()
        let nominations = try await Nomination.query(on: req.db).filter(\.$program.$id == programID).with(\.$mentor).sort(\.$createdAt).all()
        let events = try await ClosingEvent.query(on: req.db).filter(\.$program.$id == programID).sort(\.$heldOn).all()
        var mentors: [UUID: String] = [:]
        for row in summary.rows { mentors[row.mentorID] = row.mentorName }
        let pairNames = Dictionary(uniqueKeysWithValues: summary.rows.map { ($0.pairingID, "\($0.mentorName) — \($0.mentees)") })
        return try await req.page(
            "pairwork/completion", title: "Завершение программы",
            breadcrumbs: PairsController.breadcrumbs(organization, program, "Завершение программы"),
            organization: organization, form: form, status: status,
            content: Page(
                organizationID: try organization.requireID(), programID: programID, programName: program.name, summary: summary,
                rules: MentorRating.Rule.allCases.map { MentorRating.Line(rule: $0.russianName, count: 1, points: $0.points) },
                incentives: incentives.map { incentive in
                    IncentiveRow(id: incentive.id!, mentorName: incentive.mentor.fullName, kind: incentive.kind.russianName, reason: incentive.reason,
                                 awardedOn: CalendarDay(iso: incentive.awardedOn)?.russian ?? incentive.awardedOn,
                                 order: incentive.orderText ?? "",
                                 hasCertificate: incentive.kind.certificateTitle != nil)
                },
                unorderedIncentives: incentives.filter { $0.orderNumber == nil }.count,
                mentors: mentors.sorted { $0.value < $1.value }.map { SelectOption($0.key.uuidString, $0.value, selected: values["mentorID"] == $0.key.uuidString) },
                pairs: summary.rows.map { SelectOption($0.pairingID.uuidString, pairNames[$0.pairingID] ?? "", selected: values["pairingID"] == $0.pairingID.uuidString) },
                incentiveKinds: IncentiveKind.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["kind"] == $0.rawValue) },
                nominationTitles: Nomination.usual.map { SelectOption($0, $0, selected: values["title"] == $0) },
                nominations: nominations.map { nomination in
                    NominationRow(title: nomination.title,
                                  who: nomination.pairingID.flatMap { pairNames[$0] } ?? nomination.mentor.fullName,
                                  year: nomination.year, note: nomination.note)
                },
                events: events.map {
                    EventRow(kind: $0.kind.russianName, heldOn: CalendarDay(iso: $0.heldOn)?.russian ?? $0.heldOn, place: $0.place,
                             participants: $0.participants, summary: $0.summary)
                },
                eventKinds: ClosingEventKind.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["eventKind"] == $0.rawValue) },
                hasGroupReflection: events.contains { $0.kind == .groupReflection },
                hasPublicEvent: events.contains { $0.kind == .publicEvent }))
    }

    /// The program's mentor with this id, if the mentor has a pair in the program.
    private func programMentor(_ req: Request, _ program: Program, _ value: String?) async throws -> Mentor? {
        guard let id = value.flatMap(UUID.init(uuidString:)),
              try await ProgramCompletion.isProgramMentor(id, programID: program.requireID(), on: req.db) else { return nil }
        return try await Mentor.find(id, on: req.db)
    }

    /// POST …/completion/incentives
    @Sendable func addIncentive(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        let incentive: Incentive
        do {
            incentive = try await Incentives.award(mentorID: values["mentorID"].flatMap(UUID.init(uuidString:)), kind: values["kind"] ?? "",
                                                   reason: values["reason"] ?? "", awardedOn: values["awardedOn"] ?? "",
                                                   organizationID: try organization.requireID(), program: program, by: req.principal?.fullName ?? "", on: req.db)
        } catch AppError.validation(var errors) {
            errors["mentorID"] = errors.removeValue(forKey: "mentor")
            return try await page(req, organization, program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let mentor = incentive.mentor, kind = incentive.kind
        try await req.audit(.incentiveAwarded, organizationID: organization.id, objectType: "incentive", objectID: incentive.id,
                            details: "\(mentor.fullName): \(kind.russianName)")
        return req.redirect(to: Self.path(organization, program, "#incentives"), flash: FlashMessage(.success, "Поощрение записано. Включите его в приказ «О поощрении»."))
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

    /// POST …/completion/incentives/order — the signed order's number and date on the incentives it fixed.
    @Sendable func fixOrder(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        var errors: [String: String] = [:]
        let number = (values["orderNumber"] ?? "").trimmingCharacters(in: .whitespaces)
        if number.isEmpty || number.count > 40 { errors["orderNumber"] = "Укажите номер приказа." }
        let date = CalendarDay(iso: values["orderOn"] ?? "")
        if date == nil { errors["orderOn"] = "Укажите дату приказа." }
        guard errors.isEmpty, let date else {
            return try await page(req, organization, program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let fixed = try await OrderClaim.claim(Incentive.schema, programID: program.requireID(), number: number, date: date, on: req.db) { count, db in
            try await req.audit(.incentiveOrderFixed, organizationID: organization.id, objectType: "program", objectID: program.id,
                                details: "Приказ № \(number) от \(date.russian): поощрений \(count)", on: db)
        }
        guard fixed > 0 else {
            return req.redirect(to: Self.path(organization, program, "#incentives"),
                                flash: FlashMessage(.error, "Приказ № \(number) не записан: все поощрения уже включены в приказы — возможно, другой приказ внесли только что."))
        }
        return req.redirect(to: Self.path(organization, program, "#incentives"), flash: FlashMessage(.success, "Приказ № \(number) записан: поощрений — \(fixed)."))
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
            breadcrumbs: PairsController.breadcrumbs(organization, program, incentive.kind.russianName,
                                                     extra: [.init("Завершение программы", Self.path(organization, program))]),
            organization: organization,
            content: CertificatePage(
                organizationName: organization.name, title: incentive.kind.certificateTitle ?? incentive.kind.russianName.uppercased(),
                verb: incentive.kind == .diploma ? "награждается" : "выражается благодарность", recipient: mentor.fullName,
                position: [mentor.position, mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                reason: incentive.reason, programName: program.name,
                order: incentive.orderText.map { "Приказ \($0)" } ?? "",
                date: CalendarDay(iso: incentive.awardedOn).map(PairingOrder.documentDate) ?? incentive.awardedOn))
    }

    /// POST …/completion/nominations — «Наставник года», «Лучшая пара» or the curator's own title.
    @Sendable func addNomination(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        var errors: [String: String] = [:]
        let custom = (values["customTitle"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let title = custom.isEmpty ? (values["title"] ?? "") : custom
        if title.isEmpty { errors["title"] = "Выберите номинацию или впишите свою." } else if title.count > 200 { errors["customTitle"] = "Не более 200 знаков." }
        var mentor = try await programMentor(req, program, values["mentorID"])
        var pairingID: UUID?
        if let id = (values["pairingID"] ?? "").isEmpty ? nil : UUID(uuidString: values["pairingID"]!) {
            if let pairing = try await Pairing.query(on: req.db).filter(\.$id == id).filter(\.$program.$id == program.requireID())
                .filter(\.$status ~~ [.formed, .finished]).with(\.$mentor).first() {
                pairingID = id
                mentor = pairing.mentor
            } else {
                errors["pairingID"] = "Выберите пару этой программы."
            }
        }
        if mentor == nil && errors["pairingID"] == nil { errors["mentorID"] = "Выберите наставника или пару." }
        let year = Int(values["year"] ?? "")
        if year == nil || !(2000...2100).contains(year!) { errors["year"] = "Укажите год." }
        guard errors.isEmpty, let mentor, let year else {
            return try await page(req, organization, program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let nomination = Nomination()
        nomination.organizationID = try organization.requireID()
        nomination.$program.id = try program.requireID()
        nomination.title = title
        nomination.$mentor.id = try mentor.requireID()
        nomination.pairingID = pairingID
        nomination.year = year
        nomination.note = String((values["note"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(1000))
        nomination.createdByName = req.principal?.fullName ?? ""
        try await nomination.create(on: req.db)
        try await req.audit(.nominationAdded, organizationID: organization.id, objectType: "nomination", objectID: nomination.id,
                            details: "\(title): \(mentor.fullName)")
        return req.redirect(to: Self.path(organization, program, "#nominations"), flash: FlashMessage(.success, "Номинация \(title.quoted()) записана."))
    }

    /// POST …/completion/events — the group reflection meeting or the public event.
    @Sendable func addEvent(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        var errors: [String: String] = [:]
        let kind = ClosingEventKind(rawValue: values["eventKind"] ?? "")
        if kind == nil { errors["eventKind"] = "Выберите вид мероприятия." }
        let day = CalendarDay(iso: values["heldOn"] ?? "")
        if day == nil { errors["heldOn"] = "Укажите дату." }
        let participants = Int((values["participants"] ?? "").trimmingCharacters(in: .whitespaces))
        if participants == nil || !(1...100_000).contains(participants!) { errors["participants"] = "Сколько было участников?" }
        let summary = (values["eventSummary"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if summary.isEmpty { errors["eventSummary"] = "Коротко: как прошло, что решили, кого наградили." } else if summary.count > 4000 { errors["eventSummary"] = "Не более 4000 знаков." }
        guard errors.isEmpty, let kind, let day, let participants else {
            return try await page(req, organization, program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let event = ClosingEvent()
        event.$program.id = try program.requireID()
        event.kind = kind
        event.heldOn = day.iso
        event.place = String((values["place"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
        event.participants = participants
        event.summary = summary
        event.writtenByName = req.principal?.fullName ?? ""
        try await event.create(on: req.db)
        try await req.audit(.closingEventRecorded, organizationID: organization.id, objectType: "program", objectID: program.id, details: kind.russianName)
        return req.redirect(to: Self.path(organization, program, "#events"), flash: FlashMessage(.success, "Мероприятие записано."))
    }

    /// POST …/completion/long-term/:menteeID — a mentee who answered that they want to mentor.
    @Sendable func moveToLongTermBase(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        guard let menteeID = req.parameters.get("menteeID", as: UUID.self) else { throw AppError.notFound }
        guard let (mentee, pairing) = try await ProgramCompletion.longTermCandidate(menteeID, programID: program.requireID(), on: req.db) else {
            throw AppError.notFound
        }
        let (mentor, created) = try await PairCompletion.moveToLongTermBase(mentee, form: pairing.form, on: req.db)
        try await req.audit(.movedToLongTermBase, organizationID: organization.id, objectType: "mentor", objectID: mentor.id, details: mentee.fullName)
        return req.redirect(to: Self.path(organization, program, "#long-term"), flash: FlashMessage(
            .success, created ? "\(mentee.fullName) — в долгосрочной базе наставников как кандидат. Перед отбором нужно согласие на обработку данных в новой роли."
                              : "\(mentee.fullName) уже в базе наставников; \(mentee.gendered("отмечен", "отмечена")) для долгосрочной базы."))
    }
}
