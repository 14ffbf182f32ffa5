import Fluent
import Vapor

extension Request {
    /// The program named by `:programID` inside the organization named by `:organizationID`,
    /// with the permission checked there. A program of another organization answers 404, even
    /// when its id is edited into the URL.
    func authorizedProgram(for permission: Permission) async throws -> (Organization, Program) {
        let organization = try await authorizedOrganization(for: permission)
        guard let id = parameters.get("programID", as: UUID.self),
              let program = try await Program.query(on: db)
                .filter(\.$id == id).filter(\.$organization.$id == organization.requireID()).first() else {
            throw AppError.notFound
        }
        return (organization, program)
    }

    /// The submitted form's fields without the CSRF token, kept for showing the form again.
    func formValues() throws -> [String: String] {
        var values = try content.decode([String: String].self)
        values[CSRFProtection.fieldName] = nil
        return values
    }

    /// Whether the person may also change what they are looking at, for showing the buttons.
    func may(_ permission: Permission, in organization: Organization) -> Bool {
        (try? require(permission, in: organization)) != nil
    }
}
