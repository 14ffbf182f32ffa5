import Fluent
import Vapor

/// `/api/v1/pairs/:pairingID`: a pair's meetings, goals and diary as JSON, for the pair's mentor
/// and mentees and the organization's curator, on the same rules as the pair's page.
struct PairWorkAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let pair = routes.grouped(RequireAPIPrincipal()).grouped("pairs", ":pairingID")
        pair.get("meetings", use: meetings)
        pair.post("meetings", use: addMeeting)
        pair.get("goals", use: goals)
        pair.post("goals", use: addGoal)
        pair.get("diary", use: diary)
        pair.post("diary", use: writeDiary)
    }

    struct MeetingDTO: Content {
        let id: UUID; let kind: MeetingKind; let status: MeetingStatus; let on: String; let startsAt: String
        let durationMinutes: Int; let format: MeetingFormat; let place: String; let summary: String
    }
    struct MeetingList: Content { let items: [MeetingDTO]; let rhythm: PairRhythm }
    struct MeetingInput: Content {
        var kind: String; var status: String?; var on: String; var startsAt: String?; var durationMinutes: Int?
        var format: String?; var place: String?; var summary: String?
    }
    struct GoalDTO: Content {
        let id: UUID; let horizon: GoalHorizon; let title: String; let desiredResult: String; let actions: String
        let dueOn: String; let indicator: String; let progress: Int; let completionNote: String
    }
    struct GoalList: Content { let items: [GoalDTO] }
    struct GoalInput: Content {
        var horizon: String?; var title: String; var desiredResult: String?; var actions: String?; var dueOn: String; var indicator: String
    }
    struct DiaryDTO: Content { let id: UUID; let authorRole: String; let authorName: String; let text: String; let createdAt: Date? }
    struct DiaryList: Content { let items: [DiaryDTO] }
    struct DiaryInput: Content { var text: String }

    static func dto(_ meeting: PairMeeting) -> MeetingDTO {
        MeetingDTO(id: meeting.id!, kind: meeting.kind, status: meeting.status, on: meeting.on, startsAt: meeting.startsAt,
                   durationMinutes: meeting.durationMinutes, format: meeting.format, place: meeting.place, summary: meeting.summary)
    }

    static func dto(_ goal: PairGoal) -> GoalDTO {
        GoalDTO(id: goal.id!, horizon: goal.horizon, title: goal.title, desiredResult: goal.desiredResult, actions: goal.actions,
                dueOn: goal.dueOn, indicator: goal.indicator, progress: goal.progress, completionNote: goal.completionNote)
    }

    /// GET …/meetings — with the pair's rhythm.
    @Sendable func meetings(req: Request) async throws -> MeetingList {
        let access = try await PairAccess.load(req)
        let meetings = try await PairMeeting.query(on: req.db).filter(\.$pairing.$id == access.pairing.requireID()).sort(\.$on).all()
        let agreement = try await PairAgreement.query(on: req.db).filter(\.$pairing.$id == access.pairing.requireID()).first()
        return MeetingList(items: meetings.map(Self.dto),
                           rhythm: try await PairRhythm.of(access.pairing, meetings: meetings, agreement: agreement, on: req.db))
    }

    /// POST …/meetings — 201 with the meeting.
    @Sendable func addMeeting(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let input = try req.content.decode(MeetingInput.self)
        let values = ["kind": input.kind, "status": input.status ?? "planned", "on": input.on, "startsAt": input.startsAt ?? "",
                      "durationMinutes": input.durationMinutes.map(String.init) ?? "", "format": input.format ?? "inPerson",
                      "place": input.place ?? "", "summary": input.summary ?? ""]
        let meeting = try await PairWorkService.planMeeting(values, in: access, by: req.auditActor, on: req.db)
        return try await Self.dto(meeting).encodeResponse(status: .created, for: req)
    }

    /// GET …/goals
    @Sendable func goals(req: Request) async throws -> GoalList {
        let access = try await PairAccess.load(req)
        return GoalList(items: try await PairGoal.query(on: req.db).filter(\.$pairing.$id == access.pairing.requireID()).sort(\.$dueOn).all().map(Self.dto))
    }

    /// POST …/goals — 201 with the goal.
    @Sendable func addGoal(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let input = try req.content.decode(GoalInput.self)
        let goal = try await PairWorkService.addGoal(["horizon": input.horizon ?? "short", "title": input.title, "desiredResult": input.desiredResult ?? "",
                                                      "actions": input.actions ?? "", "dueOn": input.dueOn, "indicator": input.indicator],
                                                     in: access, by: req.auditActor, on: req.db)
        return try await Self.dto(goal).encodeResponse(status: .created, for: req)
    }

    /// GET …/diary — newest first.
    @Sendable func diary(req: Request) async throws -> DiaryList {
        let access = try await PairAccess.load(req)
        let entries = try await DiaryEntry.query(on: req.db).filter(\.$pairing.$id == access.pairing.requireID()).sort(\.$createdAt, .descending).all()
        return DiaryList(items: entries.map { DiaryDTO(id: $0.id!, authorRole: $0.authorRole, authorName: $0.authorName, text: $0.text, createdAt: $0.createdAt) })
    }

    /// POST …/diary — 201 with the entry.
    @Sendable func writeDiary(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let entry = try await PairWorkService.writeDiary(try req.content.decode(DiaryInput.self).text, in: access, by: req.auditActor, on: req.db)
        return try await DiaryDTO(id: entry.requireID(), authorRole: entry.authorRole, authorName: entry.authorName, text: entry.text, createdAt: entry.createdAt)
            .encodeResponse(status: .created, for: req)
    }
}
