import Fluent
import Vapor

/// Who opens a pair's space and as whom: its mentor, one of its mentees, or the curator and
/// administration of the organization. Anyone else gets 404, as if the pair did not exist.
struct PairAccess: Sendable {
    enum Role: Equatable, Sendable {
        case curator
        case mentor
        case mentee(memberID: UUID)
    }

    let pairing: Pairing
    let role: Role

    static func load(_ req: Request) async throws -> PairAccess {
        let principal = try req.requirePrincipal()
        guard let id = req.parameters.get("pairingID", as: UUID.self),
              let pairing = try await Pairing.query(on: req.db).filter(\.$id == id).filter(\.$status ~~ [.formed, .finished])
                .with(\.$mentor).with(\.$program).with(\.$members) { $0.with(\.$mentee) }.first() else {
            throw AppError.notFound
        }
        if pairing.mentor.$user.id == principal.userID { return PairAccess(pairing: pairing, role: .mentor) }
        if let member = pairing.members.first(where: { $0.isAgreed && $0.mentee.$user.id == principal.userID }) {
            return PairAccess(pairing: pairing, role: .mentee(memberID: try member.requireID()))
        }
        let organization = try await Organization.find(pairing.organizationID, on: req.db)
        if let organization, req.may(.formPairs, in: organization) { return PairAccess(pairing: pairing, role: .curator) }
        throw AppError.notFound
    }

    /// A finished pair's records are kept as they were: nothing is added or changed.
    func requireWorking() throws {
        guard pairing.status == .formed else { throw AppError.conflict("Работа этой пары завершена: записи закрыты.") }
    }

    /// The mentees who work in the pair now.
    var agreedMembers: [PairingMember] {
        pairing.members.filter(\.isAgreed).sorted { $0.position < $1.position }
    }
}
