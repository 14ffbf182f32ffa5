import Fluent
import Vapor

/// The pair's page as its mentor, its mentees and the curator see it: the view model, and the
/// page drawn with it, which every form of the pair's space draws again when its input is refused.
extension PairSpaceController {
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
    static func page(_ req: Request, access: PairAccess, form: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
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
                ? PairingPaths.belowPairs(organization!, pairing.program, "Пространство пары")
                : [.init("Главная", "/"), .init("Мои пары", SiteRoute.MyPairs.index.path()), .init("Пространство пары")],
            organization: access.role == .curator ? organization : nil, form: form, status: status,
            content: Page(
                pairingID: try pairing.requireID(), mentorName: pairing.mentor.fullName,
                mentees: members.map { [$0.mentee.fullName, $0.mentee.className.map(GroupWord.of(organization?.kind ?? .school).label)].compactMap { $0 }.joined(separator: ", ") },
                programName: pairing.program.name, scheme: pairing.scheme.russianName, form: pairing.form.russianName(in: organization?.kind ?? .school),
                formedOn: pairing.formedAt.map { CalendarDay.today($0).russian } ?? "",
                order: pairing.orderNumber.map { "Закреплена приказом № \($0)" } ?? "",
                role: roleName, meetings: meetingViews,
                rhythm: try await PairRhythm.of(pairing, meetings: meetings, reflections: reflections, agreement: agreement, on: req.db),
                kinds: MeetingKind.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["kind"] == $0.rawValue) },
                guidance: MeetingKind.allCases.map { "\($0.russianName): \($0.guidance)" },
                statuses: [MeetingStatus.planned, .held].map { SelectOption($0.rawValue, $0 == .planned ? "Запланировать" : "Уже состоялась", selected: values["status"] == $0.rawValue) },
                formats: MeetingFormat.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["format"] == $0.rawValue) },
                rhythmLink: access.role == .curator ? SiteRoute.ProgramWork.rhythm.path(pairing.organizationID, pairing.$program.id) : nil,
                goals: goals.map { goal in
                    GoalView(id: goal.id!, horizon: goal.horizon.russianName, title: goal.title, desiredResult: goal.desiredResult, actions: goal.actions,
                             dueOn: CalendarDay(iso: goal.dueOn)?.russian ?? goal.dueOn, indicator: goal.indicator, progress: goal.progress,
                             completionNote: goal.completionNote, isOverdue: goal.progress < 100 && (CalendarDay(iso: goal.dueOn).map { $0 < today } ?? false))
                },
                horizons: GoalHorizon.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["horizon"] == $0.rawValue) },
                diary: diary.map { DiaryView(author: "\($0.authorName) (\($0.authorRole))", at: $0.createdAt.map(RussianDate.dateTime) ?? "", text: $0.text) },
                progress: try await PairProgressView.load(access, agreement: agreement, meetings: meetings, values: values, on: req.db)))
    }

    /// The saved final answers the form opens with: a participant's own; for the curator those of
    /// the side in `?answers=` (the «Изменить» link next to them).
    private static func savedAnswers(_ req: Request, _ access: PairAccess) async throws -> FinalAnswer? {
        let side: BaseKind, memberID: UUID?
        if let own = access.ownSide {
            (side, memberID) = own
        } else {
            guard let key = req.query[String.self, at: "answers"], let chosen = try? PairWorkService.answerSide(access, key) else { return nil }
            (side, memberID) = chosen
        }
        var query = try FinalAnswer.query(on: req.db).filter(\.$pairing.$id == access.pairing.requireID()).filter(\.$side == side)
        query = memberID.map { query.filter(\.$memberID == $0) } ?? query.filter(\.$memberID == nil)
        return try await query.first()
    }
}
