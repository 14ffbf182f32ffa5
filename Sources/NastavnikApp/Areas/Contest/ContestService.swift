import Fluent
import Vapor

/// Why the contest refuses an operation; the page's flash and the API's error body say the same.
enum ContestError: Error, Equatable, AppErrorConvertible {
    /// A login that names no account, or one who may not judge (`ContestRules.mayJoinJury`).
    case unknownLogin
    case alreadyJuror(name: String)
    /// The person is not on the contest's jury.
    case notJuror
    case ownOrganization
    case notCurrentStage(ContestStage)
    case lastStage
    case nothingScored
    case applicationNotFound
    /// The mentor withdrew the consent to the processing of their data: nothing more is sent about them.
    case consentWithdrawn

    var status: HTTPResponseStatus {
        switch self {
        case .unknownLogin: .unprocessableEntity
        case .notJuror: .forbidden
        case .applicationNotFound: .notFound
        case .alreadyJuror, .ownOrganization, .notCurrentStage, .lastStage, .nothingScored, .consentWithdrawn: .conflict
        }
    }

    var code: String {
        switch self {
        case .unknownLogin: "contest_unknown_login"
        case .alreadyJuror: "contest_already_juror"
        case .notJuror: "contest_not_juror"
        case .ownOrganization: "contest_own_organization"
        case .notCurrentStage: "contest_not_current_stage"
        case .lastStage: "contest_last_stage"
        case .nothingScored: "contest_nothing_scored"
        case .applicationNotFound: "not_found"
        case .consentWithdrawn: "consent_withdrawn"
        }
    }

    var russianMessage: String {
        switch self {
        case .unknownLogin: "Нет сотрудника с таким логином в организациях региона: в жюри входят администрация, кураторы, педагоги-психологи, педагоги-наставники и координаторы."
        case .alreadyJuror(let name): "\(name) уже в жюри."
        case .notJuror: "Оценивать заявки могут только члены жюри этого конкурса."
        case .ownOrganization: "Член жюри не оценивает заявки своей организации."
        case .notCurrentStage(let stage): "Оцениваются заявки текущего этапа: \(stage.shortName.lowercased())."
        case .lastStage: "Суперфинал — последний этап."
        case .nothingScored: "Нет оценённых заявок: жюри ещё не выставило баллы."
        case .applicationNotFound: "Заявка не найдена."
        case .consentWithdrawn: "Наставник отозвал согласие на обработку персональных данных: заявку на него подать нельзя."
        }
    }

    /// The form's field the refusal concerns, for the page and the API's `error.fields`.
    var fields: [String: String]? {
        switch self {
        case .consentWithdrawn: ["mentorID": russianMessage]
        default: nil
        }
    }
}

/// Every change of the contest, for its pages and its API alike: each validates, runs in one
/// transaction and writes its audit entry in that transaction.
enum ContestService {
    /// A new contest as the coordinator describes it: nominations and criteria one per line.
    struct ContestInput: Sendable {
        var title: String
        var year: String
        var nominations: String
        var criteria: String
    }

    /// POST /contests: a regional coordinator opens the year's contest in `regionID`.
    static func create(_ input: ContestInput, regionID: UUID, by actor: AuditActor, on db: any Database) async throws -> Contest {
        var errors: [String: String] = [:]
        let title = input.title.trimmingCharacters(in: .whitespaces)
        if title.isEmpty || title.count > 200 { errors["title"] = "Назовите конкурс." }
        let year = Int(input.year.trimmingCharacters(in: .whitespaces))
        if year == nil || !(2000...2100).contains(year!) { errors["year"] = "Укажите год." }
        let contest = Contest()
        contest.nominations = input.nominations.trimmingCharacters(in: .whitespacesAndNewlines)
        contest.criteria = input.criteria.trimmingCharacters(in: .whitespacesAndNewlines)
        if contest.nominationList.isEmpty { errors["nominations"] = "Хотя бы одна номинация." }
        if contest.criteriaList.isEmpty || contest.criteriaList.count > 12 { errors["criteria"] = "От одного до двенадцати критериев." }
        guard errors.isEmpty, let year else { throw AppError.validation(errors) }
        contest.regionID = regionID
        contest.title = title
        contest.year = year
        contest.windowDays = ContestRules.defaultWindows(year)
        contest.currentStage = .semiFinal
        contest.resultsPublished = false
        contest.createdByName = actor.principal?.fullName ?? ""
        try await db.transaction { tx in
            try await contest.create(on: tx)
            try await actor.record(.contestChanged, objectType: "contest", objectID: contest.id, details: "Объявлен конкурс «\(title)» \(year)", on: tx)
        }
        return contest
    }

