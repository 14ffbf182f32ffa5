import Fluent
import Foundation

/// Links each demo parent to their child's row of the mentee base, as the curator would on the
/// child's card, so «Мои дети» of `roditel` shows a child, consents and proposals.
enum DemoGuardians {
    static let positionPrefix = "законный представитель: "

    static func link(curatorName: String, on db: any Database) async throws {
        let assignments = try await RoleAssignment.query(on: db).filter(\.$role == .guardian).all()
        for assignment in assignments {
            guard let organizationID = assignment.$organization.id, let position = assignment.position, position.hasPrefix(positionPrefix) else { continue }
            // «законный представитель: Фамилия Имя, 7Б»
            let child = position.dropFirst(positionPrefix.count).split(separator: ",").first.map { $0.split(separator: " ").map(String.init) } ?? []
            guard child.count >= 2 else { continue }
            guard let mentee = try await Mentee.query(on: db).filter(\.$organization.$id == organizationID)
                .filter(\.$lastName == child[0]).filter(\.$firstName == child[1]).first() else { continue }
            try await GuardianLink(organizationID: organizationID, guardianUserID: assignment.$user.id, menteeID: mentee.requireID(),
                                   relation: "родитель", createdByID: nil, createdByName: curatorName).create(on: db)
        }
    }
}
