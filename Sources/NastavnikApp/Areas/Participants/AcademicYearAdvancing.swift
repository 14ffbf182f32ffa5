import Fluent
import FluentSQL
import Foundation

/// The step into a new academic year for an organization's mentee base and its pupil and student
/// mentors (`Mentor.className`), its preview and its undo.
/// Each is one transaction that holds the bases (`BaseWriteLock`); the step records every card it
/// changed (`AcademicYearChange`), and the undo puts back exactly those values on the cards that
/// still hold what the step wrote. Graduates leave the active base (`Mentee.graduatedYear`) and keep
/// their pairs, answers and closures, so the indicators of their years do not change.
enum AcademicYearAdvancing {
    enum Failure: Error, Equatable {
        case alreadyAdvanced(AcademicYear)
        case laterStepExists
        case alreadyUndone
        case nothingToChange
    }

    /// A class of the base with its people, for the form and the preview.
    struct ClassRow: Sendable, Equatable {
        let className: String
        let people: Int
        /// Of them, in a pair that is still working: a graduate's pair goes on until it ends.
        let inWorkingPairs: Int
        /// Pupil or student mentors of the class (mentor base), who move with it.
        var mentors = 0
    }

    /// The active bases' classes: not graduated, not anonymized; a class only mentors are in
    /// (a college's student mentors) is listed too.
    static func classes(organizationID: UUID, on db: any Database) async throws -> [ClassRow] {
        guard let sql = db as? any SQLDatabase else { return [] }
        let mentorRows = try await sql.raw("""
            SELECT class_name, COUNT(*) AS people FROM \(ident: Mentor.schema)
            WHERE organization_id = \(bind: organizationID) AND class_name IS NOT NULL AND class_name <> ''
              AND graduated_year IS NULL AND anonymized_at IS NULL
            GROUP BY class_name
            """).all()
        var mentors: [String: Int] = [:]
        for row in mentorRows { mentors[try row.decode(column: "class_name", as: String.self)] = try row.decode(column: "people", as: Int.self) }
        let rows = try await sql.raw("""
            SELECT m.class_name AS class_name, COUNT(*) AS people,
                   SUM(CASE WHEN EXISTS (SELECT 1 FROM \(ident: PairingMember.schema) pm JOIN \(ident: Pairing.schema) pg ON pg.id = pm.pairing_id
                                         WHERE pm.mentee_id = m.id AND pm.holds_place AND pg.status = 'formed') THEN 1 ELSE 0 END) AS paired
            FROM \(ident: Mentee.schema) m
            WHERE m.organization_id = \(bind: organizationID) AND m.class_name IS NOT NULL AND m.class_name <> ''
              AND m.graduated_year IS NULL AND m.anonymized_at IS NULL
            GROUP BY m.class_name ORDER BY m.class_name
            """).all()
        var result = try rows.map {
            let name = try $0.decode(column: "class_name", as: String.self)
            return ClassRow(className: name, people: try $0.decode(column: "people", as: Int.self),
                            inWorkingPairs: try $0.decode(column: "paired", as: Int?.self) ?? 0, mentors: mentors[name] ?? 0)
        }
        let listed = Set(result.map(\.className))
        result += mentors.filter { !listed.contains($0.key) }.map { ClassRow(className: $0.key, people: 0, inWorkingPairs: 0, mentors: $0.value) }
        return result.sorted { classOrder($0.className, $1.className) }
    }

    /// «5А» before «10А»: by the number, then by the rest.
    static func classOrder(_ a: String, _ b: String) -> Bool {
        let na = Int(a.prefix { $0.isNumber }) ?? Int.max, nb = Int(b.prefix { $0.isNumber }) ?? Int.max
        return na != nb ? na < nb : a < b
    }

    /// The year a step taken today leads into: the one that starts this September — prepared ahead
    /// from January to August, or taken late in the autumn of the year that has just started.
    static func targetYear(today: CalendarDay = .today()) -> AcademicYear {
        AcademicYear(startYear: today.year)
    }

    struct Summary: Sendable {
        let advanceID: UUID
        let moved: Int
        let graduated: Int
    }

