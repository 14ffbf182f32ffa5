import Fluent
import Vapor

/// `/api/v1/organizations/{organizationID}/mentees|mentors` and the import: the bases for
/// integrations, with the same checks and audit as the pages.
struct BasesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let organization = routes.grouped(RequireAPIPrincipal()).grouped("organizations", ":organizationID")
        organization.get("mentees", use: listMentees)
        organization.post("mentees", use: createMentee)
        organization.get("mentees", ":menteeID", use: getMentee)
        organization.put("mentees", ":menteeID", use: updateMentee)
        organization.get("mentors", use: listMentors)
        organization.post("mentors", use: createMentor)
        organization.get("mentors", ":mentorID", use: getMentor)
        organization.put("mentors", ":mentorID", use: updateMentor)
        organization.on(.POST, "imports", body: .collect(maxSize: "10mb"), use: importFile)
    }

    // MARK: - DTOs

    struct MenteeDTO: Content {
        let id: UUID
        let lastName: String
        let firstName: String
        let middleName: String?
        /// `male` / `female` as stored; null — not set (the grammar then guesses from the patronymic).
        let gender: Gender?
        let birthDate: String?
        let age: Int?
        let isMinor: Bool
        let className: String?
        let form: MentoringForm
        let requests: [String]
        let requestNote: String?
        let channel: DataChannel
        let enteredOn: String
        let status: MenteeStatus
        let consentState: ConsentState
        let guardianName: String?
        let phone: String?
        let email: String?
        /// Send it back with a change: a PUT made from an older version answers 409.
        let version: Int

        init(_ m: Mentee) throws {
            id = try m.requireID(); lastName = m.lastName; firstName = m.firstName; middleName = m.middleName; gender = Gender.parse(m.storedGender)
            birthDate = m.birthDate.map { FieldParsing.text($0) }; age = m.age; isMinor = m.isMinor; className = m.className
            form = m.form; requests = m.requests; requestNote = m.requestNote; channel = m.channel
            enteredOn = FieldParsing.text(m.enteredOn); status = m.status; consentState = m.consentState
            guardianName = m.guardianName; phone = m.phone; email = m.email; version = m.version ?? 0
        }
    }

    struct MentorDTO: Content {
        let id: UUID
        let lastName: String
        let firstName: String
        let middleName: String?
        /// `male` / `female` as stored; null — not set.
        let gender: Gender?
        let origin: MentorOrigin
        let contour: Contour
        let forms: [MentoringForm]
        let competencies: String?
        let lifeExperience: String?
        let interests: String?
        let subjects: String?
        let preferredAgeFrom: Int?
        let preferredAgeTo: Int?
        let hoursPerWeek: Double?
        let capacity: Int
        let meetingTimes: String?
        let meetingPlace: MeetingPlace
        let workplace: String?
        let position: String?
        /// A pupil's or student's class or group; moves with the academic year.
        let className: String?
        /// The start year of the academic year the pupil or student mentor graduated in; null — in the active base.
        let graduatedYear: Int?
        let phone: String?
        let email: String?
        let status: MentorStatus
        let longTerm: Bool
        let consentState: ConsentState
        /// Send it back with a change: a PUT made from an older version answers 409.
        let version: Int

        init(_ m: Mentor) throws {
            id = try m.requireID(); lastName = m.lastName; firstName = m.firstName; middleName = m.middleName; gender = Gender.parse(m.storedGender)
            origin = m.origin; contour = m.contour; forms = m.forms; competencies = m.competencies; lifeExperience = m.lifeExperience
            interests = m.interests; subjects = m.subjects; preferredAgeFrom = m.preferredAgeFrom; preferredAgeTo = m.preferredAgeTo
            hoursPerWeek = m.hoursPerWeek; capacity = m.capacity; meetingTimes = m.meetingTimes; meetingPlace = m.meetingPlace
            workplace = m.workplace; position = m.position; className = m.className; graduatedYear = m.graduatedYear; phone = m.phone; email = m.email; status = m.status
            longTerm = m.longTerm; consentState = m.consentState; version = m.version ?? 0
        }
    }

    struct MenteeList: Content { let items: [MenteeDTO]; let page: APIController.PageInfo }
    struct MentorList: Content { let items: [MentorDTO]; let page: APIController.PageInfo }
    struct ImportResult: Content {
        let applied: Bool
        let created: Int
        let updated: Int
        let problems: [ImportPlan.Problem]
    }

    /// The request body: the same fields as the base's columns, as text; lists as arrays.
    struct FieldsInput: Content {
        var values: [String: String]

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            let raw = try container.decode([String: FlexibleValue].self)
            values = raw.mapValues(\.text)
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(values)
        }
    }

    /// A JSON value read as the text the form would carry: arrays join with «;».
    struct FlexibleValue: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) { text = string }
            else if let number = try? container.decode(Double.self) { text = Self.text(of: number) }
            else if let flag = try? container.decode(Bool.self) { text = flag ? "да" : "нет" }
            else if let list = try? container.decode([String].self) { text = list.joined(separator: ";") }
            else if container.decodeNil() { text = "" }
            else { throw AppError.badRequest("Значения полей — строки, числа, да/нет или списки строк.") }
        }

        /// 12.0 reads «12»; a number no `Int` holds (1e300) keeps its own spelling instead of trapping.
        static func text(of number: Double) -> String {
            Int(exactly: number).map(String.init) ?? String(number)
        }
    }

    /// A page of full records read through the API is a read of personal data like a card view:
    /// one entry per page that names every record it carried (an empty page reads nobody).
    static func auditListRead(_ req: Request, _ action: AuditAction, kind: BaseKind, organizationID: UUID, ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        try await req.audit(action, organizationID: organizationID, objectType: kind.rawValue,
                            details: "API, список: записей \(ids.count) — " + ids.map(\.uuidString).joined(separator: ", "))
    }

    /// The `version` a PUT was made from; without one the change applies to whatever is stored.
    static func version(_ text: String?) throws -> Int? {
        guard let text, !text.isEmpty else { return nil }
        guard let version = Int(text) else { throw AppError.validation(["version": "Версия — целое число из ответа GET."]) }
        return version
    }

    // MARK: - Mentees

    /// GET /api/v1/organizations/:organizationID/mentees
    @Sendable func listMentees(req: Request) async throws -> MenteeList {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let filter = BaseListFilter(request: req)
        let id = try organization.requireID()
        let total = try await filter.mentees(organizationID: id, on: req.db).count()
        let pagination = Pagination(request: req, total: total)
        let items = try await filter.mentees(organizationID: id, on: req.db).range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        try await Self.auditListRead(req, .menteeViewed, kind: .mentee, organizationID: id, ids: items.compactMap(\.id))
        return MenteeList(items: try items.map(MenteeDTO.init), page: .init(page: pagination.page, perPage: pagination.perPage, total: total))
    }

    /// POST /api/v1/organizations/:organizationID/mentees — the page's rule, `ParticipantsService.create`.
    @Sendable func createMentee(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentee = try await ParticipantsService.create(Mentee.self, values: try req.content.decode(FieldsInput.self).values, in: organization,
                                                          by: req.auditActor, on: req.db)
        return try await MenteeDTO(mentee).encodeResponse(status: .created, for: req)
    }

    /// GET /api/v1/organizations/:organizationID/mentees/:menteeID — audited like the card.
    @Sendable func getMentee(req: Request) async throws -> MenteeDTO {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentee = try await ParticipantBases.mentee(req.parameters.get("menteeID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        try await req.audit(.menteeViewed, organizationID: organization.id, objectType: "mentee", objectID: mentee.id, details: "API")
        return try MenteeDTO(mentee)
    }

    /// PUT /api/v1/organizations/:organizationID/mentees/:menteeID — fields not sent keep their values.
    @Sendable func updateMentee(req: Request) async throws -> MenteeDTO {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentee = try await ParticipantBases.mentee(req.parameters.get("menteeID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        return try MenteeDTO(try await Self.update(req, mentee, in: organization))
    }

    /// A PUT over `ParticipantsService.update`: the fields sent over the stored ones; a change made
    /// from an older `version` answers 409 naming both texts of every field in conflict.
    static func update<Card: BaseCard>(_ req: Request, _ card: Card, in organization: Organization) async throws -> Card {
        try ParticipantsService.requireEditable(card)
        var sent = try req.content.decode(FieldsInput.self).values
        let expected = try version(sent.removeValue(forKey: "version"))
        let values = Card.formValues(of: card).merging(sent) { _, new in new }
        let cardID = try card.requireID()
        do {
            try await ParticipantsService.update(card, values: values, expectedVersion: expected, in: organization, by: req.auditActor, details: "API", on: req.db)
        } catch ParticipantsError.changedMeanwhile {
            guard let current = try await Card.find(cardID, on: req.db) else { throw AppError.notFound }
            throw AppError.conflict(CardVersion.apiMessage(CardVersion.conflicts(saved: Card.formValues(of: current), typed: sent, fields: Card.fields)))
        }
        // Read back: the version was raised in SQL.
        guard let current = try await Card.find(cardID, on: req.db) else { throw AppError.notFound }
        return current
    }

    // MARK: - Mentors

    /// GET /api/v1/organizations/:organizationID/mentors
    @Sendable func listMentors(req: Request) async throws -> MentorList {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let filter = BaseListFilter(request: req)
        let id = try organization.requireID()
        let total = try await filter.mentors(organizationID: id, on: req.db).count()
        let pagination = Pagination(request: req, total: total)
        let items = try await filter.mentors(organizationID: id, on: req.db).range(pagination.offset..<(pagination.offset + pagination.perPage)).all()
        try await Self.auditListRead(req, .mentorViewed, kind: .mentor, organizationID: id, ids: items.compactMap(\.id))
        return MentorList(items: try items.map(MentorDTO.init), page: .init(page: pagination.page, perPage: pagination.perPage, total: total))
    }

    /// POST /api/v1/organizations/:organizationID/mentors
    @Sendable func createMentor(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentor = try await ParticipantsService.create(Mentor.self, values: try req.content.decode(FieldsInput.self).values, in: organization,
                                                          by: req.auditActor, on: req.db)
        return try await MentorDTO(mentor).encodeResponse(status: .created, for: req)
    }

    /// GET /api/v1/organizations/:organizationID/mentors/:mentorID
    @Sendable func getMentor(req: Request) async throws -> MentorDTO {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentor = try await ParticipantBases.mentor(req.parameters.get("mentorID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        try await req.audit(.mentorViewed, organizationID: organization.id, objectType: "mentor", objectID: mentor.id, details: "API")
        return try MentorDTO(mentor)
    }

    /// PUT /api/v1/organizations/:organizationID/mentors/:mentorID
    @Sendable func updateMentor(req: Request) async throws -> MentorDTO {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentor = try await ParticipantBases.mentor(req.parameters.get("mentorID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        return try MentorDTO(try await Self.update(req, mentor, in: organization))
    }

    // MARK: - Import

    /// POST /api/v1/organizations/:organizationID/imports?kind=mentee|mentor&dryRun=true — the body is
    /// the XLSX or CSV file itself; columns are recognized by their headers. All rows or none
    /// (`BaseImports`, as the page's confirmation).
    @Sendable func importFile(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let id = try organization.requireID()
        guard let kind = req.query[String.self, at: "kind"].flatMap(BaseKind.init(rawValue:)) else {
            throw AppError.badRequest("Укажите kind=mentee или kind=mentor.")
        }
        guard let buffer = req.body.data, buffer.readableBytes > 0 else { throw AppError.badRequest("Пустое тело запроса: пришлите файл XLSX или CSV.") }
        let data = Data(buffer: buffer)
        do {
            if req.query[Bool.self, at: "dryRun"] == true {
                let plan = try await BaseImports.check(kind: kind, data: data, organizationID: id, on: req.db)
                return try await ImportResult(applied: false, created: plan.newCount, updated: plan.updateCount, problems: []).encodeResponse(for: req)
            }
            let counts = try await BaseImports.importFile(kind: kind, data: data, organization: organization, by: req.auditActor, on: req.db)
            return try await ImportResult(applied: true, created: counts.created, updated: counts.updated, problems: []).encodeResponse(for: req)
        } catch let rejected as BaseImports.Rejected {
            return try await ImportResult(applied: false, created: 0, updated: 0, problems: rejected.problems).encodeResponse(status: .unprocessableEntity, for: req)
        }
    }
}
