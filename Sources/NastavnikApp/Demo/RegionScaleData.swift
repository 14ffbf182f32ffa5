import Fluent
import Foundation
import SQLKit
import Vapor

/// A region at full size for benchmarks: many organizations and hundreds of thousands of people
/// in the bases, written with multi-row inserts (row-by-row Fluent saves would take minutes).
/// Programs, pairs, meetings, final answers and the organizations' yearly figures come with them,
/// so the indicators have a region to count.
public enum RegionScaleData {
    public struct Summary: Sendable {
        public let organizations: Int
        public let mentees: Int
        public let mentors: Int
        /// The organization of the curator: a large school holding one in twenty of the region's people.
        public let curatorOrganizationID: UUID
        public let curatorLogin: String
        public let coordinatorLogin: String
        public let password: String
    }

    public static func generate(organizations count: Int, people: Int, on database: any Database, passwords: AsyncPasswordHasher) async throws -> Summary {
        let password = SecureToken.readablePassword(length: 12)
        let hash = try await passwords.hash(password)
        // One transaction: a commit per batch would wait on the disk hundreds of times.
        let summary = try await database.transaction { db in
            try await generate(organizations: count, people: people, passwordHash: hash, password: password, on: db)
        }
        // Fresh statistics for the query planner, as a working database has them (PostgreSQL's
        // autovacuum would get there later; SQLite keeps none until asked).
        if let sql = database as? any SQLDatabase { try await sql.raw("ANALYZE").run() }
        // The pairs and answers were inserted directly: the indicators' stored counts are computed once, region by region.
        try await IndicatorCountsTable.rebuild(on: database)
        if let sql = database as? any SQLDatabase { try await sql.raw("ANALYZE \(ident: IndicatorCountsTable.schema)").run() }
        return summary
    }