    /// Takes the step. Throws `Failure.alreadyAdvanced` when the organization already stepped into
    /// that year (the partial unique index decides when two curators press at once).
    static func apply(_ moves: [AcademicYearAdvancePlan.Move], into year: AcademicYear, organizationID: UUID, by principal: Principal,
                      on db: any Database) async throws -> Summary {
        let changing = moves.filter(\.changes)
        guard !changing.isEmpty else { throw Failure.nothingToChange }
        do {
            return try await db.transaction { db in
                try await BaseWriteLock.acquire(organizationID: organizationID, on: db)
                let later = try await AcademicYearAdvance.query(on: db).filter(\.$organization.$id == organizationID)
                    .filter(\.$undoneAt == nil).filter(\.$academicYear >= year.startYear).first()
                if let later {
                    throw later.academicYear == year.startYear ? Failure.alreadyAdvanced(year) : Failure.laterStepExists
                }
                let advance = AcademicYearAdvance()
                advance.$organization.id = organizationID
                advance.academicYear = year.startYear
                advance.$createdBy.id = principal.userID
                try await advance.create(on: db)
                let advanceID = try advance.requireID()
                let byClass = Dictionary(changing.map { ($0.from, $0) }, uniquingKeysWith: { first, _ in first })
                let mentees = try await Mentee.query(on: db).filter(\.$organization.$id == organizationID)
                    .filter(\.$className ~~ Array(byClass.keys)).filter(\.$graduatedYear == nil).filter(\.$anonymizedAt == nil).all()
                var changes: [AcademicYearChange] = []
                var moved = 0, graduated = 0
                for mentee in mentees {
                    guard let from = mentee.className, let move = byClass[from] else { continue }
                    let change = AcademicYearChange()
                    change.$advance.id = advanceID
                    change.$mentee.id = try mentee.requireID()
                    change.oldClassName = from
                    change.newClassName = move.graduate ? from : move.to
                    change.oldStatus = mentee.status
                    change.newStatus = move.graduate && [.candidate, .inBase].contains(mentee.status) ? .left : mentee.status
                    change.graduated = move.graduate
                    try await write(mentee, className: change.newClassName, status: change.newStatus,
                                    graduatedYear: move.graduate ? year.startYear - 1 : nil, on: db)
                    changes.append(change)
                    if move.graduate { graduated += 1 } else { moved += 1 }
                }
                try await createInChunks(changes, on: db)
                // Pupil and student mentors of the same classes move with them; a graduate leaves
                // the active mentor base and the candidates, keeping the status of a pair that goes on.
                let mentors = try await Mentor.query(on: db).filter(\.$organization.$id == organizationID)
                    .filter(\.$className ~~ Array(byClass.keys)).filter(\.$graduatedYear == nil).filter(\.$anonymizedAt == nil).all()
                var mentorChanges: [AcademicYearMentorChange] = []
                for mentor in mentors {
                    guard let from = mentor.className, let move = byClass[from] else { continue }
                    let change = AcademicYearMentorChange()
                    change.$advance.id = advanceID
                    change.$mentor.id = try mentor.requireID()
                    change.oldClassName = from
                    change.newClassName = move.graduate ? from : move.to
                    change.graduated = move.graduate
                    try await write(mentor, className: change.newClassName, graduatedYear: move.graduate ? year.startYear - 1 : nil, on: db)
                    mentorChanges.append(change)
                    if move.graduate { graduated += 1 } else { moved += 1 }
                }
                try await createInChunks(mentorChanges, on: db)
                let lines = changing.map { $0.graduate ? "\($0.from) — выпуск" : "\($0.from) → \($0.to)" }.joined(separator: ", ")
                try await Audit.record(.academicYearAdvanced, by: principal, organizationID: organizationID, objectType: "academic_year_advance",
                                       objectID: advanceID, details: "\(year.title): \(lines); переведено \(moved), выпущено \(graduated)", on: db)
                return Summary(advanceID: advanceID, moved: moved, graduated: graduated)
            }
        } catch where RowLock.isUniqueViolation(error) {
            throw Failure.alreadyAdvanced(year)
        }
    }

    /// Inserts the step's change rows 200 at a time (a big school changes thousands of cards).
    private static func createInChunks<Row: Model>(_ rows: [Row], on db: any Database) async throws {
        for start in stride(from: 0, to: rows.count, by: 200) {
            try await Array(rows[start..<min(start + 200, rows.count)]).create(on: db)
        }
    }

    /// Writes a card's class, status and graduation with the search key and a raised version, so
    /// that a form opened before the step refuses to overwrite it (`CardVersion`).
    private static func write(_ mentee: Mentee, className: String, status: MenteeStatus, graduatedYear: Int?, on db: any Database) async throws {
        mentee.className = className
        mentee.status = status
        mentee.graduatedYear = graduatedYear
        mentee.updateSearchKey()
        _ = try await CardVersion.bump(Mentee.schema, id: mentee.requireID(), expected: nil, on: db)
        mentee.version = (mentee.version ?? 0) + 1
        try await mentee.save(on: db)
    }

