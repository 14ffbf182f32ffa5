import Fluent
import FluentSQL
import Foundation

/// The rules of selection (stage 4), shared by the pages and the API: who is a candidate of a
/// program, adding candidates, recording the interview and the test, and the decision.
enum SelectionService {
    /// Mentors of the organization and those its partners put forward to the program, who work in one of the program's forms and are still in the
    /// base: the program's candidates, whether or not they were added to its selection yet. A pupil
    /// or student mentor who graduated is one only where already in this program's selection.
    static func candidates(of program: Program, on db: any Database) async throws -> [Mentor] {
        try await Mentor.query(on: db)
            .filter(try ProgramPartners.mentorCondition(program))
            .filter(.sql(embed: "(\(ident: Mentor.schema).\(ident: "graduated_year") IS NULL OR \(ident: Mentor.schema).\(ident: "id") IN (SELECT \(ident: "mentor_id") FROM \(ident: MentorSelection.schema) WHERE \(ident: "program_id") = \(bind: program.requireID())))"))
            .filter(.sql(embed: "(\(ident: "forms_mask") & \(literal: MentoringForm.mask(program.forms))) <> 0"))
            .filter(\.$anonymizedAt == nil).filter(\.$status != .left)
            .sort(\.$lastName).sort(\.$firstName).all()
    }