    private static func generate(organizations count: Int, people: Int, passwordHash hash: String, password: String, on db: any Database) async throws -> Summary {
        guard let sql = db as? any SQLDatabase else { throw DemoData.DemoError.notEmpty }
        guard try await Region.query(on: db).filter(\.$code == "97").count() == 0 else { throw DemoData.DemoError.notEmpty }
        var names = RussianNames(seed: 97)

        let region = Region(name: "Большая область (нагрузочные данные)", code: "97")
        try await region.save(on: db)
        let regionID = try region.requireID()
        var municipalities: [UUID] = []
        for index in 0..<max(1, count / 25) {
            let municipality = Municipality(regionID: regionID, name: "Муниципальный округ № \(index + 1)")
            try await municipality.save(on: db)
            municipalities.append(try municipality.requireID())
        }
        var organizationIDs: [(id: UUID, municipality: UUID)] = []
        try await insert(sql, into: Organization.schema, columns: ["id", "municipality_id", "region_id", "name", "short_name", "kind", "created_at"],
                         rows: (0..<count).map { index in
            let id = UUID(), municipality = municipalities[index % municipalities.count]
            organizationIDs.append((id, municipality))
            let kind: OrganizationKind = index % 10 == 9 ? .college : .school
            let name = kind == .school ? "МБОУ СОШ № \(index + 1)" : "ГБПОУ «Колледж № \(index + 1)»"
            return [id, municipality, regionID, name, name, kind.rawValue, Date()] as [any Encodable & Sendable]
        })

        // The first organization gets a curator; the region a coordinator.
        let curator = User(login: "kurator.region", lastName: "Кураторова", firstName: "Анна", passwordHash: hash)
        let coordinator = User(login: "koordinator.region", lastName: "Координаторов", firstName: "Иван", passwordHash: hash)
        try await curator.save(on: db)
        try await coordinator.save(on: db)
        try await RoleAssignment(userID: curator.requireID(), role: .curator, organizationID: organizationIDs[0].id).save(on: db)
        try await RoleAssignment(userID: coordinator.requireID(), role: .regionalCoordinator, regionID: regionID).save(on: db)

        let mentorCount = people / 5
        let menteeCount = people - mentorCount
        let requests = BuiltInRequest.allCases.map(\.rawValue)
        let classes = (5...11).flatMap { grade in ["А", "Б", "В"].map { "\(grade)\($0)" } }
        let today = FieldParsing.today()
        // Who goes into pairs below: mentees «in a pair» and active mentors, by organization.
        var pairedMentees: [Int: [(id: UUID, form: MentoringForm)]] = [:]
        var activeMentors: [Int: [(id: UUID, capacity: Int)]] = [:]
        var menteesPerOrganization = [Int](repeating: 0, count: organizationIDs.count)
        var written = 0
        while written < menteeCount {
            let batch = min(1_000, menteeCount - written)
            var menteeRows: [[any Encodable & Sendable]] = []
            var requestRows: [[any Encodable & Sendable]] = []
            for offset in 0..<batch {
                let index = written + offset
                let organizationIndex = index % 20 == 0 ? 0 : index % organizationIDs.count
                let organization = organizationIDs[organizationIndex]
                let person = names.person()
                let className = classes[index % classes.count]
                let form: MentoringForm = index % 9 == 0 ? .teacherTeacher : .studentStudent
                let request = requests[index % requests.count]
                let status: MenteeStatus = [.inBase, .inPair, .inPair, .candidate, .finished][index % 5]
                let consent: ConsentState = index % 11 == 0 ? .missing : .valid
                let id = UUID()
                menteesPerOrganization[organizationIndex] += 1
                if status == .inPair || status == .finished { pairedMentees[organizationIndex, default: []].append((id, form)) }
                let search = [person.lastName, person.firstName, person.middleName, className].joined(separator: " ").lowercased()
                menteeRows.append([
                    (id), (organization.id), (organization.municipality), (regionID), (person.lastName), (person.firstName),
                    (person.middleName), (11 + index % 7), (true), (className), (form.rawValue), (request),
                    (DataChannel.classTeacher.rawValue), (today), (status.rawValue), (consent.rawValue), (search), (Date()), (Date()),
                ])
                requestRows.append([(UUID()), (id), (organization.id), (request)])
            }
            try await insert(sql, into: Mentee.schema, columns: [
                "id", "organization_id", "municipality_id", "region_id", "last_name", "first_name", "middle_name", "age", "is_minor", "class_name",
                "form", "request_codes", "channel", "entered_on", "status", "consent_state", "search_key", "created_at", "updated_at",
            ], rows: menteeRows)
            try await insert(sql, into: MenteeRequest.schema, columns: ["id", "mentee_id", "organization_id", "code"], rows: requestRows)
            written += batch
        }
        written = 0
        while written < mentorCount {
            let batch = min(1_000, mentorCount - written)
            var rows: [[any Encodable & Sendable]] = []
            for offset in 0..<batch {
                let index = written + offset
                let organization = organizationIDs[index % organizationIDs.count]
                let person = names.person()
                let origin: MentorOrigin = [.teacher, .teacher, .student, .parent, .employer, .alumnus][index % 6]
                // Shifted by the round, so every organization gets active mentors, not only every fifth.
                let status: MentorStatus = [.candidate, .selected, .trained, .active, .active][(index + index / organizationIDs.count) % 5]
                let search = [person.lastName, person.firstName, person.middleName].joined(separator: " ").lowercased()
                let id = UUID()
                if status == .active { activeMentors[index % organizationIDs.count, default: []].append((id, 1 + index % 3)) }
                rows.append([
                    (id), (organization.id), (organization.municipality), (regionID), (person.lastName), (person.firstName),
                    (person.middleName), (origin == .student), (origin.rawValue), (origin.contour.rawValue),
                    (MentoringForm.mask(origin == .teacher ? [.teacherTeacher, .studentStudent] : [.studentStudent])), (1 + index % 3),
                    (MeetingPlace.inPerson.rawValue), (status.rawValue), (index % 4 == 0), (false), (ConsentState.valid.rawValue),
                    (today), (search), (Date()), (Date()),
                ])
            }
            try await insert(sql, into: Mentor.schema, columns: [
                "id", "organization_id", "municipality_id", "region_id", "last_name", "first_name", "middle_name", "is_minor", "origin", "contour",
                "forms_mask", "capacity", "meeting_place", "status", "long_term", "former_mentee", "consent_state", "entered_on", "search_key",
                "created_at", "updated_at",
            ], rows: rows)
            written += batch
        }
        try await generatePairs(sql, organizations: organizationIDs.map(\.id), pairedMentees: pairedMentees, activeMentors: activeMentors,
                                menteesPerOrganization: menteesPerOrganization)
        try await prepareForPairing(organizationID: organizationIDs[0].id, on: sql)
        try await loadTestAccounts(organizations: organizationIDs.map(\.id), municipalities: municipalities, activeMentors: activeMentors,
                                   passwordHash: hash, on: db)
        return Summary(organizations: count, mentees: menteeCount, mentors: mentorCount, curatorOrganizationID: organizationIDs[0].id, curatorLogin: curator.login,
                       coordinatorLogin: coordinator.login, password: password)
    }

