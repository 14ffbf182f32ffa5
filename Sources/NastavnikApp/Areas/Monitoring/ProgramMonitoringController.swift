import Fluent
import Vapor

/// A program's monitoring (seed 003, both stages): the quality figures and the SWOT table the
/// curator builds from the survey's answers, and the entry/exit measurements with their dynamics.
/// The monitoring page carries no names; the measurements page does and is audited.
struct ProgramMonitoringController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let program = routes.grouped("orgs", ":organizationID", "programs", ":programID")
        program.get("monitoring", use: show)
        program.get("monitoring.xlsx", use: spreadsheet)
        program.post("monitoring", "swot", use: addSwot)
        program.post("monitoring", "swot", ":itemID", "delete", use: deleteSwot)
        program.get("impact", use: impact)
        program.post("impact", use: measure)
    }

    static func path(_ organization: Organization, _ program: Program, _ tail: String = "") -> String {
        "/orgs/\(organization.id!)/programs/\(program.id!)" + tail
    }

    struct SwotView: Encodable {
        let quadrant: String
        let title: String
        let items: [Item]
        let suggestions: [ProgramQuality.Suggestion]

        struct Item: Encodable {
            let id: UUID
            let text: String
            let source: String
        }
    }

    struct Page: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let quality: ProgramQuality
        let swot: [SwotView]
        let quadrants: [SelectOption]
        let mayEdit: Bool
        let mayMeasure: Bool
        let byParameter: [ProgramImpact.Group]
        let byForm: [ProgramImpact.Group]
        let byScheme: [ProgramImpact.Group]
        let impactChart: String
        let printedOn: String
    }

    /// GET …/monitoring — also the printable report for the pedagogical council.
    @Sendable func show(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .monitorPrograms)
        return try await page(req, organization, program, form: FormState())
    }

    private func page(_ req: Request, _ organization: Organization, _ program: Program, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let quality = try await ProgramQuality.load(program, on: req.db)
        let items = try await SwotItem.query(on: req.db).filter(\.$program.$id == program.requireID()).sort(\.$createdAt).all()
        let impact = try await ProgramImpact.load(program, on: req.db)
        let taken = Set(items.map { "\($0.quadrant.rawValue)|\($0.text)" })
        return try await req.page(
            "monitoring/program", title: "Мониторинг программы",
            breadcrumbs: PairsController.breadcrumbs(organization, program, "Мониторинг"),
            organization: organization, form: form, status: status,
            content: Page(
                organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name, quality: quality,
                swot: SwotQuadrant.allCases.map { quadrant in
                    SwotView(quadrant: quadrant.rawValue, title: quadrant.russianName,
                             items: items.filter { $0.quadrant == quadrant }.map { .init(id: $0.id!, text: $0.text, source: $0.source) },
                             suggestions: quality.suggestions.filter { $0.quadrant == quadrant.rawValue && !taken.contains("\(quadrant.rawValue)|\($0.text)") })
                },
                quadrants: SwotQuadrant.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: form.values["quadrant"] == $0.rawValue) },
                mayEdit: req.may(.managePrograms, in: organization), mayMeasure: req.may(.measureImpact, in: organization),
                byParameter: impact.byParameter, byForm: impact.byForm, byScheme: impact.byScheme,
                impactChart: BarChart.svg(impact.byParameter.map {
                    BarChart.Bar(label: $0.parameter, value: $0.improvedShareValue * 100, text: "\($0.improvedShare) из \($0.people)")
                }, title: "Доля участников с улучшением по параметрам", maximum: 100),
                printedOn: CalendarDay.today().russian))
    }

    /// POST …/monitoring/swot — an item from an answer (with its source) or the curator's own.
    @Sendable func addSwot(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let values = try req.formValues()
        var errors: [String: String] = [:]
        let quadrant = SwotQuadrant(rawValue: values["quadrant"] ?? "")
        if quadrant == nil { errors["quadrant"] = "Выберите раздел SWOT." }
        let text = (values["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors["text"] = "Сформулируйте пункт." } else if text.count > 1000 { errors["text"] = "Не более 1000 знаков." }
        guard errors.isEmpty, let quadrant else {
            return try await page(req, organization, program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let item = SwotItem()
        item.$program.id = try program.requireID()
        item.quadrant = quadrant
        item.text = text
        let source = (values["source"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        item.source = source.isEmpty ? "Куратор" : String(source.prefix(300))
        item.writtenByName = req.principal?.fullName ?? ""
        try await item.create(on: req.db)
        try await req.audit(.swotEdited, organizationID: organization.id, objectType: "program", objectID: program.id, details: "\(quadrant.russianName): добавлен пункт")
        return req.redirect(to: Self.path(organization, program, "/monitoring#swot"), flash: FlashMessage(.success, "Пункт добавлен в SWOT: \(quadrant.russianName.lowercased())."))
    }

    /// POST …/monitoring/swot/:itemID/delete
    @Sendable func deleteSwot(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        guard let id = req.parameters.get("itemID", as: UUID.self),
              let item = try await SwotItem.query(on: req.db).filter(\.$id == id).filter(\.$program.$id == program.requireID()).first() else {
            throw AppError.notFound
        }
        try await item.delete(on: req.db)
        try await req.audit(.swotEdited, organizationID: organization.id, objectType: "program", objectID: program.id, details: "\(item.quadrant.russianName): удалён пункт")
        return req.redirect(to: Self.path(organization, program, "/monitoring#swot"), flash: FlashMessage(.success, "Пункт убран из SWOT."))
    }

    /// GET …/monitoring.xlsx — every table of the page.
    @Sendable func spreadsheet(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .monitorPrograms)
        let quality = try await ProgramQuality.load(program, on: req.db)
        let items = try await SwotItem.query(on: req.db).filter(\.$program.$id == program.requireID()).sort(\.$createdAt).all()
        let impact = try await ProgramImpact.load(program, on: req.db)
        func groupSheet(_ name: String, _ groups: [ProgramImpact.Group]) -> XLSXWorkbook.Sheet {
            .init(name: name, columns: [.init(title: "Группа", width: 36), .init(title: "Параметр", width: 22), .init(title: "Среднее изменение", width: 16),
                                        .init(title: "Доля с улучшением", width: 16), .init(title: "Человек", width: 10), .init(title: "Оговорка", width: 50)],
                  rows: groups.map { [.text($0.label), .text($0.parameter), .text($0.averageChange), .text($0.improvedShare), .number(Double($0.people)), .text($0.caution)] })
        }
        let workbook = XLSXWorkbook(sheets: [
            .init(name: "SWOT", columns: [.init(title: "Раздел", width: 20), .init(title: "Пункт", width: 60), .init(title: "Источник", width: 36)],
                  rows: items.map { [.text($0.quadrant.russianName), .text($0.text), .text($0.source)] }),
            .init(name: "Качество", columns: [.init(title: "Показатель", width: 50), .init(title: "Значение", width: 14), .init(title: "Основание", width: 50)],
                  rows: [[.text(quality.quality.label), .text(quality.quality.average), .text("ответов: \(quality.quality.count)")]]
                    + quality.satisfaction.map { [.text("Удовлетворённость: \($0.label)"), .text($0.average), .text("ответов: \($0.count)")] }
                    + (quality.regularity + quality.results).map { [.text($0.label), .text($0.value), .text($0.basis)] }),
            groupSheet("Динамика", impact.byParameter), groupSheet("По формам", impact.byForm), groupSheet("По способам", impact.byScheme),
        ])
        try await req.audit(.programDocumentIssued, organizationID: organization.id, objectType: "program", objectID: program.id, details: "Мониторинг (XLSX)")
        return try DocumentResponse.xlsx(workbook, fileName: "Мониторинг — \(program.name).xlsx")
    }

    struct ImpactPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let people: [ProgramImpact.Person]
        let participants: [SelectOption]
        let phases: [SelectOption]
        let sources: [SelectOption]
        let parameters: [ParameterField]

        struct ParameterField: Encodable {
            let key: String
            let name: String
            let range: String
            let value: String
            let error: String
        }
    }

    /// GET …/impact — each participant's measurements (children's data: audited).
    @Sendable func impact(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .measureImpact)
        try await req.audit(.impactViewed, organizationID: organization.id, objectType: "program", objectID: program.id)
        return try await impactPage(req, organization, program, form: FormState(values: ["measuredOn": CalendarDay.today().iso, "phase": "entry", "source": "psychologist"]))
    }

    private func impactPage(_ req: Request, _ organization: Organization, _ program: Program, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let impact = try await ProgramImpact.load(program, on: req.db)
        let values = form.values
        return try await req.page(
            "monitoring/impact", title: "Измерения участников",
            breadcrumbs: PairsController.breadcrumbs(organization, program, "Измерения участников",
                                                     extra: [.init("Мониторинг", Self.path(organization, program, "/monitoring"))]),
            organization: organization, form: form, status: status,
            content: ImpactPage(
                organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name, people: impact.people,
                participants: impact.people.map { SelectOption($0.menteeID.uuidString, "\($0.name) (\($0.form))", selected: values["menteeID"] == $0.menteeID.uuidString) },
                phases: MeasurementPhase.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["phase"] == $0.rawValue) },
                sources: MeasurementSource.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["source"] == $0.rawValue) },
                parameters: ImpactParameter.allCases.map { parameter in
                    .init(key: parameter.rawValue, name: parameter.russianName,
                          range: "\(ProgramImpact.format(parameter.range.lowerBound))–\(ProgramImpact.format(parameter.range.upperBound))",
                          value: values[parameter.rawValue] ?? "", error: form.errors[parameter.rawValue] ?? "")
                }))
    }

    /// POST …/impact — one participant's values of one phase; empty fields are left as they were.
    @Sendable func measure(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .measureImpact)
        let values = try req.formValues()
        var errors: [String: String] = [:]
        let menteeID = values["menteeID"].flatMap(UUID.init(uuidString:))
        var member: PairingMember?
        if let menteeID {
            member = try await PairingMember.query(on: req.db).filter(\.$programID == program.requireID()).filter(\.$mentee.$id == menteeID)
                .with(\.$pairing).all().first { $0.isAgreed && [.formed, .finished].contains($0.pairing.status) }
        }
        if member == nil { errors["menteeID"] = "Выберите участника пары этой программы." }
        let phase = MeasurementPhase(rawValue: values["phase"] ?? "")
        if phase == nil { errors["phase"] = "На входе или на выходе?" }
        let source = MeasurementSource(rawValue: values["source"] ?? "") ?? .psychologist
        let day = CalendarDay(iso: values["measuredOn"] ?? "")
        if day == nil { errors["measuredOn"] = "Укажите дату измерения." }
        var measured: [(ImpactParameter, Double)] = []
        for parameter in ImpactParameter.allCases {
            let text = (values[parameter.rawValue] ?? "").trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            guard !text.isEmpty else { continue }
            guard let value = Double(text), parameter.range.contains(value) else {
                errors[parameter.rawValue] = "От \(ProgramImpact.format(parameter.range.lowerBound)) до \(ProgramImpact.format(parameter.range.upperBound))."
                continue
            }
            measured.append((parameter, value))
        }
        if measured.isEmpty && errors.isEmpty { errors["grades"] = "Введите хотя бы одно значение." }
        guard errors.isEmpty, let member, let phase, let day else {
            return try await impactPage(req, organization, program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let readings = measured
        try await req.db.transaction { db in
            for (parameter, value) in readings {
                let measurement = try await ImpactMeasurement.query(on: db).filter(\.$program.$id == program.requireID())
                    .filter(\.$mentee.$id == member.$mentee.id).filter(\.$parameter == parameter).filter(\.$phase == phase).first() ?? ImpactMeasurement()
                measurement.organizationID = try organization.requireID()
                measurement.$program.id = try program.requireID()
                measurement.$mentee.id = member.$mentee.id
                measurement.pairingID = member.$pairing.id
                measurement.parameter = parameter
                measurement.phase = phase
                measurement.value = value
                measurement.measuredOn = day.iso
                measurement.source = source
                measurement.measuredByName = req.principal?.fullName ?? ""
                try await measurement.save(on: db)
            }
        }
        try await req.audit(.impactMeasured, organizationID: organization.id, objectType: "mentee", objectID: member.$mentee.id,
                            details: "\(phase.russianName): \(measured.map { $0.0.shortName }.joined(separator: ", "))")
        return req.redirect(to: Self.path(organization, program, "/impact"), flash: FlashMessage(.success, "Измерения сохранены (\(measured.count))."))
    }
}
