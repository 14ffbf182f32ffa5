import Fluent
import Foundation

/// Whose account a base row may be linked to. Linking makes the account act as that person
/// (answer for their pairs, see their pair's space), so only the person's own account qualifies:
/// one holding the matching role in the organization, linked to no other row of that base, and
/// bearing the row's surname and first name.
enum AccountLinking {
    /// The reason the account may not be linked to the row, in Russian; nil when it may.
    static func problem(account user: User?, login: String, kind: BaseKind, rowID: UUID, lastName: String, firstName: String,
                        organizationID: UUID, on db: any Database) async throws -> String? {
        guard let user, let userID = user.id else { return "Нет учётной записи с таким логином среди людей этой организации." }
        let role: Role = kind == .mentee ? .mentee : .mentor
        let roles = try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID).all(\.$role)
        if roles.isEmpty { return "Нет учётной записи с таким логином среди людей этой организации." }
        guard roles.contains(role) else {
            return "У учётной записи «\(login)» нет роли «\(role.russianName)» в этой организации: связать запись можно только с учётной записью самого человека."
        }
        let linkedElsewhere: Bool
        switch kind {
        case .mentee:
            linkedElsewhere = try await Mentee.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID)
                .filter(\.$id != rowID).count() > 0
        case .mentor:
            linkedElsewhere = try await Mentor.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID)
                .filter(\.$id != rowID).count() > 0
        }
        if linkedElsewhere { return Self.linkedElsewhere(login) }
        guard sameName(lastName, user.lastName), sameName(firstName, user.firstName) else {
            return "Фамилия и имя в учётной записи «\(login)» (\(user.lastName) \(user.firstName)) не совпадают с записью базы (\(lastName) \(firstName)): это учётная запись другого человека."
        }
        return nil
    }

    /// The refusal when the account already has a card in this base — from this check, or from
    /// the database's one-card index when two cards are linked at the same moment (M021).
    static func linkedElsewhere(_ login: String) -> String {
        "Учётная запись «\(login)» уже связана с другой записью базы: один человек — одна запись."
    }

    /// Names compared as people write them: case and «ё»/«е» do not matter, nor spaces around.
    static func sameName(_ one: String, _ other: String) -> Bool {
        normalized(one) == normalized(other)
    }

    static func normalized(_ name: String) -> String {
        name.trimmingCharacters(in: .whitespacesAndNewlines).lowercased().replacingOccurrences(of: "ё", with: "е")
    }
}
