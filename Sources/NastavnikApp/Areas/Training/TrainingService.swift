import Fluent
import Foundation

/// The rules of training (stage 4), shared by the pages and the API: the plan's sessions, who
/// attended, the program's rule for «обучен», and moving trained mentors on in the mentor base.
enum TrainingService {
    /// A selected mentor's progress in the program's training.
    struct Progress: Sendable {
        let mentor: Mentor
        /// Primary-training sessions attended: what the rule counts.
        let primaryAttended: Int
        let totalAttended: Int
        let meetsRule: Bool
    }

    static func sessions(of program: Program, on db: any Database) async throws -> [TrainingSession] {
        try await TrainingSession.query(on: db).filter(\.$program.$id == program.requireID())
            .sort(\.$heldOn).sort(\.$createdAt).all()
    }

    /// The session in this program; an id of another program's session answers 404.
    static func session(_ id: UUID?, of program: Program, on db: any Database) async throws -> TrainingSession {
        guard let id, let session = try await TrainingSession.query(on: db)
            .filter(\.$id == id).filter(\.$program.$id == program.requireID()).first() else { throw AppError.notFound }
        return session
    }

    /// Every change here writes its audit entry in its own transaction: `actor` is who acts
    /// (`.system` for the demo and fixtures; an API request's actor marks its entries itself).
    static func add(_ draft: TrainingSessionDraft, to program: Program, by actor: AuditActor = .system,
                    on db: any Database) async throws -> TrainingSession {
        let session = TrainingSession(programID: try program.requireID())
        draft.apply(to: session)
        try await db.transaction { db in
            try await session.create(on: db)
            try await record(.trainingSessionAdded, program, by: actor, details: "\(session.topic), \(draft.day.russian)", on: db)
        }
        return session
    }

    /// Returns the mentors the change made trained.
    @discardableResult
    static func update(_ session: TrainingSession, with draft: TrainingSessionDraft, program: Program, by actor: AuditActor = .system, on db: any Database) async throws -> [Mentor] {
        try await db.transaction { db in
            draft.apply(to: session)
            try await session.save(on: db)
            try await record(.trainingSessionUpdated, program, by: actor, details: "\(session.topic), \(draft.day.russian)", on: db)
            // A session may have changed kind, which changes what the rule counts.
            return try await promoteTrained(in: program, by: actor, on: db)
        }
    }

    static func delete(_ session: TrainingSession, program: Program, by actor: AuditActor = .system,
                       on db: any Database) async throws {
        try await db.transaction { db in
            try await TrainingAttendance.query(on: db).filter(\.$session.$id == session.requireID()).delete()
            try await session.delete(on: db)
            try await record(.trainingSessionDeleted, program, by: actor, details: "\(session.topic), \(session.day?.russian ?? session.heldOn)", on: db)
        }
    }

    private static func record(_ action: AuditAction, _ program: Program, by actor: AuditActor, details: String,
                               on db: any Database) async throws {
        try await actor.record(action, organizationID: program.$organization.id, objectType: "program", objectID: program.id,
                               details: details, on: db)
    }

    /// The number of primary-training sessions a mentor must attend to count as trained: the
    /// program's own rule, or the lower bound of the norm of its most demanding form.
    static func requiredSessions(for program: Program, on db: any Database) async throws -> Int {
        if let rule = try await TrainingRule.query(on: db).filter(\.$program.$id == program.requireID()).first() {
            return rule.primarySessionsRequired
        }
        return TrainingNorm.norm(for: program.forms)?.minimumSessions ?? 1
    }

    static let requiredRange = 1...50

    /// Sets the program's rule and moves mentors who now meet it to «обучен».
    @discardableResult
    static func setRequiredSessions(_ count: Int, for program: Program, by actor: AuditActor = .system,
                                    on db: any Database) async throws -> [Mentor] {
        guard requiredRange.contains(count) else {
            throw AppError.validation(["primarySessionsRequired": "Число занятий первичного обучения: от \(requiredRange.lowerBound) до \(requiredRange.upperBound)."])
        }
        let programID = try program.requireID()
        return try await db.transaction { db in
            let rule = try await TrainingRule.query(on: db).filter(\.$program.$id == programID).first()
                ?? TrainingRule(programID: programID, primarySessionsRequired: count)
            rule.primarySessionsRequired = count
            try await rule.save(on: db)
            try await record(.trainingRuleChanged, program, by: actor,
                             details: "\(program.name): обучен после \(count) \(RussianPlural.form(count, "занятия", "занятий", "занятий")) первичного обучения", on: db)
            return try await promoteTrained(in: program, by: actor, on: db)
        }
    }

