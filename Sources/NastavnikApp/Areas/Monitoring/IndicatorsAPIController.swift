import Fluent
import Vapor

/// Indicators as JSON, by scope and academic year, on the same rules as the dashboards.
struct IndicatorsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let api = routes.grouped(RequireAPIPrincipal())
        api.get("indicators", use: territory)
        api.get("organizations", ":organizationID", "indicators", use: organization)
    }

    struct IndicatorTable: Content {
        let year: String
        let scope: String
        let total: Row
        /// Municipalities of a region, organizations of a municipality, or forms of an organization.
        let rows: [Row]

        init(year: String, scope: String, total: IndicatorRow, rows: [IndicatorRow]) {
            self.year = year; self.scope = scope; self.total = Row(total); self.rows = rows.map(Row.init)
        }
    }

    /// One line as data: the counts and the indicators computed from them as numbers (shares
    /// 0…1, averages on their own scale, null without a denominator), not the page's «1,6 %».
    struct Row: Content {
        let id: UUID?
        let name: String
        let counts: IndicatorCounts
        let involvedStudents: Int
        let studentShare: Double?
        let youngTeacherShare: Double?
        let completionRate: Double?
        let earlyEndRate: Double?
        let averageCloseness: Double?
        let mentorSatisfaction: Double?
        let menteeSatisfaction: Double?
        let partnerSatisfaction: Double?

        init(_ row: IndicatorRow) {
            let counts = row.counts.withoutIdentifiableSatisfaction
            func average(_ sum: Int, _ count: Int) -> Double? { count == 0 ? nil : Double(sum) / Double(count) }
            id = row.id; name = row.name; self.counts = counts; involvedStudents = counts.involvedStudents
            studentShare = counts.studentShare; youngTeacherShare = counts.youngTeacherShare
            completionRate = counts.completionRate; earlyEndRate = counts.earlyEndRate; averageCloseness = counts.averageCloseness
            mentorSatisfaction = average(counts.mentorSatisfactionSum, counts.mentorSatisfactionCount)
            menteeSatisfaction = average(counts.menteeSatisfactionSum, counts.menteeSatisfactionCount)
            partnerSatisfaction = average(counts.partnerSatisfactionSum, counts.partnerSatisfactionCount)
        }
    }

    /// GET /api/v1/indicators?year=&municipality=
    @Sendable func territory(req: Request) async throws -> IndicatorTable {
        let territory = try await IndicatorsController.territory(req)
        let year = IndicatorsController.year(req)
        let (total, rows) = try await IndicatorsController.territoryRows(territory, year: year, on: req.db)
        return IndicatorTable(year: year.title, scope: territory.name, total: total, rows: rows)
    }

    /// GET /api/v1/organizations/:organizationID/indicators?year=
    @Sendable func organization(req: Request) async throws -> IndicatorTable {
        let organization = try await req.authorizedOrganization(for: .viewIndicators)
        let year = IndicatorsController.year(req)
        let (total, forms) = try await IndicatorsController.organizationRows(organization, year: year, on: req.db)
        return IndicatorTable(year: year.title, scope: organization.shortName, total: total, rows: forms)
    }
}
