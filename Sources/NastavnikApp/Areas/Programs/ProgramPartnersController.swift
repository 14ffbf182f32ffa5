import Fluent
import Vapor

/// The program's partner organizations on the platform: whom it names, how many mentors each
/// put forward, and the search for a new one (same municipality first, then the region). The free
/// text of partners not on the platform stays in the program's form.
struct ProgramPartnersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Programs.partners, use: index)
        routes.on(SiteRoute.Programs.addPartner, use: add)
        routes.on(SiteRoute.Programs.removePartner, use: remove)
    }

    struct Page: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let partners: [ProgramPartners.PartnerSummary]
        let freeText: [String]
        let search: String
        let choices: [ProgramPartners.Choice]
        let canManage: Bool
    }

    /// GET /orgs/:organizationID/programs/:programID/partners?q=
    @Sendable func index(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .viewPrograms)
        let organizationID = try organization.requireID(), programID = try program.requireID()
        let search = (try? req.query.get(String.self, at: "q")) ?? ""
        let rows = try await ProgramPartners.summaries(of: program, on: req.db)
        let canManage = req.may(.managePrograms, in: organization)
        return try await req.page(
            "programs/partners", title: "Партнёры программы",
            breadcrumbs: PairingPaths.breadcrumbs(organization, program, "Партнёры"),
            organization: organization,
            content: Page(organizationID: organizationID, programID: programID, programName: program.name, partners: rows,
                          freeText: program.partnerList, search: search,
                          choices: canManage ? try await ProgramPartners.choices(for: program, organization: organization, search: search, on: req.db) : [],
                          canManage: canManage))
    }

    struct Input: Content { var partnerID: UUID? }

    /// POST /orgs/:organizationID/programs/:programID/partners — `partnerID` names an organization.
    @Sendable func add(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let path = SiteRoute.Programs.partners.path(try organization.requireID(), try program.requireID())
        let input = try req.content.decode(Input.self)
        do {
            let partner = try await ProgramPartners.add(input.partnerID, to: program, by: req.auditActor, on: req.db)
            return req.redirect(to: path, flash: FlashMessage(.success, "«\(partner.shortName)» — партнёр программы. Его администрация и куратор увидят программу в разделе «Программы партнёров» и смогут выдвинуть наставников."))
        } catch let error as ProgramError {
            return req.redirect(to: path, flash: FlashMessage(.error, error.russianMessage))
        }
    }

    /// POST /orgs/:organizationID/programs/:programID/partners/remove — `partnerID`.
    @Sendable func remove(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .managePrograms)
        let path = SiteRoute.Programs.partners.path(try organization.requireID(), try program.requireID())
        let input = try req.content.decode(Input.self)
        do {
            let partner = try await ProgramPartners.remove(input.partnerID, from: program, by: req.auditActor, on: req.db)
            return req.redirect(to: path, flash: FlashMessage(.success, "«\(partner.shortName)» больше не партнёр программы; выдвинутые им наставники убраны из отбора."))
        } catch let error as ProgramError {
            return req.redirect(to: path, flash: FlashMessage(.error, error.russianMessage))
        }
    }
}
