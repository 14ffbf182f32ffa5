import Fluent
import MentorMatching
import Vapor

/// A program's pairs and groups (stage 5), the overview: the counts, the pairs a page at a time,
/// the mentees without a mentor with the support noted for them, and the curator's record of a
/// side's answer. The other pages of the area hang below it, each in its own controller:
/// `MatchingController` (matching by questionnaires), `ProposalController` (the draft),
/// `ProposeController` (the curator's proposal after a meeting), `PairOrderController` (the
/// order and the spreadsheet) and `MentorMatchController`. Every change goes through `PairingService`.
struct PairsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Pairs.index, use: index)
        routes.on(SiteRoute.Pairs.memberAnswer, use: answer)
        routes.on(SiteRoute.Pairs.searchNote, use: saveSearchNote)
        try routes.register(collection: MatchingController())
        try routes.register(collection: ProposalController())
        try routes.register(collection: ProposeController())
        try routes.register(collection: PairOrderController())
    }

    /// GET /orgs/:organizationID/programs/:programID/pairs
    @Sendable func index(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        return try await Self.indexPage(req, organization: organization, program: program, form: FormState())
    }

    /// POST …/pairs/members/:memberID/answer — the curator records a side's answer given on paper
    /// or in person (the side's own answer comes through «Мои пары»).
    @Sendable func answer(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        guard let side = PairingAnswers.Side(rawValue: values["side"] ?? ""), let answer = PairingAnswer(rawValue: values["answer"] ?? "") else {
            throw AppError.badRequest("Не указано, чей ответ и какой.")
        }
        let back = SiteRoute.Pairs.index.path(organization.id!, program.id!)
        do {
            let (_, outcome) = try await PairingService.answer(memberID: try req.parameters.require("memberID", as: UUID.self), side: side, answer: answer,
                                                               note: values["note"], program: program, by: req.auditActor, on: req.db)
            let message = switch outcome {
            case .formed: "Обе стороны согласны: пара сформирована."
            case .declined: "Отказ записан: наставляемый возвращён к поиску наставника."
            case .waiting: "Ответ записан. Ждём ответа второй стороны."
            }
            return req.redirect(to: back, flash: FlashMessage(.success, message))
        } catch {
            guard let message = PairingRefusal.message(error) else { throw error }
            return req.redirect(to: back, flash: FlashMessage(.error, message))
        }
    }

    /// POST …/pairs/search-notes/:menteeID — support given while the search goes on.
    @Sendable func saveSearchNote(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        guard let menteeID = req.parameters.get("menteeID", as: UUID.self) else { throw AppError.notFound }
        try await PairingService.saveSearchNote(menteeID: menteeID, support: try req.formValues()["support"] ?? "", program: program,
                                                by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.Pairs.index.path(organization.id!, program.id!) + "#unmatched", flash: FlashMessage(.success, "Заметка о поддержке сохранена."))
    }

    /// The overview page; pages whose form is refused (the matching, the order) draw it again with
    /// what was typed and why.
    static func indexPage(_ req: Request, organization: Organization, program: Program, form: FormState,
                          status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID(), programID = try program.requireID()
        // Regional coordinators may view programs but never children's names.
        let showsNames = req.may(.manageBases, in: organization)
        let canManage = req.may(.formPairs, in: organization)
        // The pairs' pages keep the candidate lists' search and pages, and lead to the page's GET even after a refused POST.
        let kept = CandidateLists.keptQuery(req, filter: showsNames ? PairingCandidates.Filter(request: req) : PairingCandidates.Filter())
            .filter { $0.key != "page" }
        let ownPath = SiteRoute.Pairs.index.path(organization.id!, program.id!)
        let requested = Pagination(request: req, total: Int.max / 2)
        var overview = try await PairsOverview.load(programID: programID, offset: requested.offset, limit: requested.perPage, on: req.db)
        var pagination = Pagination(request: req, total: overview.total, baseQuery: kept, path: ownPath)
        if pagination.offset != requested.offset {
            // A page number past the end shows the last page.
            overview = try await PairsOverview.load(programID: programID, offset: pagination.offset, limit: pagination.perPage, on: req.db)
            pagination = Pagination(request: req, total: overview.total, baseQuery: kept, path: ownPath)
        }
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: req.db)
        let mentorSide = try await PairingCandidates.mentorSide(program: program, on: req.db)
        // Whoever sees no names gets no search either: counts of a filter by surname would spell the names out.
        let lists = try await CandidateLists.load(req, program: program, catalogue: catalogue, path: ownPath,
                                                  excludedMentors: mentorSide.excluded, filtering: showsNames)
        let notes = try await SearchNote.query(on: req.db).filter(\.$programID == programID)
            .filter(\.$mentee.$id ~~ lists.unmatched.compactMap(\.id)).all()
        let noteByMentee = Dictionary(notes.map { ($0.$mentee.id, $0.support) }, uniquingKeysWith: { a, _ in a })
        let draftCount = try await Pairing.query(on: req.db).filter(\.$program.$id == programID).filter(\.$status == .draft).count()
        let run = try await MatchingRun.query(on: req.db).filter(\.$program.$id == programID).sort(\.$createdAt, .descending).first()
        let sessions = try await MentorMatchSession.query(on: req.db).filter(\.$program.$id == programID).sort(\.$heldOn, .descending).all()

        return try await req.page(
            "pairing/index", title: "Пары и группы",
            breadcrumbs: PairingPaths.breadcrumbs(organization, program, "Пары и группы"),
            organization: organization, form: form, status: status,
            content: IndexPage(
                organizationID: organizationID, programID: programID, programName: program.name, canManage: canManage, showsNames: showsNames,
                formedCount: overview.formedCount, groupCount: overview.groupCount, waitingCount: overview.waitingCount,
                draftCount: draftCount,
                pairings: showsNames ? overview.page.map { row($0, showsNames: showsNames) } : [], pairingsTotal: overview.total, pagination: pagination,
                unmatched: showsNames ? lists.unmatched.map { mentee in
                    UnmatchedRow(id: mentee.id!, name: mentee.fullName, className: mentee.className ?? "", form: mentee.form.russianName,
                                 requests: mentee.requests.map { catalogue.name(of: $0) }.joined(separator: ", "),
                                 support: noteByMentee[mentee.id!] ?? "")
                } : [],
                unmatchedTotal: lists.view.total, candidates: showsNames ? lists.view : lists.view.withoutNames,
                excluded: showsNames ? lists.excluded : [], excludedTotal: lists.excludedTotal,
                mentorSeats: mentorSide.seats.values.reduce(0, +),
                weights: weightRows(run: run, values: form.values),
                objectives: objectives(run: run, values: form.values),
                previousPairs: MatchingRunner.PreviousPairs.allCases.map {
                    SelectOption($0.rawValue, $0.russianName, selected: (form.values["previousPairs"] ?? run?.previousPairs ?? "avoid") == $0.rawValue)
                },
                lastRun: run.map(runSummary),
                sessions: sessions.map {
                    SessionRow(id: $0.id!, heldOn: CalendarDay(iso: $0.heldOn)?.russian ?? $0.heldOn, startsAt: $0.startsAt, place: $0.place,
                               people: "наставников: \($0.mentors.count), наставляемых: \($0.mentees.count)", pairsFormed: $0.pairsFormedAt != nil)
                },
                schemeHints: schemeHints(program.forms, kind: organization.kind),
                unfixedCount: overview.unfixedCount))
    }
}
