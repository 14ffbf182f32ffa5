import Fluent
import Foundation
import SQLKit

/// Whom a program's curator sends a questionnaire to (seed 003 surveys mentors, mentees, curators
/// and partners).
enum ProgramSurveyAudience: String, CaseIterable, Codable, Sendable {
    case mentees, mentors, both, pair, curators, partners

    var russianName: String {
        switch self {
        case .mentees: "Наставляемым программы"
        case .mentors: "Наставникам программы"
        case .both: "Наставникам и наставляемым"
        case .pair: "Одной паре (группе)"
        case .curators: "Кураторам организации"
        case .partners: "Партнёрам: наставникам от предприятий и организаций"
        }
    }
}

/// Surveys that belong to a program: sending one from the program's page (a built-in template is
/// copied for the program and published; the organization's own is attached, or copied when it
/// already serves another program), attaching an existing questionnaire afterwards, and who has
/// not answered. The link is `questionnaires.program_id`: monitoring and the indicators read the
/// answers by it.
enum ProgramSurveys {
    enum Source: Sendable {
        case template(String)
        case own(UUID)
    }

    struct Outcome: Sendable {
        let questionnaire: Questionnaire
        let sent: Int
        /// People of the audience without an account: they cannot get it until invited.
        let withoutAccount: [String]
    }

    /// The people of the audience, and the names of those who have no account to receive it.
    static func recipients(_ program: Program, audience: ProgramSurveyAudience, pairingID: UUID?,
                           on db: any Database) async throws -> (recipients: [QuestionnaireAssigning.Recipient], withoutAccount: [String]) {
        let organizationID = program.$organization.id
        if audience == .curators {
            return (try await QuestionnaireAssigning.everyone(with: .curator, organizationID: organizationID, on: db), [])
        }
        let programPeople = try await ProgramPeople.load(program, on: db)
        let people = programPeople.people.filter { person in
            switch audience {
            case .mentees: person.side == .mentee
            case .mentors: person.side == .mentor
            case .both: true
            case .pair: pairingID != nil && person.pairingID == pairingID
            case .partners: person.isPartner
            case .curators: false
            }
        }
        if audience == .pair && people.isEmpty {
            throw AppError.validation(["pairingID": "Выберите пару этой программы."])
        }
        let verified = try await programPeople.verifiedRecipients(people, programOrganizationID: organizationID, on: db)
        let reached = Set(verified.map(\.userID))
        return (verified, people.filter { $0.userID.map { !reached.contains($0) } ?? true }.map(\.name))
    }

    /// Sends a questionnaire of the program to the audience with a deadline, the page's and the
    /// API's one way: the copy or link, the assignments, their notifications and the audit entry
    /// are one transaction, so a refused sending (an anonymous survey to its readers) leaves no
    /// copy behind and a sent one is never missing from the journal. The same questionnaire sent
    /// twice at once reaches each person once (`QuestionnaireAssigning.assign` locks its row).
    static func send(_ source: Source, program: Program, audience: ProgramSurveyAudience, pairingID: UUID?, dueAt: Date?,
                     by actor: AuditActor, on db: any Database) async throws -> Outcome {
        let userID = try QuestionnaireService.userID(of: actor)
        return try await db.transaction { db in
            // One sending of a program at a time: a repeated one (below) sees what the first made.
            try await RowLock.lock(Program.schema, id: program.requireID(), on: db)
            let (recipients, withoutAccount) = try await Self.recipients(program, audience: audience, pairingID: pairingID, on: db)
            if recipients.isEmpty {
                let reason = withoutAccount.isEmpty ? "В программе нет таких участников."
                    : "Ни у кого из выбранных нет учётной записи: пригласите их на платформу (\(withoutAccount.count) чел.)."
                throw AppError.validation(["audience": reason])
            }
            let questionnaire: Questionnaire
            if case .template(let value) = source,
               let repeated = try await openCopy(of: try await template(value, program: program, on: db), program: program, recipients: recipients, on: db) {
                questionnaire = repeated
            } else {
                questionnaire = try await Self.questionnaire(for: source, program: program, by: userID, on: db)
            }
            let sent = try await QuestionnaireAssigning.assign(questionnaire, to: recipients, dueAt: dueAt, by: userID,
                                                               audience: audience.rawValue, on: db)
            try await actor.record(.questionnaireAssigned, organizationID: program.$organization.id, objectType: "questionnaire", objectID: questionnaire.id,
                                   details: "\(questionnaire.title) — программа \(program.name.quoted()): \(sent) чел.", on: db)
            return Outcome(questionnaire: questionnaire, sent: sent, withoutAccount: withoutAccount)
        }
    }