    /// Many people signing in at once, as the load test (`Benchmarks/load`) needs: a curator and an
    /// administrator in each of the first 20 organizations (`kurator.region.N`, `direktor.region.N`),
    /// a coordinator of each of the first 5 municipalities (`koordinator.mo.N`), and a mentor of a
    /// formed pair in each of the first 20 organizations (`nastavnik.region.N`), all with the one password.
    private static func loadTestAccounts(organizations: [UUID], municipalities: [UUID], activeMentors: [Int: [(id: UUID, capacity: Int)]],
                                         passwordHash hash: String, on db: any Database) async throws {
        for index in 0..<min(20, organizations.count) {
            let curator = User(login: "kurator.region.\(index + 1)", lastName: "Кураторова", firstName: "Мария", passwordHash: hash)
            let head = User(login: "direktor.region.\(index + 1)", lastName: "Директоров", firstName: "Павел", passwordHash: hash)
            try await curator.save(on: db)
            try await head.save(on: db)
            try await RoleAssignment(userID: curator.requireID(), role: .curator, organizationID: organizations[index]).save(on: db)
            try await RoleAssignment(userID: head.requireID(), role: .orgAdmin, organizationID: organizations[index]).save(on: db)
            // The second active mentor: the first one's pair is among the finished (every fifth).
            if let mentorID = activeMentors[index]?.dropFirst().first?.id, let mentor = try await Mentor.find(mentorID, on: db) {
                let user = User(login: "nastavnik.region.\(index + 1)", lastName: mentor.lastName, firstName: mentor.firstName, passwordHash: hash)
                try await user.save(on: db)
                mentor.$user.id = try user.requireID()
                try await mentor.save(on: db)
                try await RoleAssignment(userID: user.requireID(), role: .mentor, organizationID: organizations[index]).save(on: db)
            }
        }
        for (index, municipality) in municipalities.prefix(5).enumerated() {
            let coordinator = User(login: "koordinator.mo.\(index + 1)", lastName: "Координаторова", firstName: "Ольга", passwordHash: hash)
            try await coordinator.save(on: db)
            try await RoleAssignment(userID: coordinator.requireID(), role: .regionalCoordinator, municipalityID: municipality).save(on: db)
        }
    }

