import Fluent
import Vapor
import Foundation

/// The rules of «Быть учителем!» (seed 004): applications in the semi-final window, scoring by
/// criteria with the conflict rule, rankings per stage and nomination, and who passes on.
enum ContestRules {
    static let defaultNominations = ["Наставник молодого педагога", "Наставник обучающихся", "Наставническая команда"]
    static let defaultCriteria = ["Результаты наставляемых", "Качество программы наставничества", "Распространение опыта", "Презентация практики"]
    static let maximumScore = 10

    /// The seed's windows for a year: 15.03–15.04, 25.04–25.06, the second half of October.
    static func defaultWindows(_ year: Int) -> [String: String] {
        ["semiFinalFrom": "\(year)-03-15", "semiFinalTo": "\(year)-04-15", "finalFrom": "\(year)-04-25", "finalTo": "\(year)-06-25",
         "superFinalFrom": "\(year)-10-16", "superFinalTo": "\(year)-10-31"]
    }

    /// The form fields of the stage windows, in the contest's order.
    static let windowFields = ["semiFinalFrom", "semiFinalTo", "finalFrom", "finalTo", "superFinalFrom", "superFinalTo"]

    /// New stage windows from the coordinator's form: real dates, each window from its start to
    /// its end, each stage after the one before (the regulations move, the order does not).
    static func windows(_ values: [String: String]) throws -> [String: String] {
        var errors: [String: String] = [:]
        var days: [String: CalendarDay] = [:]
        for field in windowFields {
            if let day = CalendarDay(iso: (values[field] ?? "").trimmingCharacters(in: .whitespaces)) { days[field] = day } else { errors[field] = "Укажите дату." }
        }
        let pairs = [("semiFinalFrom", "semiFinalTo", "Полуфинал"), ("finalFrom", "finalTo", "Финал"), ("superFinalFrom", "superFinalTo", "Суперфинал")]
        for (from, to, name) in pairs {
            if let start = days[from], let end = days[to], end < start { errors[to] = "\(name) не может закончиться раньше, чем начнётся." }
        }
        for (earlier, later) in [("semiFinalTo", "finalFrom"), ("finalTo", "superFinalFrom")] {
            if let end = days[earlier], let start = days[later], !(end < start) { errors[later] = errors[later] ?? "Этап начинается после окончания предыдущего." }
        }
        guard errors.isEmpty else { throw AppError.validation(errors) }
        return days.mapValues(\.iso)
    }

    /// Who may sit on the contest's jury: an adult on the staff of an organization of the contest's
    /// region — its administration, curator or psychologist, or a mentor whose card says teacher,
    /// not pupil, student or minor — or a coordinator of the region or one of its municipalities.
    /// Never a pupil, a student or a guardian: jurors read other schools' applications.
    static func mayJoinJury(_ user: User, regionID: UUID, on db: any Database) async throws -> Bool {
        let principal = try await PrincipalLoader.load(user, on: db)
        // Who coordinates what is `AccessPolicy`'s answer, as everywhere else.
        let territory = AccessPolicy.coordinatedTerritory(of: principal)
        if territory.coversWholeRegion(regionID) { return true }
        if !territory.municipalityIDs.isEmpty, try await Municipality.query(on: db).filter(\.$id ~~ territory.municipalityIDs)
            .filter(\.$region.$id == regionID).count() > 0 { return true }
        let staffRoles: Set<Role> = [.orgAdmin, .curator, .psychologist]
        let staff = Set(principal.grants.filter { staffRoles.contains($0.role) }.compactMap(\.organizationID))
        if !staff.isEmpty, try await Organization.query(on: db).filter(\.$id ~~ Array(staff)).filter(\.$regionID == regionID).count() > 0 {
            return true
        }
        guard principal.holds(.mentor) else { return false }
        let cards = try await Mentor.query(on: db).filter(\.$user.$id == principal.userID).all()
        for card in cards where mayEnter(card) {
            if try await Organization.find(card.$organization.id, on: db)?.regionID == regionID { return true }
        }
        return false
    }

    /// A juror never scores an application of their own organization.
    static func mayJudge(_ application: ContestApplication, own organizations: Set<UUID>) -> Bool {
        !organizations.contains(application.organizationID)
    }

    /// Every organization a juror belongs to: the one noted when they joined the jury and every
    /// organization they hold a role in now (one account may work in several, and may gain a role later).
    static func ownOrganizations(of juror: ContestJuror, on db: any Database) async throws -> Set<UUID> {
        let roles = try await RoleAssignment.query(on: db).filter(\.$user.$id == juror.$user.id).all()
        return Set(roles.compactMap(\.$organization.id) + [juror.organizationID].compactMap { $0 })
    }

