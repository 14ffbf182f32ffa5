import Fluent
import Foundation

/// Scheme 2 «Mentor Match»: scheduling the meeting, the wishes afterwards, and the pairs where
/// wishes meet (`MentorMatchSessions` holds the rules).
extension PairingService {
    /// A Mentor Match meeting as typed on the page or sent to the API.
    struct SessionInput: Sendable {
        var heldOn: String
        var startsAt: String
        var place: String
        var slotMinutes: String
        var sessionMinutes: String
        var mentorIDs: [UUID]
        var menteeIDs: [UUID]
    }

    /// Schedules the meeting for people who are the program's candidates now.
    static func scheduleSession(_ input: SessionInput, program: Program, by actor: AuditActor, on db: any Database) async throws -> MentorMatchSession {
        let draft = try MentorMatchSessions.validate(
            heldOn: input.heldOn, startsAt: input.startsAt, place: input.place, slotMinutes: input.slotMinutes,
            sessionMinutes: input.sessionMinutes, mentorIDs: input.mentorIDs, menteeIDs: input.menteeIDs).get()
        return try await db.transaction { tx in
            let session = try await MentorMatchSessions.create(draft, program: program, on: tx)
            try await actor.record(.mentorMatchScheduled, organizationID: program.$organization.id, objectType: "mentorMatchSession", objectID: session.id,
                                   details: "\(draft.heldOn.russian), наставников: \(draft.mentorIDs.count), наставляемых: \(draft.menteeIDs.count)", on: tx)
            return session
        }
    }

    /// Replaces one person's wishes: whom they would work with, first choice first.
    static func setWishes(sessionID: UUID?, chooser: BaseKind, chooserID: UUID, chosen: [UUID], program: Program,
                          by actor: AuditActor, on db: any Database) async throws {
        let session = try await MentorMatchSessions.find(sessionID, program: program, on: db)
        try await db.transaction { tx in
            try await MentorMatchSessions.setWishes(session, chooser: chooser, chooserID: chooserID, chosen: chosen, on: tx)
            try await actor.record(.mentorMatchWishesSaved, organizationID: program.$organization.id, objectType: "mentorMatchSession", objectID: session.id,
                                   details: "\(chooser.rawValue): выборов \(chosen.count)", on: tx)
        }
    }

    /// Takes the wishes from the «Mentor Match» questionnaires; returns how many people's were taken.
    static func importWishes(sessionID: UUID?, program: Program, by actor: AuditActor, on db: any Database) async throws -> Int {
        let session = try await MentorMatchSessions.find(sessionID, program: program, on: db)
        return try await db.transaction { tx in
            let count = try await MentorMatchSessions.importWishes(session, organizationID: program.$organization.id, on: tx)
            try await actor.record(.mentorMatchWishesSaved, organizationID: program.$organization.id, objectType: "mentorMatchSession", objectID: session.id,
                                   details: "из анкет: \(count)", on: tx)
            return count
        }
    }

    /// Proposes the pairs where wishes meet; a second click waits for the first and proposes nobody twice.
    static func formMentorMatchPairs(sessionID: UUID?, program: Program, by actor: AuditActor, on db: any Database) async throws -> MentorMatchSessions.Formed {
        // Read before the transaction: forming locks the session first (`RowLock`).
        let session = try await MentorMatchSessions.find(sessionID, program: program, on: db)
        return try await db.transaction { tx in
            let formed = try await MentorMatchSessions.formPairs(session, program: program, actorName: actor.principal?.fullName ?? "", on: tx)
            try await actor.record(.pairingProposed, organizationID: program.$organization.id, objectType: "mentorMatchSession", objectID: session.id,
                                   details: "«Mentor Match»: пар \(formed.proposed), без пары \(formed.unmatched.count)", on: tx)
            return formed
        }
    }
}
