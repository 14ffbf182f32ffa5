import Fluent
import Vapor

/// The contest a request names, for the contest's pages and API alike.
extension Request {
    /// The contest of `:contestID`, or 404.
    func contest() async throws -> Contest {
        guard let id = parameters.get("contestID", as: UUID.self), let contest = try await Contest.find(id, on: db) else { throw AppError.notFound }
        return contest
    }

    /// The contest of `:contestID`, for its coordinator only.
    func managedContest() async throws -> Contest {
        let contest = try await contest()
        guard AccessPolicy.managesContest(try requirePrincipal(), regionID: contest.regionID) else { throw AppError.forbidden }
        return contest
    }

    /// The contest of `:contestID` for an organization of its region that may apply: 404 for another region's contest.
    func contestForApplying() async throws -> (Organization, Contest) {
        let organization = try await authorizedOrganization(for: .applyToContests)
        let contest = try await contest()
        guard contest.regionID == organization.regionID else { throw AppError.notFound }
        return (organization, contest)
    }

    /// A material of `:applicationID` of `:contestID`, for the coordinator, the applying
    /// organization and the jurors who may judge the application; 404 for anyone else, never public.
    func contestApplicationFile() async throws -> ContestApplicationFile {
        let contest = try await contest()
        guard let applicationID = parameters.get("applicationID", as: UUID.self), let fileID = parameters.get("fileID", as: UUID.self),
              let application = try await ContestApplication.query(on: db).filter(\.$id == applicationID).filter(\.$contest.$id == contest.requireID()).first(),
              let file = try await ContestApplicationFile.query(on: db).filter(\.$id == fileID).filter(\.$application.$id == applicationID).first() else {
            throw AppError.notFound
        }
        let principal = try requirePrincipal()
        let coordinates = AccessPolicy.managesContest(principal, regionID: contest.regionID)
        let applied = try await Organization.find(application.organizationID, on: db).map { may(.applyToContests, in: $0) } ?? false
        var judges = false
        if let juror = try await ContestJuror.query(on: db).filter(\.$contest.$id == contest.requireID()).filter(\.$user.$id == principal.userID).first() {
            judges = ContestRules.mayJudge(application, own: try await ContestRules.ownOrganizations(of: juror, on: db))
        }
        guard coordinates || applied || judges else { throw AppError.notFound }
        return file
    }

    /// The file as a private download (never cached).
    static func privateDownload(_ data: Data, type: String, fileName: String, inline: Bool = false) -> Response {
        let response = DocumentResponse.file(data, type: type, fileName: fileName, inline: inline)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }
}
