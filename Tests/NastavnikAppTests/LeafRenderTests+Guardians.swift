import Foundation
@testable import NastavnikApp

extension LeafRenderTests {
    static let guardianPages = ["participants/children"]

    /// «Мои дети» with a child, consents valid and missing, a proposal awaiting the representative.
    func renderGuardians(render: (String, any Encodable) async throws -> Void, id: UUID) async throws {
        let h = Self.hostile
        try await render("participants/children", MyChildrenController.Page(children: [.init(
            id: id, fullName: h, className: h, organization: h,
            consents: [.init(purpose: h, state: h, valid: true), .init(purpose: h, state: "нет", valid: false)],
            proposals: [.init(memberID: id, mentor: h, mentorDetail: h, program: h, scheme: h, statusName: h, menteeAnswer: h, mentorAnswer: h,
                              childAgreed: true, mayAnswer: true),
                        .init(memberID: id, mentor: h, mentorDetail: "", program: h, scheme: h, statusName: h, menteeAnswer: h, mentorAnswer: h,
                              childAgreed: false, mayAnswer: false)])]))
        try await render("participants/children", MyChildrenController.Page(children: []))
    }
}