    /// The regulations may move the dates of the stages (`ContestRules.windows` checks them).
    static func saveWindows(_ values: [String: String], of contest: Contest, by actor: AuditActor, on db: any Database) async throws {
        let windows = try ContestRules.windows(values)
        try await db.transaction { tx in
            contest.windowDays = windows
            try await contest.save(on: tx)
            try await actor.record(.contestChanged, objectType: "contest", objectID: contest.id, details: "Сроки этапов изменены", on: tx)
        }
    }

    /// Adds a juror by login; the juror's organization, when they have one, is never scored by them.
    static func addJuror(login: String, to contest: Contest, by actor: AuditActor, on db: any Database) async throws -> ContestJuror {
        let login = login.trimmingCharacters(in: .whitespaces)
        // One answer for a login that names no one and for one who may not judge, so the form
        // cannot be used to learn which logins exist or whose they are.
        guard !login.isEmpty, let user = try await User.query(on: db).filter(\.$login == login).first(),
              try await ContestRules.mayJoinJury(user, regionID: contest.regionID, on: db) else { throw ContestError.unknownLogin }
        let roles = try await RoleAssignment.query(on: db).filter(\.$user.$id == user.requireID()).all()
        let juror = ContestJuror()
        juror.$contest.id = try contest.requireID()
        juror.$user.id = try user.requireID()
        juror.organizationID = roles.compactMap(\.$organization.id).first
        juror.name = user.fullName
        do {
            try await db.transaction { tx in
                try await juror.create(on: tx)
                try await actor.record(.contestChanged, objectType: "contest", objectID: contest.id, details: "В жюри: \(user.fullName)", on: tx)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw ContestError.alreadyJuror(name: user.fullName)
        }
        return juror
    }

    /// The best `count` scored applications of each nomination pass to the next stage; returns how many.
    static func advance(_ contest: Contest, top count: Int, by actor: AuditActor, on db: any Database) async throws -> Int {
        try await db.transaction { tx in
            let passed = try await ContestRules.advance(contest, top: count, on: tx)
            try await actor.record(.contestChanged, objectType: "contest", objectID: contest.id,
                                   details: "В этап «\(contest.currentStage.shortName)» прошли: \(passed)", on: tx)
            return passed
        }
    }

    /// Publishes the results on the public page and in the public API.
    static func publish(_ contest: Contest, by actor: AuditActor, on db: any Database) async throws {
        try await db.transaction { tx in
            contest.resultsPublished = true
            try await contest.save(on: tx)
            try await actor.record(.contestChanged, objectType: "contest", objectID: contest.id, details: "Итоги опубликованы", on: tx)
        }
    }

    /// What an organization sends: a mentor, a nomination, a description with links, up to three
    /// files as they came (the page's form or the API's multipart body; an empty part is no file).
    struct ApplicationInput: Sendable {
        var mentorID: UUID?
        var nomination: String
        var materials: String
        var uploads: [(name: String?, data: Data)] = []
    }

    /// The files of a page's form or an API's multipart body, as `ApplicationInput` takes them.
    static func uploads(_ files: [File]?) -> [(name: String?, data: Data)] {
        (files ?? []).map { ($0.filename, Data(buffer: $0.data)) }
    }

    /// An organization puts a mentor forward in the semi-final window (`ContestRules.apply`).
    static func apply(_ input: ApplicationInput, to contest: Contest, organizationID: UUID, by actor: AuditActor,
                      today: CalendarDay = .today(), on db: any Database) async throws -> ContestApplication {
        do {
            return try await applyOnce(input, to: contest, organizationID: organizationID, by: actor, today: today, on: db)
        } catch where RowLock.isUniqueViolation(error) {
            // Sent twice at once: the unique index on (contest, mentor) lets one in.
            throw AppError.validation(["mentorID": ContestRules.alreadyApplied])
        }
    }

    private static func applyOnce(_ input: ApplicationInput, to contest: Contest, organizationID: UUID, by actor: AuditActor,
                                  today: CalendarDay, on db: any Database) async throws -> ContestApplication {
        // Counted before any is checked: a body of thousands of tiny parts is refused by the limit
        // (`ContestRules.apply`) without opening each as a ZIP.
        let uploads = input.uploads.filter { !$0.data.isEmpty }
        // Each file checked as every attached file is (`AttachedFile.check`: kind, content, 5 MB);
        // the first refusal is told, and then nothing is stored.
        let checked = uploads.count > ContestRules.maxApplicationFiles ? [] : uploads.map { AttachedFile.check(name: $0.name, data: $0.data) }
        let files = checked.compactMap { try? $0.get() }
        let fileError = checked.lazy.compactMap { result -> String? in
            if case .failure(let rejection) = result { rejection.message } else { nil }
        }.first
        return try await db.transaction { tx in
            // The mentor's row first, as a withdrawal of consent takes it before it removes the
            // mentor's applications' materials: an application is made wholly before it or refused after it.
            if let mentorID = input.mentorID,
               try await Mentor.query(on: tx).filter(\.$id == mentorID).filter(\.$organization.$id == organizationID).count() > 0,
               !(try await Consents.lockStillConsenting(kind: .mentor, id: mentorID, on: tx)) {
                throw ContestError.consentWithdrawn
            }
            let application = try await ContestRules.apply(contest, organizationID: organizationID, mentorID: input.mentorID, nomination: input.nomination,
                                                           materials: input.materials, files: files, fileCount: uploads.count, fileError: fileError,
                                                           by: actor.principal?.fullName ?? "", today: today, on: tx)
            try await actor.record(.contestChanged, organizationID: organizationID, objectType: "contestApplication", objectID: application.id,
                                   details: "Заявка на конкурс", on: tx)
            return application
        }
    }

    /// The contest's juror who is `userID`, or `ContestError.notJuror`.
    static func juror(_ userID: UUID, of contest: Contest, on db: any Database) async throws -> ContestJuror {
        guard let juror = try await ContestJuror.query(on: db).filter(\.$contest.$id == contest.requireID()).filter(\.$user.$id == userID).first() else {
            throw ContestError.notJuror
        }
        return juror
    }

    /// An application of this contest, or `ContestError.applicationNotFound`.
    static func application(_ id: UUID?, of contest: Contest, on db: any Database) async throws -> ContestApplication {
        guard let id, let application = try await ContestApplication.query(on: db).filter(\.$id == id).filter(\.$contest.$id == contest.requireID()).first() else {
            throw ContestError.applicationNotFound
        }
        return application
    }

    /// A juror's scores of an application at the current stage, one value per criterion.
    static func score(_ application: ContestApplication, values: [String], by juror: ContestJuror, in contest: Contest,
                      actor: AuditActor, on db: any Database) async throws -> ContestScore {
        try await db.transaction { tx in
            // The juror's scores take turns (a double click, two tabs): each finds the one before and updates it.
            try await RowLock.lock(ContestJuror.schema, id: juror.requireID(), on: tx)
            let score = try await ContestRules.score(application, by: juror, contest: contest, values: values, on: tx)
            // Not in the applying organization's journal: its administrator would see which juror
            // scored the application, and how, before the results are published.
            try await actor.record(.contestChanged, objectType: "contestApplication", objectID: application.id,
                                   details: "Оценка жюри записана", on: tx)
            return score
        }
    }
}
