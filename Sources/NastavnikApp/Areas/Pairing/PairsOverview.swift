import Fluent
import Foundation
import SQLKit

/// The program's pairs as its overview page needs them: the counts over all of them and one page
/// of rows. A big school's program holds two thousand pairs; loading and drawing all of them
/// took 1.5 s and 2 MB of HTML, so the counts come from light rows and only the page's pairs
/// are loaded whole.
struct PairsOverview {
    let total: Int
    let formedCount: Int
    let groupCount: Int
    let waitingCount: Int
    let unfixedCount: Int
    /// The page's pairs, waiting ones first, then working ones, by the mentor's name; with the
    /// mentor and the members (and their mentees) loaded.
    let page: [Pairing]

    static func load(programID: UUID, offset: Int, limit: Int, on db: any Database) async throws -> PairsOverview {
        guard let sql = db as? any SQLDatabase else { throw AppError.conflict("Нужна база данных SQL.") }
        struct PairingRow: Decodable {
            let id: UUID
            let status: String
            let order_number: String?
            let last_name: String
            let first_name: String
            let middle_name: String?
        }
        struct MemberRow: Decodable {
            let pairing_id: UUID
            let mentee_answer: String
            let mentor_answer: String
        }
        let pairings = try await sql.select()
            .column(SQLColumn("id", table: "p")).column(SQLColumn("status", table: "p")).column(SQLColumn("order_number", table: "p"))
            .column(SQLColumn("last_name", table: "m")).column(SQLColumn("first_name", table: "m")).column(SQLColumn("middle_name", table: "m"))
            .from(SQLAlias(SQLIdentifier(Pairing.schema), as: SQLIdentifier("p")))
            .join(SQLAlias(SQLIdentifier(Mentor.schema), as: SQLIdentifier("m")), on: SQLColumn("id", table: "m"), .equal, SQLColumn("mentor_id", table: "p"))
            .where(SQLColumn("program_id", table: "p"), .equal, SQLBind(programID))
            .where(SQLColumn("status", table: "p"), .notEqual, SQLBind(PairingStatus.draft.rawValue))
            .all(decoding: PairingRow.self)
        let members = try await sql.select()
            .column("pairing_id").column("mentee_answer").column("mentor_answer")
            .from(PairingMember.schema)
            .where("program_id", .equal, SQLBind(programID))
            .all(decoding: MemberRow.self)

        let status = Dictionary(uniqueKeysWithValues: pairings.map { ($0.id, PairingStatus(rawValue: $0.status) ?? .declined) })
        let accepted = PairingAnswer.accepted.rawValue, declined = PairingAnswer.declined.rawValue
        var agreedByPairing: [UUID: Int] = [:]
        var waiting = 0
        for member in members {
            guard let pairingStatus = status[member.pairing_id] else { continue }
            let agreed = member.mentee_answer == accepted && member.mentor_answer == accepted
            let refused = member.mentee_answer == declined || member.mentor_answer == declined
            if agreed { agreedByPairing[member.pairing_id, default: 0] += 1 }
            if (pairingStatus == .proposed || pairingStatus == .formed) && !agreed && !refused { waiting += 1 }
        }
        let formed = pairings.filter { status[$0.id] == .formed }

        func name(_ row: PairingRow) -> String { [row.last_name, row.first_name, row.middle_name ?? ""].joined(separator: " ") }
        let ordered = pairings.sorted { (status[$0.id]!.sortOrder, name($0)) < (status[$1.id]!.sortOrder, name($1)) }
        let pageIDs = Array(ordered.dropFirst(offset).prefix(limit).map(\.id))
        let loaded = pageIDs.isEmpty ? [] : try await Pairing.query(on: db).filter(\.$id ~~ pageIDs)
            .with(\.$mentor).with(\.$members) { $0.with(\.$mentee) }.all()
        let byID = Dictionary(uniqueKeysWithValues: loaded.map { ($0.id!, $0) })

        return PairsOverview(
            total: pairings.count, formedCount: formed.count,
            groupCount: formed.filter { (agreedByPairing[$0.id] ?? 0) > 1 }.count,
            waitingCount: waiting, unfixedCount: formed.filter { $0.order_number == nil }.count,
            page: pageIDs.compactMap { byID[$0] })
    }
}
