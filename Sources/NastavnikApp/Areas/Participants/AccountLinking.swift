import Fluent
import Foundation

/// Whose account a base row may be linked to. Linking makes the account act as that person
/// (answer for their pairs, see their pair's space), so only the person's own account qualifies:
/// one holding the matching role in the organization, linked to no other row of that base, not a
/// legal representative's or the platform's, and bearing the row's surname, first name and — when
/// both know it — patronymic: in a school two «Иванов Иван» differ by it, and so do a father and son.
enum AccountLinking {
    /// The reason the account may not be linked to the row, in Russian; nil when it may.
    static func problem(account user: User?, login: String, kind: BaseKind, rowID: UUID, lastName: String, firstName: String,
                        middleName: String? = nil, organizationID: UUID, on db: any Database) async throws -> String? {
        guard let user, let userID = user.id, !user.isPlatformAdmin else { return "Нет учётной записи с таким логином среди людей этой организации." }
        let role: Role = kind == .mentee ? .mentee : .mentor
        let roles = try await RoleAssignment.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID).all(\.$role)
        if roles.isEmpty { return "Нет учётной записи с таким логином среди людей этой организации." }
        guard roles.contains(role) else {
            return "У учётной записи «\(login)» нет роли «\(role.russianName)» в этой организации: связать запись можно только с учётной записью самого человека."
        }
        if roles.contains(.guardian) && kind == .mentee {
            return "«\(login)» — учётная запись законного представителя: запись ребёнка связывают с учётной записью самого ребёнка, а представителя — в разделе «Законные представители»."
        }
        if try await linkedElsewhere(userID: userID, kind: kind, rowID: rowID, organizationID: organizationID, on: db) {
            return Self.linkedElsewhere(login)
        }
        guard samePerson(user, lastName: lastName, firstName: firstName, middleName: middleName) else {
            let rowName = [lastName, firstName, middleName ?? ""].filter { !$0.isEmpty }.joined(separator: " ")
            return "Фамилия, имя и отчество в учётной записи «\(login)» (\(user.fullName)) не совпадают с записью базы (\(rowName)): это учётная запись другого человека."
        }
        return nil
    }

    /// Accounts the row may be linked to: the base's role in the organization, the same person's
    /// names, no other row of the base. The card offers them; an invitation sheet refuses to make a
    /// second account while one exists.
    static func candidates(kind: BaseKind, lastName: String, firstName: String, middleName: String?, organizationID: UUID,
                           excludingRow rowID: UUID? = nil, on db: any Database) async throws -> [User] {
        let role: Role = kind == .mentee ? .mentee : .mentor
        let users = try await RoleAssignment.query(on: db)
            .join(User.self, on: \RoleAssignment.$user.$id == \User.$id)
            .filter(\.$organization.$id == organizationID).filter(\.$role == role)
            .all().compactMap { try? $0.joined(User.self) }
            .filter { !$0.isPlatformAdmin && samePerson($0, lastName: lastName, firstName: firstName, middleName: middleName) }
        // A legal representative's account is never the child's own, even with a mentee role given by mistake.
        var guardians: Set<UUID> = []
        if kind == .mentee {
            let userIDs: [UUID] = users.compactMap(\.id)
            let rows = try await RoleAssignment.query(on: db).filter(\.$organization.$id == organizationID)
                .filter(\.$role == .guardian).filter(\.$user.$id ~~ userIDs).all()
            guardians = Set(rows.map { $0.$user.id })
        }
        var result: [User] = []
        for user in users {
            guard let userID = user.id, !guardians.contains(userID) else { continue }
            if try await linkedElsewhere(userID: userID, kind: kind, rowID: rowID, organizationID: organizationID, on: db) { continue }
            result.append(user)
        }
        return result
    }

    /// Whether another row of the base is linked to the account.
    static func linkedElsewhere(userID: UUID, kind: BaseKind, rowID: UUID?, organizationID: UUID, on db: any Database) async throws -> Bool {
        switch kind {
        case .mentee:
            var query = Mentee.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID)
            if let rowID { query = query.filter(\.$id != rowID) }
            return try await query.count() > 0
        case .mentor:
            var query = Mentor.query(on: db).filter(\.$user.$id == userID).filter(\.$organization.$id == organizationID)
            if let rowID { query = query.filter(\.$id != rowID) }
            return try await query.count() > 0
        }
    }

    /// Surname and first name must agree; the patronymic too when both the row and the account have one.
    static func samePerson(_ user: User, lastName: String, firstName: String, middleName: String?) -> Bool {
        guard sameName(lastName, user.lastName), sameName(firstName, user.firstName) else { return false }
        let rowMiddle = normalized(middleName ?? ""), accountMiddle = normalized(user.middleName ?? "")
        return rowMiddle.isEmpty || accountMiddle.isEmpty || rowMiddle == accountMiddle
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
