import Fluent
import FluentSQL
import Foundation

/// Writing to the two bases: one place that keeps the denormalized columns (territory, request
/// rows, search key) right, and finds the row an import or a form already has.
enum ParticipantBases {
    /// Saves a card. A change to a stored card raises its version (`CardVersion`) unless the caller
    /// already did so while checking the version the person edited.
    static func save(_ draft: MenteeDraft, into mentee: Mentee, organization: Organization, versionRaised: Bool = false, on db: any Database) async throws {
        let isNew = mentee.id == nil
        if let id = mentee.id, !versionRaised { _ = try await CardVersion.bump(Mentee.schema, id: id, expected: nil, on: db) }
        mentee.$organization.id = try organization.requireID()
        mentee.municipalityID = organization.$municipality.id
        mentee.regionID = organization.regionID
        if isNew {
            mentee.consentState = .missing
        }
        draft.apply(to: mentee)
        try await mentee.save(on: db)
        let menteeID = try mentee.requireID()
        try await MenteeRequest.query(on: db).filter(\.$mentee.$id == menteeID).delete()
        for code in draft.requests {
            try await MenteeRequest(menteeID: menteeID, organizationID: try organization.requireID(), code: code).save(on: db)
        }
    }

    static func save(_ draft: MentorDraft, into mentor: Mentor, organization: Organization, versionRaised: Bool = false, on db: any Database) async throws {
        if let id = mentor.id, !versionRaised { _ = try await CardVersion.bump(Mentor.schema, id: id, expected: nil, on: db) }
        mentor.$organization.id = try organization.requireID()
        mentor.municipalityID = organization.$municipality.id
        mentor.regionID = organization.regionID
        if mentor.id == nil { mentor.consentState = .missing }
        let originBefore = mentor.id == nil ? nil : mentor.origin
        draft.apply(to: mentor)
        try await mentor.save(on: db)
        // The origin decides «from an enterprise» and «student mentor» in the indicators of the mentor's pairs.
        if let originBefore, originBefore != mentor.origin { try await IndicatorCountsTable.refresh(mentors: [mentor.requireID()], on: db) }
    }

    /// The same person already in the base: same full name and, where both know it, the same
    /// birth date (otherwise the same class). Importing a file twice updates instead of duplicating.
    static func existingMentee(like draft: MenteeDraft, organizationID: UUID, on db: any Database) async throws -> Mentee? {
        let candidates = try await Mentee.query(on: db)
            .filter(\.$organization.$id == organizationID)
            .filter(\.$lastName == draft.lastName).filter(\.$firstName == draft.firstName)
            .filter(\.$anonymizedAt == nil)
            .all()
        return candidates.first { mentee in
            FieldParsing.normalized(mentee.middleName ?? "") == FieldParsing.normalized(draft.middleName ?? "")
                && (mentee.birthDate != nil && draft.birthDate != nil
                    ? mentee.birthDate == draft.birthDate
                    : FieldParsing.normalized(mentee.className ?? "") == FieldParsing.normalized(draft.className ?? ""))
        }
    }

    static func existingMentor(like draft: MentorDraft, organizationID: UUID, on db: any Database) async throws -> Mentor? {
        let candidates = try await Mentor.query(on: db)
            .filter(\.$organization.$id == organizationID)
            .filter(\.$lastName == draft.lastName).filter(\.$firstName == draft.firstName)
            .filter(\.$anonymizedAt == nil)
            .all()
        return candidates.first { mentor in
            FieldParsing.normalized(mentor.middleName ?? "") == FieldParsing.normalized(draft.middleName ?? "")
                && (mentor.birthDate == nil || draft.birthDate == nil || mentor.birthDate == draft.birthDate)
        }
    }

    /// A mentee of this organization by the id in the URL; another organization's id answers 404.
    static func mentee(_ id: UUID?, organizationID: UUID, on db: any Database) async throws -> Mentee {
        guard let id, let mentee = try await Mentee.query(on: db).filter(\.$id == id).filter(\.$organization.$id == organizationID).first() else {
            throw AppError.notFound
        }
        return mentee
    }

    static func mentor(_ id: UUID?, organizationID: UUID, on db: any Database) async throws -> Mentor {
        guard let id, let mentor = try await Mentor.query(on: db).filter(\.$id == id).filter(\.$organization.$id == organizationID).first() else {
            throw AppError.notFound
        }
        return mentor
    }
}
