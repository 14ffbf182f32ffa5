import Fluent
import Foundation
import SQLKit
import Vapor

/// A region at full size for benchmarks: many organizations and hundreds of thousands of people
/// in the bases, written with multi-row inserts (row-by-row Fluent saves would take minutes).
/// Pairs, meetings and answers join as those areas land.
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
        return try await database.transaction { db in
            try await generate(organizations: count, people: people, passwordHash: hash, password: password, on: db)
        }
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
        var written = 0
        while written < menteeCount {
            let batch = min(1_000, menteeCount - written)
            var menteeRows: [[any Encodable & Sendable]] = []
            var requestRows: [[any Encodable & Sendable]] = []
            for offset in 0..<batch {
                let index = written + offset
                let organization = index % 20 == 0 ? organizationIDs[0] : organizationIDs[index % organizationIDs.count]
                let person = names.person()
                let className = classes[index % classes.count]
                let form: MentoringForm = index % 9 == 0 ? .teacherTeacher : .studentStudent
                let request = requests[index % requests.count]
                let status: MenteeStatus = [.inBase, .inPair, .inPair, .candidate, .finished][index % 5]
                let consent: ConsentState = index % 11 == 0 ? .missing : .valid
                let id = UUID()
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
                let status: MentorStatus = [.candidate, .selected, .trained, .active, .active][index % 5]
                let search = [person.lastName, person.firstName, person.middleName].joined(separator: " ").lowercased()
                rows.append([
                    (UUID()), (organization.id), (organization.municipality), (regionID), (person.lastName), (person.firstName),
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
        return Summary(organizations: count, mentees: menteeCount, mentors: mentorCount, curatorOrganizationID: organizationIDs[0].id, curatorLogin: curator.login,
                       coordinatorLogin: coordinator.login, password: password)
    }

    private static func insert(_ sql: any SQLDatabase, into table: String, columns: [String], rows: [[any Encodable & Sendable]]) async throws {
        guard !rows.isEmpty else { return }
        var builder = sql.insert(into: table).columns(columns)
        for row in rows {
            builder = builder.values(row.map { SQLBind($0) as any SQLExpression })
        }
        try await builder.run()
    }
}
