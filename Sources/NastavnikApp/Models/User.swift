import Fluent
import Foundation
import Vapor

/// A person with an account. What they may do comes from their role assignments.
public final class User: Model, Authenticatable, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    /// The login name, stored in lower case.
    @Field(key: "login") public var login: String
    @Field(key: "last_name") public var lastName: String
    @Field(key: "first_name") public var firstName: String
    @OptionalField(key: "middle_name") public var middleName: String?
    /// `male` / `female` as the person or a curator set it; nil — «не указан» (see `gender`).
    @OptionalField(key: "gender") public var storedGender: String?
    @OptionalField(key: "email") public var email: String?
    /// Empty until the person sets a password through an invitation.
    @OptionalField(key: "password_hash") public var passwordHash: String?
    @Field(key: "is_platform_admin") public var isPlatformAdmin: Bool
    /// Set for generated passwords (the first administrator's), so they are replaced at once.
    @Field(key: "must_change_password") public var mustChangePassword: Bool
    @Field(key: "is_active") public var isActive: Bool
    /// Lower-cased names and login for search: SQLite's LOWER() and LIKE know only ASCII, so
    /// the case folding of Cyrillic happens here, the same for both databases.
    @Field(key: "search_key") public var searchKey: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    @Children(for: \.$user) public var roles: [RoleAssignment]

    public init() {}

    public init(
        id: UUID? = nil, login: String, lastName: String, firstName: String, middleName: String? = nil,
        email: String? = nil, passwordHash: String? = nil, isPlatformAdmin: Bool = false,
        mustChangePassword: Bool = false, isActive: Bool = true
    ) {
        self.id = id
        self.login = login.lowercased()
        self.lastName = lastName
        self.firstName = firstName
        self.middleName = middleName
        self.email = email
        self.passwordHash = passwordHash
        self.isPlatformAdmin = isPlatformAdmin
        self.mustChangePassword = mustChangePassword
        self.isActive = isActive
        self.searchKey = ""
        updateSearchKey()
    }

    /// Call after changing names or login.
    public func updateSearchKey() {
        searchKey = [lastName, firstName, middleName ?? "", login].joined(separator: " ").lowercased()
    }

    /// «Иванова Мария Петровна»
    public var fullName: String {
        [lastName, firstName, middleName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// «Иванова М. П.», as Russian documents write a name.
    public var shortName: String {
        let initials = [firstName, middleName ?? ""].compactMap { $0.first.map { "\($0)." } }.joined(separator: " ")
        return initials.isEmpty ? lastName : "\(lastName) \(initials)"
    }
}
