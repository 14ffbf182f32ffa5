import Fluent
import SQLKit
import Foundation
import MentorMatching

/// The rules of proposing pairs: the curator edits a draft (swap, remove, add by hand),
/// sends it, or proposes one pair after a meeting. Pages and the API share these.
enum PairingProposals {
    /// A member of one of the program's pairings, with its pairing; 404 for anything else.
    static func member(_ memberID: UUID, programID: UUID, on db: any Database) async throws -> PairingMember {
        guard let member = try await PairingMember.query(on: db).filter(\.$id == memberID).filter(\.$programID == programID)
            .with(\.$pairing).with(\.$mentee).first() else { throw AppError.notFound }
        return member
    }

    /// The score and explanation of a mentee with a mentor under the program's last weights.
    /// Both sides' latest answers count as in a run, and the lines cite where each part came from.
    static func score(mentee: Mentee, mentor: Mentor, program: Program, on db: any Database) async throws -> (score: Int, lines: [String]) {
        let weights = try await lastWeights(programID: program.requireID(), on: db)
        let inputs = try await MatchingProfiles.load(mentees: [mentee], mentors: [mentor], organizationID: program.$organization.id, on: db)
        let score = Compatibility.score(mentor: inputs.mentors[0].profile, mentee: inputs.mentees[0].profile, weights: weights, terms: inputs.terms)
        return (score.score, MatchingRunner.explanation(score, mentee: inputs.mentees[0], mentor: inputs.mentors[0]))
    }

    static func lastWeights(programID: UUID, on db: any Database) async throws -> ScoringWeights {
        guard let run = try await MatchingRun.query(on: db).filter(\.$program.$id == programID).sort(\.$createdAt, .descending).first(),
              let weights = try? JSONDecoder().decode(ScoringWeights.self, from: Data(run.weights.utf8)) else { return .standard }
        return weights
    }