    /// The contest is for teachers who mentor (seed 004: «педагогов-наставников»): a pupil who
    /// mentors other pupils, or any minor, is never entered, whatever the nomination says.
    static func mayEnter(_ mentor: Mentor) -> Bool {
        !mentor.isMinor && mentor.origin != .student
    }

    static let alreadyApplied = "Заявка на этого наставника уже подана."

    /// How many files an application may carry; more goes by links in its description.
    static let maxApplicationFiles = 3

    /// An application with its files, all or nothing; `fileError` is why an uploaded file was refused;
    /// `fileCount` is how many were sent when more than the limit came and none was checked.
    static func apply(_ contest: Contest, organizationID: UUID, mentorID: UUID?, nomination: String, materials: String,
                      files: [AttachedFile] = [], fileCount: Int? = nil, fileError: String? = nil, by name: String,
                      today: CalendarDay = .today(), on db: any Database) async throws -> ContestApplication {
        var errors: [String: String] = [:]
        if let fileError { errors["files"] = fileError + " Выберите файлы снова." }
        if max(fileCount ?? 0, files.count) > maxApplicationFiles { errors["files"] = "К заявке можно приложить не больше \(maxApplicationFiles) файлов; остальное — ссылками в описании." }
        let window = contest.window(.semiFinal)
        if today.iso < window.from || today.iso > window.to {
            errors["nomination"] = "Заявки принимаются в полуфинал с \(CalendarDay(iso: window.from)?.russian ?? window.from) по \(CalendarDay(iso: window.to)?.russian ?? window.to)."
        }
        var mentor: Mentor?
        if let mentorID { mentor = try await Mentor.query(on: db).filter(\.$id == mentorID).filter(\.$organization.$id == organizationID).first() }
        if mentor == nil { errors["mentorID"] = "Выберите наставника своей организации." }
        if let mentor, !mayEnter(mentor) {
            errors["mentorID"] = "Конкурс — для педагогов-наставников: заявить обучающегося или несовершеннолетнего наставника нельзя."
        }
        if !contest.nominationList.contains(nomination) { errors["nomination"] = errors["nomination"] ?? "Выберите номинацию." }
        let text = materials.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors["materials"] = "Опишите практику и дайте ссылки на материалы." } else if text.count > 4000 { errors["materials"] = "Не более 4000 знаков." }
        if let mentor, try await ContestApplication.query(on: db).filter(\.$contest.$id == contest.requireID()).filter(\.$mentor.$id == mentor.requireID()).count() > 0 {
            errors["mentorID"] = alreadyApplied
        }
        guard errors.isEmpty, let mentor else { throw AppError.validation(errors) }
        let application = ContestApplication()
        application.$contest.id = try contest.requireID()
        application.organizationID = organizationID
        application.$mentor.id = try mentor.requireID()
        application.nomination = nomination
        application.materials = text
        application.stage = .semiFinal
        application.submittedByName = name
        try await db.transaction { db in
            try await application.create(on: db)
            for file in files {
                let stored = ContestApplicationFile()
                stored.$application.id = try application.requireID()
                stored.fileName = file.name
                stored.fileType = file.format.contentType
                stored.size = file.data.count
                stored.data = file.data
                try await stored.create(on: db)
            }
        }
        return application
    }

    /// One juror's scores of an application at the contest's current stage.
    static func score(_ application: ContestApplication, by juror: ContestJuror, contest: Contest, values: [String],
                      on db: any Database) async throws -> ContestScore {
        guard mayJudge(application, own: try await ownOrganizations(of: juror, on: db)) else { throw ContestError.ownOrganization }
        guard application.stage == contest.currentStage else { throw ContestError.notCurrentStage(contest.currentStage) }
        let criteria = contest.criteriaList
        let scores = values.map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard scores.count == criteria.count, scores.allSatisfy({ $0.map { (0...maximumScore).contains($0) } ?? false }) else {
            throw AppError.validation(["scores": "Оцените каждый критерий от 0 до \(maximumScore)."])
        }
        let score = try await ContestScore.query(on: db).filter(\.$application.$id == application.requireID()).filter(\.$juror.$id == juror.requireID())
            .filter(\.$stage == contest.currentStage).first() ?? ContestScore()
        score.$application.id = try application.requireID()
        score.$juror.id = try juror.requireID()
        score.stage = contest.currentStage
        score.scores = scores.map { String($0!) }.joined(separator: ",")
        score.total = scores.reduce(0) { $0 + $1! }
        try await score.save(on: db)
        return score
    }

    struct Ranked: Codable, Sendable {
        let applicationID: UUID
        let place: Int
        let mentorName: String
        let organization: String
        let nomination: String
        let average: Double
        let averageText: String
        let jurors: Int
        let passed: Bool
    }

    /// The ranking of a stage by nomination: the average of the jurors' totals, highest first.
    static func ranking(_ contest: Contest, stage: ContestStage, on db: any Database) async throws -> [Ranked] {
        let applications = try await ContestApplication.query(on: db).filter(\.$contest.$id == contest.requireID()).with(\.$mentor).all()
            .filter { $0.stage >= stage }
        guard !applications.isEmpty else { return [] }
        let scores = try await ContestScore.query(on: db).filter(\.$application.$id ~~ applications.map { $0.id! }).filter(\.$stage == stage).all()
        let organizations = try await PublicCases.organizationNames(applications.map(\.organizationID), on: db)
        var result: [Ranked] = []
        for nomination in contest.nominationList {
            let rows = applications.filter { $0.nomination == nomination }.map { application -> (ContestApplication, Double, Int) in
                let own = scores.filter { $0.$application.id == application.id }
                return (application, own.isEmpty ? 0 : Double(own.map(\.total).reduce(0, +)) / Double(own.count), own.count)
            }.sorted { ($1.1, $0.0.mentor.fullName) < ($0.1, $1.0.mentor.fullName) }
            for (index, row) in rows.enumerated() {
                result.append(Ranked(applicationID: row.0.id!, place: index + 1, mentorName: row.0.mentor.fullName,
                                     organization: organizations[row.0.organizationID] ?? "", nomination: nomination, average: row.1,
                                     averageText: row.1.russian(digits: 2), jurors: row.2,
                                     passed: row.0.stage > stage))
            }
        }
        return result
    }

    /// The best `count` scored applications of each nomination go on to the next stage, which
    /// becomes the stage being judged.
    static func advance(_ contest: Contest, top count: Int, on db: any Database) async throws -> Int {
        guard let next = contest.currentStage.next else { throw ContestError.lastStage }
        guard (1...100).contains(count) else { throw AppError.validation(["count": "Сколько проходит дальше от каждой номинации — от 1 до 100."]) }
        let ranking = try await ranking(contest, stage: contest.currentStage, on: db).filter { $0.jurors > 0 }
        let passing = Dictionary(grouping: ranking, by: \.nomination).values.flatMap { $0.prefix(count) }.map(\.applicationID)
        guard !passing.isEmpty else { throw ContestError.nothingScored }
        try await db.transaction { db in
            try await ContestApplication.query(on: db).filter(\.$id ~~ passing).set(\.$stage, to: next).update()
            contest.currentStage = next
            try await contest.save(on: db)
        }
        return passing.count
    }
}

