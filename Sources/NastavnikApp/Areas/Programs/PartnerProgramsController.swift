import Fluent
import Vapor

/// «Программы партнёров»: the programs of other organizations that name this one as a partner.
/// Its administration or curator puts forward mentors from its own base, withdraws them while
/// they are in no pair, and follows its people's pairs and meetings — of the other side's
/// children only the initials and the class (`ProgramPartners.PartnerPair`).
struct PartnerProgramsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.PartnerPrograms.index, use: index)
        routes.on(SiteRoute.PartnerPrograms.show, use: show)
        routes.on(SiteRoute.PartnerPrograms.nominate, use: nominate)
        routes.on(SiteRoute.PartnerPrograms.withdraw, use: withdraw)
    }

    struct ProgramRow: Encodable {
        let id: UUID
        let name: String
        let host: String
        let forms: String
        let period: String
        let stageName: String
        let nominated: Int
    }

    struct IndexPage: Encodable {
        let organizationID: UUID
        let programs: [ProgramRow]
    }

    /// GET /orgs/:organizationID/partner-programs
    @Sendable func index(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .nominatePartnerMentors)
        let organizationID = try organization.requireID()
        let programs = try await ProgramPartners.programs(naming: organizationID, on: req.db)
        let counts = try await PartnerNomination.query(on: req.db).filter(\.$organization.$id == organizationID).all(\.$program.$id)
            .reduce(into: [UUID: Int]()) { $0[$1, default: 0] += 1 }
        let rows = programs.map { program in
            ProgramRow(id: program.id!, name: program.name, host: program.organization.shortName, forms: program.forms.map(\.russianName).joined(separator: ", "),
                       period: program.periodText, stageName: program.stage.russianName, nominated: counts[program.id!] ?? 0)
        }
        return try await req.page("programs/partner-index", title: "Программы партнёров",
                                  breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)), .init("Программы партнёров")],
                                  organization: organization, content: IndexPage(organizationID: organizationID, programs: rows))
    }

    struct NominationRow: Encodable {
        let mentorID: UUID
        let name: String
        let detail: String
        let consentName: String
        let hasConsent: Bool
        /// The program's decision in selection and the mentor's status in the own base.
        let selectionName: String
        let statusName: String
        let nominatedBy: String
        let mayWithdraw: Bool
    }

    struct CandidateRow: Encodable {
        let id: UUID
        let name: String
        let detail: String
        let consentName: String
        let hasConsent: Bool
    }

    struct ShowPage: Encodable {
        let organizationID: UUID
        let programID: UUID
        let name: String
        let host: String
        let forms: String
        let period: String
        let stageName: String
        let goals: String
        let curators: [String]
        let nominations: [NominationRow]
        let candidates: [CandidateRow]
        let pairs: [ProgramPartners.PartnerPair]
    }

    /// GET /orgs/:organizationID/partner-programs/:partnerProgramID
    @Sendable func show(req: Request) async throws -> Response {
        let (organization, program) = try await authorized(req)
        let organizationID = try organization.requireID(), programID = try program.requireID()
        let nominations = try await ProgramPartners.nominationStates(program, partnerID: organizationID, on: req.db)
        let candidates = try await ProgramPartners.nominationCandidates(program, partnerID: organizationID, on: req.db)
        let curators = try await program.$team.query(on: req.db).filter(\.$isCurator == true).sort(\.$position).all().map(\.fullName)
        let rows = nominations.map { state in
            let mentor = state.nomination.mentor
            return NominationRow(
                mentorID: mentor.id!, name: mentor.fullName, detail: Self.detail(mentor),
                consentName: mentor.consentState.russianName, hasConsent: mentor.consentState == .valid,
                selectionName: state.decision.map(\.russianName) ?? "ещё не включён в отбор",
                statusName: mentor.status.russianName, nominatedBy: state.nomination.nominatedByName,
                mayWithdraw: state.mayWithdraw)
        }
        return try await req.page(
            "programs/partner-show", title: program.name,
            breadcrumbs: [.init(organization.shortName, SiteRoute.Organizations.show.path(organizationID)),
                          .init("Программы партнёров", SiteRoute.PartnerPrograms.index.path(organizationID)), .init(program.name)],
            organization: organization,
            content: ShowPage(
                organizationID: organizationID, programID: programID, name: program.name, host: program.organization.shortName,
                forms: program.forms.map(\.russianName).joined(separator: ", "), period: program.periodText, stageName: program.stage.russianName,
                goals: program.goals, curators: curators, nominations: rows,
                candidates: candidates.map { CandidateRow(id: $0.id!, name: $0.fullName, detail: Self.detail($0), consentName: $0.consentState.russianName,
                                                          hasConsent: $0.consentState == .valid) },
                pairs: try await ProgramPartners.partnerPairs(program, partnerID: organizationID, on: req.db)))
    }

    /// POST /orgs/:organizationID/partner-programs/:partnerProgramID/nominations — `mentor-<id>` for each ticked mentor.
    @Sendable func nominate(req: Request) async throws -> Response {
        let (organization, program) = try await authorized(req)
        let organizationID = try organization.requireID()
        let path = SiteRoute.PartnerPrograms.show.path(organizationID, try program.requireID())
        let ids = try req.formValues().compactMap { key, value -> UUID? in
            guard key.hasPrefix("mentor-"), !value.isEmpty else { return nil }
            return UUID(uuidString: String(key.dropFirst("mentor-".count)))
        }
        do {
            let added = try await ProgramPartners.nominate(ids, to: program, partnerID: organizationID, by: req.auditActor, on: req.db)
            let message = added.isEmpty ? "Эти наставники уже выдвинуты в программу."
                : "\(RussianPlural.form(added.count, "Выдвинут", "Выдвинуты", "Выдвинуто")) \(RussianPlural.count(added.count, "наставник", "наставника", "наставников")). Куратор программы увидит их среди кандидатов."
            return req.redirect(to: path, flash: FlashMessage(.success, message))
        } catch AppError.validation(let errors) {
            return req.redirect(to: path, flash: FlashMessage(.error, errors.values.sorted().joined(separator: " ")))
        }
    }

    /// POST /orgs/:organizationID/partner-programs/:partnerProgramID/nominations/:mentorID/withdraw
    @Sendable func withdraw(req: Request) async throws -> Response {
        let (organization, program) = try await authorized(req)
        let organizationID = try organization.requireID()
        let path = SiteRoute.PartnerPrograms.show.path(organizationID, try program.requireID())
        do {
            let mentor = try await ProgramPartners.withdraw(req.parameters.get("mentorID", as: UUID.self), from: program, partnerID: organizationID,
                                                            by: req.auditActor, on: req.db)
            return req.redirect(to: path, flash: FlashMessage(.success, "Кандидатура \(mentor.fullName(.genitive)) отозвана из программы."))
        } catch let error as ProgramError {
            return req.redirect(to: path, flash: FlashMessage(.error, error.russianMessage))
        }
    }

    /// The partner organization (its administration or curator) and a program that names it;
    /// any other program answers 404.
    private func authorized(_ req: Request) async throws -> (Organization, Program) {
        let organization = try await req.authorizedOrganization(for: .nominatePartnerMentors)
        let program = try await ProgramPartners.program(req.parameters.get("partnerProgramID", as: UUID.self),
                                                        naming: organization.requireID(), on: req.db)
        return (organization, program)
    }

    /// «Обучающийся, ТД-21» / «Сотрудник предприятия, инженер-технолог».
    static func detail(_ mentor: Mentor) -> String {
        ([mentor.origin.russianName] + [mentor.position, mentor.workplace].compactMap { $0 }.filter { !$0.isEmpty }).joined(separator: ", ")
    }
}
