import Fluent
import Vapor

/// What the contest's pages and its API read alike: who sees which contests, the jury, the
/// stages with their rankings, an application's materials.
enum ContestQueries {
    struct Visible {
        let contests: [Contest]
        /// The contests where the person is on the jury.
        let jurorOf: Set<UUID>
        /// The organizations where the person may put mentors forward.
        let applying: [Organization]
    }

    /// The contests of the person's region(s), of the regions where they may apply and those they judge, newest first.
    static func visible(to principal: Principal, on db: any Database) async throws -> Visible {
        let regions = AccessPolicy.contestRegions(of: principal)
        let jurorOf = Set(try await ContestJuror.query(on: db).filter(\.$user.$id == principal.userID).all().map(\.$contest.id))
        let applying = principal.grants.filter { AccessPolicy.roles(for: .applyToContests).contains($0.role) }.compactMap(\.organizationID)
        let organizations = applying.isEmpty ? [] : try await Organization.query(on: db).filter(\.$id ~~ applying).all()
        let regionIDs = Set(regions + organizations.map(\.regionID))
        let contests = try await Contest.query(on: db).group(.or) { group in
            group.filter(\.$regionID ~~ Array(regionIDs))
            if !jurorOf.isEmpty { group.filter(\.$id ~~ Array(jurorOf)) }
        }.sort(\.$year, .descending).all()
        return Visible(contests: contests, jurorOf: jurorOf, applying: organizations)
    }

    struct Juror {
        let name: String
        let organization: String?
    }

    static func jurors(of contest: Contest, on db: any Database) async throws -> [Juror] {
        let jurors = try await ContestJuror.query(on: db).filter(\.$contest.$id == contest.requireID()).all()
        let organizations = try await PublicCases.organizationNames(jurors.compactMap(\.organizationID), on: db)
        return jurors.map { Juror(name: $0.name, organization: $0.organizationID.flatMap { organizations[$0] }) }
    }

    struct Stage {
        let stage: ContestStage
        let from: String
        let to: String
        /// The ranking of a stage reached so far; empty for a stage ahead.
        let ranking: [ContestRules.Ranked]

        var windowText: String { "\(CalendarDay(iso: from)?.russian ?? from) — \(CalendarDay(iso: to)?.russian ?? to)" }
    }

    static func stages(_ contest: Contest, on db: any Database) async throws -> [Stage] {
        var stages: [Stage] = []
        for stage in ContestStage.allCases {
            let window = contest.window(stage)
            stages.append(Stage(stage: stage, from: window.from, to: window.to,
                                ranking: stage <= contest.currentStage ? try await ContestRules.ranking(contest, stage: stage, on: db) : []))
        }
        return stages
    }

    /// A material of an application, by its address for those who may see it.
    struct FileLink: Encodable {
        let name: String
        let size: String
        let url: String
        /// For the API, which names the file by its identifier.
        var id: UUID? = nil
    }

    static func fileLinks(_ applications: [ContestApplication], on db: any Database) async throws -> [UUID: [FileLink]] {
        guard !applications.isEmpty else { return [:] }
        let files = try await ContestApplicationFile.query(on: db).filter(\.$application.$id ~~ applications.compactMap(\.id))
            .field(\.$id).field(\.$application.$id).field(\.$fileName).field(\.$size).field(\.$createdAt).sort(\.$createdAt).all()
        let contests = Dictionary(uniqueKeysWithValues: applications.map { ($0.id!, $0.$contest.id) })
        return Dictionary(grouping: files, by: \.$application.id).mapValues { group in
            group.map { file in
                FileLink(name: file.fileName, size: CaseFiles.sizeText(file.size),
                         url: SiteRoute.Contests.applicationFile.path(contests[file.$application.id]!, file.$application.id, file.id!), id: file.id)
            }
        }
    }

    /// The organization's own applications to the contest, with their mentors.
    static func applications(of organizationID: UUID, to contest: Contest, on db: any Database) async throws -> [ContestApplication] {
        try await ContestApplication.query(on: db).filter(\.$contest.$id == contest.requireID())
            .filter(\.$organizationID == organizationID).with(\.$mentor).sort(\.$createdAt).all()
    }

    /// What a juror reads: the current stage's applications they judge (never their own
    /// organization's), how many were left out, their own scores, the organizations and the materials.
    struct Jury {
        let applications: [ContestApplication]
        let excluded: Int
        let ownScores: [UUID: ContestScore]
        let organizations: [UUID: String]
        let files: [UUID: [FileLink]]

        /// The juror's own scores of an application by criterion, nil before they score it.
        func scores(of application: ContestApplication) -> [String]? {
            application.id.flatMap { ownScores[$0] }.map { $0.scores.split(separator: ",").map(String.init) }
        }
    }

    /// The jury's view of the contest for the person `userID`; `ContestError.notJuror` when they are not on it.
    static func jury(of userID: UUID, in contest: Contest, on db: any Database) async throws -> Jury {
        let juror = try await ContestService.juror(userID, of: contest, on: db)
        let applications = try await ContestApplication.query(on: db).filter(\.$contest.$id == contest.requireID())
            .filter(\.$stage == contest.currentStage).with(\.$mentor).all()
        let own = try await ContestRules.ownOrganizations(of: juror, on: db)
        let allowed = applications.filter { ContestRules.mayJudge($0, own: own) }
            .sorted { ($0.nomination, $0.mentor.fullName) < ($1.nomination, $1.mentor.fullName) }
        let scores = try await ContestScore.query(on: db).filter(\.$juror.$id == juror.requireID()).filter(\.$stage == contest.currentStage).all()
        return Jury(applications: allowed, excluded: applications.count - allowed.count,
                    ownScores: Dictionary(scores.map { ($0.$application.id, $0) }) { first, _ in first },
                    organizations: try await PublicCases.organizationNames(allowed.map(\.organizationID), on: db),
                    files: try await fileLinks(allowed, on: db))
    }
}
