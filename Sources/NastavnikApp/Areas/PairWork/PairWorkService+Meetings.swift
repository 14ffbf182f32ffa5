import Fluent
import Foundation

/// Meetings: planned or recorded, then marked held or cancelled; each side's reflection; the
/// curator's acknowledgement of a rhythm warning.
extension PairWorkService {
    /// Plans a meeting or records one that took place (the form's and the API's fields: `kind`,
    /// `status`, `on`, `startsAt`, `durationMinutes`, `format`, `place`, `summary`).
    @discardableResult
    static func planMeeting(_ values: [String: String], in access: PairAccess, by actor: AuditActor, today: CalendarDay = .today(),
                            on db: any Database) async throws -> PairMeeting {
        try access.requireWorking()
        let draft = try PairMeetings.parse(values, today: today).get()
        return try await db.transaction { tx in
            try await lockWorking(access.pairing, on: tx)
            let meeting = try await PairMeetings.create(draft, in: access.pairing, by: actor.name, on: tx)
            try await audit(.pairMeetingRecorded, access, by: actor, objectType: "pairMeeting", objectID: meeting.id,
                            details: "\(draft.kind.russianName), \(draft.day.russian), \(draft.status.russianName.lowercased())", on: tx)
            return meeting
        }
    }

    /// Marks a planned meeting held, with what was done; a meeting still ahead cannot be.
    @discardableResult
    static func recordMeeting(_ meetingID: UUID, summary: String, in access: PairAccess, by actor: AuditActor, today: CalendarDay = .today(),
                              on db: any Database) async throws -> PairMeeting {
        try await settle(meetingID, as: .held, summary: summary, in: access, by: actor, today: today, on: db)
    }

    /// Marks a planned meeting cancelled, with a note when one is given.
    @discardableResult
    static func cancelMeeting(_ meetingID: UUID, note: String = "", in access: PairAccess, by actor: AuditActor,
                              on db: any Database) async throws -> PairMeeting {
        try await settle(meetingID, as: .cancelled, summary: note, in: access, by: actor, today: .today(), on: db)
    }

    private static func settle(_ meetingID: UUID, as status: MeetingStatus, summary: String, in access: PairAccess, by actor: AuditActor,
                               today: CalendarDay, on db: any Database) async throws -> PairMeeting {
        try access.requireWorking()
        let summary = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if status == .held && summary.isEmpty { throw PairWorkError.heldMeetingNeedsSummary }
        return try await db.transaction { tx in
            try await lockWorking(access.pairing, on: tx)
            let meeting = try await meeting(meetingID, in: access.pairing, on: tx)
            if status == .held, let day = meeting.day, day > today { throw PairWorkError.meetingNotYetHeld }
            meeting.status = status
            if !summary.isEmpty { meeting.summary = String(summary.prefix(4000)) }
            try await meeting.save(on: tx)
            try await audit(.pairMeetingRecorded, access, by: actor, objectType: "pairMeeting", objectID: meeting.id,
                            details: status.russianName, on: tx)
            return meeting
        }
    }

    /// The reader's own reflection on a held meeting: the first one, or with `version` an edit of
    /// the saved one (`MeetingReflections.save`). The curator reads reflections, never writes them.
    static func saveReflection(_ values: [String: String], on meetingID: UUID, in access: PairAccess, by actor: AuditActor,
                               on db: any Database) async throws {
        guard let (side, memberID) = access.ownSide else { throw PairWorkError.participantsOnly }
        try await db.transaction { tx in
            let meeting = try await meeting(meetingID, in: access.pairing, on: tx)
            try await MeetingReflections.save(on: meeting, side: side, memberID: memberID, values: values, by: actor.name, on: tx)
            // The answers stay out of the log: they are the pair's own.
            try await audit(.meetingReflectionSaved, access, by: actor, objectType: "pairMeeting", objectID: meeting.id,
                            details: meeting.kind.russianName, on: tx)
        }
    }

    /// The curator takes a rhythm warning the pair has now as seen, with a note (`warning`,
    /// `anchor`, `note`). Nil when it was taken already or is gone: a second tab changes nothing.
    @discardableResult
    static func acknowledgeRhythmWarning(_ values: [String: String], in access: PairAccess, by actor: AuditActor,
                                         on db: any Database) async throws -> RhythmAcknowledgement? {
        guard access.role == .curator else { throw PairWorkError.curatorOnly }
        let pairing = access.pairing
        return try await db.transaction { tx in
            try await RowLock.lock(Pairing.schema, id: pairing.requireID(), on: tx)
            guard try await Pairing.query(on: tx).filter(\.$id == pairing.requireID()).filter(\.$status == .formed).count() == 1 else {
                throw PairWorkError.rhythmNotKept
            }
            let rhythm = try await PairRhythm.load(pairing, on: tx)
            guard let row = try await RhythmAcknowledgements.acknowledge(values, pairing: pairing, current: rhythm, by: actor.name, on: tx) else {
                return nil
            }
            try await audit(.rhythmWarningAcknowledged, access, by: actor, objectType: "pairing", objectID: pairing.id, details: row.warning, on: tx)
            return row
        }
    }
}
