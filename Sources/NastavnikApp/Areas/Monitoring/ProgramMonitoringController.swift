import Fluent
import Vapor

/// A program's monitoring (seed 003, both stages): the quality figures and the SWOT table the
/// curator builds from the survey's answers, and the entry/exit measurements with their dynamics.
/// The monitoring page carries no names; the measurements page does and is audited.
struct ProgramMonitoringController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Monitoring.program, use: show)
        routes.on(SiteRoute.Monitoring.programSpreadsheet, use: spreadsheet)
        routes.on(SiteRoute.Monitoring.addSwot, use: addSwot)
        routes.on(SiteRoute.Monitoring.acceptSwot, use: acceptSuggestions)
        routes.on(SiteRoute.Monitoring.deleteSwot, use: deleteSwot)
        routes.on(SiteRoute.Monitoring.impact, use: impact)
        routes.on(SiteRoute.Monitoring.measure, use: measure)
    }

    /// The monitoring page of the program, with `anchor` («#swot») when given.
    static func path(_ organization: Organization, _ program: Program, _ anchor: String = "") -> String {
        SiteRoute.Monitoring.program.path(organization.id!, program.id!) + anchor
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
        /// Pairs, involvement and satisfaction per academic year of the program's period.
        let years: [IndicatorRow]
        let suggestionCount: Int
        let swot: [SwotView]
        let quadrants: [SelectOption]
        let mayEdit: Bool
        let mayMeasure: Bool
        let byParameter: [ProgramImpact.Group]
        let bySide: [ProgramImpact.Group]
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
        let quality = try await ProgramQuality.load(program, readsAnswers: req.may(.readAnswers, in: organization), on: req.db)
        let items = try await MonitoringService.swot(of: program, on: req.db)
        let impact = try await ProgramImpact.load(program, on: req.db)
        let open = MonitoringService.openSuggestions(quality, items: items)
        return try await req.page(
            "monitoring/program", title: "Мониторинг программы",
            breadcrumbs: PairingPaths.breadcrumbs(organization, program, "Мониторинг"),
            organization: organization, form: form, status: status,
            content: Page(
                organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name, quality: quality,
                years: try await Self.years(program, on: req.db), suggestionCount: open.count,
                swot: SwotQuadrant.allCases.map { quadrant in
                    SwotView(quadrant: quadrant.rawValue, title: quadrant.russianName,
                             items: items.filter { $0.quadrant == quadrant }.map { .init(id: $0.id!, text: $0.text, source: $0.source) },
                             suggestions: open.filter { $0.quadrant == quadrant.rawValue })
                },
                quadrants: SwotQuadrant.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: form.values["quadrant"] == $0.rawValue) },
                mayEdit: req.may(.managePrograms, in: organization), mayMeasure: req.may(.measureImpact, in: organization),
                byParameter: impact.byParameter, bySide: impact.bySide, byForm: impact.byForm, byScheme: impact.byScheme,
                impactChart: BarChart.svg(impact.byParameter.map {
                    BarChart.Bar(label: $0.parameter, value: $0.improvedShareValue * 100, text: "\($0.improvedShare) из \($0.people)")
                }, title: "Доля участников с улучшением по параметрам", maximum: 100),
                printedOn: CalendarDay.today().russian))
    }

    /// POST …/monitoring/swot — an item from an answer (with its source) or the curator's own.
    @Sendable func addSwot(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let values = try req.formValues()
        do {
            let item = try await MonitoringService.addSwot(.init(quadrant: values["quadrant"], text: values["text"], source: values["source"]),
                                                          to: program, by: req.auditActor, on: req.db)
            return req.redirect(to: Self.path(organization, program, "#swot"),
                                flash: FlashMessage(.success, "Пункт добавлен в SWOT: \(item.quadrant.russianName.lowercased())."))
        } catch AppError.validation(let errors) {
            return try await page(req, organization, program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
    }

    /// The program's figures per academic year of its period, by the indicators' own rule.
    static func years(_ program: Program, on db: any Database) async throws -> [IndicatorRow] {
        let years = AcademicYear.span(program.start, program.end)
        let counts = try await IndicatorQueries.counts(.organization(program.$organization.id), years: years, program: program.requireID(), on: db)
        return years.map { IndicatorRow(id: nil, name: $0.title, counts: IndicatorQueries.total(counts[$0] ?? [:])) }
    }

    /// POST …/monitoring/swot/accept — every item the answers propose, with its source, at once.
    @Sendable func acceptSuggestions(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let added = try await MonitoringService.acceptSuggestions(of: program, readsAnswers: req.may(.readAnswers, in: organization),
                                                                  by: req.auditActor, on: req.db)
        let message = added == 0 ? "Новых предложений из ответов нет." : "В SWOT добавлено из ответов: \(added) \(RussianPlural.form(added, "пункт", "пункта", "пунктов"))."
        return req.redirect(to: Self.path(organization, program, "#swot"), flash: FlashMessage(added == 0 ? .info : .success, message))
    }

    /// POST …/monitoring/swot/:itemID/delete
    @Sendable func deleteSwot(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        _ = try await MonitoringService.deleteSwot(req.parameters.get("itemID", as: UUID.self), of: program, by: req.auditActor, on: req.db)
        return req.redirect(to: Self.path(organization, program, "#swot"), flash: FlashMessage(.success, "Пункт убран из SWOT."))
    }

    /// GET …/monitoring.xlsx — every table of the page.
    @Sendable func spreadsheet(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .monitorPrograms)
        return try await Self.spreadsheet(req, organization: organization, program: program)
    }

    /// The monitoring workbook as a download, audited as an issued document; the page and the API send the same file.
    static func spreadsheet(_ req: Request, organization: Organization, program: Program) async throws -> Response {
        // The workbook carries figures, not suggestions: the answers' words stay on the page of those who read answers.
        let quality = try await ProgramQuality.load(program, readsAnswers: false, on: req.db)
        let items = try await MonitoringService.swot(of: program, on: req.db)
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
            groupSheet("Динамика", impact.byParameter), groupSheet("Наставники и наставляемые", impact.bySide), groupSheet("По формам", impact.byForm), groupSheet("По способам", impact.byScheme),
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
        var values = ["measuredOn": CalendarDay.today().iso, "phase": "entry", "source": "psychologist"]
        if let person = req.query[String.self, at: "person"] { values["person"] = person }
        return try await impactPage(req, organization, program, form: FormState(values: values))
    }

    private func impactPage(_ req: Request, _ organization: Organization, _ program: Program, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let impact = try await ProgramImpact.load(program, on: req.db)
        let scales = try await MeasureScale.all(of: organization.requireID(), on: req.db)
        let everyone = try await ProgramPeople.load(program, on: req.db)
        let values = form.values
        return try await req.page(
            "monitoring/impact", title: "Измерения участников",
            breadcrumbs: PairingPaths.breadcrumbs(organization, program, "Измерения участников",
                                                     extra: [.init("Мониторинг", Self.path(organization, program))]),
            organization: organization, form: form, status: status,
            content: ImpactPage(
                organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name, people: impact.people,
                participants: everyone.people.map { person in
                    let side = person.side == .mentee ? "наставляемый" : "наставник"
                    return SelectOption(person.key, "\(person.name) (\(side), \(person.form?.russianName ?? "форма не указана"))", selected: values["person"] == person.key)
                },
                phases: MeasurementPhase.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["phase"] == $0.rawValue) },
                sources: MeasurementSource.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["source"] == $0.rawValue) },
                parameters: scales.map { scale in
                    let whom = !scale.isOwn || (scale.forMentees && scale.forMentors) ? "" : scale.forMentees ? ", только наставляемым" : ", только наставникам"
                    return .init(key: scale.code, name: scale.name, range: scale.rangeText + whom,
                                 value: values[scale.code] ?? "", error: form.errors[scale.code] ?? "")
                }))
    }

    /// POST …/impact — one participant's values of one phase, a mentee or a mentor, before a pair
    /// forms too; empty fields are left as they were.
    @Sendable func measure(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .measureImpact)
        let values = try req.formValues()
        do {
            let fields: Set<String> = ["person", "phase", "source", "measuredOn"]
            let input = MonitoringService.MeasurementInput(person: values["person"], phase: values["phase"], measuredOn: values["measuredOn"],
                                                           source: values["source"], values: values.filter { !fields.contains($0.key) })
            let (_, count) = try await MonitoringService.measure(input, organization: organization, program: program, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Monitoring.impact.path(organization.id!, program.id!), flash: FlashMessage(.success, "Измерения сохранены (\(count))."))
        } catch AppError.validation(let errors) {
            return try await impactPage(req, organization, program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        } catch let error as MonitoringError {
            return try await impactPage(req, organization, program, form: FormState(values: values, errors: ["grades": error.russianMessage]),
                                        status: error.status)
        }
    }
}
