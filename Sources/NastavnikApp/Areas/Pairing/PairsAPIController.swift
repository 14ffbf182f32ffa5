import Fluent
import MentorMatching
import Vapor

/// `/api/v1/organizations/:organizationID/programs/:programID/pairings`: matching runs,
/// proposals, both sides' answers and «Mentor Match» sessions as JSON, on the same rules as the pages.
struct PairsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pairings = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "programs", ":programID", "pairings")
        pairings.get(use: list)
        pairings.post(use: propose)
        pairings.post("matching-runs", use: runMatching)
        pairings.post("send", use: send)
        pairings.post("members", ":memberID", "answer", use: answer)
        pairings.post("mentor-match-sessions", use: createSession)
        pairings.get("mentor-match-sessions", ":sessionID", "timetable", use: timetable)
        pairings.post("mentor-match-sessions", ":sessionID", "wishes", use: wishes)
        pairings.post("mentor-match-sessions", ":sessionID", "pairs", use: formPairs)
    }

    struct MemberDTO: Content {
        let id: UUID; let menteeId: UUID; let menteeName: String; let score: Int?; let explanation: [String]
        let menteeAnswer: PairingAnswer; let mentorAnswer: PairingAnswer
    }
    struct PairingDTO: Content {
        let id: UUID; let mentorId: UUID; let mentorName: String; let form: MentoringForm; let scheme: PairingScheme
        let status: PairingStatus; let repeatsPrevious: Bool; let orderNumber: String?; let orderOn: String?; let members: [MemberDTO]
    }
    struct PairingList: Content { let items: [PairingDTO]; let unmatchedMenteeIds: [UUID] }
    struct CriterionInput: Content { var weight: Int; var required: Bool? }
    struct MatchingInput: Content { var weights: [String: CriterionInput]?; var objective: String?; var previousPairs: String? }
    struct MatchingRunDTO: Content {
        let id: UUID; let menteeCount: Int; let mentorCount: Int; let matchedCount: Int; let totalScore: Int; let milliseconds: Int
        let proposal: [PairingDTO]; let unmatchedMenteeIds: [UUID]
        /// The weights that produced this draft, by criterion, and the same in words.
        var weights: [String: CriterionInput] = [:]
        var weightsText: String = ""
    }
    struct ProposalInput: Content { var menteeId: UUID; var mentorId: UUID; var scheme: String; var meetingOn: String; var meetingNote: String? }
    struct AnswerInput: Content { var side: String; var answer: String; var note: String? }
    struct AnswerDTO: Content { let outcome: String; let member: MemberDTO }
    struct SentDTO: Content { let sent: Int }
    struct SessionInput: Content {
        var heldOn: String; var startsAt: String; var place: String?; var slotMinutes: Int; var sessionMinutes: Int?
        var mentorIds: [UUID]; var menteeIds: [UUID]
    }
    struct SessionDTO: Content { let id: UUID; let timetable: SpeedMeetingTimetable }
    struct WishesInput: Content { var kind: String; var personId: UUID; var chosen: [UUID] }
    struct PairRefDTO: Content { let menteeId: UUID; let mentorId: UUID }
    struct FormedDTO: Content { let proposed: Int; let coinciding: [PairRefDTO]; let unmatchedMenteeIds: [UUID] }

    static func dto(_ pairing: Pairing) -> PairingDTO {
        PairingDTO(id: pairing.id!, mentorId: pairing.$mentor.id, mentorName: pairing.mentor.fullName, form: pairing.form, scheme: pairing.scheme,
                   status: pairing.status, repeatsPrevious: pairing.repeatsPrevious, orderNumber: pairing.orderNumber, orderOn: pairing.orderOn,
                   members: pairing.members.sorted { $0.position < $1.position }.map(memberDTO))
    }

    static func memberDTO(_ member: PairingMember) -> MemberDTO {
        MemberDTO(id: member.id!, menteeId: member.$mentee.id, menteeName: member.mentee.fullName, score: member.score,
                  explanation: member.explanationLines, menteeAnswer: member.menteeAnswer, mentorAnswer: member.mentorAnswer)
    }

    static func pairings(programID: UUID, statuses: [PairingStatus], on db: any Database) async throws -> [PairingDTO] {
        try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$status ~~ statuses)
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
            .sorted { $0.mentor.fullName < $1.mentor.fullName }.map(dto)
    }

    /// GET …/pairings — every pairing of the program, drafts included, and who is still without a mentor.
    @Sendable func list(req: Request) async throws -> PairingList {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        let candidates = try await PairingCandidates.load(program: program, on: req.db)
        return PairingList(items: try await Self.pairings(programID: program.requireID(), statuses: PairingStatus.allCases, on: req.db),
                           unmatchedMenteeIds: candidates.mentees.map { $0.id! })
    }

    /// POST …/pairings/matching-runs — 201 with the draft proposal; the same operation as the pairs page.
    @Sendable func runMatching(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        let input = try req.content.decode(MatchingInput.self)
        let (run, settings) = try await PairingService.runMatching(
            .init(weights: input.weights?.mapValues { .init(weight: $0.weight, required: $0.required ?? false) },
                  objective: input.objective, previousPairs: input.previousPairs),
            program: program, by: req.auditActor, on: req.db)
        let candidates = try await PairingCandidates.load(program: program, on: req.db)
        return try await MatchingRunDTO(
            id: run.requireID(), menteeCount: run.menteeCount, mentorCount: run.mentorCount, matchedCount: run.matchedCount,
            totalScore: run.totalScore, milliseconds: run.milliseconds,
            proposal: try await Self.pairings(programID: program.requireID(), statuses: [.draft], on: req.db),
            unmatchedMenteeIds: candidates.mentees.map { $0.id! },
            weights: Dictionary(uniqueKeysWithValues: Criterion.allCases.map { criterion in
                let setting = settings.weights.setting(for: criterion)
                return (criterion.rawValue, CriterionInput(weight: setting.weight, required: setting.required))
            }),
            weightsText: MatchingRunner.weightsText(settings.weights)
        ).encodeResponse(status: .created, for: req)
    }

    /// POST …/pairings/send — the draft goes to both sides.
    @Sendable func send(req: Request) async throws -> SentDTO {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        return SentDTO(sent: try await PairingService.send(program: program, by: req.auditActor, on: req.db))
    }

    /// POST …/pairings — the curator's proposal after a meeting; 201 with the pairing.
    @Sendable func propose(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        let input = try req.content.decode(ProposalInput.self)
        let member = try await PairingService.propose(
            .init(menteeID: input.menteeId, mentorID: input.mentorId, scheme: input.scheme, meetingOn: input.meetingOn, meetingNote: input.meetingNote ?? ""),
            program: program, by: req.auditActor, on: req.db)
        guard let pairing = try await Pairing.query(on: req.db).filter(\.$id == member.$pairing.id).with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.first() else {
            throw AppError.notFound
        }
        return try await Self.dto(pairing).encodeResponse(status: .created, for: req)
    }

    /// POST …/pairings/members/:memberID/answer — a side's answer recorded by the curator.
    @Sendable func answer(req: Request) async throws -> AnswerDTO {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        let input = try req.content.decode(AnswerInput.self)
        guard let side = PairingAnswers.Side(rawValue: input.side) else { throw AppError.validation(["side": "Сторона: mentee или mentor."]) }
        guard let answer = PairingAnswer(rawValue: input.answer), answer != .pending else {
            throw AppError.validation(["answer": "Ответ: accepted или declined."])
        }
        let (member, outcome) = try await PairingService.answer(memberID: try req.parameters.require("memberID", as: UUID.self), side: side, answer: answer,
                                                                note: input.note, program: program, by: req.auditActor, on: req.db)
        let text = switch outcome {
        case .formed: "formed"
        case .declined: "declined"
        case .waiting: "waiting"
        }
        return AnswerDTO(outcome: text, member: Self.memberDTO(member))
    }

    /// POST …/pairings/mentor-match-sessions — 201 with the timetable.
    @Sendable func createSession(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        let input = try req.content.decode(SessionInput.self)
        let session = try await PairingService.scheduleSession(
            .init(heldOn: input.heldOn, startsAt: input.startsAt, place: input.place ?? "", slotMinutes: String(input.slotMinutes),
                  sessionMinutes: input.sessionMinutes.map(String.init) ?? "", mentorIDs: input.mentorIds, menteeIDs: input.menteeIds),
            program: program, by: req.auditActor, on: req.db)
        return try await SessionDTO(id: session.requireID(), timetable: try await MentorMatchSessions.timetable(session, program: program, on: req.db))
            .encodeResponse(status: .created, for: req)
    }

    /// GET …/pairings/mentor-match-sessions/:sessionID/timetable
    @Sendable func timetable(req: Request) async throws -> SessionDTO {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        let session = try await MentorMatchSessions.find(req.parameters.get("sessionID", as: UUID.self), program: program, on: req.db)
        return SessionDTO(id: try session.requireID(), timetable: try await MentorMatchSessions.timetable(session, program: program, on: req.db))
    }

    /// POST …/pairings/mentor-match-sessions/:sessionID/wishes — one person's ranked choices.
    @Sendable func wishes(req: Request) async throws -> Response {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        let sessionID = req.parameters.get("sessionID", as: UUID.self)
        _ = try await MentorMatchSessions.find(sessionID, program: program, on: req.db)
        let input = try req.content.decode(WishesInput.self)
        guard let kind = BaseKind(rawValue: input.kind) else { throw AppError.validation(["kind": "Кто выбирает: mentee или mentor."]) }
        try await PairingService.setWishes(sessionID: sessionID, chooser: kind, chooserID: input.personId, chosen: input.chosen, program: program,
                                           by: req.auditActor, on: req.db)
        return Response(status: .noContent)
    }

    /// POST …/pairings/mentor-match-sessions/:sessionID/pairs — pairs where wishes meet.
    @Sendable func formPairs(req: Request) async throws -> FormedDTO {
        let (_, program) = try await req.authorizedProgram(for: .formPairs)
        let formed = try await PairingService.formMentorMatchPairs(sessionID: req.parameters.get("sessionID", as: UUID.self), program: program,
                                                                   by: req.auditActor, on: req.db)
        return FormedDTO(proposed: formed.proposed, coinciding: formed.coinciding.map { PairRefDTO(menteeId: $0.mentee, mentorId: $0.mentor) },
                         unmatchedMenteeIds: formed.unmatched)
    }
}