    /// The program's questionnaire for a source: a template's published copy, the organization's
    /// own one attached, or its copy when it already belongs to another program.
    static func questionnaire(for source: Source, program: Program, by userID: UUID, on db: any Database) async throws -> Questionnaire {
        let programID = try program.requireID(), organizationID = program.$organization.id
        switch source {
        case .template(let value):
            let template = try await template(value, program: program, on: db)
            return try await db.transaction { db in
                let questionnaire = try await QuestionnaireAuthoring.copy(template, organizationID: organizationID, programID: programID, by: userID, on: db)
                questionnaire.measurementJSON = try MeasurementSurvey.defaults(for: template)?.encoded()
                try await questionnaire.save(on: db)
                _ = try await QuestionnaireAuthoring.publish(try questionnaire.requireID(), on: db)
                return questionnaire
            }
        case .own(let id):
            guard let own = try await Questionnaire.query(on: db).filter(\.$id == id).filter(\.$organization.$id == organizationID).first() else {
                throw AppError.validation(["source": "Выберите анкету из списка."])
            }
            guard let published = try await QuestionnaireAuthoring.latestPublished(of: id, on: db) else {
                throw AppError.validation(["source": "Анкета «\(own.title)» ещё не опубликована: опубликуйте её на странице анкеты."])
            }
            if own.programID == nil { try await link(own, to: programID, on: db) }
            if own.programID == programID { return own }
            return try await db.transaction { db in
                let copy = Questionnaire(organizationID: organizationID, programID: programID, title: own.title, purpose: own.purpose,
                                         templateKey: own.templateKey, audience: own.audience, isAnonymous: own.isAnonymous, createdByID: userID)
                copy.measurementJSON = own.measurementJSON
                try await copy.save(on: db)
                let version = try QuestionnaireVersion(questionnaireID: try copy.requireID(), number: 1, definition: try published.definition())
                version.publishedAt = Date()
                try await version.save(on: db)
                return copy
            }
        }
    }

    /// A template's source value, worded for the form named with the key, else the program's
    /// (first) form, at the organization's kind.
    static func template(_ value: String, program: Program, on db: any Database) async throws -> QuestionnaireTemplate {
        let (key, form) = QuestionnaireTemplate.parse(value)
        let kind = try await Organization.find(program.$organization.id, on: db)?.kind ?? .school
        guard let template = QuestionnaireTemplate.named(key, form: form ?? program.forms.first, kind: kind) else {
            throw AppError.validation(["source": "Выберите анкету из списка."])
        }
        return template
    }

    /// The program's latest copy of the template, in the same words, when every recipient still
    /// has it open: sending the template again now is the same sending repeated (a double click,
    /// a second tab), so that copy is sent — nobody gets it twice — instead of a second copy. Once
    /// people have answered (an entry survey, then the exit one), a new copy is made as before.
    static func openCopy(of template: QuestionnaireTemplate, program: Program, recipients: [QuestionnaireAssigning.Recipient],
                         on db: any Database) async throws -> Questionnaire? {
        let copies = try await Questionnaire.query(on: db).filter(\.$programID == program.requireID()).filter(\.$templateKey == template.key)
            .sort(\.$createdAt, .descending).all()
        for copy in copies {
            guard let published = try await QuestionnaireAuthoring.latestPublished(of: copy.requireID(), on: db),
                  try published.definition() == template.definition else { continue }
            let open = try await QuestionnaireAssignment.query(on: db).filter(\.$questionnaire.$id == copy.requireID())
                .filter(\.$status != .submitted).all().map { QuestionnaireAssigning.Recipient(userID: $0.$user.id, role: $0.role) }
            if Set(open).isSuperset(of: recipients) { return copy }
        }
        return nil
    }

    /// Attaches a questionnaire to a program of its organization, or detaches it with nil: the
    /// page's and the API's one way, the link and its audit entry in one transaction. Returns the
    /// program. A program of another organization is refused with `notAProgramOfOrganization`.
    @discardableResult
    static func attach(_ questionnaire: Questionnaire, to programID: UUID?, by actor: AuditActor, on db: any Database) async throws -> Program? {
        let organizationID = questionnaire.$organization.id
        return try await db.transaction { db in
            var program: Program?
            if let programID {
                program = try await Program.query(on: db).filter(\.$id == programID).filter(\.$organization.$id == organizationID).first()
                guard program != nil else { throw QuestionnaireError.notAProgramOfOrganization }
            }
            try await link(questionnaire, to: programID, on: db)
            try await actor.record(.questionnaireAttached, organizationID: organizationID, objectType: "questionnaire", objectID: questionnaire.id,
                                   details: program.map { "\(questionnaire.title) → «\($0.name)»" } ?? "\(questionnaire.title): без программы", on: db)
            return program
        }
    }

