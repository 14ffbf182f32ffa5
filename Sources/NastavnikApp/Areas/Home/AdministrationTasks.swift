import Fluent
import Foundation
import SQLKit

/// What an organization's administration has to do now (issue 19): orders to sign — formed
/// pairs not yet fixed by the order «О закреплении наставнических пар (групп)» — cases waiting
/// for approval, and each current program's health.
enum AdministrationTasks {
    struct Result: Sendable {
        var tasks: [HomeTask] = []
        var programs: [ProgramSummary] = []
    }

    static func load(organizationID: UUID, kind: OrganizationKind, evidence: ChecklistEvidence, today: CalendarDay = .today(), on db: any Database) async throws -> Result {
        guard let sql = db as? any SQLDatabase else { return Result() }
        var result = Result()
        let programs = try await Program.query(on: db).filter(\.$organization.$id == organizationID)
            .filter(\.$endsOn >= today.iso).sort(\.$startsOn, .descending).sort(\.$name).all()
        let names = Dictionary(uniqueKeysWithValues: programs.map { ($0.id!, $0.name) })
        for row in try await sql.raw("""
            SELECT program_id, COUNT(*) AS n FROM \(ident: Pairing.schema)
            WHERE organization_id = \(bind: organizationID) AND status = 'formed' AND (order_number IS NULL OR order_number = '')
            GROUP BY program_id
            """).all() {
            let id = try row.decode(column: "program_id", as: UUID.self), count = try row.decode(column: "n", as: Int.self)
            let program = names[id].map { " (программа \($0.quoted()))" } ?? ""
            result.tasks.append(.init(kind: "pairOrders", count: count,
                                      label: RussianPlural.form(count, "сформированная пара ждёт приказа о закреплении", "сформированные пары ждут приказа о закреплении", "сформированных пар ждут приказа о закреплении") + program,
                                      href: SiteRoute.Pairs.index.path(organizationID, id)))
        }
        if let row = try await sql.raw("""
            SELECT COUNT(*) AS n FROM \(ident: PracticeCase.schema) WHERE organization_id = \(bind: organizationID) AND status = 'submitted'
            """).first() {
            let count = try row.decode(column: "n", as: Int.self)
            if count > 0 {
                result.tasks.append(.init(kind: "casesToReview", count: count,
                                          label: RussianPlural.form(count, "кейс практики ждёт согласования", "кейса практики ждут согласования", "кейсов практики ждут согласования"),
                                          href: SiteRoute.Cases.list.path(organizationID)))
            }
        }
        for program in programs {
            result.programs.append(try await ProgramSummary.summary(program, kind: kind, evidence: evidence, today: today, on: db))
        }
        return result
    }
}
