import Foundation
@testable import NastavnikApp

extension LeafRenderTests {
    static let guardianPages = ["participants/children"]

    /// «Мои дети» with a child, consents valid and missing, a proposal awaiting the representative.
    func renderGuardians(render: (String, any Encodable) async throws -> Void, id: UUID) async throws {
        let h = Self.hostile
        // The empty page first: the last render of a template is the one checked for escaping.
        try await render("participants/children", MyChildrenController.Page(children: []))
        try await render("participants/children", MyChildrenController.Page(children: [.init(
            id: id, fullName: h, className: h, organization: h,
            consents: [.init(purpose: h, state: h, valid: true, code: "processing", consentID: id, source: h, text: h, textHash: h),
                       .init(purpose: h, state: "нет", valid: false, code: h, consentID: nil, source: "", text: h, textHash: h)],
            proposals: [.init(memberID: id, mentor: h, mentorDetail: h, program: h, scheme: h, statusName: h, menteeAnswer: h, mentorAnswer: h,
                              childAgreed: true, mayAnswer: true),
                        .init(memberID: id, mentor: h, mentorDetail: "", program: h, scheme: h, statusName: h, menteeAnswer: h, mentorAnswer: h,
                              childAgreed: false, mayAnswer: false)],
            kind: "mentees", agreement: h, programs: [.init(name: h, organization: h, period: h, stage: h, childPlace: h)])],
            confirmLabel: h))
    }

    /// A child for the home page's «Мои дети» panel, with a proposal awaiting the representative.
    static func guardianChildren(id: UUID) -> [MyChildrenController.Page.Child] {
        [.init(id: id, fullName: hostile, className: hostile, organization: hostile, consents: [], proposals: [
            .init(memberID: id, mentor: hostile, mentorDetail: hostile, program: hostile, scheme: hostile, statusName: hostile,
                  menteeAnswer: hostile, mentorAnswer: hostile, childAgreed: false, mayAnswer: true)])]
    }
}
