import Fluent
import Vapor

/// The child's card: the curator or the administration links the legal representative's account
/// (one holding the guardian role in the organization) or removes the link.
struct GuardianLinksController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let guardians = routes.grouped("orgs", ":organizationID", "mentees", ":menteeID", "guardians")
        guardians.post(use: link)
        guardians.post(":userID", "remove", use: unlink)
        // A minor mentor (a pupil or student) is represented the same way.
        let mentorGuardians = routes.grouped("orgs", ":organizationID", "mentors", ":mentorID", "guardians")
        mentorGuardians.post(use: linkMentor)
        mentorGuardians.post(":userID", "remove", use: unlinkMentor)
    }

    /// POST /orgs/:organizationID/mentors/:mentorID/guardians
    @Sendable func linkMentor(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let principal = try req.requirePrincipal()
        let mentor = try await ParticipantBases.mentor(req.parameters.get("mentorID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        let input = try req.content.decode(LinkForm.self)
        let login = (input.guardianLogin ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let relation = FieldParsing.trimmedOrNil(input.representativeRelation)
        do {
            let user = try await req.db.transaction { db in
                let (link, user) = try await GuardianLinks.link(login: login, relation: relation, mentee: mentor, by: principal, on: db)
                try await req.audit(.guardianLinked, organizationID: organization.id, objectType: "mentor", objectID: mentor.id,
                                    details: "\(user.login)\(link.relation.map { ", \($0)" } ?? "")", on: db)
                return user
            }
            return req.redirect(to: "/orgs/\(mentor.$organization.id)/mentors/\(mentor.id!)", flash: FlashMessage(.success,
                "\(user.fullName) \(user.gendered("связан", "связана")) с наставником как законный представитель: видит его согласия и отвечает на предложения пар на странице «Мои дети»."))
        } catch AppError.validation(let errors) {
            return try await MentorBaseController().card(req, organization: organization, mentor: mentor,
                                                         form: FormState(values: ["guardianLogin": login, "representativeRelation": input.representativeRelation ?? ""], errors: errors),
                                                         status: .unprocessableEntity)
        }
    }

    /// POST /orgs/:organizationID/mentors/:mentorID/guardians/:userID/remove
    @Sendable func unlinkMentor(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentor = try await ParticipantBases.mentor(req.parameters.get("mentorID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        guard let userID = req.parameters.get("userID", as: UUID.self),
              let link = try await GuardianLink.query(on: req.db).filter(\.$mentor.$id == mentor.requireID()).filter(\.$guardian.$id == userID)
                .with(\.$guardian).first() else {
            throw AppError.notFound
        }
        try await req.db.transaction { db in
            try await link.delete(on: db)
            try await req.audit(.guardianUnlinked, organizationID: organization.id, objectType: "mentor", objectID: mentor.id,
                                details: link.guardian.login, on: db)
        }
        return req.redirect(to: "/orgs/\(mentor.$organization.id)/mentors/\(mentor.id!)", flash: FlashMessage(.success, "\(link.guardian.fullName) больше не \(link.guardian.gendered("связан", "связана")) с наставником."))
    }

    struct LinkForm: Content { var guardianLogin: String?; var representativeRelation: String? }

    /// POST /orgs/:organizationID/mentees/:menteeID/guardians
    @Sendable func link(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let principal = try req.requirePrincipal()
        let mentee = try await ParticipantBases.mentee(req.parameters.get("menteeID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        let input = try req.content.decode(LinkForm.self)
        let login = (input.guardianLogin ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let relation = FieldParsing.trimmedOrNil(input.representativeRelation)
        do {
            let user = try await req.db.transaction { db in
                let (link, user) = try await GuardianLinks.link(login: login, relation: relation, mentee: mentee, by: principal, on: db)
                try await req.audit(.guardianLinked, organizationID: organization.id, objectType: "mentee", objectID: mentee.id,
                                    details: "\(user.login)\(link.relation.map { ", \($0)" } ?? "")", on: db)
                return user
            }
            return req.redirect(to: Self.cardPath(mentee), flash: FlashMessage(.success,
                "\(user.fullName) \(user.gendered("связан", "связана")) с ребёнком как законный представитель: видит его согласия и отвечает на предложения пар на странице «Мои дети»."))
        } catch AppError.validation(let errors) {
            return try await MenteeBaseController().card(req, organization: organization, mentee: mentee,
                                                         form: FormState(values: ["guardianLogin": login, "representativeRelation": input.representativeRelation ?? ""], errors: errors),
                                                         status: .unprocessableEntity)
        }
    }

    /// POST /orgs/:organizationID/mentees/:menteeID/guardians/:userID/remove
    @Sendable func unlink(req: Request) async throws -> Response {
        let organization = try await req.authorizedOrganization(for: .manageBases)
        let mentee = try await ParticipantBases.mentee(req.parameters.get("menteeID", as: UUID.self), organizationID: organization.requireID(), on: req.db)
        guard let userID = req.parameters.get("userID", as: UUID.self),
              let link = try await GuardianLink.query(on: req.db).filter(\.$mentee.$id == mentee.requireID()).filter(\.$guardian.$id == userID)
                .with(\.$guardian).first() else {
            throw AppError.notFound
        }
        try await req.db.transaction { db in
            try await link.delete(on: db)
            try await req.audit(.guardianUnlinked, organizationID: organization.id, objectType: "mentee", objectID: mentee.id,
                                details: link.guardian.login, on: db)
        }
        return req.redirect(to: Self.cardPath(mentee), flash: FlashMessage(.success, "\(link.guardian.fullName) больше не \(link.guardian.gendered("связан", "связана")) с ребёнком."))
    }

    static func cardPath(_ mentee: Mentee) -> String { "/orgs/\(mentee.$organization.id)/mentees/\(mentee.id!)" }
}
