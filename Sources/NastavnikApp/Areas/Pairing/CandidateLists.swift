import Fluent
import Foundation
import Vapor

/// The filter and paging of the candidate lists on a program's pairs page, as the page prints
/// them: the mentees without a mentor and those who cannot be paired, each a page at a time, both
/// kept when the other list or the pairs turn a page.
struct CandidateListView: Encodable, Sendable {
    /// Mentees without a mentor who may be paired now, all of them; `found` as the filter leaves them.
    var total = 0
    var found = 0
    var search = ""
    var className = ""
    var request = ""
    var filtered = false
    var classes: [SelectOption] = []
    var requests: [SelectOption] = []
    var pagination: Pagination?
    var excludedPagination: Pagination?
    /// The page's own address (GET): the search form and «Сбросить» lead there, also from a page drawn after a refused POST.
    var action = ""
    /// The page's own list (`?page=`: the pairs, the draft) stays where it was when the search changes.
    var keptPage = ""

    init(total: Int = 0, found: Int = 0) {
        self.total = total
        self.found = found
    }

    /// The filter as the form shows it, with the organization's classes and requests to choose from.
    init(filter: PairingCandidates.Filter, total: Int, found: Int, program: Program, catalogue: RequestCatalogue, on db: any Database) async throws {
        self.init(total: total, found: found)
        search = filter.search
        className = filter.className ?? ""
        request = filter.request ?? ""
        filtered = !filter.isEmpty
        let names = try await BaseListFilter.classNames(organizationID: program.$organization.id, on: db)
        classes = [SelectOption("", "все", selected: filter.className == nil)] + names.map { SelectOption($0, $0, selected: $0 == filter.className) }
        requests = [SelectOption("", "любой", selected: filter.request == nil)]
            + catalogue.items.map { SelectOption($0.code, $0.name, selected: $0.code == filter.request) }
    }

    /// What a regional coordinator sees: the numbers only.
    var withoutNames: CandidateListView {
        CandidateListView(total: total, found: total)
    }
}

/// One page of each candidate list of the program, counted and read by the database.
struct CandidateLists {
    static let perPage = 50

    var view: CandidateListView
    var unmatched: [Mentee]
    var excluded: [PairingCandidates.Excluded]
    var excludedTotal: Int

    /// What each list of the pairs page keeps in its links: the filter and every list's page
    /// (the pairs' own `page`, `candidatesPage`, `excludedPage`); a list drops its own parameter.
    static func keptQuery(_ req: Request, filter: PairingCandidates.Filter) -> [String: String] {
        var kept = filter.query
        for key in ["page", "candidatesPage", "excludedPage"] { kept[key] = req.query[String.self, at: key] ?? "" }
        return kept
    }

    /// `excludedMentors`, the selected mentors who may not be paired, come first, on the first page
    /// and while no filter is set (the filter is about mentees).
    static func load(_ req: Request, program: Program, catalogue: RequestCatalogue, path: String,
                     excludedMentors: [PairingCandidates.Excluded], filtering: Bool = true) async throws -> CandidateLists {
        let filter = filtering ? PairingCandidates.Filter(request: req) : PairingCandidates.Filter()
        let kept = keptQuery(req, filter: filter)
        func others(_ parameter: String) -> [String: String] { kept.filter { $0.key != parameter } }

        let (pagination, unmatched) = try await PairingCandidates.page(try PairingCandidates.eligibleMentees(program, filter: filter, on: req.db)) {
            Pagination(request: req, total: $0, perPage: perPage, baseQuery: others("candidatesPage"), parameter: "candidatesPage", anchor: "unmatched",
                       path: path)
        }
        let (excludedPagination, excludedMentees) = try await PairingCandidates.page(try PairingCandidates.excludedMentees(program, filter: filter, on: req.db)) {
            Pagination(request: req, total: $0, perPage: perPage, baseQuery: others("excludedPage"), parameter: "excludedPage", anchor: "excluded",
                       path: path)
        }
        let mentors = filter.isEmpty ? excludedMentors : []
        let total = filter.isEmpty ? pagination.total : try await PairingCandidates.eligibleMentees(program, on: req.db).count()
        var view = try await CandidateListView(filter: filter, total: total, found: pagination.total, program: program, catalogue: catalogue, on: req.db)
        view.pagination = pagination
        view.excludedPagination = excludedPagination
        view.action = path
        view.keptPage = req.query[String.self, at: "page"] ?? ""
        return CandidateLists(
            view: view,
            unmatched: unmatched,
            excluded: (excludedPagination.page == 1 ? mentors : []) + (try await PairingCandidates.excludedRows(excludedMentees, on: req.db)),
            excludedTotal: excludedPagination.total + mentors.count)
    }
}

/// The mentees a form offers to choose from (a pair added by hand, a pair after a meeting, a Mentor
/// Match meeting): the first `limit` the filter finds, with the chosen ones kept even when further down.
struct MenteeChoices {
    var view: CandidateListView
    var mentees: [Mentee]

    static func load(_ req: Request, program: Program, catalogue: RequestCatalogue, path: String, chosen: [String] = [],
                     limit: Int = 100) async throws -> MenteeChoices {
        let filter = PairingCandidates.Filter(request: req)
        let total = try await PairingCandidates.eligibleMentees(program, on: req.db).count()
        let query = try PairingCandidates.eligibleMentees(program, filter: filter, on: req.db)
        let found = filter.isEmpty ? total : try await query.copy().count()
        var mentees = try await query.copy().limit(limit).all()
        // The ones already chosen stay offered (and chosen) whatever the filter, so a refused form loses none.
        let wanted = chosen.compactMap(UUID.init(uuidString:)).filter { id in !mentees.contains { $0.id == id } }
        if !wanted.isEmpty {
            mentees.insert(contentsOf: try await PairingCandidates.eligibleMentees(program, on: req.db).filter(\.$id ~~ wanted).all(), at: 0)
        }
        var view = try await CandidateListView(filter: filter, total: total, found: found, program: program, catalogue: catalogue, on: req.db)
        view.action = path
        view.keptPage = req.query[String.self, at: "page"] ?? ""
        return MenteeChoices(view: view, mentees: mentees)
    }
}