    /// Removes a mentee from the draft; they return to the list without a mentor.
    static func remove(_ member: PairingMember, on db: any Database) async throws {
        guard member.pairing.status == .draft else { throw PairingError.notInDraft(.remove) }
        let pairing = member.pairing
        try await member.delete(on: db)
        if try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).count() == 0 {
            try await pairing.delete(on: db)
        }
    }

    /// Locks the program's draft until the transaction ends: edits of the draft (add, remove,
    /// reassign, swap) and sending it wait for each other, so two curators or a double click each
    /// read the draft the other left, never one from before it (a mentor's last seat given twice,
    /// two draft groups of one mentor, a member moved after it was sent).
    /// Call it inside a transaction, as its first statement (`RowLock`), and read the draft after it.
    static func lockDraft(programID: UUID, on db: any Database) async throws {
        try await RowLock.lock(Program.schema, id: programID, on: db)
    }

    /// Moves a draft member to another mentor that has a free seat. The member row stays (with its
    /// place), so a second identical request finds it already with that mentor and changes nothing.
    static func reassign(_ member: PairingMember, to mentor: Mentor, program: Program, actorName: String, on db: any Database) async throws {
        guard member.pairing.status == .draft else { throw PairingError.notInDraft(.reassign) }
        if member.pairing.$mentor.id == mentor.id { return }
        let mentee = member.mentee
        // As when adding to the draft: the mentor's row first (a withdrawal of a partner's
        // nomination waits on it), then the same checks of the mentor for this program.
        try await RowLock.lock(Mentor.schema, id: mentor.requireID(), on: db)
        let consents = try await PairingCandidates.consentsBySubject(ids: [mentor.requireID()], on: db)
        if let problem = try await mentorProblem(mentor, for: mentee, program: program, consents: consents[mentor.id!] ?? [], on: db) {
            throw AppError.validation(["mentor": problem])
        }
        try await requireFreeSeat(mentor: mentor, program: program, on: db)
        let oldPairing = member.pairing
        let pairing = try await draftPairing(mentor: mentor, form: mentee.form, program: program, actorName: actorName, on: db)
        let score = try await score(mentee: mentee, mentor: mentor, program: program, on: db)
        member.$pairing.id = try pairing.requireID()
        member.score = score.score
        member.explanation = score.lines.joined(separator: "\n")
        member.position = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).count()
        try await member.save(on: db)
        if try await PairingMember.query(on: db).filter(\.$pairing.$id == oldPairing.requireID()).count() == 0 {
            try await oldPairing.delete(on: db)
        }
    }

    /// The mentor's draft group in the program, created when there is none yet.
    private static func draftPairing(mentor: Mentor, form: MentoringForm, program: Program, actorName: String, on db: any Database) async throws -> Pairing {
        if let existing = try await Pairing.query(on: db).filter(\.$program.$id == program.requireID())
            .filter(\.$mentor.$id == mentor.requireID()).filter(\.$status == .draft).first() {
            return existing
        }
        let pairing = try Pairing(program: program, mentorID: mentor.requireID(), form: form, scheme: .questionnaires,
                                  status: .draft, createdByName: actorName)
        try await pairing.create(on: db)
        return pairing
    }

    /// Exchanges the mentors of two draft members.
    static func swap(_ first: PairingMember, _ second: PairingMember, program: Program, on db: any Database) async throws {
        guard first.pairing.status == .draft, second.pairing.status == .draft else { throw PairingError.notInDraft(.swap) }
        guard first.$pairing.id != second.$pairing.id else { throw PairingError.sameMentor }
        let firstPairing = first.pairing, secondPairing = second.pairing
        for (member, pairing) in [(first, secondPairing), (second, firstPairing)] {
            guard let mentor = try await Mentor.find(pairing.$mentor.id, on: db) else { throw AppError.notFound }
            let score = try await score(mentee: member.mentee, mentor: mentor, program: program, on: db)
            member.$pairing.id = try pairing.requireID()
            member.score = score.score
            member.explanation = score.lines.joined(separator: "\n")
            try await member.save(on: db)
        }
    }

    /// Adds a mentee to the draft by hand, into the mentor's draft group or a new one.
    /// Call it after `lockDraft`, in the same transaction.
    static func addToDraft(mentee: Mentee, mentor: Mentor, program: Program, actorName: String, on db: any Database) async throws {
        let programID = try program.requireID()
        // Like a proposal: a proposal of the same child or for the mentor's last seat waits here.
        try await RowLock.lock(Mentee.schema, id: mentee.requireID(), on: db)
        try await RowLock.lock(Mentor.schema, id: mentor.requireID(), on: db)
        try await requireEligible(mentee: mentee, mentor: mentor, program: program, on: db)
        try await requireFreeSeat(mentor: mentor, program: program, on: db)
        let score = try await score(mentee: mentee, mentor: mentor, program: program, on: db)
        let pairing = try await draftPairing(mentor: mentor, form: mentee.form, program: program, actorName: actorName, on: db)
        let position = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).count()
        try await createHoldingPlace(PairingMember(pairingID: pairing.requireID(), menteeID: mentee.requireID(), programID: programID,
                                                   score: score.score, explanation: score.lines, position: position),
                                     mentee: mentee, on: db)
    }

    /// Sends the draft to both sides: each then accepts or declines. Returns how many pairings went out.
    @discardableResult
    static func send(programID: UUID, on db: any Database) async throws -> Int {
        try await lockDraft(programID: programID, on: db)
        let drafts = try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$status == .draft).all()
        let now = Date()
        for pairing in drafts {
            pairing.status = .proposed
            pairing.proposedAt = now
            try await pairing.save(on: db)
        }
        try await Notifications.proposalsSent(pairingIDs: drafts.compactMap(\.id), on: db)
        if let run = try await MatchingRun.query(on: db).filter(\.$program.$id == programID).sort(\.$createdAt, .descending).first(), run.sentAt == nil {
            run.sentAt = now
            try await run.save(on: db)
        }
        return drafts.count
    }

    /// A meeting that preceded a proposal: the curator's proposal, an open day, a personal meeting.
    struct Meeting: Sendable {
        var scheme: PairingScheme
        var heldOn: CalendarDay?
        var note: String
    }

    /// The curator proposes a mentor to a mentee after a meeting; it goes to both sides at once.
    /// Call it inside a transaction, before anything else is read there (`RowLock`).
    static func propose(mentee given: Mentee, mentor givenMentor: Mentor, program: Program, meeting: Meeting, actorName: String,
                        on db: any Database) async throws -> PairingMember {
        let programID = try program.requireID()
        // Proposals of one child to several mentors, or of several children for a mentor's last
        // seat, sent at the same moment wait here for each other and then see each other's place.
        try await RowLock.lock(Mentee.schema, id: given.requireID(), on: db)
        try await RowLock.lock(Mentor.schema, id: givenMentor.requireID(), on: db)
        guard let mentee = try await Mentee.find(given.requireID(), on: db), let mentor = try await Mentor.find(givenMentor.requireID(), on: db) else {
            throw AppError.notFound
        }
        try await requireEligible(mentee: mentee, mentor: mentor, program: program, on: db)
        try await requireFreeSeat(mentor: mentor, program: program, on: db)
        let score = try await score(mentee: mentee, mentor: mentor, program: program, on: db)
        // A mentor's mentees from the same scheme make one group.
        let pairing: Pairing
        if let existing = try await Pairing.query(on: db).filter(\.$program.$id == programID).filter(\.$mentor.$id == mentor.requireID())
            .filter(\.$scheme == meeting.scheme).filter(\.$status ~~ [.proposed, .formed]).first() {
            pairing = existing
        } else {
            pairing = try Pairing(program: program, mentorID: mentor.requireID(), form: mentee.form, scheme: meeting.scheme,
                                  status: .proposed, createdByName: actorName)
            pairing.proposedAt = Date()
            pairing.meetingOn = meeting.heldOn?.iso
            pairing.meetingNote = meeting.note.isEmpty ? nil : meeting.note
            pairing.repeatsPrevious = try await MatchingRunner.previousPairs(program: program, on: db)
                .contains { $0.mentee == mentee.id && $0.mentor == mentor.id }
            try await pairing.create(on: db)
        }
        let position = try await PairingMember.query(on: db).filter(\.$pairing.$id == pairing.requireID()).count()
        let member = PairingMember(pairingID: try pairing.requireID(), menteeID: try mentee.requireID(), programID: programID,
                                   score: score.score, explanation: score.lines, position: position)
        if meeting.heldOn != nil || !meeting.note.isEmpty {
            member.explanation += (member.explanation.isEmpty ? "" : "\n") + "Встреча: "
                + [meeting.heldOn?.russian, meeting.note.isEmpty ? nil : meeting.note].compactMap { $0 }.joined(separator: " — ")
        }
        try await createHoldingPlace(member, mentee: mentee, on: db)
        try await Notifications.proposalsSent(pairingIDs: [pairing.requireID()], memberIDs: [member.requireID()], on: db)
        return member
    }

    /// Clears `holds_place` of places that ended by a path that did not clear it (a pairing closed
    /// or declined elsewhere, a declined answer), so the index never blocks a child who is free.
    static func releaseEndedPlaces(programID: UUID, menteeID: UUID? = nil, on db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        let mentee: SQLQueryString = menteeID.map { "AND mentee_id = \(bind: $0)" } ?? ""
        try await sql.raw("""
            UPDATE pairing_members SET holds_place = \(bind: false)
            WHERE program_id = \(bind: programID) \(mentee) AND holds_place
              AND (mentee_answer = 'declined' OR mentor_answer = 'declined'
                   OR pairing_id IN (SELECT id FROM pairings WHERE program_id = \(bind: programID) AND status NOT IN ('draft', 'proposed', 'formed')))
            """).run()
    }

    /// Writes a member; the database's one-place index refuses a second active place of the child
    /// in the program, which is answered as a conflict, never as a server error.
    static func createHoldingPlace(_ member: PairingMember, mentee: Mentee, on db: any Database) async throws {
        try await releaseEndedPlaces(programID: member.programID, menteeID: mentee.requireID(), on: db)
        do {
            try await member.create(on: db)
        } catch where RowLock.isUniqueViolation(error) {
            throw PairingError.menteeAlreadyPlaced(name: mentee.fullName)
        }
    }

    /// A mentee already placed in the program, or without a valid consent, cannot be proposed.
    static func requireEligible(mentee: Mentee, mentor: Mentor, program: Program, on db: any Database) async throws {
        var errors: [String: String] = [:]
        let consents = try await PairingCandidates.consentsBySubject(ids: [mentee.requireID(), mentor.requireID()], on: db)
        let menteeProblems = PairingEligibility.problems(mentee: mentee, consents: consents[mentee.id!] ?? [])
        if !menteeProblems.isEmpty { errors["mentee"] = "\(mentee.fullName): " + menteeProblems.joined(separator: " ") }
        if mentee.status == .inPair { errors["mentee"] = "\(mentee.fullName) уже в паре." }
        if try await PairingCandidates.placedMentees(programID: program.requireID(), on: db).contains(mentee.requireID()) {
            errors["mentee"] = PairingError.menteeAlreadyPlaced(name: mentee.fullName).russianMessage
        }
        if !program.forms.contains(mentee.form) { errors["mentee"] = "Форма наставляемого не входит в программу." }
        if let problem = try await mentorProblem(mentor, for: mentee, program: program, consents: consents[mentor.id!] ?? [], on: db) {
            errors["mentor"] = problem
        }
        if !errors.isEmpty { throw AppError.validation(errors) }
    }

    /// Why this mentor cannot take this mentee in the program, or nil: consents, the form, and —
    /// for a partner's mentor — being put forward to this very program.
    static func mentorProblem(_ mentor: Mentor, for mentee: Mentee, program: Program, consents: [ConsentRecord], on db: any Database) async throws -> String? {
        var problem: String?
        let mentorProblems = PairingEligibility.problems(mentor: mentor, consents: consents)
        if !mentorProblems.isEmpty { problem = "\(mentor.fullName): " + mentorProblems.joined(separator: " ") }
        if !mentor.forms.contains(mentee.form) { problem = "Наставник не работает в форме «\(mentee.form.russianName)»." }
        // A partner's mentor is the program's only while put forward to it (a withdrawal waits on the mentor's row lock).
        if !(try await ProgramPartners.isProgramMentor(mentor, of: program, on: db)) {
            problem = "\(mentor.fullName) не из организации программы и не выдвинут в неё партнёром."
        }
        return problem
    }

    static func requireFreeSeat(mentor: Mentor, program: Program, on db: any Database) async throws {
        let taken = try await PairingCandidates.takenSeats(mentorIDs: [mentor.requireID()], on: db)[mentor.requireID()] ?? 0
        if taken >= mentor.capacity {
            throw PairingError.noFreeSeat(mentor: mentor.fullName, taken: taken, capacity: mentor.capacity)
        }
    }
}
