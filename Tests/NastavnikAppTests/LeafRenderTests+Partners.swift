import Foundation
@testable import NastavnikApp
import Vapor

extension LeafRenderTests {
    static let partnerPages = ["programs/partners", "programs/partner-index", "programs/partner-show"]

    /// The program's partners and the partner's «Программы партнёров» (issue 18), every branch filled.
    func renderPartners(render: (String, any Encodable) async throws -> Void, id: UUID) async throws {
        let h = Self.hostile
        try await render("programs/partners", ProgramPartnersController.Page(
            organizationID: id, programID: id, programName: h,
            partners: [.init(id: id, name: h, kind: h, nominated: 3, selected: 2, inPairs: 1)], freeText: [h, h], search: h,
            choices: [.init(id: id, name: h, kind: h, whereText: h)], canManage: true))
        try await render("programs/partner-index", PartnerProgramsController.IndexPage(
            organizationID: id, programs: [.init(id: id, name: h, host: h, forms: h, period: h, stageName: h, nominated: 3)]))
        try await render("programs/partner-show", PartnerProgramsController.ShowPage(
            organizationID: id, programID: id, name: h, host: h, forms: h, period: h, stageName: h, goals: h, curators: [h],
            nominations: [.init(mentorID: id, name: h, detail: h, consentName: h, hasConsent: false, selectionName: h, statusName: h, nominatedBy: h, mayWithdraw: true),
                          .init(mentorID: id, name: h, detail: h, consentName: h, hasConsent: true, selectionName: h, statusName: h, nominatedBy: h, mayWithdraw: false)],
            candidates: [.init(id: id, name: h, detail: h, consentName: h, hasConsent: true)],
            pairs: [.init(mentorName: h, statusName: h, formedOn: "01.10.2026",
                          members: [.init(initials: h, className: h, statusName: h), .init(initials: h, className: "", statusName: h)],
                          meetings: [.init(day: "02.10.2026", kindName: h, statusName: h)], heldMeetings: 1),
                    .init(mentorName: h, statusName: h, formedOn: "", members: [], meetings: [], heldMeetings: 0)]))
    }
}
