import Fluent
import Vapor

/// The program's completion page's view model and the page drawn with it, which every form of
/// the page (incentives, the order, nominations, events) draws again when its input is refused.
extension ProgramCompletionController {
    struct IncentiveRow: Encodable {
        let id: UUID
        let mentorName: String
        let kind: String
        let reason: String
        let awardedOn: String
        let order: String
        let hasCertificate: Bool
    }

    struct NominationRow: Encodable {
        let title: String
        let who: String
        let year: Int
        let note: String
    }

    struct EventRow: Encodable {
        let kind: String
        let heldOn: String
        let place: String
        let participants: Int
        let summary: String
    }

    struct Page: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let summary: ProgramCompletion
        let rules: [MentorRating.Line]
        let incentives: [IncentiveRow]
        let unorderedIncentives: Int
        let mentors: [SelectOption]
        let pairs: [SelectOption]
        let incentiveKinds: [SelectOption]
        let nominationTitles: [SelectOption]
        let nominations: [NominationRow]
        let events: [EventRow]
        let eventKinds: [SelectOption]
        let hasGroupReflection: Bool
        let hasPublicEvent: Bool
    }
    static func page(_ req: Request, _ organization: Organization, _ program: Program, form: FormState,
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let programID = try program.requireID()
        let values = form.values
        let summary = try await ProgramCompletion.load(programID: programID, organizationID: organization.requireID(), on: req.db)
        let incentives = try await Incentive.query(on: req.db).filter(\.$program.$id == programID).with(\.$mentor)
            .sort(\.$awardedOn, .descending).all()
        let nominations = try await Nomination.query(on: req.db).filter(\.$program.$id == programID).with(\.$mentor).sort(\.$createdAt).all()
        let events = try await ClosingEvent.query(on: req.db).filter(\.$program.$id == programID).sort(\.$heldOn).all()
        var mentors: [UUID: String] = [:]
        for row in summary.rows { mentors[row.mentorID] = row.mentorName }
        let pairNames = Dictionary(uniqueKeysWithValues: summary.rows.map { ($0.pairingID, "\($0.mentorName) — \($0.mentees)") })
        return try await req.page(
            "pairwork/completion", title: "Завершение программы",
            breadcrumbs: PairingPaths.breadcrumbs(organization, program, "Завершение программы"),
            organization: organization, form: form, status: status,
            content: Page(
                organizationID: try organization.requireID(), programID: programID, programName: program.name, summary: summary,
                rules: MentorRating.Rule.allCases.map { MentorRating.Line(rule: $0.russianName, count: 1, points: $0.points) },
                incentives: incentives.map { incentive in
                    IncentiveRow(id: incentive.id!, mentorName: incentive.mentor.fullName, kind: incentive.kind.russianName, reason: incentive.reason,
                                 awardedOn: CalendarDay(iso: incentive.awardedOn)?.russian ?? incentive.awardedOn,
                                 order: incentive.orderText ?? "",
                                 hasCertificate: incentive.kind.certificateTitle != nil)
                },
                unorderedIncentives: incentives.filter { $0.orderNumber == nil }.count,
                mentors: mentors.sorted { $0.value < $1.value }.map { SelectOption($0.key.uuidString, $0.value, selected: values["mentorID"] == $0.key.uuidString) },
                pairs: summary.rows.map { SelectOption($0.pairingID.uuidString, pairNames[$0.pairingID] ?? "", selected: values["pairingID"] == $0.pairingID.uuidString) },
                incentiveKinds: IncentiveKind.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["kind"] == $0.rawValue) },
                nominationTitles: Nomination.usual.map { SelectOption($0, $0, selected: values["title"] == $0) },
                nominations: nominations.map { nomination in
                    NominationRow(title: nomination.title,
                                  who: nomination.pairingID.flatMap { pairNames[$0] } ?? nomination.mentor.fullName,
                                  year: nomination.year, note: nomination.note)
                },
                events: events.map {
                    EventRow(kind: $0.kind.russianName, heldOn: CalendarDay(iso: $0.heldOn)?.russian ?? $0.heldOn, place: $0.place,
                             participants: $0.participants, summary: $0.summary)
                },
                eventKinds: ClosingEventKind.allCases.map { SelectOption($0.rawValue, $0.russianName, selected: values["eventKind"] == $0.rawValue) },
                hasGroupReflection: events.contains { $0.kind == .groupReflection },
                hasPublicEvent: events.contains { $0.kind == .publicEvent }))
    }
}
