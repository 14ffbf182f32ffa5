import Fluent
import Vapor

/// `/api/v1/organizations/:organizationID/partner-programs`: the partner's side of issue 18 as the
/// «Программы партнёров» pages — the programs of other organizations that name this one, the
/// mentors it put forward with the program's decision, its mentors it may still put forward, and
/// putting forward or withdrawing over `ProgramPartners`. The administration and the curator of the
/// partner (`nominatePartnerMentors`); a program that does not name the organization is 404.
struct PartnerProgramsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let partner = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID", "partner-programs")
        partner.get(use: programs)
        let nominations = partner.grouped(":partnerProgramID", "nominations")
        nominations.get(use: list)
        nominations.post(use: nominate)
        nominations.delete(":mentorID", use: withdraw)
    }

    struct PartnerProgramDTO: Content {
        let id: UUID
        let name: String
        let hostID: UUID
        let host: String
        let forms: [MentoringForm]
        let startsOn: String
        let endsOn: String
        let stage: ProgramStage
        /// The mentors this organization put forward to the program.
        let nominated: Int
    }

    struct PartnerProgramList: Content { let items: [PartnerProgramDTO] }

    struct NominationDTO: Content {
        let mentorID: UUID
        let fullName: String
        let origin: MentorOrigin
        let consent: ConsentState
        let status: MentorStatus
        /// The program's decision in its selection; absent until the curator adds the mentor to it.
        let decision: SelectionDecision?
        let nominatedBy: String
        let nominatedAt: Date?
        /// False while the mentor is in a draft, proposal or pair of the program.
        let mayWithdraw: Bool
    }

    struct CandidateDTO: Content {
        let mentorID: UUID
        let fullName: String
        let origin: MentorOrigin
        let consent: ConsentState
    }

    struct Nominations: Content {
        let program: PartnerProgramDTO
        let items: [NominationDTO]
        /// The organization's mentors it may still put forward: in a form of the program, still in the base.
        let candidates: [CandidateDTO]
    }

    struct NominateInput: Content { var mentorIDs: [UUID]? }

    struct NominateResult: Content {
        /// The mentors put forward by this request; one already put forward is not repeated.
        let added: [UUID]
        let nominations: Nominations
    }

    /// GET …/partner-programs
    @Sendable func programs(req: Request) async throws -> PartnerProgramList {
        let organization = try await req.authorizedOrganization(for: .nominatePartnerMentors)
        let organizationID = try organization.requireID()
        let programs = try await ProgramPartners.programs(naming: organizationID, on: req.db)
        let counts = try await PartnerNomination.query(on: req.db).filter(\.$organization.$id == organizationID).all(\.$program.$id)
            .reduce(into: [UUID: Int]()) { $0[$1, default: 0] += 1 }
        return PartnerProgramList(items: try programs.map { try Self.dto($0, nominated: counts[$0.requireID()] ?? 0) })
    }

    /// GET …/partner-programs/:partnerProgramID/nominations
    @Sendable func list(req: Request) async throws -> Nominations {
        let (organization, program) = try await authorized(req)
        return try await Self.nominations(program, partnerID: organization.requireID(), on: req.db)
    }

    /// POST …/nominations — `{"mentorIDs": [...]}`; another organization's mentor or one outside the
    /// program's forms is 404 and nothing is written.
    @Sendable func nominate(req: Request) async throws -> NominateResult {
        let (organization, program) = try await authorized(req)
        let partnerID = try organization.requireID()
        let input = try req.content.decode(NominateInput.self)
        let added = try await ProgramPartners.nominate(input.mentorIDs ?? [], to: program, partnerID: partnerID, by: req.auditActor, on: req.db)
        return NominateResult(added: try added.map { try $0.requireID() }, nominations: try await Self.nominations(program, partnerID: partnerID, on: req.db))
    }

    /// DELETE …/nominations/:mentorID — 409 `nomination_in_pairs` while the mentor is in a pair of the program.
    @Sendable func withdraw(req: Request) async throws -> Nominations {
        let (organization, program) = try await authorized(req)
        let partnerID = try organization.requireID()
        _ = try await ProgramPartners.withdraw(req.parameters.get("mentorID", as: UUID.self), from: program, partnerID: partnerID,
                                               by: req.auditActor, on: req.db)
        return try await Self.nominations(program, partnerID: partnerID, on: req.db)
    }

    private func authorized(_ req: Request) async throws -> (Organization, Program) {
        let organization = try await req.authorizedOrganization(for: .nominatePartnerMentors)
        let program = try await ProgramPartners.program(req.parameters.get("partnerProgramID", as: UUID.self),
                                                        naming: organization.requireID(), on: req.db)
        return (organization, program)
    }

    static func dto(_ program: Program, nominated: Int) throws -> PartnerProgramDTO {
        PartnerProgramDTO(id: try program.requireID(), name: program.name, hostID: program.$organization.id, host: program.organization.shortName,
                          forms: program.forms, startsOn: program.startsOn, endsOn: program.endsOn, stage: program.stage, nominated: nominated)
    }

    static func nominations(_ program: Program, partnerID: UUID, on db: any Database) async throws -> Nominations {
        let states = try await ProgramPartners.nominationStates(program, partnerID: partnerID, on: db)
        let candidates = try await ProgramPartners.nominationCandidates(program, partnerID: partnerID, on: db)
        return Nominations(
            program: try dto(program, nominated: states.count),
            items: try states.map { state in
                let mentor = state.nomination.mentor
                return NominationDTO(mentorID: try mentor.requireID(), fullName: mentor.fullName, origin: mentor.origin, consent: mentor.consentState,
                                     status: mentor.status, decision: state.decision, nominatedBy: state.nomination.nominatedByName,
                                     nominatedAt: state.nomination.createdAt, mayWithdraw: state.mayWithdraw)
            },
            candidates: try candidates.map { CandidateDTO(mentorID: try $0.requireID(), fullName: $0.fullName, origin: $0.origin, consent: $0.consentState) })
    }
}

