import Fluent
import Vapor

/// Who opens a pair's space and as whom: its mentor, one of its mentees, or the curator and
/// administration of the organization. Anyone else gets 404, as if the pair did not exist.
struct PairAccess: Sendable {
    enum Role: Equatable, Sendable {
        case curator
        case mentor
        case mentee(memberID: UUID)

        var russianName: String {
            switch self {
            case .curator: "куратор"
            case .mentor: "наставник"
            case .mentee: "наставляемый"
            }
        }
    }

    let pairing: Pairing
    let role: Role
    /// The person who opens the pair, for what only an author may read.
    var viewerID: UUID? = nil
    var viewerName: String = ""

    static func load(_ req: Request) async throws -> PairAccess {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("pairingID", as: UUID.self),
              let pairing = try await Pairing.query(on: req.db).filter(\.$id == id).filter(\.$status ~~ [.formed, .finished])
                .with(\.$mentor).with(\.$program).with(\.$members) { $0.with(\.$mentee) }.first() else {
            throw AppError.notFound
        }
        let viewer = (id: principal.userID, name: principal.fullName)
        if pairing.mentor.$user.id == principal.userID { return PairAccess(pairing: pairing, role: .mentor, viewerID: viewer.id, viewerName: viewer.name) }
        if let member = pairing.members.first(where: { $0.isAgreed && $0.mentee.$user.id == principal.userID }) {
            return PairAccess(pairing: pairing, role: .mentee(memberID: try member.requireID()), viewerID: viewer.id, viewerName: viewer.name)
        }
        let organization = try await Organization.find(pairing.organizationID, on: req.db)
        if let organization, req.may(.formPairs, in: organization) {
            return PairAccess(pairing: pairing, role: .curator, viewerID: viewer.id, viewerName: viewer.name)
        }
        throw AppError.notFound
    }

    /// A finished pair's records are kept as they were: nothing is added or changed.
    func requireWorking() throws {
        guard pairing.status == .formed else { throw PairWorkError.pairFinished }
    }

    /// An early end's reason is read by its author and the curator only: a child's reason is not
    /// the mentor's to read, nor one child's another's. Other decisions are the curator's, for all.
    func mayReadReason(of closure: PairClosure) -> Bool {
        if role == .curator || closure.decision != .earlyEnd { return true }
        if let author = closure.decidedByUserID { return author == viewerID }
        // Written before authors were recorded: the same side and name.
        return closure.decidedByRole == roleName && !viewerName.isEmpty && closure.decidedByName == viewerName
    }

    /// The mentor and the curator read everyone's reflections and final answers. A mentee reads
    /// their own, never another child's; the mentor's only in a one-to-one pair (its only agreed
    /// member), where the mentor writes about this child alone — in a group the mentor's text is
    /// about the other children too (issue 16, item 10). Mentor's text addressed to another member
    /// (one who left the pair) stays hidden even then.
    /// The side the reader writes as (their reflection, their final answers); nil for the curator.
    var ownSide: (side: BaseKind, memberID: UUID?)? {
        switch role {
        case .curator: nil
        case .mentor: (.mentor, nil)
        case .mentee(let memberID): (.mentee, memberID)
        }
    }

    func mayRead(side: BaseKind, memberID: UUID?) -> Bool {
        guard case .mentee(let own) = role else { return true }
        if side == .mentee { return memberID == own }
        return agreedMembers.count == 1 && (memberID == nil || memberID == own)
    }

    /// The role as written in a closure's `decided_by_role` and beside a diary entry.
    var roleName: String { role.russianName }

    /// The mentees who work in the pair now.
    var agreedMembers: [PairingMember] {
        pairing.members.filter(\.isAgreed).sorted { $0.position < $1.position }
    }
}

extension Request {
    /// The object id in the path (`meetingID`, `goalID`…): 404 when it is not one, as for an
    /// object of another pair.
    func objectID(_ name: String) throws -> UUID {
        guard let id = parameters.get(name, as: UUID.self) else { throw AppError.notFound }
        return id
    }
}
