import Fluent
import Vapor
import SQLKit

/// A pair's (or group's) space, seen by its mentor, its mentees and the curator: the meetings
/// in seed 003's sequence, each side's reflection, the rhythm, and the calendar file. The
/// curator's view of all pairs' rhythm is here too.
struct PairSpaceController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pair = routes.grouped("pairs", ":pairingID")
        pair.get(use: show)
        pair.post("meetings", use: addMeeting)
        pair.post("meetings", ":meetingID", use: updateMeeting)
        pair.post("meetings", ":meetingID", "reflection", use: reflect)
        pair.get("meetings.ics", use: calendar)
        pair.post("rhythm", "acknowledge", use: acknowledgeWarning)
        pair.post("goals", use: addGoal)
        pair.post("goals", ":goalID", use: markGoal)
        pair.post("diary", use: writeDiary)
        routes.get("orgs", ":organizationID", "programs", ":programID", "rhythm", use: rhythm)
    }

    struct ReflectionView: Encodable {
        let author: String
        /// Empty where the meeting does not ask it (the trial meeting).
        let closerToGoal: String
        let answers: [AnswerView]
    }

    struct AnswerView: Encodable {
        let question: String
        let text: String
    }

    /// The reader's own reflection form: empty for the first one, the saved answers and their
    /// version for an edit («Изменить»).
    struct ReflectionForm: Encodable {
        let version: String
        let asksCloserToGoal: Bool
        let closerToGoal: String
        let questions: [QuestionField]
    }

    struct QuestionField: Encodable {
        let field: String
        let text: String
        let value: String
    }

    struct MeetingView: Encodable {
        let id: UUID
        let kind: String
        let status: String
        let statusName: String
        let date: String
        let startsAt: String
        let durationMinutes: Int
        let format: String
        let place: String
        let summary: String
        let recordedBy: String
        let reflections: [ReflectionView]
        let mayReflect: Bool
        let reflection: ReflectionForm
    }

    struct GoalView: Encodable {
        let id: UUID
        let horizon: String
        let title: String
        let desiredResult: String
        let actions: String
        let dueOn: String
        let indicator: String
        let progress: Int
        let completionNote: String
        let isOverdue: Bool
    }

    struct DiaryView: Encodable {
        let author: String
        let at: String
        let text: String
    }

    struct Page: Encodable {
        let pairingID: UUID
        let mentorName: String
        let mentees: [String]
        let programName: String
        let scheme: String
        let form: String
        let formedOn: String
        let order: String
        let role: String
        let meetings: [MeetingView]
        let rhythm: PairRhythm
        let kinds: [SelectOption]
        let guidance: [String]
        let statuses: [SelectOption]
        let formats: [SelectOption]
        let rhythmLink: String?
        let goals: [GoalView]
        let horizons: [SelectOption]
        let diary: [DiaryView]
        let progress: PairProgressView
    }

    /// GET /pairs/:pairingID
    @Sendable func show(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        return try await page(req, access: access, form: FormState(values: ["status": "planned", "format": "inPerson", "on": CalendarDay.today().iso]))
    }

    func page(_ req: Request, access: PairAccess, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let pairing = access.pairing
        let agreement = try await PairAgreement.query(on: req.db).filter(\.$pairing.$id == pairing.requireID()).first()
        let meetings = try await PairMeeting.query(on: req.db).filter(\.$pairing.$id == pairing.requireID())
            .sort(\.$on, .descending).sort(\.$startsAt, .descending).all()
        let reflections = meetings.isEmpty ? [] : try await MeetingReflection.query(on: req.db).filter(\.$meeting.$id ~~ meetings.map { $0.id! }).all()
        let members = access.agreedMembers
        let nameOfMember = Dictionary(uniqueKeysWithValues: members.map { ($0.id!, $0.mentee.fullName) })
        // The agreement form shows the saved rules unless something else was just typed into it;
        // the final-answers form the reader's own saved answers (or, for the curator, the side
        // whose «Изменить» was pressed), to be changed explicitly with their version.
        var values = PairProgressView.agreementDefaults(agreement).merging(form.values) { $1 }
        if form.values["results"] == nil, let answer = try await savedAnswers(req, access) {
            values.merge(PairProgressView.answerDefaults(answer)) { $1 }
            if access.role == .curator { values["editingAnswers"] = "open" }
        }
        let form = FormState(values: values, errors: form.errors)
        let mine = access.ownSide
        let meetingViews = meetings.map { meeting in
            let own = reflections.filter { $0.$meeting.id == meeting.id && access.mayRead(side: $0.side, memberID: $0.memberID) }
            let questions = MeetingReflections.questions(for: meeting.kind)
            let saved = mine.flatMap { side, member in own.first { $0.side == side && $0.memberID == member } }
            return MeetingView(
                id: meeting.id!, kind: meeting.kind.russianName, status: meeting.status.rawValue, statusName: meeting.status.russianName,
                date: meeting.day?.russian ?? meeting.on, startsAt: meeting.startsAt, durationMinutes: meeting.durationMinutes,
                format: meeting.format.russianName, place: meeting.place, summary: meeting.summary, recordedBy: meeting.recordedByName,
                reflections: own.map { reflection in
                    ReflectionView(author: reflection.side == .mentor ? "Наставник" : "Наставляемый" + (reflection.memberID.flatMap { nameOfMember[$0] }.map { " (\($0))" } ?? ""),
                                   closerToGoal: reflection.closerToGoal == .notAsked ? "" : reflection.closerToGoal.russianName,
                                   answers: questions.compactMap { question in
                                       let text = MeetingReflections.answer(reflection, question.field)
                                       return text.isEmpty ? nil : AnswerView(question: question.text, text: text)
                                   })
                },
                mayReflect: meeting.status == .held && access.role != .curator,
                reflection: ReflectionForm(
                    version: saved.map { String($0.version ?? 1) } ?? "", asksCloserToGoal: MeetingReflections.asksCloserToGoal(meeting.kind),
                    closerToGoal: saved?.closerToGoal.rawValue ?? "",
                    questions: questions.map { question in
                        QuestionField(field: question.field, text: question.text, value: saved.map { MeetingReflections.answer($0, question.field) } ?? "")
                    }))
        }
        let goals = try await PairGoal.query(on: req.db).filter(\.$pairing.$id == pairing.requireID()).sort(\.$dueOn).all()
        let diary = try await DiaryEntry.query(on: req.db).filter(\.$pairing.$id == pairing.requireID()).sort(\.$createdAt, .descending).range(..<100).all()
        let today = CalendarDay.today()
        let organization = try await Organization.find(pairing.organizationID, on: req.db)
        let roleName = switch access.role {
        case .curator: "curator"
        case .mentor: "mentor"
        case .mentee: "mentee"
        }
        let title = "Пара: \(pairing.mentor.fullName)"
        return try await req.page(
            "pairwork/pair", title: title,
            breadcrumbs: access.role == .curator && organization != nil
                ? PairsController.breadcrumbs(organization!, pairing.program, "Пространство пары",
                                              extra: [.init("Пары и группы", PairsController.path(organization!, pairing.program))])
                : [.init("Главная", "/"), .init("Мои пары", "/me/pairs"), .init("Пространство пары")],
            organization: access.role == .curator ? organization : nil, form: form, status: status,
            content: Page(
                pairingID: try pairing.requireID(), mentorName: pairing.mentor.fullName,
                mentees: members.map { [$0.mentee.fullName, $0.mentee.className.map(GroupWord.of(organization?.kind ?? .school).label)].compactMap { $0 }.joined(separator: ", ") },
                programName: pairing.program.name, scheme: pairing.scheme.russianName, form: pairing.form.russianName(in: organization?.kind ?? .school),
                formedOn: pairing.formedAt.map { CalendarDay.today($0).russian } ?? "",
                order: pairing.orderNumber.map { "Закреплена приказом № \($0)" } ?? "",
                role: roleName, meetings: meetingViews,
                rhythm: PairRhythm.assess(meetings, formedAt: pairing.formedAt, form: pairing.form, reflections: reflections,
                                          agreedPerMonth: agreement?.meetingsPerMonth, agreedOn: agreement.flatMap { CalendarDay(iso: $0.agreedOn) },
                                          isWorking: pairing.status == .formed,
                                          acknowledged: try await RhythmAcknowledgements.keys(pairingID: pairing.requireID(), on: req.db)),
                kinds: MeetingKind.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["kind"] == $0.rawValue) },
                guidance: MeetingKind.allCases.map { "\($0.russianName): \($0.guidance)" },
                statuses: [MeetingStatus.planned, .held].map { SelectOption($0.rawValue, $0 == .planned ? "Запланировать" : "Уже состоялась", selected: values["status"] == $0.rawValue) },
                formats: MeetingFormat.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["format"] == $0.rawValue) },
                rhythmLink: access.role == .curator ? "/orgs/\(pairing.organizationID)/programs/\(pairing.$program.id)/rhythm" : nil,
                goals: goals.map { goal in
                    GoalView(id: goal.id!, horizon: goal.horizon.russianName, title: goal.title, desiredResult: goal.desiredResult, actions: goal.actions,
                             dueOn: CalendarDay(iso: goal.dueOn)?.russian ?? goal.dueOn, indicator: goal.indicator, progress: goal.progress,
                             completionNote: goal.completionNote, isOverdue: goal.progress < 100 && (CalendarDay(iso: goal.dueOn).map { $0 < today } ?? false))
                },
                horizons: GoalHorizon.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["horizon"] == $0.rawValue) },
                diary: diary.map { DiaryView(author: "\($0.authorName) (\($0.authorRole))", at: $0.createdAt.map(PairsController.dateTime) ?? "", text: $0.text) },
                progress: try await PairProgressView.load(access, agreement: agreement, meetings: meetings, values: values, on: req.db)))
    }

    private func path(_ access: PairAccess) -> String { "/pairs/\(access.pairing.id!)" }

    /// The saved final answers the form opens with: a participant's own; for the curator those of
    /// the side in `?answers=` (the «Изменить» link next to them).
    private func savedAnswers(_ req: Request, _ access: PairAccess) async throws -> FinalAnswer? {
        let side: BaseKind, memberID: UUID?
        if let own = access.ownSide {
            (side, memberID) = own
        } else {
            guard let key = req.query[String.self, at: "answers"], let chosen = try? PairProgressController.answerSide(access, key) else { return nil }
            (side, memberID) = chosen
        }
        var query = try FinalAnswer.query(on: req.db).filter(\.$pairing.$id == access.pairing.requireID()).filter(\.$side == side)
        query = memberID.map { query.filter(\.$memberID == $0) } ?? query.filter(\.$memberID == nil)
        return try await query.first()
    }

    /// POST /pairs/:pairingID/goals — a line of the goal map.
    @Sendable func addGoal(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        try access.requireWorking()
        let values = try req.formValues()
        switch PairGoals.parse(values) {
        case .failure(let error):
            guard case .validation(let errors) = error else { throw error }
            return try await page(req, access: access, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        case .success(let draft):
            _ = try await PairGoals.create(draft, in: access.pairing, by: req.principal?.fullName ?? "", on: req.db)
            return req.redirect(to: path(access) + "#goals", flash: FlashMessage(.success, "Цель добавлена в карту целей."))
        }
    }

    /// POST /pairs/:pairingID/goals/:goalID — progress marked after a meeting.
    @Sendable func markGoal(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        try access.requireWorking()
        guard let id = req.parameters.get("goalID", as: UUID.self),
              let goal = try await PairGoal.query(on: req.db).filter(\.$id == id).filter(\.$pairing.$id == access.pairing.requireID()).first() else {
            throw AppError.notFound
        }
        let values = try req.formValues()
        do {
            try await PairGoals.mark(goal, progress: Int((values["progress"] ?? "").trimmingCharacters(in: .whitespaces)), note: values["completionNote"], on: req.db)
        } catch AppError.validation(let errors) {
            return req.redirect(to: path(access) + "#goals", flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
        return req.redirect(to: path(access) + "#goals", flash: FlashMessage(.success, "Продвижение к цели отмечено."))
    }

    /// POST /pairs/:pairingID/diary
    @Sendable func writeDiary(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        try access.requireWorking()
        let role = switch access.role {
        case .curator: "куратор"
        case .mentor: "наставник"
        case .mentee: "наставляемый"
        }
        do {
            _ = try await PairGoals.write(try req.formValues()["text"] ?? "", in: access.pairing, role: role, by: req.principal?.fullName ?? "", on: req.db)
        } catch AppError.validation(let errors) {
            return req.redirect(to: path(access) + "#diary", flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
        return req.redirect(to: path(access) + "#diary", flash: FlashMessage(.success, "Запись добавлена в дневник."))
    }

    /// POST /pairs/:pairingID/meetings — plan a meeting or record one that took place.
    @Sendable func addMeeting(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        try access.requireWorking()
        let values = try req.formValues()
        switch PairMeetings.parse(values) {
        case .failure(let error):
            guard case .validation(let errors) = error else { throw error }
            return try await page(req, access: access, form: FormState(values: values, errors: errors), status: .unprocessableEntity)
        case .success(let draft):
            let meeting = try await PairMeetings.create(draft, in: access.pairing, by: req.principal?.fullName ?? "", on: req.db)
            try await req.audit(.pairMeetingRecorded, organizationID: access.pairing.organizationID, objectType: "pairMeeting", objectID: meeting.id,
                                details: "\(draft.kind.russianName), \(draft.day.russian), \(draft.status.russianName.lowercased())")
            return req.redirect(to: path(access), flash: FlashMessage(.success, draft.status == .held ? "Встреча записана." : "Встреча запланирована."))
        }
    }

    /// POST /pairs/:pairingID/meetings/:meetingID — mark a planned meeting held (with what was done) or cancelled.
    @Sendable func updateMeeting(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        try access.requireWorking()
        let meeting = try await meeting(req, access: access)
        let values = try req.formValues()
        guard let status = MeetingStatus(rawValue: values["status"] ?? "") else { throw AppError.badRequest("Не указано, что стало со встречей.") }
        let summary = (values["summary"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if status == .held {
            guard !summary.isEmpty else {
                return req.redirect(to: path(access), flash: FlashMessage(.error, "Чтобы отметить встречу состоявшейся, запишите, что было сделано."))
            }
            if let day = meeting.day, day > .today() {
                return req.redirect(to: path(access), flash: FlashMessage(.error, "Встреча ещё не наступила."))
            }
        }
        meeting.status = status
        if !summary.isEmpty { meeting.summary = String(summary.prefix(4000)) }
        try await meeting.save(on: req.db)
        try await req.audit(.pairMeetingRecorded, organizationID: access.pairing.organizationID, objectType: "pairMeeting", objectID: meeting.id,
                            details: status.russianName)
        return req.redirect(to: path(access), flash: FlashMessage(.success, "Встреча: \(status.russianName.lowercased())."))
    }

    private func meeting(_ req: Request, access: PairAccess) async throws -> PairMeeting {
        guard let id = req.parameters.get("meetingID", as: UUID.self),
              let meeting = try await PairMeeting.query(on: req.db).filter(\.$id == id).filter(\.$pairing.$id == access.pairing.requireID()).first() else {
            throw AppError.notFound
        }
        return meeting
    }

    /// POST /pairs/:pairingID/meetings/:meetingID/reflection — the mentor's or a mentee's answers.
    @Sendable func reflect(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let meeting = try await meeting(req, access: access)
        guard let (side, memberID) = access.ownSide else { throw AppError.forbidden }
        let values = try req.formValues()
        let anchor = path(access) + "#meeting-\(meeting.id!)"
        do {
            try await PairMeetings.reflect(on: meeting, side: side, memberID: memberID, values: values, by: req.principal?.fullName ?? "", on: req.db)
        } catch AppError.validation(let errors) {
            return req.redirect(to: anchor, flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        } catch AppError.conflict(let message) {
            return req.redirect(to: anchor, flash: FlashMessage(.error, message))
        }
        let edited = !(values["version"] ?? "").isEmpty
        return req.redirect(to: anchor, flash: FlashMessage(.success, edited ? "Изменения в рефлексии сохранены." : "Рефлексия сохранена."))
    }

    /// GET /pairs/:pairingID/meetings.ics
    @Sendable func calendar(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let meetings = try await PairMeeting.query(on: req.db).filter(\.$pairing.$id == access.pairing.requireID()).sort(\.$on).all()
        let text = MeetingCalendar.ics(meetings, title: "Наставничество: \(access.pairing.mentor.fullName)")
        return DocumentResponse.file(Data(text.utf8), type: DocumentResponse.calendarType, fileName: "Встречи пары.ics")
    }

    struct RhythmRow: Encodable {
        let pairingID: UUID
        let mentorName: String
        let mentees: String
        let form: String
        let rhythm: PairRhythm
        let openConcerns: Int
        let asksIntervention: Bool
        /// The warnings with their acknowledgement forms, and those acknowledged with the note.
        let open: [PairRhythm.Warning]
        let acknowledged: [AcknowledgedWarning]
    }

    struct AcknowledgedWarning: Encodable {
        let text: String
        let note: String
        let by: String
        let on: String
    }

    struct RhythmPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let rows: [RhythmRow]
        let warningCount: Int
        /// Pairs more than 14 days without a meeting, by the home page's query (`RhythmQueries.stalePairRows`).
        var staleCount = 0
    }

    /// GET /orgs/:organizationID/programs/:programID/rhythm — every working pair, those with a
    /// warning first.
    @Sendable func rhythm(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let pairings = try await Pairing.query(on: req.db).filter(\.$program.$id == program.requireID()).filter(\.$status == .formed)
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
        let meetings = pairings.isEmpty ? [] : try await PairMeeting.query(on: req.db).filter(\.$pairing.$id ~~ pairings.map { $0.id! }).all()
        let byPairing = Dictionary(grouping: meetings, by: { $0.$pairing.id })
        let reflections = meetings.isEmpty ? [] : try await MeetingReflection.query(on: req.db).filter(\.$meeting.$id ~~ meetings.map { $0.id! }).all()
        let meetingPairing = Dictionary(uniqueKeysWithValues: meetings.map { ($0.id!, $0.$pairing.id) })
        let reflectionsByPairing = Dictionary(grouping: reflections, by: { meetingPairing[$0.$meeting.id] })
        let agreements = Dictionary(uniqueKeysWithValues: try await PairAgreement.query(on: req.db)
            .filter(\.$pairing.$id ~~ pairings.map { $0.id! }).all().map { ($0.$pairing.id, $0) })
        let concerns = try await PairConcern.query(on: req.db).filter(\.$programID == program.requireID()).filter(\.$handledAt == nil).all()
        let acknowledgements = try await RhythmAcknowledgements.notes(pairingIDs: pairings.map { $0.id! }, on: req.db)
        let concernsByPairing = Dictionary(grouping: concerns, by: { $0.$pairing.id })
        let rows = pairings.map { pairing in
            let agreement = agreements[pairing.id!]
            let open = concernsByPairing[pairing.id!] ?? []
            let notes = acknowledgements[pairing.id!] ?? [:]
            let rhythm = PairRhythm.assess(byPairing[pairing.id!] ?? [], formedAt: pairing.formedAt, form: pairing.form,
                                           reflections: reflectionsByPairing[pairing.id!] ?? [],
                                           agreedPerMonth: agreement?.meetingsPerMonth, agreedOn: agreement.flatMap { CalendarDay(iso: $0.agreedOn) },
                                           acknowledged: Set(notes.keys))
            return RhythmRow(pairingID: pairing.id!, mentorName: pairing.mentor.fullName,
                             mentees: pairing.members.filter(\.isAgreed).map(\.mentee.fullName).joined(separator: ", "), form: pairing.form.russianName,
                             rhythm: rhythm, openConcerns: open.count, asksIntervention: open.contains(where: \.asksIntervention),
                             open: rhythm.findings,
                             acknowledged: rhythm.acknowledgedFindings.compactMap { warning in
                                 notes[warning.key].map { AcknowledgedWarning(text: warning.text, note: $0.note, by: $0.acknowledgedByName,
                                                                            on: $0.createdAt.map { CalendarDay.today($0).russian } ?? "") }
                             })
        }.sorted { ($0.rhythm.warnings.isEmpty ? 1 : 0, $0.mentorName) < ($1.rhythm.warnings.isEmpty ? 1 : 0, $1.mentorName) }
        let stale = try await (req.db as! any SQLDatabase).raw(RhythmQueries.stalePairs(.program(program.requireID()), today: .today())).first()
        return try await req.page(
            "pairwork/rhythm", title: "Ритм встреч",
            breadcrumbs: PairsController.breadcrumbs(organization, program, "Ритм встреч"),
            organization: organization,
            content: RhythmPage(organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name,
                                rows: rows, warningCount: rows.filter { !$0.rhythm.warnings.isEmpty }.count,
                                staleCount: try stale?.decode(column: "n", as: Int.self) ?? 0))
    }
}
