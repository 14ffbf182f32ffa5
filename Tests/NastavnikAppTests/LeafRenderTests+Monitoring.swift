import Foundation
@testable import NastavnikApp

extension LeafRenderTests {
    static let monitoringPages = ["monitoring/territory", "monitoring/organization", "monitoring/program", "monitoring/impact", "monitoring/scales",
                                  "publications/editor", "publications/cases", "publications/library", "publications/case", "publications/honor",
                                  "publications/contest_results", "publications/preview", "contests/index", "contests/show", "contests/jury", "contests/apply"]

    /// The dashboards with hostile names in every label, the SVG charts included.
    func renderMonitoring(render: (String, any Encodable) async throws -> Void, id: UUID, pagination: Pagination) async throws {
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
    
        let quality = ProgramQuality(
            suggestions: [.init(quadrant: "strength", text: h, source: h)], satisfaction: [.init(label: h, average: "8,0", count: 2)],
            quality: .init(label: h, average: "7,0", count: 2), regularity: [.init(label: h, value: h, basis: h)], results: [.init(label: h, value: h, basis: h)],
            answerCount: 0)
        let group = ProgramImpact.Group(label: h, parameter: h, averageChange: "+0,3", improvedShare: "50,0 %", improvedShareValue: 0.5, people: 2, caution: h)
        for editing in [true, false] {
            try await render("monitoring/program", ProgramMonitoringController.Page(
                organizationID: id, programID: id, programName: h, quality: quality,
                years: [IndicatorRow(id: nil, name: "2026/2027", counts: counts)], suggestionCount: editing ? 1 : 0,
                swot: SwotQuadrant.allCases.map { .init(quadrant: $0.rawValue, title: h, items: [.init(id: id, text: h, source: h)], suggestions: quality.suggestions) },
                quadrants: [SelectOption("strength", h, selected: true)], mayEdit: editing, mayMeasure: editing,
                byParameter: editing ? [group] : [], bySide: [group], byForm: [group], byScheme: [group],
                impactChart: BarChart.svg([.init(label: h, value: 50, text: h)], title: h, maximum: 100), printedOn: "01.12.2026"))
        }
        try await render("monitoring/impact", ProgramMonitoringController.ImpactPage(
            organizationID: id, programID: id, programName: h,
            people: [.init(key: "mentor-\(id)", side: h, name: h, form: h, scheme: h, changes: [.init(parameter: h, entry: "3", exit: "4", change: "+1", direction: "improved")])],
            participants: [SelectOption(id.uuidString, h, selected: true)], phases: [SelectOption("entry", h)], sources: [SelectOption("psychologist", h)],
            parameters: [.init(key: "grades", name: h, range: "2–5", value: h, error: h), .init(key: "anxiety", name: h, range: "1–10", value: "", error: "")]))
        try await render("monitoring/scales", OwnScalesController.Page(
            organizationID: id, rows: [.init(id: id, name: h, range: h, direction: h, whom: h, values: 3)], builtIn: h,
            directions: [SelectOption("higher", h, selected: true)], audiences: [SelectOption("mentees", h, selected: true)]))
    
        let caseFiles = [CaseFiles.Item(id: id, fileName: h, caption: h, isPhoto: true, sizeText: "1,2 МБ", shownPublicly: false),
                         CaseFiles.Item(id: id, fileName: h, caption: h, isPhoto: false, sizeText: "12 КБ", shownPublicly: true)]
        for exists in [true, false] {
            let participant = CasePublication.Participant(kind: .mentee, id: id, name: h, role: h, isMinor: exists, detail: h, consented: exists, photoConsented: exists)
            try await render("publications/editor", CaseEditorController.EditorPage(
                pairingID: id, organizationID: id, status: "draft", statusName: h, statusNote: h,
                participants: [.init(participant)], allConsented: exists,
                topics: [SelectOption("achievement", h, selected: true)], exists: exists, caseID: exists ? id : nil,
                files: exists ? caseFiles : [], photosAllowed: exists, maxFiles: exists ? 10 : 2,
                version: 3, problem: exists ? h : nil, savedNow: exists ? [.init(title: h, saved: h)] : []))
            try await render("publications/preview", CaseFilesController.PreviewPage(
                organizationID: id, id: id, pairingID: id, title: h, topic: h, form: h, status: exists ? "submitted" : "published", statusName: h,
                story: h, goal: h, whatWasDone: h, results: h, materials: ["https://example.org/\(h)"], participants: [.init(participant)],
                files: exists ? caseFiles : [], mayApprove: exists))
        }
        try await render("publications/cases", CaseEditorController.ListPage(organizationID: id, cases: [
            .init(id: id, pairingID: id, title: h, topic: h, form: h, status: "submitted", statusName: h, statusNote: h),
            .init(id: id, pairingID: id, title: h, topic: h, form: h, status: "published", statusName: h, statusNote: ""),
        ], mayApprove: true))
        let summary = PublicCases.Summary(id: id, title: h, topic: h, form: h, organization: h, region: h, excerpt: h, publishedOn: "01.12.2026")
        try await render("publications/library", PublicPagesController.CasesPage(
            items: [summary], total: 41, regions: [SelectOption(id.uuidString, h, selected: true)], forms: [SelectOption("x", h)], topics: [SelectOption("y", h)],
            query: h, pagination: pagination))
        try await render("publications/case", PublicCases.Detail(
            id: id, title: h, topic: h, form: h, organization: h, region: h, participants: [h], story: h, goal: h, whatWasDone: h, results: h,
            materials: ["https://example.org/\(h)"],
            files: [.init(id: id, fileName: h, caption: h, isPhoto: true, size: h, url: "/cases/\(id)/files/\(id)"),
                    .init(id: id, fileName: h, caption: h, isPhoto: false, size: h, url: "/cases/\(id)/files/\(id)")],
            publishedOn: "01.12.2026"))
        try await render("publications/honor", PublicPagesController.HonorPage(
            scope: h, entries: [.init(name: h, field: h, organization: h, achievements: [h])], regions: [SelectOption(id.uuidString, h)]))
    
        let ranked = ContestRules.Ranked(applicationID: id, place: 1, mentorName: h, organization: h, nomination: h, average: 17.5, averageText: "17,50",
                                         jurors: 2, passed: true)
        try await render("publications/contest_results", ContestRules.PublicResults(title: h, year: 2027, stages: [.init(stage: h, ranking: [ranked])]))
        try await render("contests/index", ContestSetupController.IndexPage(contests: [
            .init(id: id, title: h, year: 2027, stage: h, manage: true, judge: true, applyOrganizations: [SelectOption(id.uuidString, h)], published: true),
        ], mayCreate: true, year: 2026))
        for (current, hasNext) in [(true, true), (false, false)] {
            try await render("contests/show", ContestSetupController.ShowPage(
                id: id, title: h, year: 2027, nominations: [h], criteria: [h],
                stages: [.init(stage: "semiFinal", name: h, window: h, isCurrent: current, ranking: [ranked]), .init(stage: "final", name: h, window: h, isCurrent: false, ranking: [])],
                jurors: [h], currentStage: h, hasNext: hasNext, published: !current))
        }
        try await render("contests/jury", ContestJuryController.JuryPage(id: id, title: h, stage: h, criteria: [h], applications: [
            .init(id: id, mentorName: h, organization: h, nomination: h, materials: h, files: [.init(name: h, size: "1 КБ", url: "/x")], fields: [.init(criterion: h, name: "c0", value: "7")], scored: true),
        ], excluded: 1))
        try await render("contests/apply", ContestApplicationsController.ApplyPage(organizationID: id, contestID: id, title: h, window: h,
                                                                       mentors: [SelectOption(id.uuidString, h)], nominations: [SelectOption(h, h)],
                                                                       applications: [.init(summary: h, files: [.init(name: h, size: "1 КБ", url: "/x")]), .init(summary: h, files: [])],
                                                                       maxFiles: 3))
    }
}
