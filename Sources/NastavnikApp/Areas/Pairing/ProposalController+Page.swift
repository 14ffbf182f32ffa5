import Fluent
import Vapor

/// The draft's page (`pairing/proposal`): its rows, its counts and the form adding a pair by hand.
extension ProposalController {
    struct Row: Encodable {
        let memberID: UUID
        let menteeName: String
        let className: String
        let requests: String
        let mentorID: UUID
        let mentorName: String
        let score: Int?
        let explanation: [String]
        let repeatsPrevious: Bool
    }

    struct Page: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let rows: [Row]
        let total: Int
        let groupCount: Int
        let averageScore: Int
        let mentors: [SelectOption]
        let unmatched: [SelectOption]
        let unmatchedCount: Int
        let pagination: Pagination
        /// Why the last change was refused.
        let errors: [String]
        /// The search among the mentees without a mentor, for adding a pair by hand.
        var candidates = CandidateListView()
    }

    static func page(_ req: Request, organization: Organization, program: Program, form: FormState,
                     status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID(), programID = try program.requireID()
        let ownPath = SiteRoute.Pairs.proposal.path(organization.id!, program.id!)
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: req.db)
        let draft = try await DraftProposal.counts(programID: programID, on: req.db)
        // The draft's pages keep the candidate search and lead to the page's GET even after a refused POST.
        let pagination = Pagination(request: req, total: draft.total, baseQuery: PairingCandidates.Filter(request: req).query, path: ownPath)
        let rows = try await DraftProposal.places(programID: programID, offset: pagination.offset, limit: pagination.perPage, on: req.db).map { member in
            Row(memberID: member.id!, menteeName: member.mentee.fullName, className: member.mentee.className ?? "",
                requests: member.mentee.requests.map { catalogue.name(of: $0) }.joined(separator: ", "),
                mentorID: member.pairing.$mentor.id, mentorName: member.pairing.mentor.fullName, score: member.score,
                explanation: member.explanationLines, repeatsPrevious: member.pairing.repeatsPrevious)
        }
        let mentorSide = try await PairingCandidates.mentorSide(program: program, on: req.db)
        let choices = try await MenteeChoices.load(req, program: program, catalogue: catalogue, path: ownPath,
                                                   chosen: [form.values["menteeID"]].compactMap { $0 })
        return try await req.page(
            "pairing/proposal", title: "Предложение пар",
            breadcrumbs: PairingPaths.belowPairs(organization, program, "Предложение"),
            organization: organization, form: form, status: status,
            content: Page(
                organizationID: organizationID, programID: programID, programName: program.name,
                rows: rows, total: draft.total, groupCount: draft.groupCount, averageScore: draft.averageScore,
                mentors: mentorSide.mentors.map {
                    SelectOption($0.id!.uuidString, "\($0.fullName) — свободно мест: \(mentorSide.seats[$0.id!] ?? 0)", selected: form.values["mentorID"] == $0.id!.uuidString)
                },
                unmatched: choices.mentees.map {
                    SelectOption($0.id!.uuidString, [$0.fullName, $0.className].compactMap { $0 }.joined(separator: ", "), selected: form.values["menteeID"] == $0.id!.uuidString)
                },
                unmatchedCount: choices.view.total, pagination: pagination,
                errors: form.errors.sorted { $0.key < $1.key }.map(\.value), candidates: choices.view))
    }
}
