import Fluent
import Vapor

/// The published cases as the public sees them: filtered, searched, paged, and each with only
/// what its participants' consents allow.
enum PublicCases {
    struct Filter: Sendable {
        var regionID: UUID?
        var organizationID: UUID?
        var form: MentoringForm?
        var topic: CaseTopic?
        var query: String
        var page: Int

        init(_ req: Request) {
            regionID = req.query[String.self, at: "region"].flatMap(UUID.init(uuidString:))
            organizationID = req.query[String.self, at: "organization"].flatMap(UUID.init(uuidString:))
            form = req.query[String.self, at: "form"].flatMap(MentoringForm.init(rawValue:))
            topic = req.query[String.self, at: "topic"].flatMap(CaseTopic.init(rawValue:))
            query = String((req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces).lowercased().prefix(100))
            page = max(1, min(10_000, req.query[Int.self, at: "page"] ?? 1))
        }
    }

    struct Summary: Content {
        let id: UUID
        let title: String
        let topic: String
        let form: String
        let organization: String
        let region: String
        let excerpt: String
        let publishedOn: String
    }

    struct Detail: Content {
        let id: UUID
        let title: String
        let topic: String
        let form: String
        let organization: String
        let region: String
        let participants: [String]
        let story: String
        let goal: String
        let whatWasDone: String
        let results: String
        let materials: [String]
        let files: [PublicFile]
        let publishedOn: String
    }

    /// A photo or a material of a published case; photos only while everyone consents to them.
    struct PublicFile: Content {
        let id: UUID
        let fileName: String
        let caption: String
        let isPhoto: Bool
        let size: String
        let url: String
    }

    static let pageSize = 20

    /// A page of published cases, newest first; the consents are checked for the page's cases.
    static func list(_ filter: Filter, on db: any Database) async throws -> (items: [Summary], total: Int) {
        var query = PracticeCase.query(on: db).filter(\.$status == .published)
        if let regionID = filter.regionID { query = query.filter(\.$regionID == regionID) }
        if let organizationID = filter.organizationID { query = query.filter(\.$organizationID == organizationID) }
        if let form = filter.form { query = query.filter(\.$form == form) }
        if let topic = filter.topic { query = query.filter(\.$topic == topic) }
        if !filter.query.isEmpty { query = query.filter(\.$searchKey, .custom("LIKE"), "%\(filter.query)%") }
        let total = try await query.count()
        let cases = try await query.sort(\.$publishedAt, .descending).range(((filter.page - 1) * pageSize)..<(filter.page * pageSize)).all()
        let visible = try await stillConsented(cases, on: db)
        let organizations = try await organizationNames(visible.map(\.organizationID), on: db)
        let regions = try await Region.query(on: db).filter(\.$id ~~ visible.map(\.regionID)).all()
        return (visible.map { practice in
            Summary(id: practice.id!, title: practice.title, topic: practice.topic.russianName, form: practice.form.russianName,
                    organization: organizations[practice.organizationID] ?? "", region: regions.first { $0.id == practice.regionID }?.name ?? "",
                    excerpt: String(practice.story.prefix(240)) + (practice.story.count > 240 ? "…" : ""),
                    publishedOn: practice.publishedAt.map { CalendarDay.today($0).russian } ?? "")
        }, total)
    }

    static func organizationNames(_ ids: [UUID], on db: any Database) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        return Dictionary(uniqueKeysWithValues: try await Organization.query(on: db).filter(\.$id ~~ Array(Set(ids))).all().map { ($0.id!, $0.shortName) })
    }

    /// Cases whose every participant still has the consent to the case library.
    static func stillConsented(_ cases: [PracticeCase], on db: any Database) async throws -> [PracticeCase] {
        guard !cases.isEmpty else { return [] }
        let pairings = try await Pairing.query(on: db).filter(\.$id ~~ cases.map(\.pairingID)).with(\.$members).all()
        var subjects: [UUID: [UUID]] = [:]
        for pairing in pairings { subjects[pairing.id!] = [pairing.$mentor.id] + pairing.members.filter(\.isAgreed).map(\.$mentee.id) }
        let consented = try await CasePublication.activeConsents(subjects.values.flatMap { $0 }, purpose: .publicationCases, on: db)
        return cases.filter { practice in (subjects[practice.pairingID] ?? [UUID()]).allSatisfy(consented.contains) }
    }

    /// A published case whose participants all still consent, with them; otherwise not found.
    static func visible(_ id: UUID, on db: any Database) async throws -> (PracticeCase, [CasePublication.Participant]) {
        guard let practice = try await PracticeCase.query(on: db).filter(\.$id == id).filter(\.$status == .published).first(),
              try await !stillConsented([practice], on: db).isEmpty,
              let pairing = try await Pairing.find(practice.pairingID, on: db) else {
            throw AppError.notFound
        }
        return (practice, try await CasePublication.participants(of: pairing, on: db))
    }

    static func detail(_ id: UUID, on db: any Database) async throws -> Detail {
        let (practice, participants) = try await visible(id, on: db)
        let files = try await CaseFiles.items(of: practice.requireID(), photosAllowed: CaseFiles.photosAllowed(participants), on: db)
        let organization = try await Organization.find(practice.organizationID, on: db)
        let region = try await Region.find(practice.regionID, on: db)
        return Detail(id: practice.id!, title: practice.title, topic: practice.topic.russianName, form: practice.form.russianName,
                      organization: organization?.name ?? "", region: region?.name ?? "", participants: participants.map(CasePublication.publicName),
                      story: practice.story, goal: practice.goal, whatWasDone: practice.whatWasDone, results: practice.results,
                      materials: practice.materials.split(whereSeparator: \.isNewline).map(String.init),
                      files: files.filter(\.shownPublicly).map {
                          PublicFile(id: $0.id, fileName: $0.fileName, caption: $0.caption, isPhoto: $0.isPhoto, size: $0.sizeText,
                                     url: SiteRoute.Public.caseFile.path(practice.id!, $0.id))
                      },
                      publishedOn: practice.publishedAt.map { CalendarDay.today($0).russian } ?? "")
    }
}