    /// Each organization runs a program this academic year (every other one also had one last
    /// year); its mentees «in a pair» are matched with its active mentors up to their capacity,
    /// the pairs have met, a fifth have finished (some early) with the mentees' final answers,
    /// and nine organizations in ten have reported their numbers of students and teachers.
    private static func generatePairs(_ sql: any SQLDatabase, organizations: [UUID], pairedMentees: [Int: [(id: UUID, form: MentoringForm)]],
                                      activeMentors: [Int: [(id: UUID, capacity: Int)]], menteesPerOrganization: [Int]) async throws {
        let year = AcademicYear.current()
        var programs: [[any Encodable & Sendable]] = [], figures: [[any Encodable & Sendable]] = []
        var pairings: [[any Encodable & Sendable]] = [], members: [[any Encodable & Sendable]] = [], meetings: [[any Encodable & Sendable]] = []
        var closures: [[any Encodable & Sendable]] = [], answers: [[any Encodable & Sendable]] = []
        let schemes = PairingScheme.allCases
        let now = Date()
        // All buffers go together, in this order, so no row is written before the pair it refers to.
        func flush(_ force: Bool = false) async throws {
            guard force || [pairings.count, members.count, meetings.count, closures.count, answers.count].contains(where: { $0 >= 1_000 }) else { return }
            for (table, columns, rows) in [
                (Pairing.schema, ["id", "organization_id", "program_id", "mentor_id", "form", "scheme", "status", "repeats_previous", "formed_at",
                                  "created_by_name", "created_at", "updated_at"], pairings),
                (PairingMember.schema, ["id", "pairing_id", "mentee_id", "program_id", "score", "explanation", "mentee_answer", "mentor_answer", "position",
                                        "holds_place"], members),
                (PairMeeting.schema, ["id", "pairing_id", "program_id", "kind", "status", "on", "starts_at", "duration_minutes", "format", "place",
                                      "summary", "recorded_by_name", "created_at", "updated_at"], meetings),
                (PairClosure.schema, ["id", "pairing_id", "program_id", "decision", "decided_by_role", "reason", "decided_on", "decided_by_name", "created_at"], closures),
                (FinalAnswer.schema, ["id", "pairing_id", "program_id", "side", "member_id", "most_valuable", "results", "learned", "closeness", "changed", "understood",
                                      "remembered", "continue_together", "wants_to_mentor", "written_by_name", "created_at", "updated_at"], answers),
            ] {
                for start in stride(from: 0, to: rows.count, by: 1_000) {
                    try await insert(sql, into: table, columns: columns, rows: Array(rows[start..<min(start + 1_000, rows.count)]))
                }
            }
            pairings = []; members = []; meetings = []; closures = []; answers = []
        }
        // Programs first: the pairs refer to them.
        var currentPrograms: [UUID] = []
        for (index, organizationID) in organizations.enumerated() {
            let current = UUID()
            currentPrograms.append(current)
            programs.append([current, organizationID, "Программа наставничества \(year.title)", "studentStudent,teacherTeacher", "", "", "",
                             year.firstDay.iso, year.lastDay.iso, ProgramStage.pairWork.rawValue, "", now, now])
            if index % 2 == 0 {
                programs.append([UUID(), organizationID, "Программа наставничества \(year.adding(-1).title)", "studentStudent", "", "", "",
                                 year.adding(-1).firstDay.iso, year.adding(-1).lastDay.iso, ProgramStage.completion.rawValue, "", now, now])
            }
            if index % 10 != 7 {
                let students = max(100, menteesPerOrganization[index] * 4), teachers = max(10, students / 12)
                figures.append([UUID(), organizationID, year.startYear, students, teachers, max(1, teachers / 6), "Генератор", now])
            }
        }
        for start in stride(from: 0, to: programs.count, by: 1_000) {
            try await insert(sql, into: Program.schema, columns: ["id", "organization_id", "name", "forms", "role_models", "goals", "expected_results",
                                                                 "starts_on", "ends_on", "stage", "partners", "created_at", "updated_at"],
                             rows: Array(programs[start..<min(start + 1_000, programs.count)]))
        }
        for (index, organizationID) in organizations.enumerated() {
            let current = currentPrograms[index]
            var mentees = pairedMentees[index] ?? []
            for (mentorNumber, mentor) in (activeMentors[index] ?? []).enumerated() where !mentees.isEmpty {
                let group = Array(mentees.prefix(mentor.capacity))
                mentees.removeFirst(group.count)
                let pairingID = UUID(), form = group[0].form
                let finished = mentorNumber % 5 == 0
                pairings.append([pairingID, organizationID, current, mentor.id, form.rawValue, schemes[mentorNumber % schemes.count].rawValue,
                                 (finished ? PairingStatus.finished : .formed).rawValue, false, now.addingTimeInterval(-60 * 86_400), "Генератор", now, now])
                for (position, mentee) in group.enumerated() {
                    // Each mentee of a group answers as that member: one set of final answers per member (M034).
                    let memberID = UUID()
                    members.append([memberID, pairingID, mentee.id, current, 60 + (mentorNumber + position) % 40, "", "accepted", "accepted", position, !finished])
                    if finished {
                        answers.append([UUID(), pairingID, current, BaseKind.mentee.rawValue, memberID, "", "Цель достигнута", "", 5 + (mentorNumber + position) % 6,
                                        "", "", "", false, position == 0, "Генератор", now, now])
                    }
                }
                for (offset, kind) in [(-55, MeetingKind.acquaintance), (-40, .planning), (-20 + mentorNumber % 15, .working)] {
                    meetings.append([UUID(), pairingID, current, kind.rawValue, MeetingStatus.held.rawValue, CalendarDay.today().adding(days: offset).iso,
                                     "15:00", kind.recommendedMinutes, MeetingFormat.inPerson.rawValue, "", "Встреча", "Генератор", now, now])
                }
                if finished {
                    let early = mentorNumber % 7 == 0
                    closures.append([UUID(), pairingID, current, (early ? ClosureDecision.earlyEnd : .finish).rawValue, "куратор",
                                     early ? "Переезд" : "", CalendarDay.today().adding(days: -5).iso, "Генератор", now])
                }
            }
            try await flush()
        }
        try await flush(true)
        for start in stride(from: 0, to: figures.count, by: 1_000) {
            try await insert(sql, into: OrganizationYearFigures.schema, columns: ["id", "organization_id", "academic_year", "students", "teachers",
                                                                                 "young_teachers", "entered_by_name", "updated_at"],
                             rows: Array(figures[start..<min(start + 1_000, figures.count)]))
        }
    }

    static func insert(_ sql: any SQLDatabase, into table: String, columns: [String], rows: [[any Encodable & Sendable]]) async throws {
        guard !rows.isEmpty else { return }
        var builder = sql.insert(into: table).columns(columns)
        for row in rows {
            builder = builder.values(row.map { SQLBind($0) as any SQLExpression })
        }
        try await builder.run()
    }
}
