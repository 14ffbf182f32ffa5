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
}