    /// The same for a mentor card: its class and graduation, its status left as it is.
    private static func write(_ mentor: Mentor, className: String, graduatedYear: Int?, on db: any Database) async throws {
        mentor.className = className
        mentor.graduatedYear = graduatedYear
        _ = try await CardVersion.bump(Mentor.schema, id: mentor.requireID(), expected: nil, on: db)
        mentor.version = (mentor.version ?? 0) + 1
        try await mentor.save(on: db)
    }

    struct UndoSummary: Sendable {
        let restored: Int
        /// Cards changed by someone after the step: left as they are now.
        let keptNames: [String]
    }

    /// Undoes the organization's latest step: each card that still holds what the step wrote gets
    /// its old class and status back; a card edited since is left and named.
    static func undo(_ advanceID: UUID, organizationID: UUID, by principal: Principal, on db: any Database) async throws -> UndoSummary {
        try await db.transaction { db in
            try await BaseWriteLock.acquire(organizationID: organizationID, on: db)
            guard let advance = try await AcademicYearAdvance.query(on: db).filter(\.$id == advanceID)
                .filter(\.$organization.$id == organizationID).first() else { throw AppError.notFound }
            guard advance.undoneAt == nil else { throw Failure.alreadyUndone }
            let later = try await AcademicYearAdvance.query(on: db).filter(\.$organization.$id == organizationID)
                .filter(\.$undoneAt == nil).filter(\.$academicYear > advance.academicYear).count()
            guard later == 0 else { throw Failure.laterStepExists }
            guard let sql = db as? any SQLDatabase else { throw Failure.alreadyUndone }
            let claimed = try await sql.update(AcademicYearAdvance.schema)
                .set("undone_at", to: SQLBind(Date())).set("undone_by_id", to: SQLBind(principal.userID))
                .where("id", .equal, SQLBind(advanceID)).where("undone_at", .is, SQLLiteral.null)
                .returning("id").all()
            guard claimed.count == 1 else { throw Failure.alreadyUndone }
            let changes = try await AcademicYearChange.query(on: db).filter(\.$advance.$id == advanceID).all()
            let mentees = Dictionary(uniqueKeysWithValues: try await Mentee.query(on: db).filter(\.$id ~~ changes.map { $0.$mentee.id }).all()
                .map { (try $0.requireID(), $0) })
            let graduatedYear = advance.academicYear - 1
            var restored = 0, kept: [String] = []
            for change in changes {
                guard let mentee = mentees[change.$mentee.id] else { continue }
                let untouched = mentee.className == change.newClassName && mentee.status == change.newStatus
                    && mentee.graduatedYear == (change.graduated ? graduatedYear : nil) && mentee.anonymizedAt == nil
                guard untouched else {
                    kept.append(mentee.anonymizedAt == nil ? mentee.fullName : ConsentWithdrawal.label)
                    continue
                }
                try await write(mentee, className: change.oldClassName, status: change.oldStatus, graduatedYear: nil, on: db)
                restored += 1
            }
            let mentorChanges = try await AcademicYearMentorChange.query(on: db).filter(\.$advance.$id == advanceID).all()
            let mentors = Dictionary(uniqueKeysWithValues: try await Mentor.query(on: db).filter(\.$id ~~ mentorChanges.map { $0.$mentor.id }).all()
                .map { (try $0.requireID(), $0) })
            for change in mentorChanges {
                guard let mentor = mentors[change.$mentor.id] else { continue }
                let untouched = mentor.className == change.newClassName && mentor.graduatedYear == (change.graduated ? graduatedYear : nil)
                    && mentor.anonymizedAt == nil
                guard untouched else {
                    kept.append(mentor.anonymizedAt == nil ? mentor.fullName : ConsentWithdrawal.label)
                    continue
                }
                try await write(mentor, className: change.oldClassName, graduatedYear: nil, on: db)
                restored += 1
            }
            try await Audit.record(.academicYearUndone, by: principal, organizationID: organizationID, objectType: "academic_year_advance",
                                   objectID: advanceID,
                                   details: "\(AcademicYear(startYear: advance.academicYear).title): возвращено \(restored), оставлено как есть \(kept.count)", on: db)
            return UndoSummary(restored: restored, keptNames: kept.sorted())
        }
    }
}
