import Fluent
import MentorMatching
import Vapor

/// A program's pairs and groups (stage 5): the overview, matching by questionnaires with the
/// curator's weights, the editable proposal, the curator's proposal after a meeting, both sides'
/// answers, the search notes for mentees left without a mentor, and the order fixing the pairs.
struct PairsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pairs = routes.grouped("orgs", ":organizationID", "programs", ":programID", "pairs")
        pairs.get(use: index)
        pairs.post("match", use: match)
        pairs.get("proposal", use: proposal)
        pairs.post("proposal", "members", ":memberID", "remove", use: remove)
        pairs.post("proposal", "members", ":memberID", "reassign", use: reassign)
        pairs.post("proposal", "swap", use: swap)
        pairs.post("proposal", "add", use: add)
        pairs.post("proposal", "send", use: send)
        pairs.get("propose", use: proposeForm)
        pairs.post("propose", use: propose)
        pairs.post("members", ":memberID", "answer", use: answer)
        pairs.post("search-notes", ":menteeID", use: saveSearchNote)
        pairs.get("order.docx", use: orderDocument)
        pairs.get("pairs.xlsx", use: spreadsheet)
        pairs.post("order", use: fixByOrder)
    }

    // MARK: Pages' content

    struct MemberRow: Encodable {
        let id: UUID
        let menteeName: String
        let className: String
        let score: Int?
        let explanation: [String]
        let menteeAnswer: String
        let mentorAnswer: String
        let menteeAnswerName: String
        let mentorAnswerName: String
        let isAgreed: Bool
        let isDeclined: Bool
        let isMinor: Bool
        /// A pupil or student mentor under 18: the curator records the representative's agreement.
        var mentorIsMinor = false
    }

    struct PairingRow: Encodable {
        let id: UUID
        let mentorID: UUID
        let mentorName: String
        let form: String
        let scheme: String
        let status: String
        let statusName: String
        let isGroup: Bool
        let repeatsPrevious: Bool
        let meeting: String
        let order: String
        let members: [MemberRow]
    }

    struct UnmatchedRow: Encodable {
        let id: UUID
        let name: String
        let className: String
        let form: String
        let requests: String
        let support: String
    }

    struct WeightRow: Encodable {
        let criterion: String
        let name: String
        let weight: Int
        let required: Bool
    }

    struct RunSummary: Encodable {
        let at: String
        let byName: String
        let menteeCount: Int
        let mentorCount: Int
        let matchedCount: Int
        let unmatchedCount: Int
        let totalScore: Int
        let milliseconds: Int
        let sent: Bool
        /// The weights that produced the draft, as the curator set them: «запрос — 10 (обязательный), …».
        var weights: String = ""
    }

    struct SessionRow: Encodable {
        let id: UUID
        let heldOn: String
        let startsAt: String
        let place: String
        let people: String
        let pairsFormed: Bool
    }

    struct IndexPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let canManage: Bool
        /// False for regional coordinators: they see the numbers only, never a participant's name.
        var showsNames: Bool = true
        let formedCount: Int
        let groupCount: Int
        let waitingCount: Int
        let draftCount: Int
        /// One page of the program's pairs; `pairingsTotal` counts them all.
        let pairings: [PairingRow]
        let pairingsTotal: Int
        let pagination: Pagination
        /// One page of the mentees without a mentor, as the filter leaves them; `unmatchedTotal`
        /// counts all of them, `candidates.found` those the filter finds.
        let unmatched: [UnmatchedRow]
        let unmatchedTotal: Int
        var candidates = CandidateListView()
        /// One page of those who cannot be paired (a big school has thousands without a consent
        /// yet), the selected mentors among them on the first page.
        let excluded: [PairingCandidates.Excluded]
        let excludedTotal: Int
        let mentorSeats: Int
        let weights: [WeightRow]
        let objectives: [SelectOption]
        let previousPairs: [SelectOption]
        let lastRun: RunSummary?
        let sessions: [SessionRow]
        let schemeHints: [String]
        let unfixedCount: Int
    }

    // MARK: Overview

    /// GET /orgs/:organizationID/programs/:programID/pairs
    @Sendable func index(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        return try await indexPage(req, organization: organization, program: program, form: FormState())
    }

    private func indexPage(_ req: Request, organization: Organization, program: Program, form: FormState,
                           status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID(), programID = try program.requireID()
        // Regional coordinators may view programs but never children's names.
        let showsNames = req.may(.manageBases, in: organization)
        let canManage = req.may(.formPairs, in: organization)
        // The pairs' pages keep the candidate lists' search and pages, and lead to the page's GET even after a refused POST.
        let kept = CandidateLists.keptQuery(req, filter: showsNames ? PairingCandidates.Filter(request: req) : PairingCandidates.Filter())
            .filter { $0.key != "page" }
        let ownPath = Self.path(organization, program)
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
        let weights = run.flatMap { try? JSONDecoder().decode(ScoringWeights.self, from: Data($0.weights.utf8)) } ?? .standard
        let sessions = try await MentorMatchSession.query(on: req.db).filter(\.$program.$id == programID).sort(\.$heldOn, .descending).all()
        let values = form.values

        return try await req.page(
            "pairing/index", title: "Пары и группы",
            breadcrumbs: Self.breadcrumbs(organization, program, "Пары и группы"),
            organization: organization, form: form, status: status,
            content: IndexPage(
                organizationID: organizationID, programID: programID, programName: program.name, canManage: canManage, showsNames: showsNames,
                formedCount: overview.formedCount, groupCount: overview.groupCount, waitingCount: overview.waitingCount,
                draftCount: draftCount,
                pairings: showsNames ? overview.page.map { Self.row($0, showsNames: showsNames) } : [], pairingsTotal: overview.total, pagination: pagination,
                unmatched: showsNames ? lists.unmatched.map { mentee in
                    UnmatchedRow(id: mentee.id!, name: mentee.fullName, className: mentee.className ?? "", form: mentee.form.russianName,
                                 requests: mentee.requests.map { catalogue.name(of: $0) }.joined(separator: ", "),
                                 support: noteByMentee[mentee.id!] ?? "")
                } : [],
                unmatchedTotal: lists.view.total, candidates: showsNames ? lists.view : lists.view.withoutNames,
                excluded: showsNames ? lists.excluded : [], excludedTotal: lists.excludedTotal,
                mentorSeats: mentorSide.seats.values.reduce(0, +),
                weights: Criterion.allCases.map { criterion in
                    let setting = weights.setting(for: criterion)
                    return WeightRow(criterion: criterion.rawValue, name: criterion.russianName.capitalizedFirst,
                                     weight: Int(values["weight-\(criterion.rawValue)"] ?? "") ?? setting.weight,
                                     required: values.isEmpty ? setting.required : values["required-\(criterion.rawValue)"] != nil)
                },
                objectives: [SelectOption(MatchingObjective.maxMatchedThenScore.rawValue, "Сначала как можно больше пар, затем те, что лучше всего подходят друг другу",
                                          selected: (values["objective"] ?? run?.objective) != MatchingObjective.maxScore.rawValue),
                             SelectOption(MatchingObjective.maxScore.rawValue, "Только пары, которые лучше всего подходят друг другу, даже если кто-то останется без наставника",
                                          selected: (values["objective"] ?? run?.objective) == MatchingObjective.maxScore.rawValue)],
                previousPairs: MatchingRunner.PreviousPairs.allCases.map {
                    SelectOption($0.rawValue, $0.russianName, selected: (values["previousPairs"] ?? run?.previousPairs ?? "avoid") == $0.rawValue)
                },
                lastRun: run.map { run in
                    RunSummary(at: run.createdAt.map(Self.dateTime) ?? "", byName: run.createdByName, menteeCount: run.menteeCount,
                               mentorCount: run.mentorCount, matchedCount: run.matchedCount, unmatchedCount: run.menteeCount - run.matchedCount,
                               totalScore: run.totalScore, milliseconds: run.milliseconds, sent: run.sentAt != nil,
                               weights: MatchingRunner.weightsText(weights))
                },
                sessions: sessions.map {
                    SessionRow(id: $0.id!, heldOn: CalendarDay(iso: $0.heldOn)?.russian ?? $0.heldOn, startsAt: $0.startsAt, place: $0.place,
                               people: "наставников: \($0.mentors.count), наставляемых: \($0.mentees.count)", pairsFormed: $0.pairsFormedAt != nil)
                },
                schemeHints: Self.schemeHints(program.forms, kind: organization.kind),
                unfixedCount: overview.unfixedCount))
    }

    static func row(_ pairing: Pairing, showsNames: Bool) -> PairingRow {
        let members = pairing.members.sorted { $0.position < $1.position }
        return PairingRow(
            id: pairing.id!, mentorID: pairing.$mentor.id, mentorName: pairing.mentor.fullName, form: pairing.form.russianName,
            scheme: pairing.scheme.russianName, status: pairing.status.rawValue, statusName: pairing.status.russianName,
            isGroup: members.count > 1, repeatsPrevious: pairing.repeatsPrevious,
            meeting: [pairing.meetingOn.flatMap(CalendarDay.init(iso:))?.russian, pairing.meetingNote].compactMap { $0 }.joined(separator: " — "),
            order: pairing.orderNumber.map { "Приказ № \($0)" + (pairing.orderOn.flatMap(CalendarDay.init(iso:)).map { " от \($0.russian)" } ?? "") } ?? "",
            members: members.map { member in
                MemberRow(id: member.id!, menteeName: showsNames ? member.mentee.fullName : "Наставляемый",
                          className: showsNames ? member.mentee.className ?? "" : "",
                          score: member.score, explanation: member.explanationLines,
                          menteeAnswer: member.menteeAnswer.rawValue, mentorAnswer: member.mentorAnswer.rawValue,
                          menteeAnswerName: member.menteeAnswer.russianName + (member.menteeAnswerNote.map { " (\($0))" } ?? ""),
                          mentorAnswerName: member.mentorAnswer.russianName + (member.mentorAnswerNote.map { " (\($0))" } ?? ""),
                          isAgreed: member.isAgreed, isDeclined: member.isDeclined, isMinor: member.mentee.isMinor,
                          mentorIsMinor: pairing.mentor.isMinor)
            })
    }

    /// What the seeds say about the schemes for the program's forms.
    static func schemeHints(_ forms: [MentoringForm], kind: OrganizationKind) -> [String] {
        var hints = ["Пара или группа формируется только с согласия обеих сторон; за несовершеннолетнего наставляемого согласие на обработку данных даёт законный представитель."]
        if forms.contains(.employerPupil) || forms.contains(.employerStudent) {
            hints.append("Для форм «работодатель – ученик» и «работодатель – студент» пары формируются после дня открытых дверей на предприятии, с отзывами наставляемых.")
        }
        if forms.contains(.teacherTeacher) {
            hints.append("Для формы «\(MentoringForm.teacherTeacher.russianName(in: kind))» пара закрепляется после личной встречи и обсуждения вопросов.")
        }
        hints.append("Предложение куратора без личной встречи не рекомендуется, если цель шире адаптации или повышения успеваемости.")
        return hints
    }

    static func breadcrumbs(_ organization: Organization, _ program: Program, _ last: String, extra: [Breadcrumb] = []) -> [Breadcrumb] {
        let organizationID = organization.id!, programID = program.id!
        return [.init(organization.shortName, "/orgs/\(organizationID)"), .init("Программы", "/orgs/\(organizationID)/programs"),
                .init(program.name, "/orgs/\(organizationID)/programs/\(programID)")] + extra + [.init(last)]
    }

    static func path(_ organization: Organization, _ program: Program, _ tail: String = "") -> String {
        "/orgs/\(organization.id!)/programs/\(program.id!)/pairs" + tail
    }

    static func dateTime(_ date: Date) -> String {
        RussianDate.dateTime(date)
    }

    // MARK: Matching by questionnaires

    /// POST …/pairs/match — runs the matching with the weights from the form.
    @Sendable func match(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        var settings = [Criterion: CriterionSetting]()
        var errors: [String: String] = [:]
        for criterion in Criterion.allCases {
            let text = (values["weight-\(criterion.rawValue)"] ?? "0").trimmingCharacters(in: .whitespaces)
            guard let weight = Int(text), (0...10).contains(weight) else {
                errors["weights"] = "Вес критерия «\(criterion.russianName)» — целое число от 0 до 10."
                continue
            }
            settings[criterion] = CriterionSetting(weight: weight, required: values["required-\(criterion.rawValue)"] != nil)
        }
        if errors.isEmpty && settings.values.allSatisfy({ $0.weight == 0 && !$0.required }) {
            errors["weights"] = "Задайте вес хотя бы одному критерию."
        }
        let objective = MatchingObjective(rawValue: values["objective"] ?? "") ?? .maxMatchedThenScore
        guard objective != .stable, let previous = MatchingRunner.PreviousPairs(rawValue: values["previousPairs"] ?? "avoid") else {
            throw AppError.badRequest("Неизвестная цель подбора.")
        }
        if !errors.isEmpty {
            return try await indexPage(req, organization: organization, program: program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        let actor = req.principal?.fullName ?? ""
        let weights = ScoringWeights(settings)
        let run = try await req.db.transaction { db in
            try await MatchingRunner.run(program: program, settings: .init(weights: weights, objective: objective, previousPairs: previous),
                                         actorName: actor, on: db)
        }
        try await req.audit(.matchingRun, organizationID: organization.id, objectType: "program", objectID: program.id,
                            details: "пар: \(run.matchedCount) из \(run.menteeCount), наставников: \(run.mentorCount)")
        let message = run.menteeCount == 0
            ? "Подбирать некого: в программе нет наставляемых без пары с действующим согласием."
            : "Подбор выполнен за \(run.milliseconds) мс: наставник предложен \(run.matchedCount) из \(run.menteeCount) наставляемых. Проверьте предложение и отправьте его сторонам."
        return req.redirect(to: Self.path(organization, program, "/proposal"), flash: FlashMessage(run.menteeCount == 0 ? .warning : .success, message))
    }

    // MARK: The proposal

    struct ProposalRow: Encodable {
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

    struct ProposalPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let rows: [ProposalRow]
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

    /// GET …/pairs/proposal — the draft, a page of rows at a time.
    @Sendable func proposal(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        return try await proposalPage(req, organization: organization, program: program, form: FormState())
    }

    private func proposalPage(_ req: Request, organization: Organization, program: Program, form: FormState,
                              status: HTTPResponseStatus = .ok) async throws -> Response {
        let organizationID = try organization.requireID(), programID = try program.requireID()
        let catalogue = try await RequestCatalogue.load(organizationID: organizationID, on: req.db)
        let draft = try await DraftProposal.counts(programID: programID, on: req.db)
        // The draft's pages keep the candidate search and lead to the page's GET even after a refused POST.
        let pagination = Pagination(request: req, total: draft.total, baseQuery: PairingCandidates.Filter(request: req).query,
                                    path: Self.path(organization, program, "/proposal"))
        let rows = try await DraftProposal.places(programID: programID, offset: pagination.offset, limit: pagination.perPage, on: req.db).map { member in
            ProposalRow(memberID: member.id!, menteeName: member.mentee.fullName, className: member.mentee.className ?? "",
                        requests: member.mentee.requests.map { catalogue.name(of: $0) }.joined(separator: ", "),
                        mentorID: member.pairing.$mentor.id, mentorName: member.pairing.mentor.fullName, score: member.score,
                        explanation: member.explanationLines, repeatsPrevious: member.pairing.repeatsPrevious)
        }
        let mentorSide = try await PairingCandidates.mentorSide(program: program, on: req.db)
        let choices = try await MenteeChoices.load(req, program: program, catalogue: catalogue, path: Self.path(organization, program, "/proposal"),
                                                   chosen: [form.values["menteeID"]].compactMap { $0 })
        return try await req.page(
            "pairing/proposal", title: "Предложение пар",
            breadcrumbs: Self.breadcrumbs(organization, program, "Предложение", extra: [.init("Пары и группы", Self.path(organization, program))]),
            organization: organization, form: form, status: status,
            content: ProposalPage(
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

    private func proposalAction(_ req: Request, details: String, _ action: @escaping @Sendable (Organization, Program, any Database) async throws -> Void) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        do {
            // The draft is locked first, and everything the action reads comes after (`lockDraft`).
            try await req.db.transaction { db in
                try await PairingProposals.lockDraft(programID: program.requireID(), on: db)
                try await action(organization, program, db)
            }
        } catch AppError.validation(let errors) {
            return try await proposalPage(req, organization: organization, program: program,
                                          form: FormState(values: (try? req.formValues()) ?? [:], errors: errors), status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await proposalPage(req, organization: organization, program: program,
                                          form: FormState(values: (try? req.formValues()) ?? [:], errors: ["form": message]), status: .conflict)
        }
        try await req.audit(.pairingProposalEdited, organizationID: organization.id, objectType: "program", objectID: program.id, details: details)
        return req.redirect(to: Self.path(organization, program, "/proposal"), flash: FlashMessage(.success, "Предложение изменено."))
    }

    /// POST …/pairs/proposal/members/:memberID/remove
    @Sendable func remove(req: Request) async throws -> Response {
        try await proposalAction(req, details: "убран наставляемый") { _, program, db in
            let member = try await PairingProposals.member(try req.parameters.require("memberID", as: UUID.self), programID: program.requireID(), on: db)
            try await PairingProposals.remove(member, on: db)
        }
    }

    /// POST …/pairs/proposal/members/:memberID/reassign — another mentor with a free seat.
    @Sendable func reassign(req: Request) async throws -> Response {
        try await proposalAction(req, details: "другой наставник") { organization, program, db in
            let member = try await PairingProposals.member(try req.parameters.require("memberID", as: UUID.self), programID: program.requireID(), on: db)
            let mentor = try await Self.mentor(req, field: "mentorID", organization: organization, on: db)
            try await PairingProposals.reassign(member, to: mentor, program: program, actorName: req.principal?.fullName ?? "", on: db)
        }
    }

    /// POST …/pairs/proposal/swap — two mentees exchange mentors.
    @Sendable func swap(req: Request) async throws -> Response {
        try await proposalAction(req, details: "обмен наставниками") { _, program, db in
            let values = try req.formValues()
            guard let first = values["first"].flatMap(UUID.init(uuidString:)), let second = values["second"].flatMap(UUID.init(uuidString:)), first != second else {
                throw AppError.validation(["second": "Выберите двух разных наставляемых."])
            }
            try await PairingProposals.swap(try await PairingProposals.member(first, programID: program.requireID(), on: db),
                                            try await PairingProposals.member(second, programID: program.requireID(), on: db),
                                            program: program, on: db)
        }
    }

    /// POST …/pairs/proposal/add — a mentee without a mentor, added by hand.
    @Sendable func add(req: Request) async throws -> Response {
        try await proposalAction(req, details: "добавлена пара вручную") { organization, program, db in
            let mentee = try await Self.mentee(req, field: "menteeID", organization: organization, on: db)
            let mentor = try await Self.mentor(req, field: "mentorID", organization: organization, on: db)
            try await PairingProposals.addToDraft(mentee: mentee, mentor: mentor, program: program, actorName: req.principal?.fullName ?? "", on: db)
        }
    }

    /// POST …/pairs/proposal/send — the draft goes to both sides for their consent.
    @Sendable func send(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let count = try await req.db.transaction { db in try await PairingProposals.send(programID: program.requireID(), on: db) }
        guard count > 0 else {
            return req.redirect(to: Self.path(organization, program, "/proposal"), flash: FlashMessage(.warning, "В предложении нет пар: отправлять нечего."))
        }
        try await req.audit(.pairingProposalSent, organizationID: organization.id, objectType: "program", objectID: program.id, details: "пар и групп: \(count)")
        return req.redirect(to: Self.path(organization, program), flash: FlashMessage(.success, "Предложение отправлено: \(count) пар и групп ждут согласия наставников и наставляемых."))
    }

    static func mentor(_ req: Request, field: String, organization: Organization, on db: any Database) async throws -> Mentor {
        guard let id = (try req.formValues())[field].flatMap(UUID.init(uuidString:)) else { throw AppError.validation([field: "Выберите наставника."]) }
        guard let mentor = try await Mentor.query(on: db).filter(\.$id == id).filter(ProgramPartners.organizationMentorCondition(organization.requireID())).first() else {
            throw AppError.validation([field: "Такого наставника нет в базе организации."])
        }
        return mentor
    }

    static func mentee(_ req: Request, field: String, organization: Organization, on db: any Database) async throws -> Mentee {
        guard let id = (try req.formValues())[field].flatMap(UUID.init(uuidString:)) else { throw AppError.validation([field: "Выберите наставляемого."]) }
        guard let mentee = try await Mentee.query(on: db).filter(\.$id == id).filter(\.$organization.$id == organization.requireID()).first() else {
            throw AppError.validation([field: "Такого наставляемого нет в базе организации."])
        }
        return mentee
    }

    // MARK: The curator's proposal after a meeting

    struct ProposePage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let mentees: [SelectOption]
        let mentors: [SelectOption]
        let schemes: [SelectOption]
        let hints: [String]
        /// The search among the mentees without a mentor: a big school has thousands.
        var candidates = CandidateListView()
    }

    /// GET …/pairs/propose
    @Sendable func proposeForm(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        var values: [String: String] = ["scheme": Self.defaultScheme(program.forms).rawValue]
        if let mentee = req.query[String.self, at: "mentee"] { values["menteeID"] = mentee }
        return try await proposePage(req, organization: organization, program: program, form: FormState(values: values))
    }

    static func defaultScheme(_ forms: [MentoringForm]) -> PairingScheme {
        if forms.allSatisfy({ $0 == .employerPupil || $0 == .employerStudent }) { return .openDay }
        if forms == [.teacherTeacher] { return .personalMeeting }
        return .curatorProposal
    }

    private func proposePage(_ req: Request, organization: Organization, program: Program, form: FormState,
                             status: HTTPResponseStatus = .ok) async throws -> Response {
        let values = form.values
        let catalogue = try await RequestCatalogue.load(organizationID: organization.requireID(), on: req.db)
        let mentorSide = try await PairingCandidates.mentorSide(program: program, on: req.db)
        let choices = try await MenteeChoices.load(req, program: program, catalogue: catalogue, path: Self.path(organization, program, "/propose"),
                                                   chosen: [values["menteeID"]].compactMap { $0 })
        return try await req.page(
            "pairing/propose", title: "Предложить пару",
            breadcrumbs: Self.breadcrumbs(organization, program, "Предложить пару", extra: [.init("Пары и группы", Self.path(organization, program))]),
            organization: organization, form: form, status: status,
            content: ProposePage(
                organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name,
                mentees: choices.mentees.map {
                    SelectOption($0.id!.uuidString, [$0.fullName, $0.className, $0.form.russianName(in: organization.kind)].compactMap { $0 }.joined(separator: ", "),
                                 selected: values["menteeID"] == $0.id!.uuidString)
                },
                mentors: mentorSide.mentors.map {
                    SelectOption($0.id!.uuidString, "\($0.fullName) — свободно мест: \(mentorSide.seats[$0.id!] ?? 0)", selected: values["mentorID"] == $0.id!.uuidString)
                },
                schemes: [PairingScheme.curatorProposal, .openDay, .personalMeeting].map {
                    SelectOption($0.rawValue, $0.russianName, selected: values["scheme"] == $0.rawValue)
                },
                hints: Self.schemeHints(program.forms, kind: organization.kind), candidates: choices.view))
    }

    /// POST …/pairs/propose — the pair goes to both sides at once.
    @Sendable func propose(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        do {
            var errors: [String: String] = [:]
            let scheme = PairingScheme(rawValue: values["scheme"] ?? "")
            if scheme == nil || scheme == .questionnaires || scheme == .mentorMatch { errors["scheme"] = "Выберите, после какой встречи предлагается пара." }
            let dayText = (values["meetingOn"] ?? "").trimmingCharacters(in: .whitespaces)
            let day = CalendarDay(iso: dayText)
            if dayText.isEmpty || day == nil { errors["meetingOn"] = "Укажите дату встречи." }
            let note = (values["meetingNote"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            if scheme == .openDay && note.isEmpty { errors["meetingNote"] = "Запишите отзыв наставляемого о дне открытых дверей." }
            if note.count > 2000 { errors["meetingNote"] = "Не более 2000 знаков." }
            if !errors.isEmpty { throw AppError.validation(errors) }
            let mentee = try await Self.mentee(req, field: "menteeID", organization: organization, on: req.db)
            let mentor = try await Self.mentor(req, field: "mentorID", organization: organization, on: req.db)
            let member = try await req.db.transaction { db in
                try await PairingProposals.propose(mentee: mentee, mentor: mentor, program: program,
                                                          meeting: .init(scheme: scheme!, heldOn: day, note: note),
                                                          actorName: req.principal?.fullName ?? "", on: db)
            }
            try await req.audit(.pairingProposed, organizationID: organization.id, objectType: "pairing", objectID: member.$pairing.id,
                                details: scheme!.russianName)
            return req.redirect(to: Self.path(organization, program),
                                flash: FlashMessage(.success, "Пара предложена (подходят друг другу на \(member.score ?? 0) из 100). Теперь обе стороны должны дать согласие."))
        } catch AppError.validation(let errors) {
            return try await proposePage(req, organization: organization, program: program, form: FormState(values: values, errors: errors),
                                         status: .unprocessableEntity)
        } catch AppError.conflict(let message) {
            return try await proposePage(req, organization: organization, program: program, form: FormState(values: values, errors: ["menteeID": message]),
                                         status: .conflict)
        }
    }

    // MARK: Answers, notes, the order

    /// POST …/pairs/members/:memberID/answer — the curator records a side's answer given on paper
    /// or in person (the side's own answer comes through «Мои пары»).
    @Sendable func answer(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        guard let side = PairingAnswers.Side(rawValue: values["side"] ?? ""), let answer = PairingAnswer(rawValue: values["answer"] ?? "") else {
            throw AppError.badRequest("Не указано, чей ответ и какой.")
        }
        let note = FieldParsing.trimmedOrNil(values["note"]) ?? "отмечено куратором"
        do {
            // Read before the transaction: the answer locks the pair first (`RowLock`).
            let member = try await PairingProposals.member(try req.parameters.require("memberID", as: UUID.self), programID: program.requireID(), on: req.db)
            let outcome = try await req.db.transaction { db in
                try await PairingAnswers.answer(member, side: side, answer: answer, note: note, on: db)
            }
            try await req.audit(.pairingAnswered, organizationID: organization.id, objectType: "pairingMember",
                                objectID: req.parameters.get("memberID", as: UUID.self), details: "\(side.rawValue): \(answer.russianName), \(note)")
            let message = switch outcome {
            case .formed: "Обе стороны согласны: пара сформирована."
            case .declined: "Отказ записан: наставляемый возвращён к поиску наставника."
            case .waiting: "Ответ записан. Ждём ответа второй стороны."
            }
            return req.redirect(to: Self.path(organization, program), flash: FlashMessage(.success, message))
        } catch AppError.validation(let errors) {
            return req.redirect(to: Self.path(organization, program), flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        } catch AppError.conflict(let message) {
            return req.redirect(to: Self.path(organization, program), flash: FlashMessage(.error, message))
        }
    }

    /// POST …/pairs/search-notes/:menteeID — support given while the search goes on.
    @Sendable func saveSearchNote(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        guard let menteeID = req.parameters.get("menteeID", as: UUID.self),
              try await Mentee.query(on: req.db).filter(\.$id == menteeID).filter(\.$organization.$id == organization.requireID()).first() != nil else {
            throw AppError.notFound
        }
        let support = (try req.formValues()["support"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard support.count <= 2000 else { throw AppError.badRequest("Заметка длиннее 2000 знаков.") }
        let note = try await SearchNote.query(on: req.db).filter(\.$programID == program.requireID()).filter(\.$mentee.$id == menteeID).first() ?? {
            let note = SearchNote()
            note.programID = program.id!
            note.$mentee.id = menteeID
            return note
        }()
        note.support = support
        note.writtenByName = req.principal?.fullName ?? ""
        try await note.save(on: req.db)
        try await req.audit(.searchNoteSaved, organizationID: organization.id, objectType: "mentee", objectID: menteeID)
        return req.redirect(to: Self.path(organization, program) + "#unmatched", flash: FlashMessage(.success, "Заметка о поддержке сохранена."))
    }

    static func orderRows(programID: UUID, onlyUnfixed: Bool, on db: any Database) async throws -> [PairingOrder.Row] {
        var query = Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$status == .formed)
        if onlyUnfixed { query = query.filter(\.$orderNumber == nil) }
        return try await query.with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
            .sorted { $0.mentor.fullName < $1.mentor.fullName }
            .map { pairing in
                PairingOrder.Row(mentor: pairing.mentor.fullName,
                                 mentorPosition: [pairing.mentor.position, pairing.mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                                 mentees: pairing.members.filter(\.isAgreed).sorted { $0.position < $1.position }
                                    .map { [$0.mentee.fullName, $0.mentee.className].compactMap { $0 }.joined(separator: ", ") },
                                 form: pairing.form, scheme: pairing.scheme)
            }
    }

    /// GET …/pairs/order.docx?number=&date= — the order for the formed pairs.
    @Sendable func orderDocument(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let number = FieldParsing.trimmedOrNil(req.query[String.self, at: "number"])
        let date = req.query[String.self, at: "date"].flatMap(CalendarDay.init(iso:))
        let rows = try await Self.orderRows(programID: program.requireID(), onlyUnfixed: false, on: req.db)
        let document = PairingOrder.document(program: program, organization: organization, rows: rows, number: number, date: date)
        try await req.audit(.programDocumentIssued, organizationID: organization.id, objectType: "program", objectID: program.id,
                            details: "Приказ о закреплении наставнических пар (групп)")
        return try DocumentResponse.docx(document, fileName: "Приказ о закреплении наставнических пар — \(program.name).docx")
    }

    /// GET …/pairs/pairs.xlsx — every proposed, formed or declined place, drafts left out.
    @Sendable func spreadsheet(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let pairings = try await Pairing.query(on: req.db).filter(\.$program.$id == program.requireID()).filter(\.$status != .draft)
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
        try await req.audit(.programDocumentIssued, organizationID: organization.id, objectType: "program", objectID: program.id,
                            details: "Список пар и групп (XLSX)")
        return try DocumentResponse.xlsx(PairsExport.workbook(pairings, group: GroupLabels.of(organization.kind)), fileName: "Пары и группы — \(program.name).xlsx")
    }

    /// POST …/pairs/order — records the signed order's number and date on the formed pairs it
    /// fixed; the participants then see it on their home page.
    @Sendable func fixByOrder(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        var errors: [String: String] = [:]
        let number = (values["orderNumber"] ?? "").trimmingCharacters(in: .whitespaces)
        if number.isEmpty || number.count > 40 { errors["orderNumber"] = "Укажите номер приказа." }
        let date = CalendarDay(iso: values["orderOn"] ?? "")
        if date == nil { errors["orderOn"] = "Укажите дату приказа." }
        if !errors.isEmpty {
            return try await indexPage(req, organization: organization, program: program, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
        // Claimed once whatever arrives at once (issue 16 follow-up), as the incentives order is.
        let fixed = try await OrderClaim.claim(Pairing.schema, programID: program.requireID(), number: number, date: date!,
                                               status: PairingStatus.formed.rawValue, stampsUpdate: true, on: req.db) { count, db in
            try await req.audit(.pairingFixedByOrder, organizationID: organization.id, objectType: "program", objectID: program.id,
                                details: "приказ № \(number) от \(date!.russian), пар и групп: \(count)", on: db)
        }
        guard fixed > 0 else {
            return req.redirect(to: Self.path(organization, program), flash: FlashMessage(.warning,
                "Приказ № \(number) не записан: нет сформированных пар, не закреплённых приказом, — возможно, другой приказ внесли только что."))
        }
        return req.redirect(to: Self.path(organization, program), flash: FlashMessage(.success, "Пары и группы (\(fixed)) закреплены приказом № \(number) от \(date!.russian)."))
    }
}

extension PairingStatus {
    /// Pairs waiting for answers first, then the working ones, then the rest.
    var sortOrder: Int {
        switch self {
        case .proposed: 0
        case .formed: 1
        case .draft: 2
        case .declined: 3
        case .finished: 4
        }
    }
}
