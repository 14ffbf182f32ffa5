import Fluent
import Vapor

/// The curator's list of concerns from pairs (issue 19): every concern not yet handled, of
/// working and finished pairs alike, so a child's message does not vanish when the pair ends.
/// Only the curator and the administration (`formPairs`) read it, as on the pair's page.
struct ConcernsInboxController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.ProgramWork.concerns, use: index)
        routes.on(SiteRoute.ProgramWork.concernHandled, use: markHandled)
    }

    struct Row: Encodable {
        let id: UUID
        let pairingID: UUID
        let pair: String
        let program: String
        let pairFinished: Bool
        let author: String
        let at: String
        let text: String
        let asksIntervention: Bool
        let reply: String
        let handled: String
    }

    struct Page: Encodable {
        let organizationID: UUID
        let open: [Row]
        let handled: [Row]
    }

    /// At most this many of each list: a curator handles them from the top.
    static let limit = 200

    /// GET /orgs/:organizationID/concerns
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .formPairs)
        let programs = try await Program.query(on: req.db).filter(\.$organization.$id == organization.requireID()).all()
        let names = Dictionary(uniqueKeysWithValues: programs.map { ($0.id!, $0.name) })
        func load(handled: Bool) async throws -> [PairConcern] {
            guard !programs.isEmpty else { return [] }
            let query = PairConcern.query(on: req.db).filter(\.$programID ~~ programs.map { $0.id! }).with(\.$pairing) { $0.with(\.$mentor).with(\.$members) { $0.with(\.$mentee) } }
            return handled
                ? try await query.filter(\.$handledAt != nil).sort(\.$handledAt, .descending).range(..<20).all()
                : try await query.filter(\.$handledAt == nil).sort(\.$asksIntervention, .descending).sort(\.$createdAt).range(..<Self.limit).all()
        }
        func row(_ concern: PairConcern) -> Row {
            let pairing = concern.pairing
            let author = concern.side == .mentor
                ? "Наставник \(pairing.mentor.fullName)"
                : "Наставляемый" + (pairing.members.first { $0.id == concern.memberID }.map { " \($0.mentee.fullName)" } ?? "")
            return Row(id: concern.id!, pairingID: pairing.id!, pair: pairing.mentor.fullName, program: names[concern.programID] ?? "",
                       pairFinished: pairing.status != .formed, author: author,
                       at: concern.createdAt.map(RussianDate.dateTime) ?? "", text: concern.text, asksIntervention: concern.asksIntervention,
                       reply: concern.curatorReply,
                       handled: concern.handledAt.map { RussianDate.dateTime($0) + (concern.handledByName.map { ", \($0)" } ?? "") } ?? "")
        }
        return try await req.page(
            "pairwork/concerns", title: "Обращения к куратору",
            breadcrumbs: [.init("Главная", "/"), .init(organization.shortName, SiteRoute.Organizations.show.path(organization.id!)), .init("Обращения к куратору")],
            organization: organization,
            content: Page(organizationID: try organization.requireID(), open: try await load(handled: false).map(row), handled: try await load(handled: true).map(row)))
    }

    /// POST /orgs/:organizationID/concerns/:concernID/handled — handled without a written reply.
    @Sendable func markHandled(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .formPairs)
        try await PairWorkService.markConcernHandled(try req.objectID("concernID"), in: organization, by: req.auditActor, on: req.db)
        return req.redirect(to: SiteRoute.ProgramWork.concerns.path(organization.id!), flash: FlashMessage(.success, "Обращение отмечено решённым."))
    }
}
