import Fluent
import Foundation

/// The virtual honor board (seed 003): mentors recognized by a nomination or an incentive fixed
/// by order, shown with their field and achievements, and only with their consent to the board.
enum PublicHonor {
    struct Entry: Encodable, Sendable {
        let name: String
        let field: String
        let organization: String
        let achievements: [String]
    }

    static func entries(regionID: UUID?, organizationID: UUID?, limit: Int = 300, on db: any Database) async throws -> [Entry] {
        var nominations = Nomination.query(on: db)
        var incentives = Incentive.query(on: db).filter(\.$orderNumber != nil)
        if let organizationID {
            nominations = nominations.filter(\.$organizationID == organizationID)
            incentives = incentives.filter(\.$organizationID == organizationID)
        } else if let regionID {
            let organizations = try await Organization.query(on: db).filter(\.$regionID == regionID).all().map { $0.id! }
            nominations = nominations.filter(\.$organizationID ~~ organizations)
            incentives = incentives.filter(\.$organizationID ~~ organizations)
        }
        let nominated = try await nominations.sort(\.$year, .descending).range(..<limit).all()
        let rewarded = try await incentives.sort(\.$awardedOn, .descending).range(..<limit).all()
        var achievements: [UUID: [String]] = [:]
        for nomination in nominated { achievements[nomination.$mentor.id, default: []].append("«\(nomination.title)», \(nomination.year)") }
        for incentive in rewarded {
            achievements[incentive.$mentor.id, default: []].append("\(incentive.kind.russianName), \(CalendarDay(iso: incentive.awardedOn)?.year ?? 0)")
        }
        let consented = try await CasePublication.activeConsents(Array(achievements.keys), purpose: .publicationHonorBoard, on: db)
        let mentors = try await Mentor.query(on: db).filter(\.$id ~~ Array(consented)).filter(\.$anonymizedAt == nil).all()
        let organizations = try await PublicCases.organizationNames(mentors.map(\.$organization.id), on: db)
        return mentors.filter { !$0.isMinor }.map { mentor in
            Entry(name: mentor.fullName,
                  field: [mentor.position, mentor.subjects, mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", "),
                  organization: organizations[mentor.$organization.id] ?? "", achievements: achievements[mentor.id!] ?? [])
        }.sorted { ($1.achievements.count, $0.name) < ($0.achievements.count, $1.name) }
    }
}
