import Fluent
import SQLKit
import Vapor

/// The curator's view of all the program's pairs' rhythm (seed 003: a meeting at least every two
/// weeks), and taking a warning as seen with a note.
struct RhythmController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.ProgramWork.rhythm, use: rhythm)
        routes.on(SiteRoute.PairSpace.acknowledgeRhythm, use: acknowledgeWarning)
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
            breadcrumbs: PairingPaths.breadcrumbs(organization, program, "Ритм встреч"),
            organization: organization,
            content: Page(organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name,
                                rows: rows, warningCount: rows.filter { !$0.rhythm.warnings.isEmpty }.count,
                                staleCount: try stale?.decode(column: "n", as: Int.self) ?? 0))
    }

    /// POST /pairs/:pairingID/rhythm/acknowledge — the curator takes a warning as seen, with a
    /// note why it can wait (`warning`, `anchor`, `note`); back to the rhythm page.
    @Sendable func acknowledgeWarning(req: Request) async throws -> Response {
        let access = try await PairAccess.load(req)
        let pairing = access.pairing
        let back = SiteRoute.ProgramWork.rhythm.path(pairing.organizationID, pairing.$program.id) + "#pair-\(pairing.id!)"
        let values = try req.formValues()
        return try await PairSpaceController.act(req, back: back) {
            try await PairWorkService.acknowledgeRhythmWarning(values, in: access, by: req.auditActor, on: req.db)
            return "Предупреждение снято, заметка сохранена."
        }
    }
}