    /// Replaces who attended the session. Only the program's selected mentors are trained in
    /// it; another id answers a validation error and changes nothing. Returns the mentors who
    /// became trained.
    @discardableResult
    static func setAttendance(of session: TrainingSession, mentorIDs: Set<UUID>, program: Program, by actor: AuditActor = .system, on db: any Database) async throws -> [Mentor] {
        try await setAttendance([(session, mentorIDs)], program: program, by: actor, details: "\(session.topic): отметок \(mentorIDs.count)", on: db)
    }

    /// The whole attendance table at once (the page's form): one transaction, one audit entry.
    @discardableResult
    static func setAttendance(_ ticks: [(session: TrainingSession, mentorIDs: Set<UUID>)], program: Program, by actor: AuditActor, details: String? = nil, on db: any Database) async throws -> [Mentor] {
        let selected = Set(try await SelectionService.selectedMentors(of: program, on: db).compactMap(\.id))
        guard ticks.allSatisfy({ $0.mentorIDs.isSubset(of: selected) }) else {
            throw AppError.validation(["mentorIDs": "Отметить посещение можно только у отобранных наставников программы."])
        }
        return try await db.transaction { db in
            for (session, mentorIDs) in ticks {
                let sessionID = try session.requireID()
                let existing = try await TrainingAttendance.query(on: db).filter(\.$session.$id == sessionID).all()
                for row in existing where !mentorIDs.contains(row.$mentor.id) { try await row.delete(on: db) }
                let kept = Set(existing.map(\.$mentor.id))
                for id in mentorIDs.subtracting(kept).sorted(by: { $0.uuidString < $1.uuidString }) {
                    // A new mark is new data about the mentor: refused once the consent was withdrawn (the row lock orders
                    // it against a withdrawal at the same moment). Marks made before stay, without the name.
                    guard try await Consents.lockStillConsenting(kind: .mentor, id: id, on: db) else { throw SelectionError.consentWithdrawn }
                    try await TrainingAttendance(sessionID: sessionID, mentorID: id).create(on: db)
                }
            }
            try await record(.trainingAttendanceMarked, program, by: actor,
                             details: details ?? "\(program.name): отметок \(ticks.reduce(0) { $0 + $1.mentorIDs.count })", on: db)
            return try await promoteTrained(in: program, by: actor, on: db)
        }
    }

    /// Who attended which of the program's sessions: session id → mentor ids.
    static func attendance(in program: Program, on db: any Database) async throws -> [UUID: Set<UUID>] {
        let rows = try await TrainingAttendance.query(on: db)
            .join(TrainingSession.self, on: \TrainingAttendance.$session.$id == \TrainingSession.$id)
            .filter(TrainingSession.self, \.$program.$id == program.requireID()).all()
        return rows.reduce(into: [:]) { $0[$1.$session.id, default: []].insert($1.$mentor.id) }
    }

    /// Every selected mentor's progress against the rule.
    static func progress(in program: Program, on db: any Database) async throws -> [Progress] {
        let mentors = try await SelectionService.selectedMentors(of: program, on: db)
        let sessions = try await sessions(of: program, on: db)
        let attendance = try await attendance(in: program, on: db)
        let required = try await requiredSessions(for: program, on: db)
        return mentors.map { mentor in
            let attended = sessions.filter { session in session.id.flatMap { attendance[$0] }?.contains(mentor.id ?? UUID()) ?? false }
            let primary = attended.filter { $0.kind == .primary }.count
            return Progress(mentor: mentor, primaryAttended: primary, totalAttended: attended.count, meetsRule: primary >= required)
        }
    }

    /// Moves the selected mentors who meet the rule from «отобран» to «обучен» in the mentor
    /// base. Never moves anyone back: a mentor may be trained in another program too, and the
    /// base's own form is where a curator corrects a status by hand.
    /// Each mentor moved gets an audit entry by the same actor, on `db` — the transaction of the
    /// change that made them trained.
    @discardableResult
    static func promoteTrained(in program: Program, by actor: AuditActor = .system, on db: any Database) async throws -> [Mentor] {
        var promoted: [Mentor] = []
        for entry in try await progress(in: program, on: db) where entry.meetsRule && entry.mentor.status == .selected {
            entry.mentor.status = .trained
            try await entry.mentor.save(on: db)
            try await actor.record(.mentorTrained, organizationID: program.$organization.id, objectType: "mentor", objectID: entry.mentor.id,
                                   details: "\(program.name): \(entry.mentor.fullName)", on: db)
            promoted.append(entry.mentor)
        }
        return promoted
    }
}