    /// Links a questionnaire to a program (or unlinks it with nil): the answers already given move
    /// with it into that program's monitoring and indicators, and measurements are filled again.
    /// The questionnaire's row is locked first: two links at once refill one after the other.
    static func link(_ questionnaire: Questionnaire, to programID: UUID?, on db: any Database) async throws {
        let questionnaireID = try questionnaire.requireID()
        try await db.transaction { db in
            try await RowLock.lock(Questionnaire.schema, id: questionnaireID, on: db)
            let previousProgramID = try await Questionnaire.find(questionnaireID, on: db)?.programID ?? questionnaire.programID
            questionnaire.programID = programID
            try await questionnaire.save(on: db)
            guard let sql = db as? any SQLDatabase else { return }
            try await sql.raw("""
                UPDATE \(ident: AnswerScore.schema) SET program_id = \(bind: programID)
                WHERE answer_id IN (SELECT id FROM \(ident: Answer.schema) WHERE questionnaire_id = \(bind: questionnaireID))
                """).run()
            try await MeasurementFilling.refill(questionnaire, on: db)
            // The answers' satisfaction leaves one program's indicators for the other's.
            try await IndicatorCountsTable.refresh(programs: [previousProgramID, programID].compactMap { $0 }, on: db)
        }
    }

    /// One questionnaire of a program, with who has not answered yet.
    struct Row: Codable, Sendable {
        struct Waiting: Codable, Sendable { let name: String; let role: String; let overdue: Bool }
        let id: UUID
        let title: String
        let anonymous: Bool
        let measurement: Bool
        let sent: Int
        let answered: Int
        let dueDate: String?
        let waitingCount: Int
        let waiting: [Waiting]
    }

    /// The program page's line: how many questionnaires, sent, answered and still waiting.
    struct Summary: Codable, Sendable { let questionnaires: Int; let sent: Int; let answered: Int; let waiting: Int }

    static func summary(_ program: Program, on db: any Database) async throws -> Summary {
        let ids = try await Questionnaire.query(on: db).filter(\.$programID == program.requireID()).all().map { try $0.requireID() }
        guard !ids.isEmpty else { return Summary(questionnaires: 0, sent: 0, answered: 0, waiting: 0) }
        let sent = try await QuestionnaireAssignment.query(on: db).filter(\.$questionnaire.$id ~~ ids).count()
        let answered = try await QuestionnaireAssignment.query(on: db).filter(\.$questionnaire.$id ~~ ids).filter(\.$status == .submitted).count()
        return Summary(questionnaires: ids.count, sent: sent, answered: answered, waiting: sent - answered)
    }

    /// One questionnaire of a program as data: who was sent it, who answered, the latest due
    /// time, and who has not answered yet (their role as a code).
    struct Survey: Sendable {
        struct Waiting: Sendable { let userID: UUID; let name: String; let role: Role; let dueAt: Date? }
        let id: UUID
        let title: String
        let anonymous: Bool
        let measurement: Bool
        let sent: Int
        let answered: Int
        let dueAt: Date?
        let waiting: [Waiting]
        /// How many have not answered yet. An anonymous survey names none of them (`waiting` is
        /// empty), as its results name nobody: watching the list shrink would tell who answered
        /// what. The reminders before the due day reach them without anyone reading the names.
        let waitingCount: Int
    }

    static func surveys(_ program: Program, on db: any Database) async throws -> [Survey] {
        let questionnaires = try await Questionnaire.query(on: db).filter(\.$programID == program.requireID())
            .sort(\.$createdAt, .descending).all()
        guard !questionnaires.isEmpty else { return [] }
        let assignments = try await QuestionnaireAssignment.query(on: db).filter(\.$questionnaire.$id ~~ questionnaires.map { $0.id! })
            .join(User.self, on: \QuestionnaireAssignment.$user.$id == \User.$id)
            .sort(User.self, \.$lastName).sort(User.self, \.$firstName).all()
        return try questionnaires.map { questionnaire in
            let own = assignments.filter { $0.$questionnaire.id == questionnaire.id }
            let open = own.filter { $0.status != .submitted }
            return Survey(id: try questionnaire.requireID(), title: questionnaire.title, anonymous: questionnaire.isAnonymous,
                          measurement: questionnaire.measurementJSON != nil, sent: own.count, answered: own.count - open.count,
                          dueAt: own.compactMap(\.dueAt).max(),
                          waiting: questionnaire.isAnonymous ? []
                              : try open.map { .init(userID: $0.$user.id, name: try $0.joined(User.self).fullName, role: $0.role, dueAt: $0.dueAt) },
                          waitingCount: open.count)
        }
    }

    /// The surveys page's lines: the due day and roles in Russian, who is overdue by `now`.
    static func overview(_ program: Program, now: Date = Date(), on db: any Database) async throws -> [Row] {
        try await surveys(program, on: db).map { survey in
            Row(id: survey.id, title: survey.title, anonymous: survey.anonymous, measurement: survey.measurement, sent: survey.sent,
                answered: survey.answered, dueDate: DueDate.format(survey.dueAt), waitingCount: survey.waitingCount,
                waiting: survey.waiting.map { .init(name: $0.name, role: $0.role.russianName, overdue: $0.dueAt.map { $0 < now } ?? false) })
        }
    }
}