extension ContestRules {
    struct PublicStage: Content {
        let stage: String
        let ranking: [Ranked]
    }

    struct PublicResults: Content {
        let title: String
        let year: Int
        let stages: [PublicStage]
    }

    /// The published results; an adult mentor's name appears with their consent to the honor
    /// board (the honor board's own rule: a minor never), otherwise «Наставник» and the organization.
    static func publicResults(_ contest: Contest, on db: any Database) async throws -> PublicResults {
        guard contest.resultsPublished else { throw AppError.notFound }
        var stages: [PublicStage] = []
        let applications = try await ContestApplication.query(on: db).filter(\.$contest.$id == contest.requireID()).with(\.$mentor).all()
        let adults = applications.filter { !$0.mentor.isMinor }
        let consented = try await CasePublication.activeConsents(adults.map(\.$mentor.id), purpose: .publicationHonorBoard, on: db)
        let named = Set(adults.map(\.$mentor.id).filter(consented.contains))
        let mentorOf = Dictionary(uniqueKeysWithValues: applications.map { ($0.id!, $0.$mentor.id) })
        for stage in ContestStage.allCases where stage <= contest.currentStage {
            let ranking = try await ranking(contest, stage: stage, on: db).map { row in
                Ranked(applicationID: row.applicationID, place: row.place,
                       mentorName: mentorOf[row.applicationID].map(named.contains) == true ? row.mentorName : "Наставник",
                       organization: row.organization, nomination: row.nomination, average: row.average, averageText: row.averageText,
                       jurors: row.jurors, passed: row.passed)
            }
            stages.append(PublicStage(stage: stage.russianName, ranking: ranking))
        }
        return PublicResults(title: contest.title, year: contest.year, stages: stages)
    }
}
