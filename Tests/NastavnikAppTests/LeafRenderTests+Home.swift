import Foundation
@testable import NastavnikApp

extension LeafRenderTests {
    static let homePages = ["pairwork/concerns"]

    /// The curator's list of concerns, empty and with one open and one handled concern.
    func renderHome(render: (String, any Encodable) async throws -> Void, id: UUID) async throws {
        let h = Self.hostile
        try await render("pairwork/concerns", ConcernsInboxController.Page(organizationID: id, open: [], handled: []))
        let row = ConcernsInboxController.Row(id: id, pairingID: id, pair: h, program: h, pairFinished: true, author: h, at: "01.10.2026 15:00",
                                              text: h, asksIntervention: true, reply: h, handled: h)
        try await render("pairwork/concerns", ConcernsInboxController.Page(organizationID: id, open: [row], handled: [row]))
    }

    /// The home page with every role's «what to do now».
    static func withHomeTasks(id: UUID, _ page: HomeController.HomePage) -> HomeController.HomePage {
        var page = page
        let task = HomeTask(kind: "concerns", count: 2, label: hostile, href: "/orgs/\(id)/concerns", isUrgent: true, detail: hostile)
        page.curator = [.init(organization: hostile, href: "/orgs/\(id)", tasks: [task], programs: [HomeTaskGroup(title: hostile, href: "/orgs/\(id)/programs/\(id)", tasks: [task])], isClear: false)]
        page.administration = [.init(organizationID: id, organization: hostile, tasks: [task],
                                     programs: [ProgramSummary(id: id, name: hostile, forms: hostile, period: hostile, stage: 2, stageName: hostile,
                                                               overdueItems: 1, health: .lagging, healthName: hostile)],
                                     ownTarget: "80", federalTarget: 70)]
        page.coordinator = [.init(title: hostile, regionTarget: 70, regionHasOwnTarget: false, regionID: id,
                                  lagging: [.init(name: hostile, actual: "50,0 %", target: "70 %", href: "/orgs/\(id)/indicators")],
                                  laggingCount: 1, laggingLabel: hostile, unreported: 2, unreportedLabel: hostile, year: "2026/2027")]
        page.nextMeeting = .init(text: hostile, href: "/pairs/\(id)")
        page.participantTasks = [task]
        page.childTasks = [.init(text: hostile, href: "/me/children")]
        return page
    }
}
