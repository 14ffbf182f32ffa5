import Fluent
import Vapor

/// The indicators of seed 003 and seed 004 as dashboards: the regional coordinator's region and
/// municipalities with their organizations compared, and an organization's own page with its
/// forms, its trend by year and the yearly figures it reports. Aggregates only: no names.
struct IndicatorsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Monitoring.territory, use: territory)
        routes.on(SiteRoute.Monitoring.territorySpreadsheet, use: territorySpreadsheet)
        routes.on(SiteRoute.Monitoring.organization, use: organizationPage)
        routes.on(SiteRoute.Monitoring.organizationSpreadsheet, use: organizationSpreadsheet)
        routes.on(SiteRoute.Monitoring.saveFigures, use: saveFigures)
    }

    struct TrendPoint: Encodable {
        let year: String
        let row: IndicatorRow
    }

    struct TerritoryPage: Encodable {
        let scopeName: String
        let level: String
        let year: String
        let years: [SelectOption]
        let total: IndicatorRow
        let rows: [IndicatorRow]
        let chart: String
        let trend: [TrendPoint]
        let trendChart: String
        let municipalityID: UUID?
        let backToRegion: Bool
        let exportQuery: String
    }

    /// The academic year asked for (`?year=2026/2027`), the current one by default.
    static func year(_ req: Request) -> AcademicYear {
        req.query[String.self, at: "year"].flatMap(AcademicYear.init(title:)) ?? .current()
    }

    static func yearOptions(_ selected: AcademicYear) -> [SelectOption] {
        let current = AcademicYear.current()
        return (0..<6).map { current.adding(-$0) }.map { SelectOption($0.title, $0.title, selected: $0 == selected) }
    }

    /// The territory a coordinator may see, narrowed to a municipality when asked and allowed.
    struct Territory {
        let scope: IndicatorScope
        let name: String
        let municipalityID: UUID?
        let regionID: UUID?
        let mayGoUp: Bool
    }

    static func territory(_ req: Request) async throws -> Territory {
        let principal = try req.requirePrincipal()
        let coordinated = AccessPolicy.coordinatedTerritory(of: principal)
        let asked = req.query[String.self, at: "municipality"].flatMap(UUID.init(uuidString:))
        let regionGrants = coordinated.regionIDs
        if let asked, let municipality = try await Municipality.find(asked, on: req.db) {
            let allowed = principal.isPlatformAdmin || coordinated.covers(municipalityID: asked, regionID: municipality.$region.id)
            guard allowed else { throw AppError.notFound }
            return Territory(scope: .municipality(asked), name: municipality.name, municipalityID: asked, regionID: municipality.$region.id,
                             mayGoUp: principal.isPlatformAdmin || regionGrants.contains(municipality.$region.id))
        }
        var regionID = regionGrants.first
        if regionID == nil && principal.isPlatformAdmin { regionID = try await Region.query(on: req.db).sort(\.$name).first()?.id }
        if let regionID, let region = try await Region.find(regionID, on: req.db) {
            return Territory(scope: .region(regionID), name: region.name, municipalityID: nil, regionID: regionID, mayGoUp: false)
        }
        if let municipalityID = coordinated.municipalityIDs.first, let municipality = try await Municipality.find(municipalityID, on: req.db) {
            return Territory(scope: .municipality(municipalityID), name: municipality.name, municipalityID: municipalityID,
                             regionID: municipality.$region.id, mayGoUp: false)
        }
        throw AppError.forbidden
    }

    /// The rows of a territory: municipalities of a region, or organizations of a municipality, from the stored counts
    /// (a region's summed per municipality by the database).
    static func territoryRows(_ territory: Territory, year: AcademicYear, on db: any Database) async throws -> (total: IndicatorRow, rows: [IndicatorRow]) {
        guard case .region(let regionID) = territory.scope else {
            return try await territoryRows(territory, counts: IndicatorCountsTable.byOrganization(territory.scope, years: [year], on: db)[year] ?? [:], on: db)
        }
        let counts = try await IndicatorCountsTable.byMunicipality(region: regionID, year: year, on: db)
        let rows = try await Municipality.query(on: db).filter(\.$region.$id == regionID).sort(\.$name).all()
            .map { IndicatorRow(id: $0.id, name: $0.name, counts: counts[$0.id!] ?? .init()) }
        return (IndicatorRow(id: nil, name: "Итого по региону", counts: rows.map(\.counts).reduce(.init(), +)), rows)
    }

    static func territoryRows(_ territory: Territory, counts: [UUID: IndicatorCounts], on db: any Database) async throws -> (total: IndicatorRow, rows: [IndicatorRow]) {
        switch territory.scope {
        case .region(let regionID):
            let organizations = try await Organization.query(on: db).filter(\.$regionID == regionID).field(\.$id).field(\.$municipality.$id).all()
            let municipalities = try await Municipality.query(on: db).filter(\.$region.$id == regionID).sort(\.$name).all()
            var byMunicipality: [UUID: IndicatorCounts] = [:]
            for organization in organizations {
                var value = counts[organization.id!] ?? .init()
                value.organizations = 1
                byMunicipality[organization.$municipality.id] = (byMunicipality[organization.$municipality.id] ?? .init()) + value
            }
            let rows = municipalities.map { IndicatorRow(id: $0.id, name: $0.name, counts: byMunicipality[$0.id!] ?? .init()) }
            return (IndicatorRow(id: nil, name: "Итого по региону", counts: rows.map(\.counts).reduce(.init(), +)), rows)
        case .municipality(let municipalityID):
            let organizations = try await Organization.query(on: db).filter(\.$municipality.$id == municipalityID).sort(\.$name).all()
            let rows = organizations.map { organization in
                var value = counts[organization.id!] ?? .init()
                value.organizations = 1
                return IndicatorRow(id: organization.id, name: organization.shortName, counts: value)
            }
            return (IndicatorRow(id: nil, name: "Итого по муниципалитету", counts: rows.map(\.counts).reduce(.init(), +)), rows)
        case .organization(let id):
            var value = counts[id] ?? .init()
            value.organizations = 1
            let row = IndicatorRow(id: id, name: try await Organization.find(id, on: db)?.shortName ?? "", counts: value)
            return (row, [row])
        }
    }

    /// The four academic years up to `year`, oldest first: the span of the trend.
    static func trendYears(_ year: AcademicYear) -> [AcademicYear] { (0..<4).reversed().map { year.adding(-$0) } }

    /// The scope's totals per year, from counts of all the trend's years fetched at once.
    static func trend(_ byYear: [AcademicYear: [IndicatorQueries.Key: IndicatorCounts]], years: [AcademicYear]) -> [TrendPoint] {
        years.map { year in
            TrendPoint(year: year.title, row: IndicatorRow(id: nil, name: year.title, counts: IndicatorQueries.total(byYear[year] ?? [:])))
        }
    }

    static func shareChart(_ rows: [IndicatorRow], title: String) -> String {
        BarChart.svg(rows.prefix(60).map { BarChart.Bar(label: $0.name, value: $0.studentPercent, text: $0.studentShare) }, title: title, maximum: 100)
    }

    /// GET /indicators?year=&municipality=
    @Sendable func territory(req: Request) async throws -> Response {
        let territory = try await Self.territory(req)
        let year = Self.year(req)
        // The stored counts (`IndicatorCountsTable`): the year per organization, the trend as the database's sums per year.
        let years = Self.trendYears(year)
        let (total, rows) = try await Self.territoryRows(territory, year: year, on: req.db)
        let totals = try await IndicatorCountsTable.totals(territory.scope, years: years, on: req.db)
        let trend = years.map { TrendPoint(year: $0.title, row: IndicatorRow(id: nil, name: $0.title, counts: totals[$0] ?? .init())) }
        var query = "year=\(year.title)"
        if let municipalityID = territory.municipalityID { query += "&municipality=\(municipalityID)" }
        let level = if case .region = territory.scope { "region" } else { "municipality" }
        return try await req.page(
            "monitoring/territory", title: "Показатели: \(territory.name)",
            breadcrumbs: [.init("Главная", "/"), .init("Показатели")],
            content: TerritoryPage(
                scopeName: territory.name, level: level, year: year.title, years: Self.yearOptions(year), total: total, rows: rows,
                chart: Self.shareChart(rows, title: "Доля обучающихся, вовлечённых в наставничество, \(year.title)"),
                trend: trend,
                trendChart: BarChart.svg(trend.map { BarChart.Bar(label: $0.year, value: $0.row.studentPercent, text: $0.row.studentShare) },
                                         title: "Доля вовлечённых обучающихся по годам", maximum: 100),
                municipalityID: territory.municipalityID, backToRegion: territory.mayGoUp, exportQuery: query))
    }

    static func workbook(_ title: String, year: AcademicYear, rows: [IndicatorRow], total: IndicatorRow) -> XLSXWorkbook {
        let columns = ["Территория / организация", "Обучающихся всего", "Вовлечено обучающихся", "Доля вовлечённых", "Молодых педагогов",
                       "Молодых педагогов в наставничестве", "Доля молодых педагогов", "Пар и групп", "Активных наставников",
                       "Наставников с предприятий", "Завершили", "Досрочно", "Доля завершивших", "Приближение к цели, ср.",
                       "Удовлетворённость наставников (ответов)", "Удовлетворённость наставляемых (ответов)", "Удовлетворённость партнёров (ответов)", "Сдали сведения"]
        func line(_ row: IndicatorRow) -> [XLSXWorkbook.Cell] {
            let c = row.counts
            return [.text(row.name), .number(Double(c.students)), .number(Double(c.involvedStudents)), .text(row.studentShare),
                    .number(Double(c.youngTeachers)), .number(Double(c.involvedYoungTeachers)), .text(row.youngTeacherShare),
                    .number(Double(c.pairs)), .number(Double(c.activeMentors)), .number(Double(c.enterpriseMentors)),
                    .number(Double(c.finished)), .number(Double(c.endedEarly)), .text(row.completionRate), .text(row.averageCloseness),
                    .text(row.mentorSatisfaction), .text(row.menteeSatisfaction), .text(row.partnerSatisfaction),
                    .text("\(c.reporting) из \(c.organizations)")]
        }
        return XLSXWorkbook(sheets: [.init(name: "Показатели \(year.title.replacingOccurrences(of: "/", with: "-"))",
                                           columns: columns.enumerated().map { .init(title: $1, width: $0 == 0 ? 40 : 16) },
                                           rows: rows.map(line) + [line(total)])])
    }

    /// GET /indicators.xlsx?year=&municipality=
    @Sendable func territorySpreadsheet(req: Request) async throws -> Response {
        let territory = try await Self.territory(req)
        let year = Self.year(req)
        let (total, rows) = try await Self.territoryRows(territory, year: year, on: req.db)
        return try DocumentResponse.xlsx(Self.workbook(territory.name, year: year, rows: rows, total: total),
                                         fileName: "Показатели — \(territory.name) — \(year.title.replacingOccurrences(of: "/", with: "-")).xlsx")
    }

    struct OrganizationPage: Encodable {
        let organizationID: UUID
        let organizationName: String
        let year: String
        let years: [SelectOption]
        let total: IndicatorRow
        let forms: [IndicatorRow]
        let formChart: String
        let trend: [TrendPoint]
        let trendChart: String
        let mayEnterFigures: Bool
        let hasFigures: Bool
    }

    static func organizationRows(_ organization: Organization, year: AcademicYear, on db: any Database) async throws -> (total: IndicatorRow, forms: [IndicatorRow]) {
        organizationRows(organization, counts: try await IndicatorQueries.counts(.organization(organization.requireID()), year: year, on: db))
    }

    static func organizationRows(_ organization: Organization, counts: [IndicatorQueries.Key: IndicatorCounts]) -> (total: IndicatorRow, forms: [IndicatorRow]) {
        var total = IndicatorQueries.total(counts)
        total.organizations = 1
        let byForm = IndicatorQueries.byForm(counts)
        let forms = MentoringForm.allCases.compactMap { form in byForm[form].map { IndicatorRow(id: nil, name: form.russianName, counts: $0) } }
        return (IndicatorRow(id: organization.id, name: organization.shortName, counts: total), forms)
    }

    /// GET /orgs/:organizationID/indicators?year=
    @Sendable func organizationPage(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .viewIndicators)
        return try await organizationPage(req, organization, form: nil)
    }

    private func organizationPage(_ req: Request, _ organization: Organization, form: FormState?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let year = Self.year(req)
        let years = Self.trendYears(year)
        let byYear = try await IndicatorQueries.counts(.organization(organization.requireID()), years: years, on: req.db)
        let (total, forms) = Self.organizationRows(organization, counts: byYear[year] ?? [:])
        let figures = try await MonitoringService.yearFigures(of: organization, year: year, on: req.db)
        let values = form?.values ?? [
            "students": figures.map { String($0.students) } ?? "", "teachers": figures.map { String($0.teachers) } ?? "",
            "youngTeachers": figures.map { String($0.youngTeachers) } ?? "", "year": year.title,
        ]
        let trend = Self.trend(byYear, years: years)
        return try await req.page(
            "monitoring/organization", title: "Показатели: \(organization.shortName)",
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organization.id!)), .init("Показатели")],
            organization: organization, form: FormState(values: values, errors: form?.errors ?? [:]), status: status,
            content: OrganizationPage(
                organizationID: try organization.requireID(), organizationName: organization.name, year: year.title, years: Self.yearOptions(year),
                total: total, forms: forms,
                formChart: BarChart.svg(forms.map { BarChart.Bar(label: $0.name, value: Double($0.counts.pairs), text: RussianPlural.count($0.counts.pairs, "пара", "пары", "пар")) },
                                        title: "Пары и группы по формам наставничества"),
                trend: trend,
                trendChart: BarChart.svg(trend.map { BarChart.Bar(label: $0.year, value: Double($0.row.counts.involvedStudents), text: "\($0.row.counts.involvedStudents) чел.") },
                                         title: "Вовлечённые обучающиеся по годам"),
                mayEnterFigures: req.may(.managePrograms, in: organization), hasFigures: figures != nil))
    }

    /// GET /orgs/:organizationID/indicators.xlsx?year=
    @Sendable func organizationSpreadsheet(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .viewIndicators)
        let year = Self.year(req)
        let (total, forms) = try await Self.organizationRows(organization, year: year, on: req.db)
        return try DocumentResponse.xlsx(Self.workbook(organization.shortName, year: year, rows: forms, total: total),
                                         fileName: "Показатели — \(organization.shortName) — \(year.title.replacingOccurrences(of: "/", with: "-")).xlsx")
    }

    /// POST /orgs/:organizationID/indicators/figures — the year's numbers of students and teachers.
    @Sendable func saveFigures(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .managePrograms)
        let values = try req.formValues()
        let number = { (key: String) in Int((values[key] ?? "").replacingOccurrences(of: " ", with: "")) }
        let input = MonitoringService.YearFiguresInput(year: values["year"], students: number("students"), teachers: number("teachers"),
                                                       youngTeachers: number("youngTeachers"))
        do {
            let (year, _) = try await MonitoringService.saveYearFigures(input, of: organization, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Monitoring.organization.path(organization.id!, query: ["year": year.title]), flash: FlashMessage(.success, "Сведения за \(year.title) сохранены."))
        } catch AppError.validation(let errors) {
            return try await organizationPage(req, organization, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
    }
}