    /// The program's selection rows by mentor.
    static func selections(of program: Program, on db: any Database) async throws -> [UUID: MentorSelection] {
        let rows = try await MentorSelection.query(on: db).filter(\.$program.$id == program.requireID()).all()
        return Dictionary(rows.map { ($0.$mentor.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The mentors the program selected, in the registry's order (by name).
    static func selectedMentors(of program: Program, on db: any Database) async throws -> [Mentor] {
        try await Mentor.query(on: db)
            .join(MentorSelection.self, on: \Mentor.$id == \MentorSelection.$mentor.$id)
            .filter(MentorSelection.self, \.$program.$id == program.requireID())
            .filter(MentorSelection.self, \.$decision == .selected)
            .sort(\.$lastName).sort(\.$firstName).all()
    }

    /// Adds candidates to the selection; `mentorIDs == nil` adds every candidate not yet in it.
    /// An id that is not a candidate of this program answers 404, so an edited id changes nothing.
    /// Returns the mentors added.
    /// The audit entry names the people added, in the same transaction.
    static func add(_ mentorIDs: [UUID]?, to program: Program, by actor: AuditActor = .system,
                    on db: any Database) async throws -> [Mentor] {
        let candidates = try await candidates(of: program, on: db)
        let existing = try await selections(of: program, on: db)
        let byID = Dictionary(candidates.compactMap { mentor in mentor.id.map { ($0, mentor) } }, uniquingKeysWith: { first, _ in first })
        let wanted: [Mentor]
        if let mentorIDs {
            wanted = try mentorIDs.map { id in
                guard let mentor = byID[id] else { throw AppError.notFound }
                return mentor
            }
        } else {
            wanted = candidates
        }
        let programID = try program.requireID()
        return try await db.transaction { db in
            var added: [Mentor] = []
            for mentor in wanted {
                let id = try mentor.requireID()
                guard existing[id] == nil, !added.contains(where: { $0.id == id }) else { continue }
                try await MentorSelection(programID: programID, mentorID: id).create(on: db)
                added.append(mentor)
            }
            if !added.isEmpty {
                try await actor.record(.selectionCandidatesAdded, organizationID: program.$organization.id, objectType: "program", objectID: programID,
                                       details: added.map(\.fullName).joined(separator: ", "), on: db)
            }
            return added
        }
    }

    /// The candidate's selection row in the program, with the mentor; 404 when the mentor was not
    /// added to this program's selection.
    static func selection(of mentorID: UUID?, in program: Program, on db: any Database) async throws -> (Mentor, MentorSelection) {
        guard let mentorID,
              let selection = try await MentorSelection.query(on: db)
                .filter(\.$program.$id == program.requireID()).filter(\.$mentor.$id == mentorID).with(\.$mentor).first(),
              try await ProgramPartners.isProgramMentor(selection.mentor, of: program, on: db) else { throw AppError.notFound }
        return (selection.mentor, selection)
    }

    /// First in the transaction of every write about a candidate: takes the mentor's row lock (the
    /// one a withdrawal of consent takes) and refuses a mentor who withdrew the consent, so a
    /// withdrawal at the same moment cannot leave a new conclusion or decision behind it.
    private static func requireConsenting(_ mentor: Mentor, on db: any Database) async throws {
        guard try await Consents.lockStillConsenting(kind: .mentor, id: mentor.requireID(), on: db) else { throw SelectionError.consentWithdrawn }
    }

    /// Records the interview with its audit entry in one transaction.
    static func recordInterview(_ interview: SelectionInput.Interview, on selection: MentorSelection, mentor: Mentor, program: Program,
                                by actor: AuditActor, db: any Database) async throws {
        try await db.transaction { db in
            try await requireConsenting(mentor, on: db)
            selection.interviewedOn = interview.day.iso
            selection.interviewer = interview.interviewer
            selection.readiness = interview.readiness
            selection.interviewConclusion = interview.conclusion
            try await selection.save(on: db)
            try await actor.record(.interviewRecorded, organizationID: program.$organization.id, objectType: "mentor", objectID: mentor.id,
                                   details: "\(program.name): \(mentor.fullName), \(interview.readiness.russianName)", on: db)
        }
    }

    /// The communication and empathy test is for student mentors (seed 000); for others it
    /// answers a validation error rather than storing a test nobody asked for.
    static func recordTest(_ test: SelectionInput.Test, on selection: MentorSelection, mentor: Mentor, program: Program,
                           by actor: AuditActor, db: any Database) async throws {
        guard mentor.origin == .student else {
            throw AppError.validation(["communicationScore": "Тестирование коммуникативных навыков и эмпатии проводится для наставников-обучающихся."])
        }
        try await db.transaction { db in
            try await requireConsenting(mentor, on: db)
            selection.testedOn = test.day.iso
            selection.communicationScore = test.communicationScore
            selection.empathyScore = test.empathyScore
            selection.skillGaps = test.gaps
            try await selection.save(on: db)
            try await actor.record(.mentorTestRecorded, organizationID: program.$organization.id, objectType: "mentor", objectID: mentor.id,
                                   details: "\(program.name): \(mentor.fullName), коммуникация \(test.communicationScore), эмпатия \(test.empathyScore)"
                                      , on: db)
        }
    }

    /// Records the decision. «Отобран» moves the mentor base row to `.selected`, unless the
    /// mentor is already further on (trained, mentoring); a mentor who left cannot be selected.
    /// The decision and its audit entry share one transaction; `actor` names who decided.
    static func decide(_ decision: SelectionInput.Decision, on selection: MentorSelection, mentor: Mentor, program: Program,
                       by actor: AuditActor, db: any Database) async throws {
        let name = actor.principal?.fullName ?? (actor.viaAPI ? "API" : "")
        if decision.decision == .selected && mentor.status == .left && mentor.anonymizedAt == nil {
            throw AppError.validation(["decision": "Наставник выбыл из базы: отобрать его нельзя."])
        }
        try await db.transaction { db in
            try await requireConsenting(mentor, on: db)
            selection.decision = decision.decision
            selection.decisionReason = decision.reason.isEmpty ? nil : decision.reason
            selection.decidedAt = decision.decision == .pending ? nil : Date()
            selection.decidedBy = decision.decision == .pending ? nil : name
            try await selection.save(on: db)
            if decision.decision == .selected, [.candidate, .resting].contains(mentor.status) {
                mentor.status = .selected
                try await mentor.save(on: db)
            }
            try await actor.record(.selectionDecided, organizationID: program.$organization.id, objectType: "mentor", objectID: mentor.id,
                                   details: "\(program.name): \(mentor.fullName) — \(decision.decision.russianName)"
                                       + (decision.reason.isEmpty ? "" : ": \(decision.reason)"), on: db)
        }
    }
}