/// The partner side's operations and schemas of the OpenAPI document.
extension PartnerProgramsAPIController {
    static var operations: [OpenAPIDocument.Operation] {
        let organization = OpenAPIDocument.uuidPathParameter("organizationID", "Организация-партнёр")
        let program = OpenAPIDocument.uuidPathParameter("partnerProgramID", "Программа другой организации, которая называет эту партнёром")
        let base = "/api/v1/organizations/{organizationID}/partner-programs"
        return [
            .init(method: .GET, path: base, summary: "Программы других организаций, которые называют эту организацию партнёром",
                  tag: "Программы", requiresAuth: true, parameters: [organization], responseSchema: OpenAPIDocument.ref("PartnerProgramList")),
            .init(method: .GET, path: base + "/{partnerProgramID}/nominations",
                  summary: "Наставники организации, выдвинутые в программу партнёра, решение программы по каждому и кого ещё можно выдвинуть",
                  tag: "Программы", requiresAuth: true, parameters: [organization, program], responseSchema: OpenAPIDocument.ref("PartnerNominations")),
            .init(method: .POST, path: base + "/{partnerProgramID}/nominations",
                  summary: "Выдвинуть своих наставников в программу партнёра (администрация, куратор); куратор программы получает уведомление",
                  tag: "Программы", requiresAuth: true, parameters: [organization, program], responseSchema: OpenAPIDocument.ref("NominateResult"),
                  requestSchema: OpenAPIDocument.ref("NominateInput")),
            .init(method: .DELETE, path: base + "/{partnerProgramID}/nominations/{mentorID}",
                  summary: "Отозвать кандидатуру, пока наставник не в проекте пар, предложении или паре программы (иначе 409 nomination_in_pairs)",
                  tag: "Программы", requiresAuth: true,
                  parameters: [organization, program, OpenAPIDocument.uuidPathParameter("mentorID", "Выдвинутый наставник")],
                  responseSchema: OpenAPIDocument.ref("PartnerNominations"), mayConflict: true),
        ]
    }

    static var schemas: [String: Any] {
        let string: [String: Any] = ["type": "string"]
        let uuid: [String: Any] = ["type": "string", "format": "uuid"]
        let origin: [String: Any] = ["type": "string", "enum": MentorOrigin.allCases.map(\.rawValue)]
        let consent: [String: Any] = ["type": "string", "enum": ConsentState.allCases.map(\.rawValue), "description": "Согласие наставника на обработку данных"]
        return [
            "PartnerProgram": ["type": "object", "required": ["id", "name", "hostID", "host", "forms", "startsOn", "endsOn", "stage", "nominated"], "properties": [
                "id": uuid, "name": string, "hostID": uuid, "host": ["type": "string", "description": "Организация, которая ведёт программу"],
                "forms": ["type": "array", "items": ["type": "string", "enum": MentoringForm.allCases.map(\.rawValue)]],
                "startsOn": ["type": "string", "format": "date"], "endsOn": ["type": "string", "format": "date"],
                "stage": ["type": "integer", "enum": ProgramStage.allCases.map(\.rawValue), "description": "Этап программы, 1–7"],
                "nominated": ["type": "integer", "description": "Сколько наставников организация выдвинула в программу"],
            ]],
            "PartnerProgramList": ["type": "object", "required": ["items"], "properties": ["items": ["type": "array", "items": OpenAPIDocument.ref("PartnerProgram")]]],
            "PartnerNomination": ["type": "object", "required": ["mentorID", "fullName", "origin", "consent", "status", "nominatedBy", "mayWithdraw"], "properties": [
                "mentorID": uuid, "fullName": string, "origin": origin, "consent": consent,
                "status": ["type": "string", "enum": MentorStatus.allCases.map(\.rawValue), "description": "Статус в базе наставников организации"],
                "decision": ["type": "string", "enum": SelectionDecision.allCases.map(\.rawValue), "description": "Решение программы в отборе; нет, пока куратор не включил наставника в отбор"],
                "nominatedBy": string, "nominatedAt": ["type": "string", "format": "date-time"],
                "mayWithdraw": ["type": "boolean", "description": "false, пока наставник в проекте пар, предложении или паре программы"],
            ]],
            "PartnerNominations": ["type": "object", "required": ["program", "items", "candidates"], "properties": [
                "program": OpenAPIDocument.ref("PartnerProgram"),
                "items": ["type": "array", "items": OpenAPIDocument.ref("PartnerNomination")],
                "candidates": ["type": "array", "description": "Наставники организации, которых ещё можно выдвинуть: в форме программы, в базе",
                               "items": ["type": "object", "required": ["mentorID", "fullName", "origin", "consent"], "properties": [
                                   "mentorID": uuid, "fullName": string, "origin": origin, "consent": consent,
                               ]]],
            ]],
            "NominateInput": ["type": "object", "required": ["mentorIDs"], "properties": [
                "mentorIDs": ["type": "array", "minItems": 1, "items": uuid, "description": "Наставники своей организации из candidates"],
            ]],
            "NominateResult": ["type": "object", "required": ["added", "nominations"], "properties": [
                "added": ["type": "array", "items": uuid, "description": "Выдвинутые этим запросом; уже выдвинутые раньше не повторяются"],
                "nominations": OpenAPIDocument.ref("PartnerNominations"),
            ]],
        ]
    }
}
