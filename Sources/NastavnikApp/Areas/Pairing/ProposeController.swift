import Fluent
import Vapor

/// The curator's proposal after a meeting (the curator's own, an open day at an enterprise, a
/// personal meeting): the form and `PairingService.propose`, the operation the API's POST runs.
struct ProposeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(SiteRoute.Pairs.propose, use: form)
        routes.on(SiteRoute.Pairs.proposeSend, use: propose)
    }

    struct Page: Encodable {
        let organizationID: UUID
        let programID: UUID
        let programName: String
        let mentees: [SelectOption]
        let mentors: [SelectOption]
        let schemes: [SelectOption]
        let hints: [String]
        /// The search among the mentees without a mentor: a big school has thousands.
        var candidates = CandidateListView()
    }

    /// GET …/pairs/propose
    @Sendable func form(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        var values: [String: String] = ["scheme": Self.defaultScheme(program.forms).rawValue]
        if let mentee = req.query[String.self, at: "mentee"] { values["menteeID"] = mentee }
        return try await Self.page(req, organization: organization, program: program, form: FormState(values: values))
    }

    /// The scheme the seeds recommend for the program's forms.
    static func defaultScheme(_ forms: [MentoringForm]) -> PairingScheme {
        if forms.allSatisfy({ $0 == .employerPupil || $0 == .employerStudent }) { return .openDay }
        if forms == [.teacherTeacher] { return .personalMeeting }
        return .curatorProposal
    }

    static func page(_ req: Request, organization: Organization, program: Program, form: FormState,
                     status: HTTPResponseStatus = .ok) async throws -> Response {
        let values = form.values
        let catalogue = try await RequestCatalogue.load(organizationID: organization.requireID(), on: req.db)
        let mentorSide = try await PairingCandidates.mentorSide(program: program, on: req.db)
        let choices = try await MenteeChoices.load(req, program: program, catalogue: catalogue, path: SiteRoute.Pairs.propose.path(organization.id!, program.id!),
                                                   chosen: [values["menteeID"]].compactMap { $0 })
        return try await req.page(
            "pairing/propose", title: "Предложить пару",
            breadcrumbs: PairingPaths.belowPairs(organization, program, "Предложить пару"),
            organization: organization, form: form, status: status,
            content: Page(
                organizationID: try organization.requireID(), programID: try program.requireID(), programName: program.name,
                mentees: choices.mentees.map {
                    SelectOption($0.id!.uuidString, [$0.fullName, $0.className, $0.form.russianName(in: organization.kind)].compactMap { $0 }.joined(separator: ", "),
                                 selected: values["menteeID"] == $0.id!.uuidString)
                },
                mentors: mentorSide.mentors.map {
                    SelectOption($0.id!.uuidString, "\($0.fullName) — свободно мест: \(mentorSide.seats[$0.id!] ?? 0)", selected: values["mentorID"] == $0.id!.uuidString)
                },
                schemes: PairingService.meetingSchemes.map {
                    SelectOption($0.rawValue, $0.russianName, selected: values["scheme"] == $0.rawValue)
                },
                hints: PairsController.schemeHints(program.forms, kind: organization.kind), candidates: choices.view))
    }

    /// POST …/pairs/propose — the pair goes to both sides at once.
    @Sendable func propose(req: Request) async throws -> Response {
        let (organization, program) = try await req.authorizedProgram(for: .formPairs)
        let values = try req.formValues()
        do {
            let member = try await PairingService.propose(
                .init(menteeID: values["menteeID"].flatMap(UUID.init(uuidString:)), mentorID: values["mentorID"].flatMap(UUID.init(uuidString:)),
                      scheme: values["scheme"] ?? "", meetingOn: values["meetingOn"] ?? "", meetingNote: values["meetingNote"] ?? ""),
                program: program, by: req.auditActor, on: req.db)
            return req.redirect(to: SiteRoute.Pairs.index.path(organization.id!, program.id!),
                                flash: FlashMessage(.success, "Пара предложена (подходят друг другу на \(member.score ?? 0) из 100). Теперь обе стороны должны дать согласие."))
        } catch {
            guard let refusal = PairingRefusal(error, values: values, field: "mentee") else { throw error }
            return try await Self.page(req, organization: organization, program: program, form: refusal.form, status: refusal.status)
        }
    }
}
