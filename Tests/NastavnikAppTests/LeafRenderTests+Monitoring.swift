import Foundation
@testable import NastavnikApp

extension LeafRenderTests {
    static let monitoringPages = ["monitoring/territory", "monitoring/organization"]

    /// The dashboards with hostile names in every label, the SVG charts included.
    func renderMonitoring(render: (String, any Encodable) async throws -> Void, id: UUID) async throws {
        let h = Self.hostile
        var counts = IndicatorCounts()
        counts.students = 100
        counts.involvedMentees = 7
        counts.pairs = 3
        counts.youngTeachers = 2
        let row = IndicatorRow(id: id, name: h, counts: counts)
        let trend = [IndicatorsController.TrendPoint(year: "2026/2027", row: row)]
        let chart = BarChart.svg([.init(label: h, value: 7, text: h)], title: h, maximum: 100)
        for level in ["region", "municipality"] {
            try await render("monitoring/territory", IndicatorsController.TerritoryPage(
                scopeName: h, level: level, year: "2026/2027", years: [SelectOption("2026/2027", h, selected: true)], total: row, rows: [row, row],
                chart: chart, trend: trend, trendChart: chart, municipalityID: level == "region" ? nil : id, backToRegion: level != "region",
                exportQuery: "year=2026/2027"))
        }
        for entering in [true, false] {
            try await render("monitoring/organization", IndicatorsController.OrganizationPage(
                organizationID: id, organizationName: h, year: "2026/2027", years: [SelectOption("2026/2027", h, selected: true)], total: row,
                forms: entering ? [row] : [], formChart: chart, trend: trend, trendChart: chart, mayEnterFigures: entering, hasFigures: !entering))
        }
    }
}
